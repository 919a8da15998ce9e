// SPDX-License-Identifier: GPL-2.0-only
/* sk_buff life cycle and data operations (layout and ownership: linux/skbuff.h). */
#include <stdlib.h>

#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/socket.h>

#include "internal.h"

static struct sk_buff *skb_new(enum shim_skb_head kind, unsigned char *head, unsigned int size)
{
	struct sk_buff *skb = kzalloc(sizeof(*skb), GFP_ATOMIC);

	if (!skb)
		return NULL;
	skb->head_kind = kind;
	skb->head = head;
	skb->data = head;
	skb->tail = head;
	skb->end = head + size;
	skb->truesize = size + (unsigned int)sizeof(*skb);
	return skb;
}

/*
 * As in the kernel, an skb's data is memory a device can reach: drivers
 * allocate receive skbs (netdev_alloc_skb, napi_alloc_skb) and test frames
 * (alloc_skb) and dma_map_single them, so the head is a fragment of the
 * DMA heap, never malloc. A size of 0 asks for a frags-only skb
 * (napi_get_frags): it has no head.
 */
struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp)
{
	unsigned char *head;
	struct sk_buff *skb;

	if (size == 0)
		return skb_new(SHIM_SKB_HEAD_NONE, NULL, 0);
	head = netdev_alloc_frag(size);
	if (!head)
		return NULL;
	skb = skb_new(SHIM_SKB_HEAD_FRAG, head, size);
	if (!skb)
		skb_free_frag(head);
	return skb;
}

/* @data is a netdev_alloc_frag() fragment of @frag_size bytes (the skb_shared_info room unused). */
struct sk_buff *build_skb(void *data, unsigned int frag_size)
{
	return skb_new(SHIM_SKB_HEAD_FRAG, data, frag_size);
}

struct sk_buff *__netdev_alloc_skb(struct net_device *dev, unsigned int length, gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(length + NET_SKB_PAD, gfp);

	if (skb) {
		skb_reserve(skb, NET_SKB_PAD);
		skb->dev = dev;
	}
	return skb;
}

struct sk_buff *napi_alloc_skb(struct napi_struct *napi, unsigned int length)
{
	return __netdev_alloc_skb(napi->dev, length, GFP_ATOMIC);
}

static void skb_release_frags(struct sk_buff *skb)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int i;

	for (i = 0; i < sh->nr_frags; i++)
		put_page(sh->frags[i].bv_page);
	sh->nr_frags = 0;
}

void kfree_skb(struct sk_buff *skb)
{
	if (!skb)
		return;
	if (skb->extra_users) {
		skb->extra_users--;
		return;
	}
	if (skb->destructor)
		skb->destructor(skb);
	skb_release_frags(skb);
	switch (skb->head_kind) {
	case SHIM_SKB_HEAD_FRAG:
		skb_free_frag(skb->head);
		break;
	case SHIM_SKB_HEAD_NONE:
		break;
	}
	kfree(skb);
}

void *skb_put(struct sk_buff *skb, unsigned int len)
{
	unsigned char *tmp = skb->tail;

	BUG_ON(skb_is_nonlinear(skb) || skb->tail + len > skb->end);
	skb->tail += len;
	skb->len += len;
	return tmp;
}

void *skb_push(struct sk_buff *skb, unsigned int len)
{
	BUG_ON(skb->data - len < skb->head);
	skb->data -= len;
	skb->len += len;
	return skb->data;
}

void *skb_pull(struct sk_buff *skb, unsigned int len)
{
	if (len > skb_headlen(skb))
		return NULL;
	skb->len -= len;
	skb->data += len;
	return skb->data;
}

void skb_trim(struct sk_buff *skb, unsigned int len)
{
	if (skb->len > len && !skb_is_nonlinear(skb)) {
		skb->len = len;
		skb->tail = skb->data + len;
	}
}

/* Trims frags from the end first (drivers use it to drop the FCS of a paged frame). */
int pskb_trim(struct sk_buff *skb, unsigned int len)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int cut;

	if (len >= skb->len)
		return 0;
	cut = skb->len - len;
	while (cut && sh->nr_frags) {
		skb_frag_t *f = &sh->frags[sh->nr_frags - 1];
		unsigned int n = min(cut, f->bv_len);

		f->bv_len -= n;
		skb->data_len -= n;
		skb->len -= n;
		cut -= n;
		if (f->bv_len == 0) {
			put_page(f->bv_page);
			sh->nr_frags--;
		}
	}
	if (cut) {
		skb->len -= cut;
		skb->tail = skb->data + skb->len;
	}
	return 0;
}

/* Pulls @delta bytes of the frags into the linear part, which must have room. */
void *__pskb_pull_tail(struct sk_buff *skb, int delta)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int want = (unsigned int)delta;

	if (skb->tail + want > skb->end || want > skb->data_len)
		return NULL;
	while (want) {
		skb_frag_t *f = &sh->frags[0];
		unsigned int n = min(want, f->bv_len);

		memcpy(skb->tail, skb_frag_address(f), n);
		skb->tail += n;
		skb->data_len -= n;
		f->bv_offset += n;
		f->bv_len -= n;
		want -= n;
		if (f->bv_len == 0) {
			put_page(f->bv_page);
			memmove(&sh->frags[0], &sh->frags[1], --sh->nr_frags * sizeof(sh->frags[0]));
		}
	}
	return skb->tail;
}

/* Zeroes @pad bytes after the data; on failure frees the skb (the kernel's contract). */
int skb_pad(struct sk_buff *skb, int pad)
{
	if (!skb_is_nonlinear(skb) && skb->tail + pad <= skb->end) {
		memset(skb->tail, 0, (size_t)pad);
		return 0;
	}
	kfree_skb(skb);
	return -ENOMEM;
}

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	const struct ethhdr *eth;

	skb->dev = dev;
	skb_reset_mac_header(skb);
	eth = (const struct ethhdr *)skb->data;
	skb_pull(skb, ETH_HLEN);
	return eth->h_proto;
}

int eth_validate_addr(struct net_device *dev)
{
	return is_valid_ether_addr(dev->dev_addr) ? 0 : -EADDRNOTAVAIL;
}

/* As net/ethernet/eth.c: a running device takes a new address only if it says it can. */
int eth_prepare_mac_addr_change(struct net_device *dev, void *p)
{
	const struct sockaddr *addr = p;

	if (!(dev->priv_flags & IFF_LIVE_ADDR_CHANGE) && netif_running(dev))
		return -EBUSY;
	if (!is_valid_ether_addr((const u8 *)addr->sa_data))
		return -EADDRNOTAVAIL;
	return 0;
}

void eth_commit_mac_addr_change(struct net_device *dev, void *p)
{
	const struct sockaddr *addr = p;

	eth_hw_addr_set(dev, (const u8 *)addr->sa_data);
}

int eth_mac_addr(struct net_device *dev, void *p)
{
	int r = eth_prepare_mac_addr_change(dev, p);

	if (r < 0)
		return r;
	eth_commit_mac_addr_change(dev, p);
	return 0;
}
