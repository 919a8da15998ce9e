/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_TCP_H
#define SHIM_LINUX_TCP_H

#include_next <linux/tcp.h>
#include <linux/skbuff.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>

static inline struct tcphdr *tcp_hdr(const struct sk_buff *skb)
{
	return (struct tcphdr *)skb_transport_header(skb);
}

static inline unsigned int tcp_hdrlen(const struct sk_buff *skb)
{
	return tcp_hdr(skb)->doff * 4;
}

static inline int skb_tcp_all_headers(const struct sk_buff *skb)
{
	return skb_transport_offset(skb) + (int)tcp_hdrlen(skb);
}

#endif
