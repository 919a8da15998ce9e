/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CRC-32 (IEEE 802.3 polynomial), as drivers use it for multicast hash
 * filters: ether_crc is the big-endian CRC of an address, ether_crc_le the
 * little-endian one. Implementation in shim/lib.c.
 */
#ifndef SHIM_LINUX_CRC32_H
#define SHIM_LINUX_CRC32_H

#include <linux/types.h>
#include <linux/bitrev.h>

u32 crc32_le(u32 crc, const unsigned char *p, size_t len);

#define ether_crc(length, data) bitrev32(crc32_le(~0, (data), (length)))
#define ether_crc_le(length, data) crc32_le(~0, (data), (length))

#endif
