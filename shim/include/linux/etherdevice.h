/* SPDX-License-Identifier: GPL-2.0-only */
/* Ethernet helpers: address tests, eth_type_trans, padding. */
#ifndef SHIM_LINUX_ETHERDEVICE_H
#define SHIM_LINUX_ETHERDEVICE_H

#include <linux/types.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/string.h>

static inline struct ethhdr *eth_hdr(const struct sk_buff *skb)
{
	return (struct ethhdr *)skb_mac_header(skb);
}

static inline bool is_zero_ether_addr(const u8 *addr)
{
	return !(addr[0] | addr[1] | addr[2] | addr[3] | addr[4] | addr[5]);
}

static inline bool is_multicast_ether_addr(const u8 *addr)
{
	return addr[0] & 0x01;
}

static inline bool is_broadcast_ether_addr(const u8 *addr)
{
	return (addr[0] & addr[1] & addr[2] & addr[3] & addr[4] & addr[5]) == 0xff;
}

static inline bool is_unicast_ether_addr(const u8 *addr)
{
	return !is_multicast_ether_addr(addr);
}

static inline bool is_valid_ether_addr(const u8 *addr)
{
	return !is_multicast_ether_addr(addr) && !is_zero_ether_addr(addr);
}

static inline void ether_addr_copy(u8 *dst, const u8 *src)
{
	memcpy(dst, src, ETH_ALEN);
}

static inline bool ether_addr_equal(const u8 *a, const u8 *b)
{
	return memcmp(a, b, ETH_ALEN) == 0;
}

static inline void eth_zero_addr(u8 *addr)
{
	memset(addr, 0, ETH_ALEN);
}

/* dev_addr is const in 6.1: drivers set it through these. */
static inline void eth_hw_addr_set(struct net_device *dev, const u8 *addr)
{
	memcpy(dev->dev_addr_storage, addr, ETH_ALEN);
}

#define dev_addr_set(dev, addr) eth_hw_addr_set((dev), (addr))

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);
int eth_validate_addr(struct net_device *dev);
int eth_prepare_mac_addr_change(struct net_device *dev, void *p);
void eth_commit_mac_addr_change(struct net_device *dev, void *p);
int eth_mac_addr(struct net_device *dev, void *p);
void eth_hw_addr_random(struct net_device *dev);

/* Pads a short frame to ETH_ZLEN; on failure the skb is freed (as in the kernel). */
static inline int eth_skb_pad(struct sk_buff *skb)
{
	if (skb->len >= ETH_ZLEN)
		return 0;
	if (skb_pad(skb, (int)(ETH_ZLEN - skb->len)))
		return -ENOMEM;
	skb_put(skb, ETH_ZLEN - skb->len);
	return 0;
}

#endif
