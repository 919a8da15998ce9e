/* SPDX-License-Identifier: GPL-2.0-only */
/* Internet checksums (RFC 1071), portable C. */
#ifndef SHIM_NET_CHECKSUM_H
#define SHIM_NET_CHECKSUM_H

#include <linux/types.h>

__wsum csum_partial(const void *buff, int len, __wsum sum);
__sum16 csum_fold(__wsum sum);
__wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, __u32 len, __u8 proto, __wsum sum);

static inline __sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, __u32 len, __u8 proto,
					__wsum sum)
{
	return csum_fold(csum_tcpudp_nofold(saddr, daddr, len, proto, sum));
}

#endif
