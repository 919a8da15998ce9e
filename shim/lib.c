// SPDX-License-Identifier: GPL-2.0-only
/* Small library functions of the kernel: strings, bitmaps, checksums, CRC-32, ethtool conversions. */
#include <stdlib.h>

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/bitops.h>
#include <linux/crc32.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <net/checksum.h>

ssize_t strscpy(char *dst, const char *src, size_t count)
{
	size_t len;

	if (count == 0)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dst, src, count - 1);
		dst[count - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (ssize_t)len;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len >= size ? size - 1 : len;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (p)
		memcpy(p, src, len);
	return p;
}

static unsigned long find_next(const unsigned long *addr, unsigned long size,
			       unsigned long offset, unsigned long invert)
{
	while (offset < size) {
		unsigned long word = addr[BIT_WORD(offset)] ^ invert;

		word &= ~0UL << (offset % BITS_PER_LONG);
		if (word) {
			offset = ALIGN_DOWN(offset, BITS_PER_LONG) + __ffs(word);
			return offset < size ? offset : size;
		}
		offset = ALIGN_DOWN(offset, BITS_PER_LONG) + BITS_PER_LONG;
	}
	return size;
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	return find_next(addr, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset)
{
	return find_next(addr, size, offset, ~0UL);
}

/* ---- RFC 1071 one's-complement sums, 32-bit accumulator folded at the end ---- */

__wsum csum_partial(const void *buff, int len, __wsum sum)
{
	const u8 *p = buff;
	u64 acc = (__force u32)sum;
	int i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (u32)(p[i] | (p[i + 1] << 8));
	if (len & 1)
		acc += p[len - 1];
	while (acc >> 32)
		acc = (acc & 0xffffffff) + (acc >> 32);
	return (__force __wsum)(u32)acc;
}

__sum16 csum_fold(__wsum csum)
{
	u32 sum = (__force u32)csum;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__force __sum16)(u16)~sum;
}

__wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, __u32 len, __u8 proto, __wsum sum)
{
	u64 s = (__force u32)sum;

	s += (__force u32)saddr;
	s += (__force u32)daddr;
	s += (u32)__cpu_to_be16((u16)len) + ((u32)__cpu_to_be16(proto) << 16);
	while (s >> 32)
		s = (s & 0xffffffff) + (s >> 32);
	return (__force __wsum)(u32)s;
}

/* ---- CRC-32 ---- */

/* Bitwise, reflected (LSB first), polynomial 0xedb88320: only hash filters use it. */
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

/* ---- ethtool ---- */

void ethtool_convert_legacy_u32_to_link_mode(unsigned long *dst, u32 legacy_u32)
{
	memset(dst, 0, sizeof(unsigned long) * __ETHTOOL_LINK_MODE_MASK_NWORDS);
	dst[0] = legacy_u32;
}

bool ethtool_convert_link_mode_to_legacy_u32(u32 *legacy_u32, const unsigned long *src)
{
	unsigned int i;
	bool exact = !(src[0] >> 32);

	for (i = 1; i < __ETHTOOL_LINK_MODE_MASK_NWORDS; i++)
		if (src[i])
			exact = false;
	*legacy_u32 = (u32)src[0];
	return exact;
}

int ethtool_op_get_ts_info(struct net_device *dev, struct ethtool_ts_info *info)
{
	info->so_timestamping = 0;
	info->phc_index = -1;
	return 0;
}

u32 ethtool_op_get_link(struct net_device *dev)
{
	return netif_carrier_ok(dev);
}
