// SPDX-License-Identifier: GPL-2.0-only
/*
 * Control: configuration requests to the driver, its replies, the shadow
 * state they are replayed from, and the service work that turns the state
 * block into carrier and statistics. Requests are posted without waiting
 * (ndo ops run under rtnl or in atomic context); replies are matched by
 * sequence number, and a failed or late reply is a counted error that keeps
 * the carrier off.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "airlock.h"

/* Offloads the ABI can name, as netdev features (abi.h). */
#define AIRLOCK_FEATURE_ENTRY(abi_bit, netif_bit) { netif_bit, abi_bit },
static const struct {
	netdev_features_t netif;
	u64 abi;
} airlock_feature_map[] = { AIRLOCK_FEAT_NETIF_MAP(AIRLOCK_FEATURE_ENTRY) };

u64 airlock_features_to_abi(netdev_features_t features)
{
	u64 abi = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(airlock_feature_map); i++)
		if (features & airlock_feature_map[i].netif)
			abi |= airlock_feature_map[i].abi;
	return abi;
}

netdev_features_t airlock_features_from_abi(u64 abi)
{
	netdev_features_t features = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(airlock_feature_map); i++)
		if (abi & airlock_feature_map[i].abi)
			features |= airlock_feature_map[i].netif;
	return features;
}
/*
 * Posts one request naming address slot @slot (or -1). Any context; never
 * waits. Returns -EBUSY, not counted, when the request ring or the table
 * of outstanding requests is full.
 */
static int airlock_ctrl_post_slot(struct airlock_att *att, u16 opcode, u16 flags,
				  const void *payload, size_t len, int slot)
{
	struct airlock_dev *adev = att->adev;
	struct airlock_ctrl_msg msg = { 0 };
	unsigned long irqflags;
	u32 room;
	int ret = 0;

	if (WARN_ON_ONCE(len > sizeof(msg.u)))
		return -EINVAL;
	if (atomic_read(&att->broken))
		return -ENOTCONN;

	spin_lock_irqsave(&att->ctrl_lock, irqflags);
	if (airlock_ring_producible(&att->ctrl_req, &room)) {
		spin_unlock_irqrestore(&att->ctrl_lock, irqflags);
		airlock_violation(att, "control ring consumer index");
		return -EPROTO;
	}
	if (!room || att->n_pending == att->hdr.ctrl_req.entries) {
		ret = -EBUSY;
		goto out;
	}
	msg.seq = ++att->next_seq;
	msg.opcode = opcode;
	msg.flags = flags & AIRLOCK_CTRL_F_ALL;
	if (len)
		memcpy(&msg.u, payload, len);
	memcpy(airlock_ring_entry(&att->ctrl_req, att->ctrl_req.local), &msg, sizeof(msg));
	att->ctrl_req.local++;
	airlock_ring_publish(&att->ctrl_req);

	att->pending[att->n_pending++] = (struct airlock_pending) {
		.seq = msg.seq,
		.opcode = opcode,
		.flags = flags,
		.slot = slot,
		.deadline = jiffies + msecs_to_jiffies(adev->params.ctrl_timeout_ms),
	};
	if (flags & AIRLOCK_CTRL_F_REPLAY)
		att->replay_left++;
out:
	spin_unlock_irqrestore(&att->ctrl_lock, irqflags);
	if (ret)
		return ret;
	if (airlock_ring_peer_sleeps(&att->ctrl_req))
		airlock_kick(att);
	return 0;
}

/*
 * Posts one request. Any context; never waits. Returns -EBUSY, counted,
 * when the request ring or the table of outstanding requests is full (the
 * shadow state still holds the change, and a replay brings it to the next
 * driver).
 */
int airlock_ctrl_post(struct airlock_att *att, u16 opcode, u16 flags,
		      const void *payload, size_t len)
{
	int ret = airlock_ctrl_post_slot(att, opcode, flags, payload, len, -1);

	if (ret == -EBUSY)
		atomic64_inc(&att->adev->cnt.ctrl_errors);
	return ret;
}

static int airlock_ctrl_forward_flags(struct airlock_dev *adev, u16 opcode, u16 flags,
				      const void *payload, size_t len)
{
	struct airlock_att *att;
	int ret = -ENOTCONN;

	rcu_read_lock();
	att = rcu_dereference(adev->att);
	if (att)
		ret = airlock_ctrl_post(att, opcode, flags, payload, len);
	rcu_read_unlock();
	return ret;
}

/*
 * Forwards an entry point to the attached driver, if there is one: the
 * shadow state already holds the change, so no driver is not an error for
 * callers that ignore the result. Any context.
 */
int airlock_ctrl_forward(struct airlock_dev *adev, u16 opcode, const void *payload,
			 size_t len)
{
	return airlock_ctrl_forward_flags(adev, opcode, 0, payload, len);
}

/* A request of @opcode was answered or timed out: wake a waiting caller. */
static void airlock_ctrl_answered(struct airlock_dev *adev, u16 opcode, int status)
{
	struct airlock_answers *a = &adev->answers[opcode];

	WRITE_ONCE(a->status, status);
	/* Orders status before the count the waiter checks first. */
	smp_mb__before_atomic();
	atomic64_inc(&a->n);
	wake_up(&adev->call_wq);
}

/*
 * Forwards an entry point whose caller must hear the driver's answer (ip
 * or ethtool gets a refusal as its errno, and the caller undoes what it
 * set), and waits for it under rtnl, which the callers cannot avoid. The
 * wait is bounded: the service work answers with -ETIMEDOUT at the
 * request's deadline, and the wait itself gives up two service periods
 * later. Any answer to the opcode counts, so that when the driver goes
 * away meanwhile the next one's replay answers, within the same time.
 * With no driver attached the call succeeds at once: the shadow holds the
 * change and the next driver's replay brings it. A refusal the caller
 * hears of does not keep the carrier off (airlock_ctrl_replies). Returns 0,
 * the driver's -errno, -ETIMEDOUT, or -EBUSY when the control ring is full.
 */
int airlock_ctrl_call(struct airlock_dev *adev, u16 opcode, const void *payload, size_t len)
{
	unsigned long timeout = msecs_to_jiffies(adev->params.ctrl_timeout_ms) +
				2 * AIRLOCK_SERVICE_PERIOD;
	struct airlock_answers *a = &adev->answers[opcode];
	s64 answered = atomic64_read(&a->n);
	int ret;

	ASSERT_RTNL();	/* one caller at a time: the answer is its own */
	ret = airlock_ctrl_forward_flags(adev, opcode, AIRLOCK_PENDING_WAITED, payload, len);
	if (ret == -ENOTCONN)
		return 0;
	if (ret)
		return ret;
	if (!wait_event_timeout(adev->call_wq, atomic64_read(&a->n) != answered, timeout))
		return -ETIMEDOUT;
	smp_rmb();	/* pairs with airlock_ctrl_answered() */
	return READ_ONCE(a->status);
}

/*
 * Writes the shadow's address lists into a free address slot and posts
 * set_rx_mode. A slot is free again only once the reply to the request
 * that named it arrived (abi.h): the driver may be reading it. With no
 * slot free, or the ring full, the change stays dirty, and the service
 * work posts the shadow as it is then after the next reply (or period):
 * no change is lost, intermediate ones may be skipped. Process context.
 * Returns 0 if posted, else -EBUSY (or the attachment's end).
 */
static int airlock_ctrl_post_rx_mode(struct airlock_dev *adev, struct airlock_att *att,
				     u16 flags)
{
	struct airlock_ctrl_set_rx_mode req = { 0 };
	struct airlock_addr_slot *slot;
	unsigned long irqflags;
	int ret = -EBUSY;
	u32 s;

	spin_lock_irqsave(&att->ctrl_lock, irqflags);
	for (s = 0; s < AIRLOCK_ADDR_SLOTS && att->addr_slot_busy[s]; s++)
		;
	if (s < AIRLOCK_ADDR_SLOTS)
		att->addr_slot_busy[s] = true;
	spin_unlock_irqrestore(&att->ctrl_lock, irqflags);
	if (s == AIRLOCK_ADDR_SLOTS)
		goto defer;

	spin_lock_bh(&adev->shadow_lock);
	/* Cleared with the copy taken: a change after it sets it again. */
	adev->rx_mode_dirty = false;
	req.slot = s;
	req.flags = adev->shadow.rx_mode;
	req.n_uc = adev->shadow.n_uc;
	req.n_mc = adev->shadow.n_mc;
	slot = &att->addr_slots[s];
	memcpy(slot->addrs, adev->shadow.addrs,
	       (req.n_uc + req.n_mc) * sizeof(slot->addrs[0]));
	spin_unlock_bh(&adev->shadow_lock);
	ret = airlock_ctrl_post_slot(att, AIRLOCK_CTRL_SET_RX_MODE, flags, &req, sizeof(req), s);
	if (!ret)
		return 0;

	spin_lock_irqsave(&att->ctrl_lock, irqflags);
	att->addr_slot_busy[s] = false;
	spin_unlock_irqrestore(&att->ctrl_lock, irqflags);
defer:
	spin_lock_bh(&adev->shadow_lock);
	adev->rx_mode_dirty = true;
	spin_unlock_bh(&adev->shadow_lock);
	return ret;
}

/*
 * The replay brings a new driver to the state the kernel asked of the last
 * one, one request per step in this order, each taken from the shadow when
 * it is posted. The service work posts it, alone (attach only schedules
 * it), so that a change the kernel makes after the attachment is published
 * is either forwarded or in the shadow the replay reads. A step the control
 * ring has no room for waits for the next pass: the ABI allows a ring of 2
 * entries, and the replay is up to 8 requests. The carrier stays off until
 * every step is posted and every replay request answered with success.
 */
enum airlock_replay_step {
	AIRLOCK_REPLAY_MAC,
	AIRLOCK_REPLAY_MTU,
	AIRLOCK_REPLAY_FEATURES,
	AIRLOCK_REPLAY_RINGPARAM,
	AIRLOCK_REPLAY_COALESCE,
	AIRLOCK_REPLAY_MSGLEVEL,
	AIRLOCK_REPLAY_RX_MODE,
	AIRLOCK_REPLAY_OPEN,
	AIRLOCK_REPLAY_DONE,
};

/* Posts one step: 0 if posted or nothing to post, -EBUSY if no room yet. */
static int airlock_ctrl_replay_step(struct airlock_dev *adev, struct airlock_att *att,
				    unsigned int step)
{
	union {
		struct airlock_ctrl_set_mtu mtu;
		struct airlock_ctrl_set_mac mac;
		struct airlock_ctrl_set_features feat;
		struct airlock_ctrl_set_ringparam ring;
		struct airlock_coalesce coalesce;
		struct airlock_ctrl_set_msglevel msg;
	} req;
	bool skip = false;
	u16 opcode = 0;
	size_t len = 0;

	if (step == AIRLOCK_REPLAY_RX_MODE)
		return airlock_ctrl_post_rx_mode(adev, att, AIRLOCK_CTRL_F_REPLAY);
	memset(&req, 0, sizeof(req));
	spin_lock_bh(&adev->shadow_lock);
	switch (step) {
	case AIRLOCK_REPLAY_MAC:
		opcode = AIRLOCK_CTRL_SET_MAC;
		memcpy(req.mac.addr, adev->netdev->dev_addr, ETH_ALEN);
		len = sizeof(req.mac);
		break;
	case AIRLOCK_REPLAY_MTU:
		opcode = AIRLOCK_CTRL_SET_MTU;
		req.mtu.mtu = READ_ONCE(adev->netdev->mtu);
		len = sizeof(req.mtu);
		break;
	case AIRLOCK_REPLAY_FEATURES:
		opcode = AIRLOCK_CTRL_SET_FEATURES;
		req.feat.features = adev->shadow.features;
		len = sizeof(req.feat);
		break;
	case AIRLOCK_REPLAY_RINGPARAM:
		opcode = AIRLOCK_CTRL_SET_RINGPARAM;
		req.ring = adev->shadow.ring;
		len = sizeof(req.ring);
		/* Never set: the driver's own sizes stand. */
		skip = !req.ring.rx_pending && !req.ring.tx_pending;
		break;
	case AIRLOCK_REPLAY_COALESCE:
		opcode = AIRLOCK_CTRL_SET_COALESCE;
		req.coalesce = adev->shadow.coalesce;
		len = sizeof(req.coalesce);
		skip = !adev->shadow.coalesce_set;
		break;
	case AIRLOCK_REPLAY_MSGLEVEL:
		opcode = AIRLOCK_CTRL_SET_MSGLEVEL;
		req.msg.msglevel = adev->shadow.msglevel;
		len = sizeof(req.msg);
		break;
	case AIRLOCK_REPLAY_OPEN:
		opcode = AIRLOCK_CTRL_OPEN;
		skip = !adev->shadow.up;
		break;
	}
	spin_unlock_bh(&adev->shadow_lock);
	if (skip)
		return 0;
	return airlock_ctrl_post_slot(att, opcode, AIRLOCK_CTRL_F_REPLAY, len ? &req : NULL, len,
				      -1);
}

/* Posts the replay's next steps, as far as the control ring has room. */
static void airlock_ctrl_replay(struct airlock_dev *adev, struct airlock_att *att)
{
	while (att->replay_step < AIRLOCK_REPLAY_DONE) {
		/* Any other failure is the attachment's end: nothing to wait for. */
		if (airlock_ctrl_replay_step(adev, att, att->replay_step) == -EBUSY)
			return;
		att->replay_step++;
	}
}

static bool airlock_ctrl_replayed(const struct airlock_att *att)
{
	return att->replay_step == AIRLOCK_REPLAY_DONE && !READ_ONCE(att->replay_left);
}

/*
 * Matches one reply to its request; *@ret_waited says whether a caller was
 * waiting for it. Caller holds ctrl_lock.
 */
static int airlock_ctrl_complete(struct airlock_att *att, const struct airlock_ctrl_msg *rsp,
				 bool *ret_waited)
{
	u32 i;

	for (i = 0; i < att->n_pending; i++) {
		struct airlock_pending *p = &att->pending[i];

		if (p->seq != rsp->seq)
			continue;
		if (p->opcode != rsp->opcode)
			return -EPROTO;
		if (p->flags & AIRLOCK_CTRL_F_REPLAY)
			att->replay_left--;
		*ret_waited = p->flags & AIRLOCK_PENDING_WAITED;
		airlock_ctrl_answered(att->adev, p->opcode, rsp->status);
		if (p->slot >= 0)
			att->addr_slot_busy[p->slot] = false;
		*p = att->pending[--att->n_pending];
		return 0;
	}
	return -ENOENT;	/* a reply to nothing we asked */
}

static void airlock_ctrl_replies(struct airlock_dev *adev, struct airlock_att *att)
{
	struct airlock_ctrl_msg rsp;
	bool waited = false;
	u32 avail, i;
	int ret = 0;

	spin_lock_bh(&att->ctrl_lock);
	if (airlock_ring_consumable(&att->ctrl_rsp, &avail)) {
		ret = -EBADMSG;
		goto out;
	}
	for (i = 0; i < avail; i++) {
		memcpy(&rsp, airlock_ring_entry(&att->ctrl_rsp, att->ctrl_rsp.local),
		       sizeof(rsp.seq) + sizeof(rsp.opcode) + sizeof(rsp.flags) +
		       sizeof(rsp.status));
		barrier();
		att->ctrl_rsp.local++;
		if (!airlock_check_ctrl_status(rsp.status)) {
			ret = -EINVAL;
			break;
		}
		/*
		 * Within the ABI, but not for user space: ERESTARTSYS out of
		 * ndo_open would reach "ip link set up" as errno 512, or make
		 * the kernel restart the call.
		 */
		if (airlock_ctrl_user_status(rsp.status) != rsp.status) {
			atomic64_inc(&adev->cnt.ctrl_bad_errno);
			net_info_ratelimited("%s: driver answered control op %u with %d, not an errno for user space: EIO\n",
					     netdev_name(adev->netdev), rsp.opcode,
					     rsp.status);
			rsp.status = -EIO;
		}
		ret = airlock_ctrl_complete(att, &rsp, &waited);
		if (ret)
			break;
		if (rsp.status) {
			/* A caller that heard the refusal undid its change. */
			if (!waited)
				att->ctrl_failed = true;
			atomic64_inc(&adev->cnt.ctrl_errors);
			net_info_ratelimited("%s: driver failed control op %u: %d\n",
					     netdev_name(adev->netdev), rsp.opcode,
					     rsp.status);
		}
	}
	airlock_ring_consume(&att->ctrl_rsp);

	/* Requests past their deadline: a driver that stopped answering. */
	for (i = 0; i < att->n_pending; ) {
		if (time_after(jiffies, att->pending[i].deadline)) {
			if (att->pending[i].flags & AIRLOCK_CTRL_F_REPLAY)
				att->replay_left--;
			airlock_ctrl_answered(adev, att->pending[i].opcode, -ETIMEDOUT);
			att->pending[i] = att->pending[--att->n_pending];
			att->ctrl_failed = true;
			atomic64_inc(&adev->cnt.ctrl_errors);
			continue;
		}
		i++;
	}
out:
	spin_unlock_bh(&att->ctrl_lock);
	if (ret == -EBADMSG)
		airlock_violation(att, "control response ring index");
	else if (ret)
		airlock_violation(att, "control reply to no request");
}

/* Adds what the driver counted since we last looked; a drop means a reset. */
static void airlock_fold(atomic64_t *total, u64 *last, u64 now)
{
	if (now > *last)
		atomic64_add(now - *last, total);
	*last = now;
}

static void airlock_driver_stats(struct airlock_dev *adev, struct airlock_att *att)
{
	struct airlock_stats *st = &att->state->stats;
	struct airlock_stats *last = &att->last_stats;
	struct airlock_counters *c = &adev->cnt;

	airlock_fold(&c->drv_rx_errors, &last->rx_errors, READ_ONCE(st->rx_errors));
	airlock_fold(&c->drv_tx_errors, &last->tx_errors, READ_ONCE(st->tx_errors));
	airlock_fold(&c->drv_rx_dropped, &last->rx_dropped, READ_ONCE(st->rx_dropped));
	airlock_fold(&c->drv_tx_dropped, &last->tx_dropped, READ_ONCE(st->tx_dropped));
}

/*
 * Whether a doorbell needs the service work now rather than at its next
 * period: the driver posted replies (or broke the reply ring), or its
 * link is not what the carrier shows. A doorbell rung for frames alone
 * would otherwise wake a kworker per frame. Any context: the look at our
 * own ring index is racy, and errs only towards running the service.
 */
bool airlock_ctrl_service_wanted(struct airlock_att *att)
{
	u32 avail;

	if (airlock_ring_consumable(&att->ctrl_rsp, &avail) || avail)
		return true;
	return (READ_ONCE(att->state->link_up) == 1) != netif_carrier_ok(att->adev->netdev);
}

void airlock_service_work(struct work_struct *work)
{
	struct airlock_dev *adev = container_of(to_delayed_work(work),
						struct airlock_dev, service);
	struct net_device *netdev = adev->netdev;
	struct airlock_att *att;
	bool carrier = false, tso = false, dirty;

	rcu_read_lock();
	att = rcu_dereference(adev->att);
	if (!att || atomic_read(&att->broken))
		goto out;

	airlock_ctrl_replies(adev, att);
	/*
	 * A backstop for doorbells never rung: frames published silently, or
	 * an index broken by a driver that then went quiet, wait at most one
	 * service period instead of forever.
	 */
	local_bh_disable();
	airlock_schedule_busy_napis(att);
	local_bh_enable();
	airlock_ctrl_replay(adev, att);
	spin_lock_bh(&adev->shadow_lock);
	dirty = adev->rx_mode_dirty;
	spin_unlock_bh(&adev->shadow_lock);
	/* Until the replay's own rx-mode step is posted, that step takes it. */
	if (dirty && att->replay_step > AIRLOCK_REPLAY_RX_MODE)
		airlock_ctrl_post_rx_mode(adev, att, 0);
	airlock_driver_stats(adev, att);
	tso = READ_ONCE(att->state->tx_offloads) & AIRLOCK_TX_OFFLOAD_TSO4;
	WRITE_ONCE(att->tso, tso);

	carrier = !atomic_read(&att->broken) && airlock_ctrl_replayed(att) && !att->ctrl_failed &&
		  READ_ONCE(att->state->link_up) == 1;
out:
	/*
	 * Set what was decided only if att is still the attachment and the
	 * device still running, under the lock detach and ndo_stop drop the
	 * carrier under: a detach or stop between the decision and
	 * netif_carrier_on() would be undone, the carrier left on with no
	 * driver. att cannot be freed and reused meanwhile (rcu_read_lock).
	 */
	spin_lock_bh(&adev->carrier_lock);
	if (rcu_access_pointer(adev->att) != att || !netif_running(netdev))
		carrier = false;
	if (carrier && !netif_carrier_ok(netdev))
		netif_carrier_on(netdev);
	else if (!carrier && netif_carrier_ok(netdev))
		netif_carrier_off(netdev);
	spin_unlock_bh(&adev->carrier_lock);
	rcu_read_unlock();
	airlock_tso_follow(adev, tso);
	queue_delayed_work(airlock_wq, &adev->service, AIRLOCK_SERVICE_PERIOD);
}

void airlock_shadow_get(struct airlock_dev *adev, struct airlock_shadow *ret)
{
	struct airlock_shadow_state *sh = &adev->shadow;
	struct airlock_counters *c = &adev->cnt;

	memset(ret, 0, sizeof(*ret));
	ret->id = adev->id;
	spin_lock_bh(&adev->shadow_lock);
	ret->flags = sh->up ? AIRLOCK_SHADOW_UP : 0;
	ret->rx_mode = sh->rx_mode;
	ret->n_uc = sh->n_uc;
	ret->n_mc = sh->n_mc;
	ret->features = sh->features;
	ret->rx_pending = sh->ring.rx_pending;
	ret->tx_pending = sh->ring.tx_pending;
	ret->msglevel = sh->msglevel;
	spin_unlock_bh(&adev->shadow_lock);
	memcpy(ret->mac, adev->netdev->dev_addr, ETH_ALEN);
	ret->mtu = READ_ONCE(adev->netdev->mtu);
	/*
	 * Not under rtnl (destroy takes rtnl while airlock_mutex waits): a
	 * rename racing this copy can mix two names; ifindex is exact.
	 */
	strscpy(ret->ifname, adev->netdev->name, sizeof(ret->ifname));
	ret->ifindex = adev->netdev->ifindex;
	ret->n_queues = adev->params.n_queues;
	ret->attached = rcu_access_pointer(adev->att) ? 1 : 0;
	ret->generation = adev->generation;
	ret->ctrl_errors = atomic64_read(&c->ctrl_errors);
	ret->violations = atomic64_read(&c->violations);
	ret->tx_dropped_detached = atomic64_read(&c->tx_dropped_detached);
	ret->tx_timeouts = atomic64_read(&c->tx_timeouts);
	ret->ctrl_bad_errno = atomic64_read(&c->ctrl_bad_errno);
	ret->feat_changes_limited = atomic64_read(&c->feat_changes_limited);
}
