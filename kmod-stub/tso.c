// SPDX-License-Identifier: GPL-2.0-only
/*
 * TCP segmentation offload through the stub. A driver that declares
 * AIRLOCK_TX_OFFLOAD_TSO4 in its state block gets TCP/IPv4 GSO frames
 * whole, one pool buffer and one descriptor each, and its device cuts them
 * into segments: the stack's software GSO did that on the kernel's CPU,
 * one copy and one descriptor per segment. Any other driver, and any frame
 * that does not fit a buffer, keeps the stack's segmentation.
 *
 * The declaration is the driver's, so it is untrusted only in that the
 * driver may change it at any time: it decides what the kernel sends, never
 * what the kernel reads.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>

#include "airlock.h"

/* The attachment takes @skb as a GSO frame. Under rcu_read_lock. */
static bool airlock_tso_takes(const struct airlock_att *att, const struct sk_buff *skb)
{
	return att && !atomic_read(&att->broken) && READ_ONCE(att->tso) &&
	       skb->len <= att->hdr.buf_size && skb->protocol == htons(ETH_P_IP) &&
	       skb_network_offset(skb) == ETH_HLEN &&
	       skb_shinfo(skb)->gso_type == SKB_GSO_TCPV4;
}

/*
 * ndo_features_check: a GSO frame the attached driver cannot take goes
 * back to the stack's segmentation, before xmit sees it.
 */
netdev_features_t airlock_features_check(struct sk_buff *skb, struct net_device *netdev,
					 netdev_features_t features)
{
	struct airlock_dev *adev = netdev_priv(netdev);
	bool takes;

	features = vlan_features_check(skb, features);
	if (!skb_is_gso(skb))
		return features;
	rcu_read_lock();
	takes = airlock_tso_takes(rcu_dereference(adev->att), skb);
	rcu_read_unlock();
	return takes ? features : features & ~NETIF_F_GSO_MASK;
}

/*
 * Describes a GSO frame for the TX ring. False if the attachment does not
 * take it: one that lost TSO between features_check and here (a restart;
 * the frame is dropped and TCP resends it), or headers outside the
 * frame's linear part, which the driver would read past.
 */
bool airlock_tso_desc(const struct airlock_att *att, const struct sk_buff *skb,
		      struct airlock_desc *desc)
{
	int thoff = skb_transport_offset(skb);

	if (!airlock_tso_takes(att, skb) || !skb_shinfo(skb)->gso_size ||
	    thoff < ETH_HLEN + (int)sizeof(struct iphdr) ||
	    thoff + (int)sizeof(struct tcphdr) > skb_headlen(skb) ||
	    thoff + tcp_hdrlen(skb) >= skb->len)
		return false;
	desc->flags = AIRLOCK_DESC_F_GSO_TCPV4;
	desc->csum_start = thoff;
	desc->gso_size = skb_shinfo(skb)->gso_size;
	return true;
}

/* ndo_fix_features: TSO only while the attached driver segments. Under rtnl. */
netdev_features_t airlock_fix_features(struct net_device *netdev, netdev_features_t features)
{
	struct airlock_dev *adev = netdev_priv(netdev);

	if (!adev->driver_tso)
		features &= ~NETIF_F_TSO;
	return features;
}

/*
 * The service work saw what the driver declares now (false: no driver).
 * The netdev's features follow, so ethtool -k tells whether frames are
 * segmented by the device, but not from here: the service work consumes
 * control replies, and ndo_open holds rtnl while it waits for one, so the
 * service work must never wait for rtnl. The feature work does it, at
 * most once per AIRLOCK_FEAT_INTERVAL: each change costs an rtnl section,
 * NETDEV_FEAT_CHANGE and RTM_NEWLINK (for stacked devices too), and a
 * driver flipping its declaration with every doorbell would otherwise
 * make one per doorbell. A change held back is counted; what the kernel
 * sends meanwhile is decided per frame anyway (airlock_tso_takes).
 * Process context, no locks held.
 */
void airlock_tso_follow(struct airlock_dev *adev, bool tso)
{
	unsigned long next, delay = 0;

	WRITE_ONCE(adev->tso_wanted, tso);
	if (READ_ONCE(adev->driver_tso) == tso)
		return;
	next = READ_ONCE(adev->feat_next);
	if (time_before(jiffies, next))
		delay = next - jiffies;
	if (queue_delayed_work(airlock_wq, &adev->feat_work, delay) && delay)
		atomic64_inc(&adev->cnt.feat_changes_limited);
}

/*
 * Applies the last declaration the service work saw. Nothing that holds
 * rtnl waits for this work (destroy cancels it after unregister_netdev).
 */
void airlock_feat_work(struct work_struct *work)
{
	struct airlock_dev *adev = container_of(to_delayed_work(work), struct airlock_dev,
						feat_work);
	bool tso;

	rtnl_lock();
	tso = READ_ONCE(adev->tso_wanted);
	if (adev->driver_tso != tso) {
		WRITE_ONCE(adev->driver_tso, tso);
		/* The work may outlive unregister_netdev by one run. */
		if (adev->netdev->reg_state == NETREG_REGISTERED)
			netdev_update_features(adev->netdev);
		WRITE_ONCE(adev->feat_next, jiffies + AIRLOCK_FEAT_INTERVAL);
	}
	rtnl_unlock();
}
