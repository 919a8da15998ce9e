/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CRC-32 (IEEE 802.3), bit by bit: drivers use it only to hash multicast
 * addresses into their hardware filter, a few times per rx-mode change.
 */
#ifndef SHIM_LINUX_CRC32_H
#define SHIM_LINUX_CRC32_H

#include <linux/types.h>
#include <linux/bitrev.h>

/* Little-endian (reflected, polynomial 0xedb88320) and big-endian (0x04c11db7), as lib/crc32.c. */
u32 crc32_le(u32 crc, const unsigned char *p, size_t len);
u32 crc32_be(u32 crc, const unsigned char *p, size_t len);

#define ether_crc(length, data) bitrev32(crc32_le(~0, (data), (length)))
#define ether_crc_le(length, data) crc32_le(~0, (data), (length))

#endif
