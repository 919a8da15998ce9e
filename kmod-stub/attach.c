// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attachments: a driver process starts serving a device (region + doorbells)
 * and stops, because its file closed, it asked to, the device went away, or
 * it broke the ABI. The netdev and its configuration stay either way.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

#include "airlock.h"

/*
 * One doorbell serves every queue (the ABI has one eventfd per direction):
 * schedule the NAPIs whose rings have something for us. Looking at a
 * producer index is cheap; a garbage one schedules the NAPI, whose poll
 * reports it. Hard IRQ context, or bottom halves off.
 */
void airlock_schedule_busy_napis(struct airlock_att *att)
{
	u32 i;

	for (i = 0; i < att->n_queues; i++)
		if (airlock_queue_has_work(&att->queues[i]))
			napi_schedule(&att->adev->napis[i].napi);
}

/*
 * Why not napi_schedule() straight from the wake callback: that runs in
 * the driver's write() with interrupts off, where scheduling a NAPI only
 * marks NET_RX_SOFTIRQ pending, and the softirq then waits for that CPU's
 * next interrupt (up to a tick: every doorbell became milliseconds of
 * latency). An irq_work runs in hard IRQ context at once (a self-IPI), and
 * the softirq runs as that interrupt returns.
 */
static void airlock_doorbell_irq_work(struct irq_work *work)
{
	airlock_schedule_busy_napis(container_of(work, struct airlock_att, doorbell_work));
}

/*
 * The driver rang its doorbell (eventfd written). Runs under the eventfd's
 * wait-queue lock with interrupts off: only schedule work here.
 */
static int airlock_doorbell_wake(wait_queue_entry_t *wait, unsigned int mode,
				 int sync, void *key)
{
	struct airlock_att *att = container_of(wait, struct airlock_att, wait);
	__poll_t flags = key_to_poll(key);
	u64 count;

	if (flags & EPOLLIN) {
		/* Keep the counter from saturating: drain it under its lock. */
		eventfd_ctx_do_read(att->doorbell, &count);
		irq_work_queue(&att->doorbell_work);
		/* Not for every frame: a kworker wake-up each (ctrl.c). */
		if (airlock_ctrl_service_wanted(att))
			mod_delayed_work(airlock_wq, &att->adev->service, 0);
	}
	return 0;
}

static void airlock_doorbell_queue(struct file *file, wait_queue_head_t *wqh,
				   poll_table *pt)
{
	struct airlock_att *att = container_of(pt, struct airlock_att, pt);

	att->wqh = wqh;
	add_wait_queue(wqh, &att->wait);
}

static int airlock_doorbell_hook(struct airlock_att *att, int fd)
{
	struct fd f = fdget(fd);
	__poll_t events;
	int ret;

	if (!f.file)
		return -EBADF;
	init_irq_work(&att->doorbell_work, airlock_doorbell_irq_work);
	att->doorbell = eventfd_ctx_fileget(f.file);
	if (IS_ERR(att->doorbell)) {
		ret = PTR_ERR(att->doorbell);
		att->doorbell = NULL;
		goto out;
	}
	init_waitqueue_func_entry(&att->wait, airlock_doorbell_wake);
	init_poll_funcptr(&att->pt, airlock_doorbell_queue);
	events = vfs_poll(f.file, &att->pt);
	if (!att->wqh) {
		ret = -EINVAL;
		goto out;
	}
	if (events & EPOLLIN)
		irq_work_queue(&att->doorbell_work);
	ret = 0;
out:
	fdput(f);
	return ret;
}

static void airlock_doorbell_unhook(struct airlock_att *att)
{
	u64 count;

	/* After this the wake callback is not running and won't run again, */
	if (att->wqh)
		eventfd_ctx_remove_wait_queue(att->doorbell, &att->wait, &count);
	/* nor the irq_work it queued. */
	irq_work_sync(&att->doorbell_work);
	if (att->doorbell)
		eventfd_ctx_put(att->doorbell);
}

/*
 * Drops the driver's kick eventfd. Only once nothing can kick any more: an
 * xmit or a control post that found att before it was unpublished rings
 * it, and ours may be the last reference (a killed driver's files are
 * closed in any order).
 */
static void airlock_kick_put(struct airlock_att *att)
{
	if (att->kick)
		eventfd_ctx_put(att->kick);
}

/* Rings the driver's doorbell. Safe in atomic context. */
void airlock_kick(struct airlock_att *att)
{
	eventfd_signal(att->kick, 1);
}

int airlock_attach(struct airlock_file *af, const struct airlock_attach *req)
{
	struct airlock_dev *adev;
	struct airlock_att *att;
	struct file *region;
	int ret;

	lockdep_assert_held(&airlock_mutex);
	if (af->att)
		return -EBUSY;
	adev = airlock_dev_lookup(req->id);
	if (!adev)
		return -ENODEV;
	if (rcu_access_pointer(adev->att))
		return -EBUSY;

	region = fget(req->region_fd);
	if (!region)
		return -EBADF;
	att = airlock_region_attach(region);
	fput(region);	/* the pinned pages hold the memory, not the file */
	if (IS_ERR(att))
		return PTR_ERR(att);
	att->adev = adev;

	/* One set of rings per queue of the netdev, no more, no fewer. */
	if (att->n_queues != adev->params.n_queues) {
		ret = -EINVAL;
		goto fail;
	}
	/* Frames must fit the pool's buffers at the largest MTU allowed. */
	if (att->hdr.buf_size < adev->params.max_mtu + AIRLOCK_FRAME_OVERHEAD) {
		ret = -EMSGSIZE;
		goto fail;
	}
	att->kick = eventfd_ctx_fdget(req->kick_fd);
	if (IS_ERR(att->kick)) {
		ret = PTR_ERR(att->kick);
		att->kick = NULL;
		goto fail;
	}
	ret = airlock_doorbell_hook(att, req->doorbell_fd);
	if (ret)
		goto fail;

	att->owner = af;
	af->att = att;
	adev->generation++;
	/* Fresh instance: link down, its ring sizes and coalescing unsaid, until it says otherwise. */
	WRITE_ONCE(att->state->link_up, 0);
	WRITE_ONCE(att->state->rx_ring_size, 0);
	WRITE_ONCE(att->state->tx_ring_size, 0);
	WRITE_ONCE(att->state->coalesce_known, 0);
	rcu_assign_pointer(adev->att, att);
	airlock_napi_schedule_all(adev);

	/* The service work posts the replay (ctrl.c), now. */
	if (adev->params.tx_policy == AIRLOCK_TX_POLICY_HOLD)
		netif_tx_wake_all_queues(adev->netdev);
	mod_delayed_work(airlock_wq, &adev->service, 0);
	netdev_info(adev->netdev, "driver attached (generation %llu)\n",
		    adev->generation);
	return 0;

fail:
	airlock_doorbell_unhook(att);
	airlock_kick_put(att);	/* never published: nobody else kicks */
	airlock_region_release(att);
	return ret;
}

/* Ends an attachment. Caller holds airlock_mutex; may sleep. */
void airlock_detach(struct airlock_att *att)
{
	struct airlock_dev *adev = att->adev;

	lockdep_assert_held(&airlock_mutex);
	/* The service work decides the carrier under this lock too. */
	spin_lock_bh(&adev->carrier_lock);
	RCU_INIT_POINTER(adev->att, NULL);
	netif_carrier_off(adev->netdev);
	spin_unlock_bh(&adev->carrier_lock);
	if (adev->params.tx_policy == AIRLOCK_TX_POLICY_HOLD)
		netif_tx_stop_all_queues(adev->netdev);
	att->owner->att = NULL;

	airlock_doorbell_unhook(att);
	/* No xmit, NAPI poll or service run still sees att after this. */
	synchronize_net();
	airlock_kick_put(att);
	netdev_info(adev->netdev, "driver detached\n");
	airlock_region_release(att);
}

/*
 * The driver broke the ABI. Called from any context; the attachment ends
 * in process context (violation_work). One rate-limited line per event.
 */
void airlock_violation(struct airlock_att *att, const char *what)
{
	if (atomic_xchg(&att->broken, 1))
		return;
	atomic64_inc(&att->adev->cnt.violations);
	net_warn_ratelimited("%s: driver violated the ABI (%s), detaching\n",
			     netdev_name(att->adev->netdev), what);
	queue_work(airlock_wq, &att->adev->violation_work);
}
