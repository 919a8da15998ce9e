/* SPDX-License-Identifier: GPL-2.0-only */
/* VLAN tags. The proxy has no VLAN offload ABI, so the host never enables tag stripping or insertion. */
#ifndef SHIM_LINUX_IF_VLAN_H
#define SHIM_LINUX_IF_VLAN_H

#include <linux/types.h>
#include <linux/skbuff.h>
#include <linux/if_ether.h>
#include <linux/etherdevice.h>

#define VLAN_HLEN 4
#define VLAN_ETH_HLEN 18
#define VLAN_ETH_FRAME_LEN 1518
#define VLAN_N_VID 4096
#define VLAN_VID_MASK 0x0fff
#define VLAN_PRIO_SHIFT 13
#define VLAN_TAG_SIZE 4

struct vlan_ethhdr {
	unsigned char h_dest[ETH_ALEN];
	unsigned char h_source[ETH_ALEN];
	__be16 h_vlan_proto;
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

static inline void __vlan_hwaccel_put_tag(struct sk_buff *skb, __be16 vlan_proto, u16 vlan_tci)
{
	skb->vlan_proto = vlan_proto;
	skb->vlan_tci = vlan_tci;
	skb->vlan_present = 1;
}

static inline bool skb_vlan_tag_present(const struct sk_buff *skb)
{
	return skb->vlan_present;
}

static inline u16 skb_vlan_tag_get(const struct sk_buff *skb)
{
	return skb->vlan_tci;
}

/*
 * Offloads a frame with two VLAN tags keeps: as the kernel's, none that
 * would need its headers parsed (checksum, segmentation).
 */
static inline netdev_features_t vlan_features_check(struct sk_buff *skb,
						    netdev_features_t features)
{
	const struct vlan_ethhdr *veh = (const struct vlan_ethhdr *)skb->data;

	if (skb_headlen(skb) >= VLAN_ETH_HLEN + VLAN_HLEN &&
	    (veh->h_vlan_proto == htons(ETH_P_8021Q) || veh->h_vlan_proto == htons(ETH_P_8021AD)) &&
	    (veh->h_vlan_encapsulated_proto == htons(ETH_P_8021Q) ||
	     veh->h_vlan_encapsulated_proto == htons(ETH_P_8021AD)))
		features &= NETIF_F_SG | NETIF_F_HIGHDMA | NETIF_F_HW_CSUM |
			    NETIF_F_HW_VLAN_CTAG_TX;
	return features;
}

static inline __be16 vlan_get_protocol(const struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_8021Q) && skb->len >= VLAN_ETH_HLEN)
		return ((const struct vlan_ethhdr *)skb->data)->h_vlan_encapsulated_proto;
	return skb->protocol;
}

/* net/core/dev.c: a driver that needs no per-frame check. */
static inline netdev_features_t passthru_features_check(struct sk_buff *skb,
							struct net_device *dev,
							netdev_features_t features)
{
	return features;
}

#endif
