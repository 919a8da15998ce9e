// SPDX-License-Identifier: GPL-2.0-only
/*
 * The proxy net_device: its entry points and the data path. xmit copies a
 * frame into a pool buffer lent to the driver through the TX ring; NAPI
 * copies received frames out of the driver's RX buffers into skbs. Neither
 * ever waits for the driver.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/checksum.h>

#include "airlock.h"

static struct airlock_dev *to_adev(struct net_device *netdev)
{
	return netdev_priv(netdev);
}

/*
 * Takes back the TX buffers the driver returned on queue @q. A buffer
 * outside the queue's TX range, one the driver does not hold, or one
 * returned with another id than it was lent with is a violation (double
 * return, also of a buffer lent again since; a buffer it never owned).
 * Caller holds q->tx_lock.
 */
static void airlock_tx_reclaim_locked(struct airlock_queue *q)
{
	struct airlock_att *att = q->att;
	struct airlock_desc desc;
	u32 avail, i, rel;

	if (airlock_ring_consumable(&q->ret, &avail)) {
		airlock_violation(att, "return ring index");
		return;
	}
	for (i = 0; i < avail; i++) {
		memcpy(&desc, airlock_ring_entry(&q->ret, q->ret.local), sizeof(desc));
		barrier();	/* decide on the copy only */
		if (airlock_check_ret_desc(&desc, &q->tx_bufs, &rel) ||
		    !test_bit(rel, q->tx_lent) || desc.id != q->tx_lent_id[rel]) {
			airlock_violation(att, "returned a TX buffer it does not hold");
			break;
		}
		clear_bit(rel, q->tx_lent);
		q->tx_free[q->n_tx_free++] = rel;
		q->ret.local++;
	}
	airlock_ring_consume(&q->ret);
}

static void airlock_tx_reclaim(struct airlock_queue *q)
{
	struct net_device *netdev = q->att->adev->netdev;

	spin_lock(&q->tx_lock);
	airlock_tx_reclaim_locked(q);
	spin_unlock(&q->tx_lock);
	if (__netif_subqueue_stopped(netdev, q->index) && q->n_tx_free &&
	    !atomic_read(&q->att->broken))
		netif_wake_subqueue(netdev, q->index);
}

static netdev_tx_t airlock_xmit_detached(struct airlock_dev *adev, struct sk_buff *skb)
{
	if (adev->params.tx_policy == AIRLOCK_TX_POLICY_HOLD) {
		/* The qdisc keeps the frame; attach wakes the queue. */
		netif_stop_subqueue(adev->netdev, skb_get_queue_mapping(skb));
		return NETDEV_TX_BUSY;
	}
	atomic64_inc(&adev->cnt.tx_dropped_detached);
	atomic64_inc(&adev->cnt.tx_dropped);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/*
 * Copies a frame, linear part and fragments, into a pool buffer. A checksum
 * the stack left to us (NETIF_F_HW_CSUM) is computed in the same pass over
 * the payload, so offering it saves the stack a pass rather than costing
 * one; and it covers exactly the bytes the driver gets, even if a page of
 * the skb changes meanwhile. Returns false for a checksum request outside
 * the frame.
 */
static bool airlock_tx_copy(const struct sk_buff *skb, u8 *dst)
{
	int start, field;
	__wsum csum;
	__sum16 sum;

	/* A GSO frame's checksums are the device's to fill, per segment. */
	if (skb->ip_summed != CHECKSUM_PARTIAL || skb_is_gso(skb)) {
		skb_copy_bits(skb, 0, dst, skb->len);
		return true;
	}
	start = skb_checksum_start_offset(skb);
	field = start + skb->csum_offset;
	if (start < 0 || start >= skb->len || field + sizeof(sum) > skb->len)
		return false;
	skb_copy_bits(skb, 0, dst, start);
	csum = skb_copy_and_csum_bits(skb, start, dst + start, skb->len - start);
	/* As skb_checksum_help(): 0 would mean "no checksum" to UDP. */
	sum = csum_fold(csum) ?: CSUM_MANGLED_0;
	memcpy(dst + field, &sum, sizeof(sum));
	return true;
}

/*
 * The core picked the TX queue (XPS or a flow hash) and holds its lock, so
 * each queue has one xmit at a time; q->tx_lock is against its NAPI's
 * reclaim.
 */
static netdev_tx_t airlock_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct airlock_dev *adev = to_adev(netdev);
	u16 qi = skb_get_queue_mapping(skb);
	u32 segs = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
	struct airlock_desc desc = { 0 };
	struct airlock_queue *q;
	struct airlock_att *att;
	netdev_tx_t ret = NETDEV_TX_OK;
	u32 room, rel;

	rcu_read_lock();
	att = rcu_dereference(adev->att);
	if (!att || atomic_read(&att->broken)) {
		ret = airlock_xmit_detached(adev, skb);
		goto out;
	}
	/* The core keeps qi below real_num_tx_queues, att->n_queues at attach. */
	if (qi >= att->n_queues || skb->len > att->hdr.buf_size || skb->len > U16_MAX)
		goto drop;
	q = &att->queues[qi];
	if (skb_is_gso(skb) && !airlock_tso_desc(att, skb, &desc))
		goto drop;

	spin_lock(&q->tx_lock);
	airlock_tx_reclaim_locked(q);
	if (airlock_ring_producible(&q->tx, &room)) {
		spin_unlock(&q->tx_lock);
		airlock_violation(att, "TX ring consumer index");
		goto drop;
	}
	if (!room || !q->n_tx_free) {
		/*
		 * Full: the driver's returns (doorbell -> NAPI) wake us. Stopped
		 * under the lock, so a reclaim that frees buffers after our
		 * look sees the queue stopped and wakes it.
		 */
		netif_stop_subqueue(netdev, qi);
		spin_unlock(&q->tx_lock);
		ret = NETDEV_TX_BUSY;
		goto out;
	}
	rel = q->tx_free[--q->n_tx_free];
	set_bit(rel, q->tx_lent);
	desc.buf = q->tx_bufs.first + rel;
	desc.len = skb->len;
	desc.id = q->tx.local;
	q->tx_lent_id[rel] = desc.id;
	if (!airlock_tx_copy(skb, att->pool + (size_t)desc.buf * att->hdr.buf_size)) {
		clear_bit(rel, q->tx_lent);
		q->tx_free[q->n_tx_free++] = rel;
		spin_unlock(&q->tx_lock);
		goto drop;
	}
	memcpy(airlock_ring_entry(&q->tx, q->tx.local), &desc, sizeof(desc));
	q->tx.local++;
	airlock_ring_publish(&q->tx);
	if (room == 1 || q->n_tx_free == 0)
		netif_stop_subqueue(netdev, qi);
	spin_unlock(&q->tx_lock);

	/* Packets as they reach the wire: a GSO frame is gso_segs of them. */
	atomic64_add(segs, &adev->cnt.tx_packets);
	atomic64_add(segs, &adev->cnt.txq_packets[qi]);
	atomic64_add(skb->len, &adev->cnt.tx_bytes);
	/* Batch: ring the doorbell once per burst, and only if it sleeps. */
	if ((!netdev_xmit_more() || __netif_subqueue_stopped(netdev, qi)) &&
	    airlock_ring_peer_sleeps(&q->tx))
		airlock_kick(att);
	dev_consume_skb_any(skb);
	goto out;

drop:
	atomic64_inc(&adev->cnt.tx_dropped);
	dev_kfree_skb_any(skb);
out:
	rcu_read_unlock();
	return ret;
}

/* Copies one received frame out of the pool; false if it was dropped. */
static bool airlock_rx_one(struct airlock_napi *an, struct airlock_queue *q,
			   const struct airlock_desc *desc)
{
	struct airlock_dev *adev = an->adev;
	struct airlock_att *att = q->att;
	u32 max_len = adev->netdev->mtu + AIRLOCK_FRAME_OVERHEAD;
	struct sk_buff *skb;
	const u8 *src;
	u8 *dst;

	switch (airlock_check_rx_desc(desc, &q->rx_bufs, max_len, att->hdr.buf_size)) {
	case 0:
		break;
	case -EMSGSIZE:
		atomic64_inc(&adev->cnt.rx_length_errors);
		return false;
	default:
		airlock_violation(att, "RX buffer index");
		return false;
	}
	skb = napi_alloc_skb(&an->napi, desc->len);
	if (!skb) {
		atomic64_inc(&adev->cnt.rx_dropped);
		return false;
	}
	/*
	 * One copy; everything after parses the skb, not shared memory. The
	 * sum of what follows the Ethernet header (checked to be there) is
	 * taken in the same pass, so the stack need not read the frame again
	 * to verify its checksums; it covers exactly the bytes the stack got,
	 * and nothing the driver says about checksums is believed.
	 */
	src = att->pool + (size_t)desc->buf * att->hdr.buf_size + desc->offset;
	dst = skb_put(skb, desc->len);
	memcpy(dst, src, ETH_HLEN);
	skb->csum = csum_partial_copy_nocheck(src + ETH_HLEN, dst + ETH_HLEN,
					      desc->len - ETH_HLEN);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->protocol = eth_type_trans(skb, adev->netdev);
	skb_record_rx_queue(skb, q->index);
	atomic64_inc(&adev->cnt.rx_packets);
	atomic64_inc(&adev->cnt.rxq_packets[q->index]);
	atomic64_add(desc->len, &adev->cnt.rx_bytes);
	napi_gro_receive(&an->napi, skb);
	return true;
}

/*
 * Something to do on @q: received frames or returned TX buffers. A garbage
 * index counts as work, so that the poll finds and reports it. Any context.
 */
bool airlock_queue_has_work(struct airlock_queue *q)
{
	u32 avail;

	if (airlock_ring_consumable(&q->rx, &avail) || avail)
		return true;
	return airlock_ring_consumable(&q->ret, &avail) || avail;
}

/*
 * Polls every queue once: after an attach or an open, a NAPI that never
 * ran has not asked for doorbells yet (the rings start with no
 * NEED_WAKEUP), so the driver would not ring. Process context.
 */
void airlock_napi_schedule_all(struct airlock_dev *adev)
{
	u32 i;

	/* The softirq runs at local_bh_enable(), not at the next interrupt. */
	local_bh_disable();
	for (i = 0; i < adev->params.n_queues; i++)
		napi_schedule(&adev->napis[i].napi);
	local_bh_enable();
}

static int airlock_napi_poll(struct napi_struct *napi, int budget)
{
	struct airlock_napi *an = container_of(napi, struct airlock_napi, napi);
	struct airlock_queue *q = NULL;
	struct airlock_desc desc;
	struct airlock_att *att;
	u32 avail;
	int done = 0;

	rcu_read_lock();
	att = rcu_dereference(an->adev->att);
	if (!att || atomic_read(&att->broken) || an->index >= att->n_queues)
		goto complete;
	q = &att->queues[an->index];

	airlock_tx_reclaim(q);
	if (airlock_ring_consumable(&q->rx, &avail)) {
		airlock_violation(att, "RX ring index");
		goto complete;
	}
	while (done < budget && avail--) {
		memcpy(&desc, airlock_ring_entry(&q->rx, q->rx.local), sizeof(desc));
		barrier();
		q->rx.local++;
		airlock_rx_one(an, q, &desc);
		done++;
		if (atomic_read(&att->broken))
			break;
	}
	/* The buffers we copied out are the driver's again. */
	airlock_ring_consume(&q->rx);
	if (done == budget) {
		rcu_read_unlock();
		return budget;
	}
complete:
	if (napi_complete_done(napi, done) && q && !atomic_read(&att->broken)) {
		/* Idle: ask for doorbells, unless work slipped in meanwhile. */
		if (!airlock_ring_sleep(&q->rx) || !airlock_ring_sleep(&q->ret))
			napi_schedule(napi);
	}
	rcu_read_unlock();
	return done;
}

static void airlock_set_shadow_up(struct airlock_dev *adev, bool up)
{
	spin_lock_bh(&adev->shadow_lock);
	adev->shadow.up = up;
	spin_unlock_bh(&adev->shadow_lock);
}

static void airlock_napi_enable(struct airlock_dev *adev)
{
	u32 i;

	for (i = 0; i < adev->params.n_queues; i++)
		napi_enable(&adev->napis[i].napi);
}

static void airlock_napi_disable(struct airlock_dev *adev)
{
	u32 i;

	for (i = 0; i < adev->params.n_queues; i++)
		napi_disable(&adev->napis[i].napi);
}

/*
 * Waits for the driver to open the device, bounded by the control timeout:
 * "ip link set up" then reports what the driver said (or ETIMEDOUT) instead
 * of a device that silently never gets a carrier.
 */
static int airlock_open(struct net_device *netdev)
{
	struct airlock_dev *adev = to_adev(netdev);
	int ret;

	airlock_set_shadow_up(adev, true);
	airlock_napi_enable(adev);
	netif_tx_start_all_queues(netdev);
	/* Take what arrived while down, and let the polls re-arm the doorbells. */
	airlock_napi_schedule_all(adev);

	ret = airlock_ctrl_call(adev, AIRLOCK_CTRL_OPEN, NULL, 0);
	if (ret) {
		airlock_set_shadow_up(adev, false);
		netif_tx_disable(netdev);
		airlock_napi_disable(adev);
		/* The driver may yet have opened: tell it the kernel gave up. */
		airlock_ctrl_forward(adev, AIRLOCK_CTRL_STOP, NULL, 0);
		netdev_info(netdev, "driver did not open the device: %d\n", ret);
		return ret;
	}
	mod_delayed_work(airlock_wq, &adev->service, 0);
	return 0;
}

static int airlock_stop(struct net_device *netdev)
{
	struct airlock_dev *adev = to_adev(netdev);

	airlock_set_shadow_up(adev, false);
	netif_tx_disable(netdev);
	airlock_napi_disable(adev);
	/* The core cleared __LINK_STATE_START: the service work sees it under the lock. */
	spin_lock_bh(&adev->carrier_lock);
	netif_carrier_off(netdev);
	spin_unlock_bh(&adev->carrier_lock);

	airlock_ctrl_forward(adev, AIRLOCK_CTRL_STOP, NULL, 0);
	return 0;
}

/*
 * The setters below change the kernel's side first, so that a driver
 * restarted while they wait is replayed the new value, and undo it when
 * the driver refuses or does not answer (airlock_ctrl_call): ip(8) then
 * prints the driver's errno, and kernel and driver agree again.
 */
static int airlock_set_mac_address(struct net_device *netdev, void *p)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_ctrl_set_mac req = { 0 };
	unsigned char old_type = netdev->addr_assign_type;
	u8 old[ETH_ALEN];
	int ret;

	ret = eth_prepare_mac_addr_change(netdev, p);
	if (ret)
		return ret;
	ether_addr_copy(old, netdev->dev_addr);
	eth_commit_mac_addr_change(netdev, p);
	memcpy(req.addr, netdev->dev_addr, ETH_ALEN);

	ret = airlock_ctrl_call(adev, AIRLOCK_CTRL_SET_MAC, &req, sizeof(req));
	if (ret) {
		eth_hw_addr_set(netdev, old);
		netdev->addr_assign_type = old_type;
	}
	return ret;
}

static int airlock_change_mtu(struct net_device *netdev, int mtu)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_ctrl_set_mtu req = { .mtu = mtu };
	unsigned int old = netdev->mtu;
	int ret;

	/* The core checked min_mtu/max_mtu, the limits given at create. */
	WRITE_ONCE(netdev->mtu, mtu);
	ret = airlock_ctrl_call(adev, AIRLOCK_CTRL_SET_MTU, &req, sizeof(req));
	if (ret)
		WRITE_ONCE(netdev->mtu, old);
	return ret;
}

/* Atomic context: copy the lists into the shadow, post from the service work. */
static void airlock_set_rx_mode(struct net_device *netdev)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_shadow_state *sh = &adev->shadow;
	struct netdev_hw_addr *ha;
	u32 n = 0, mode = 0;

	if (netdev->flags & IFF_PROMISC)
		mode |= AIRLOCK_RX_MODE_PROMISC;
	if (netdev->flags & IFF_ALLMULTI)
		mode |= AIRLOCK_RX_MODE_ALLMULTI;

	spin_lock_bh(&adev->shadow_lock);
	sh->n_uc = 0;
	netdev_for_each_uc_addr(ha, netdev) {
		if (n == AIRLOCK_MAX_ADDRS)
			break;
		memcpy(sh->addrs[n++].addr, ha->addr, ETH_ALEN);
		sh->n_uc++;
	}
	sh->n_mc = 0;
	netdev_for_each_mc_addr(ha, netdev) {
		if (n == AIRLOCK_MAX_ADDRS) {
			/* More than the ABI carries: fall back to all multicast. */
			mode |= AIRLOCK_RX_MODE_ALLMULTI;
			break;
		}
		memcpy(sh->addrs[n++].addr, ha->addr, ETH_ALEN);
		sh->n_mc++;
	}
	if (sh->n_uc == AIRLOCK_MAX_ADDRS && !netdev_uc_empty(netdev))
		mode |= AIRLOCK_RX_MODE_PROMISC;
	sh->rx_mode = mode;
	adev->rx_mode_dirty = true;
	spin_unlock_bh(&adev->shadow_lock);
	mod_delayed_work(airlock_wq, &adev->service, 0);
}

static void airlock_get_stats64(struct net_device *netdev,
				struct rtnl_link_stats64 *s)
{
	struct airlock_counters *c = &to_adev(netdev)->cnt;

	/* Packets and bytes as the stub counted them; errors as the driver did. */
	s->rx_packets = atomic64_read(&c->rx_packets);
	s->rx_bytes = atomic64_read(&c->rx_bytes);
	s->tx_packets = atomic64_read(&c->tx_packets);
	s->tx_bytes = atomic64_read(&c->tx_bytes);
	s->rx_length_errors = atomic64_read(&c->rx_length_errors);
	s->rx_errors = s->rx_length_errors + atomic64_read(&c->drv_rx_errors);
	s->tx_errors = atomic64_read(&c->drv_tx_errors);
	s->rx_dropped = atomic64_read(&c->rx_dropped) + atomic64_read(&c->drv_rx_dropped);
	s->tx_dropped = atomic64_read(&c->tx_dropped) + atomic64_read(&c->drv_tx_dropped);
}

static void airlock_tx_timeout(struct net_device *netdev, unsigned int queue)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_ctrl_tx_timeout req = { .queue = queue };

	/* Counted for the supervisor: a driver that stays stuck is replaced. */
	atomic64_inc(&adev->cnt.tx_timeouts);
	airlock_ctrl_forward(adev, AIRLOCK_CTRL_TX_TIMEOUT, &req, sizeof(req));
}

static int airlock_set_features(struct net_device *netdev, netdev_features_t features)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_ctrl_set_features req;
	u64 old;
	int ret;

	req.features = airlock_features_to_abi(features);
	spin_lock_bh(&adev->shadow_lock);
	old = adev->shadow.features;
	adev->shadow.features = req.features;
	spin_unlock_bh(&adev->shadow_lock);

	/* TSO is the stub's own (tso.c): the driver hears of RX offloads only. */
	if (old == req.features)
		return 0;
	ret = airlock_ctrl_call(adev, AIRLOCK_CTRL_SET_FEATURES, &req, sizeof(req));
	if (ret) {
		/* The core keeps the old features and says so in the log. */
		spin_lock_bh(&adev->shadow_lock);
		adev->shadow.features = old;
		spin_unlock_bh(&adev->shadow_lock);
	}
	return ret;
}

static const struct net_device_ops airlock_netdev_ops = {
	.ndo_open = airlock_open,
	.ndo_stop = airlock_stop,
	.ndo_start_xmit = airlock_start_xmit,
	.ndo_features_check = airlock_features_check,
	.ndo_fix_features = airlock_fix_features,
	.ndo_set_mac_address = airlock_set_mac_address,
	.ndo_change_mtu = airlock_change_mtu,
	.ndo_set_rx_mode = airlock_set_rx_mode,
	.ndo_get_stats64 = airlock_get_stats64,
	.ndo_tx_timeout = airlock_tx_timeout,
	.ndo_set_features = airlock_set_features,
	.ndo_validate_addr = eth_validate_addr,
};

static void airlock_violation_work(struct work_struct *work)
{
	struct airlock_dev *adev = container_of(work, struct airlock_dev, violation_work);
	struct airlock_att *att;

	mutex_lock(&airlock_mutex);
	att = rcu_dereference_protected(adev->att, lockdep_is_held(&airlock_mutex));
	if (att && atomic_read(&att->broken))
		airlock_detach(att);
	mutex_unlock(&airlock_mutex);
}

static int airlock_check_create(const struct airlock_create *p)
{
	if (!memchr(p->name, '\0', sizeof(p->name)) || !p->name[0] ||
	    !dev_valid_name(p->name))
		return -EINVAL;
	if (!is_valid_ether_addr(p->mac) || p->reserved0)
		return -EINVAL;
	if (p->min_mtu < AIRLOCK_MIN_MTU || p->max_mtu > AIRLOCK_MAX_MTU ||
	    p->min_mtu > p->max_mtu || p->mtu < p->min_mtu || p->mtu > p->max_mtu)
		return -ERANGE;
	if (!p->n_queues || p->n_queues > AIRLOCK_MAX_QUEUES ||
	    p->features & ~AIRLOCK_FEAT_ALL)
		return -EINVAL;
	if (p->tx_policy != AIRLOCK_TX_POLICY_DROP && p->tx_policy != AIRLOCK_TX_POLICY_HOLD)
		return -EINVAL;
	if (p->ctrl_timeout_ms && (p->ctrl_timeout_ms < AIRLOCK_CTRL_TIMEOUT_MIN_MS ||
				   p->ctrl_timeout_ms > AIRLOCK_CTRL_TIMEOUT_MAX_MS))
		return -ERANGE;
	return 0;
}

static void airlock_napi_del(struct airlock_dev *adev)
{
	u32 i;

	for (i = 0; i < adev->params.n_queues; i++)
		netif_napi_del(&adev->napis[i].napi);
}

struct airlock_dev *airlock_netdev_create(struct airlock_create *params, u32 id)
{
	struct net_device *netdev;
	struct airlock_dev *adev;
	u32 i;
	int ret;

	ret = airlock_check_create(params);
	if (ret)
		return ERR_PTR(ret);
	if (!params->ctrl_timeout_ms)
		params->ctrl_timeout_ms = AIRLOCK_CTRL_TIMEOUT_DEFAULT_MS;

	netdev = alloc_etherdev_mqs(sizeof(*adev), params->n_queues, params->n_queues);
	if (!netdev)
		return ERR_PTR(-ENOMEM);
	adev = netdev_priv(netdev);
	adev->id = id;
	adev->netdev = netdev;
	adev->params = *params;
	spin_lock_init(&adev->shadow_lock);
	spin_lock_init(&adev->carrier_lock);
	init_waitqueue_head(&adev->call_wq);
	INIT_DELAYED_WORK(&adev->service, airlock_service_work);
	INIT_WORK(&adev->violation_work, airlock_violation_work);
	INIT_DELAYED_WORK(&adev->feat_work, airlock_feat_work);
	adev->feat_next = jiffies;

	strscpy(netdev->name, params->name, sizeof(netdev->name));
	eth_hw_addr_set(netdev, params->mac);
	netdev->netdev_ops = &airlock_netdev_ops;
	netdev->ethtool_ops = &airlock_ethtool_ops;
	netdev->min_mtu = params->min_mtu;
	netdev->max_mtu = params->max_mtu;
	netdev->mtu = params->mtu;
	/*
	 * What the driver offers, plus what the stub does itself while copying
	 * a frame into the pool: gather fragments, fill in checksums.
	 */
	netdev->hw_features = airlock_features_from_abi(params->features) |
			      NETIF_F_SG | NETIF_F_HW_CSUM;
	/*
	 * And TSO, for as long as the attached driver's device segments
	 * (tso.c). A GSO frame travels in one pool buffer, so none is longer
	 * than a descriptor's length can say; one longer than the attached
	 * pool's buffers goes to the stack's segmentation.
	 */
	netdev->hw_features |= NETIF_F_TSO;
	netif_set_tso_max_size(netdev, U16_MAX);
	/*
	 * Keeping the FCS and accepting bad frames are debugging aids a
	 * driver offers but no kernel driver turns on by default: with the
	 * FCS, IP's length no longer matches the frame's and GRO merges
	 * nothing.
	 */
	netdev->features = (netdev->hw_features & ~(NETIF_F_RXFCS | NETIF_F_RXALL)) |
			   NETIF_F_HIGHDMA;
	netdev->watchdog_timeo = 5 * HZ;
	/*
	 * No netpoll (netconsole, kgdboe): netpoll transmits with interrupts
	 * off, from any context, and xmit and NAPI take a queue's tx_lock
	 * with plain spin_lock: a printk from an interrupt that arrived while
	 * this CPU's NAPI held the lock would spin on it forever. Making both
	 * irq-safe would cost every frame; a console needs a NIC of its own.
	 */
	netdev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_DISABLE_NETPOLL;
	adev->shadow.features = airlock_features_to_abi(netdev->features);
	for (i = 0; i < params->n_queues; i++) {
		adev->napis[i].adev = adev;
		adev->napis[i].index = i;
		netif_napi_add_weight(netdev, &adev->napis[i].napi, airlock_napi_poll,
				      AIRLOCK_NAPI_WEIGHT);
	}
	netif_carrier_off(netdev);

	ret = register_netdev(netdev);
	if (ret) {
		airlock_napi_del(adev);
		free_netdev(netdev);
		return ERR_PTR(ret);
	}
	params->ifindex = netdev->ifindex;
	strscpy(params->ifname, netdev->name, sizeof(params->ifname));
	return adev;
}

/* The device is already out of the table and detached. */
void airlock_netdev_destroy(struct airlock_dev *adev)
{
	struct net_device *netdev = adev->netdev;

	unregister_netdev(netdev);
	cancel_work_sync(&adev->violation_work);
	cancel_delayed_work_sync(&adev->service);
	/* The service work queues it: after the service work is gone. */
	cancel_delayed_work_sync(&adev->feat_work);
	airlock_napi_del(adev);
	free_netdev(netdev);
}
