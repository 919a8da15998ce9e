/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Socket buffers. An skb's linear data lives either in a packet fragment
 * (netdev_alloc_frag + build_skb, as drivers do for RX; and alloc_skb,
 * netdev_alloc_skb, napi_alloc_skb: receive skbs a driver maps for DMA):
 * an RX buffer of the pool the port lent (drivers/linux/rx_lend.c), or
 * the DMA heap's when it has none; or in a TX buffer of the pool (a frame
 * from the stub: the device reads it there, no copy). Freeing the skb
 * gives each back to where it came from; a TX buffer goes back to the
 * stub on the return ring.
 * Fragments are DMA-heap pages (skb_fill_page_desc).
 */
#ifndef SHIM_LINUX_SKBUFF_H
#define SHIM_LINUX_SKBUFF_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/dma-mapping.h>
#include <linux/netdev_features.h>
#include <linux/ktime.h>
#include <asm/byteorder.h>

#define MAX_SKB_FRAGS 17
#define NET_SKB_PAD 64
#define NET_IP_ALIGN 0
#define SMP_CACHE_BYTES 64
#define SKB_DATA_ALIGN(x) ALIGN((x), SMP_CACHE_BYTES)

#define CHECKSUM_NONE 0
#define CHECKSUM_UNNECESSARY 1
#define CHECKSUM_COMPLETE 2
#define CHECKSUM_PARTIAL 3

enum {
	SKB_GSO_TCPV4 = 1 << 0,
	SKB_GSO_TCPV6 = 1 << 4,
};

enum {
	SKBTX_HW_TSTAMP = 1 << 0,
	SKBTX_IN_PROGRESS = 1 << 2,
};

struct net_device;
struct napi_struct;

/* Hardware timestamps: never taken with PTP off (linux/ptp_clock_kernel.h). */
struct skb_shared_hwtstamps {
	ktime_t hwtstamp;
};

typedef struct skb_frag {
	struct page *bv_page;
	unsigned int bv_len;
	unsigned int bv_offset;
} skb_frag_t;

struct skb_shared_info {
	u8 flags;
	u8 tx_flags;
	unsigned short nr_frags;
	unsigned short gso_size;
	unsigned short gso_segs;
	unsigned int gso_type;
	skb_frag_t frags[MAX_SKB_FRAGS];
};

/* Where the linear data came from, so that freeing returns it there. */
enum shim_skb_head {
	SHIM_SKB_HEAD_NONE,	/* not the skb's: frags only (napi_get_frags), or a
				 * buffer its destructor gives back (a TX frame) */
	SHIM_SKB_HEAD_FRAG,	/* netdev_alloc_frag (heap or lent RX buffer): skb_free_frag */
};

struct sk_buff {
	struct sk_buff *next;
	struct sk_buff *prev;
	struct net_device *dev;
	unsigned int len;
	unsigned int data_len;
	u16 mac_len;
	u16 queue_mapping;
	__be16 protocol;
	u8 ip_summed;
	u8 no_fcs;
	u8 pkt_type;
	u8 vlan_present;
	u16 vlan_tci;
	__be16 vlan_proto;
	u16 csum_start;
	u16 csum_offset;
	u16 transport_header;
	u16 network_header;
	u16 mac_header;
	u32 truesize;
	u32 priority;
	unsigned char *head;
	unsigned char *data;
	unsigned char *tail;
	unsigned char *end;
	struct skb_shared_info shinfo;
	/* As the kernel's: called when the skb is freed, before its head is. */
	void (*destructor)(struct sk_buff *skb);
	char cb[48] __aligned(8);	/* the owner's scratch space, as the kernel's */
	enum shim_skb_head head_kind;
	unsigned int extra_users;	/* skb_get's references beyond the first */
	u32 hash;
	u8 l4_hash;
	struct skb_shared_hwtstamps hwtstamps;
};

#define skb_shinfo(skb) (&(skb)->shinfo)

static inline struct skb_shared_hwtstamps *skb_hwtstamps(struct sk_buff *skb)
{
	return &skb->hwtstamps;
}

static inline void skb_tstamp_tx(struct sk_buff *orig_skb, struct skb_shared_hwtstamps *hwtstamps)
{
}

/* Another reference: kfree_skb frees only once the last one is dropped. */
static inline struct sk_buff *skb_get(struct sk_buff *skb)
{
	skb->extra_users++;
	return skb;
}

enum pkt_hash_types {
	PKT_HASH_TYPE_NONE,
	PKT_HASH_TYPE_L2,
	PKT_HASH_TYPE_L3,
	PKT_HASH_TYPE_L4,
};

/* The RSS hash the device computed; the proxy's ABI does not carry it. */
static inline void skb_set_hash(struct sk_buff *skb, u32 hash, enum pkt_hash_types type)
{
	skb->hash = hash;
	skb->l4_hash = type == PKT_HASH_TYPE_L4;
}

struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp);
struct sk_buff *build_skb(void *data, unsigned int frag_size);
#define napi_build_skb(data, frag_size) build_skb((data), (frag_size))
struct sk_buff *__netdev_alloc_skb(struct net_device *dev, unsigned int length, gfp_t gfp);
#define netdev_alloc_skb(dev, len) __netdev_alloc_skb((dev), (len), GFP_ATOMIC)
#define netdev_alloc_skb_ip_align(dev, len) netdev_alloc_skb((dev), (len))
#define __netdev_alloc_skb_ip_align(dev, len, gfp) __netdev_alloc_skb((dev), (len), (gfp))
struct sk_buff *napi_alloc_skb(struct napi_struct *napi, unsigned int length);
void kfree_skb(struct sk_buff *skb);
#define consume_skb(skb) kfree_skb(skb)
#define dev_kfree_skb(skb) kfree_skb(skb)
#define dev_kfree_skb_any(skb) kfree_skb(skb)
#define dev_kfree_skb_irq(skb) kfree_skb(skb)
#define dev_consume_skb_any(skb) kfree_skb(skb)
#define dev_consume_skb_irq(skb) kfree_skb(skb)
#define napi_consume_skb(skb, budget) kfree_skb(skb)

/* Packet fragments: pieces of DMA-heap pages. */
void *netdev_alloc_frag(unsigned int fragsz);
#define napi_alloc_frag(fragsz) netdev_alloc_frag(fragsz)
void skb_free_frag(void *addr);

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len != 0;
}

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->tail;
}

static inline unsigned int skb_headroom(const struct sk_buff *skb)
{
	return (unsigned int)(skb->data - skb->head);
}

static inline int skb_tailroom(const struct sk_buff *skb)
{
	return skb_is_nonlinear(skb) ? 0 : (int)(skb->end - skb->tail);
}

void *skb_put(struct sk_buff *skb, unsigned int len);
void *skb_push(struct sk_buff *skb, unsigned int len);
void *skb_pull(struct sk_buff *skb, unsigned int len);
void skb_trim(struct sk_buff *skb, unsigned int len);
int pskb_trim(struct sk_buff *skb, unsigned int len);
void *__pskb_pull_tail(struct sk_buff *skb, int delta);
int skb_pad(struct sk_buff *skb, int pad);

static inline void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len)
{
	void *tmp = skb_put(skb, len);

	memcpy(tmp, data, len);
	return tmp;
}

static inline void skb_copy_to_linear_data(struct sk_buff *skb, const void *from,
					   const unsigned int len)
{
	memcpy(skb->data, from, len);
}

static inline void skb_copy_to_linear_data_offset(struct sk_buff *skb, const int offset,
						  const void *from, const unsigned int len)
{
	memcpy(skb->data + offset, from, len);
}

static inline void skb_copy_from_linear_data(const struct sk_buff *skb, void *to,
					     const unsigned int len)
{
	memcpy(to, skb->data, len);
}

static inline void *skb_put_zero(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb_put(skb, len);

	memset(tmp, 0, len);
	return tmp;
}

static inline void skb_reserve(struct sk_buff *skb, int len)
{
	skb->data += len;
	skb->tail += len;
}

static inline bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	if (len <= skb_headlen(skb))
		return true;
	if (len > skb->len)
		return false;
	return __pskb_pull_tail(skb, (int)(len - skb_headlen(skb))) != NULL;
}

/* Linear skbs of ours are never shared or cloned: the head is always writable. */
static inline int skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	return skb_headroom(skb) >= headroom ? 0 : -ENOMEM;
}

static inline int skb_padto(struct sk_buff *skb, unsigned int len)
{
	if (skb->len >= len)
		return 0;
	return skb_pad(skb, (int)(len - skb->len));
}

/* As skb_padto, and the padding counts in the length (freed on failure, as skb_pad does). */
static inline int skb_put_padto(struct sk_buff *skb, unsigned int len)
{
	unsigned int size = skb->len;
	int r;

	if (size >= len)
		return 0;
	r = skb_pad(skb, (int)(len - size));
	if (r)
		return r;
	skb_put(skb, len - size);
	return 0;
}

static inline unsigned char *skb_mac_header(const struct sk_buff *skb)
{
	return skb->head + skb->mac_header;
}

static inline void skb_reset_mac_header(struct sk_buff *skb)
{
	skb->mac_header = (u16)(skb->data - skb->head);
}

static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

static inline void skb_reset_network_header(struct sk_buff *skb)
{
	skb->network_header = (u16)(skb->data - skb->head);
}

static inline void skb_set_network_header(struct sk_buff *skb, int offset)
{
	skb->network_header = (u16)(skb->data - skb->head + offset);
}

static inline unsigned char *skb_transport_header(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header;
}

static inline void skb_set_transport_header(struct sk_buff *skb, int offset)
{
	skb->transport_header = (u16)(skb->data - skb->head + offset);
}

static inline int skb_network_offset(const struct sk_buff *skb)
{
	return (int)(skb_network_header(skb) - skb->data);
}

static inline int skb_transport_offset(const struct sk_buff *skb)
{
	return (int)(skb_transport_header(skb) - skb->data);
}

static inline int skb_checksum_start_offset(const struct sk_buff *skb)
{
	return skb->csum_start - skb_headroom(skb);
}

static inline void skb_checksum_none_assert(const struct sk_buff *skb)
{
	(void)skb;
}

static inline bool skb_is_gso(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->gso_size != 0;
}

static inline bool skb_is_gso_v6(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6;
}

static inline void skb_tx_timestamp(struct sk_buff *skb)
{
	(void)skb;
}

static inline void skb_record_rx_queue(struct sk_buff *skb, u16 rx_queue)
{
	skb->queue_mapping = (u16)(rx_queue + 1);
}

/* ---- fragments ---- */

static inline unsigned int skb_frag_size(const skb_frag_t *frag)
{
	return frag->bv_len;
}

static inline unsigned int skb_frag_off(const skb_frag_t *frag)
{
	return frag->bv_offset;
}

static inline struct page *skb_frag_page(const skb_frag_t *frag)
{
	return frag->bv_page;
}

static inline void *skb_frag_address(const skb_frag_t *frag)
{
	return (char *)page_address(frag->bv_page) + frag->bv_offset;
}

static inline void skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page, int off,
				      int size)
{
	skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

	frag->bv_page = page;
	frag->bv_offset = (unsigned int)off;
	frag->bv_len = (unsigned int)size;
	skb_shinfo(skb)->nr_frags = (unsigned short)(i + 1);
}

static inline dma_addr_t skb_frag_dma_map(struct device *dev, const skb_frag_t *frag,
					  size_t offset, size_t size, enum dma_data_direction dir)
{
	return dma_map_page(dev, skb_frag_page(frag), skb_frag_off(frag) + offset, size, dir);
}

/* ---- queues of skbs (enough for drivers that keep a few) ---- */

struct sk_buff_head {
	struct sk_buff *next;
	struct sk_buff *prev;
	u32 qlen;
};

#endif
