// SPDX-License-Identifier: GPL-2.0-only
/*
 * Software segmentation of a TSO frame the driver refuses, as the kernel's
 * validate_xmit_skb does after ndo_features_check takes NETIF_F_TSO away
 * for one skb (8139cp: an MSS beyond its descriptors' 11 bits, i.e. any
 * MTU above ~2 KiB). The stub sends TSO frames whole to a driver with TSO
 * on; without this such a frame could only be dropped, and a TCP flow
 * through a large MTU would stall. Each segment is the frame's Ethernet,
 * IPv4 and TCP headers with its share of the payload; IPv4 length, id and
 * checksum, and TCP sequence number, flags and checksum made as the
 * kernel's tcp_gso_segment makes them (TX checksum offload is off in the
 * family: every checksum is complete).
 */
#include <linux/kernel.h>
#include <linux/etherdevice.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <net/checksum.h>

#include "gso.h"

#define TCP_FLAG_BYTE	13	/* CWR ECE URG ACK PSH RST SYN FIN */
#define TCP_FIN		0x01
#define TCP_PSH		0x08
#define TCP_CWR		0x80

static struct sk_buff *one_segment(const struct sk_buff *skb, unsigned int hdr_len,
				   unsigned int off, unsigned int len, unsigned int i, bool last)
{
	unsigned int thoff = skb_transport_offset(skb), tcp_len = hdr_len - thoff + len;
	struct sk_buff *seg = alloc_skb(NET_SKB_PAD + hdr_len + len, GFP_ATOMIC);
	struct iphdr *iph;
	struct tcphdr *th;
	u8 *flags;

	if (!seg)
		return NULL;
	skb_reserve(seg, NET_SKB_PAD);
	skb_put_data(seg, skb->data, hdr_len);
	skb_put_data(seg, skb->data + hdr_len + off, len);
	seg->dev = skb->dev;
	seg->protocol = skb->protocol;
	seg->ip_summed = CHECKSUM_NONE;
	skb_reset_mac_header(seg);
	skb_set_network_header(seg, ETH_HLEN);
	skb_set_transport_header(seg, (int)thoff);

	iph = ip_hdr(seg);
	iph->tot_len = htons((u16)(thoff - ETH_HLEN + tcp_len));
	iph->id = htons((u16)(ntohs(iph->id) + i));
	iph->check = 0;
	iph->check = csum_fold(csum_partial(iph, iph->ihl * 4, 0));

	th = tcp_hdr(seg);
	th->seq = htonl(ntohl(th->seq) + off);
	flags = (u8 *)th + TCP_FLAG_BYTE;
	if (i > 0)
		*flags &= ~TCP_CWR;
	if (!last)
		*flags &= ~(TCP_FIN | TCP_PSH);
	th->check = 0;
	th->check = csum_tcpudp_magic(iph->saddr, iph->daddr, tcp_len, IPPROTO_TCP,
				      csum_partial(th, (int)tcp_len, 0));
	return seg;
}

struct sk_buff *linux_gso_segment(const struct sk_buff *skb)
{
	unsigned int hdr_len = skb_transport_offset(skb) + tcp_hdrlen(skb);
	unsigned int mss = skb_shinfo(skb)->gso_size, payload, off, i;
	struct sk_buff *head = NULL, **tail = &head;

	/* skb_gso_from_desc checked the headers; only a linear frame gets here. */
	if (skb_is_nonlinear(skb) || !mss || skb->len <= hdr_len)
		return NULL;
	payload = skb->len - hdr_len;
	for (off = 0, i = 0; off < payload; off += mss, i++) {
		unsigned int len = min(mss, payload - off);
		struct sk_buff *seg = one_segment(skb, hdr_len, off, len, i, off + len == payload);

		if (!seg) {
			while (head) {
				struct sk_buff *next = head->next;

				kfree_skb(head);
				head = next;
			}
			return NULL;
		}
		*tail = seg;
		tail = &seg->next;
	}
	return head;
}
