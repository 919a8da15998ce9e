/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_UDP_H
#define SHIM_LINUX_UDP_H

#include_next <linux/udp.h>
#include <linux/skbuff.h>

static inline struct udphdr *udp_hdr(const struct sk_buff *skb)
{
	return (struct udphdr *)skb_transport_header(skb);
}

#endif
