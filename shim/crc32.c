// SPDX-License-Identifier: GPL-2.0-only
/*
 * CRC-32 for multicast hash filters (linux/crc32.h). Bit by bit, without
 * the kernel's tables: it runs a few times per rx-mode change, and six
 * bytes at a time.
 */
#include <linux/crc32.h>

u32 crc32_le(u32 crc, const unsigned char *p, size_t len)
{
	int i;

	while (len--) {
		crc ^= *p++;
		for (i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (crc & 1 ? 0xedb88320u : 0);
	}
	return crc;
}

u32 crc32_be(u32 crc, const unsigned char *p, size_t len)
{
	int i;

	while (len--) {
		crc ^= (u32)*p++ << 24;
		for (i = 0; i < 8; i++)
			crc = (crc << 1) ^ (crc & 0x80000000u ? 0x04c11db7u : 0);
	}
	return crc;
}
