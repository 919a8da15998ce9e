// SPDX-License-Identifier: GPL-2.0-only
/*
 * A port: one stub queue from the driver's side, its TX, RX and return
 * rings over ipc/. The kernel validates everything we post anyway; the
 * checks here keep an honest driver from tripping them, and keep a
 * descriptor outside our ranges from becoming our own crash.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "runtime-internal.h"

/* Descriptors taken off the TX ring per look. */
#define TX_BURST 32

int rt_port_attach(struct airlock_port *p, struct airlock_region *region, unsigned int queue)
{
	const struct airlock_queue_loc *q = &region->hdr.queues[queue];
	int r;

	memset(p, 0, sizeof(*p));
	p->region = region;
	/* The kernel reset the rings at attach: take the indices from there. */
	r = airlock_region_ring(region, &q->tx, AIRLOCK_RING_CONSUMER, &p->tx);
	if (r >= 0)
		r = airlock_region_ring(region, &q->rx, AIRLOCK_RING_PRODUCER, &p->rx);
	if (r >= 0)
		r = airlock_region_ring(region, &q->ret, AIRLOCK_RING_PRODUCER, &p->ret);
	if (r < 0)
		return r;
	p->tx_bufs = q->tx_bufs;
	p->rx_bufs = q->rx_bufs;
	return 0;
}

uint32_t airlock_port_buf_size(const struct airlock_port *p)
{
	return p->region->hdr.buf_size;
}

/* ---- transmit ---- */

unsigned int airlock_port_tx_pending(const struct airlock_port *p)
{
	int n = airlock_ring_count(&p->tx);

	return (n < 0 ? 0 : (unsigned int)n) + p->holding;
}

int airlock_port_tx_done(struct airlock_port *p, uint32_t buf, uint32_t id)
{
	const struct airlock_desc d = { .buf = buf, .id = id };
	int r = airlock_ring_enqueue(&p->ret, &d, 1);

	if (r < 0)
		return r;
	/* The return ring holds every buffer that can be out (abi.h): full is a bug. */
	if (r != 1)
		return -ENOSPC;
	p->produced_ret = true;
	return 0;
}

/* The payload of TX descriptor @d if its buffer and length are ours, else NULL. */
static void *tx_frame(struct airlock_port *p, const struct airlock_desc *d)
{
	uint32_t rel;

	if (!airlock_check_buf(d->buf, &p->tx_bufs, &rel) || d->len > p->region->hdr.buf_size)
		return NULL;
	return airlock_region_buf(p->region, d->buf);
}

/* One frame to the driver: 1 taken, 0 held for later, or -errno. */
static int tx_one(struct airlock_rt *rt, struct airlock_port *p, const struct airlock_desc *d,
		  bool more)
{
	void *frame = tx_frame(p, d);
	int r;

	/* The kernel is trusted: a descriptor outside our range is a broken ring. */
	if (!frame)
		return -EBADMSG;
	r = rt->ops->xmit(rt, p, d, frame, more);
	if (r == -EBUSY) {
		p->held = *d;
		p->holding = true;
		return 0;
	}
	p->holding = false;
	if (r < 0) {
		/* Not sent: the buffer goes back all the same. */
		r = airlock_port_tx_done(p, d->buf, d->id);
		if (r < 0)
			return r;
	}
	return 1;
}

int rt_port_tx_run(struct airlock_rt *rt, struct airlock_port *p, unsigned int budget)
{
	unsigned int taken = 0;

	/*
	 * One descriptor off the ring at a time: a frame the driver refuses
	 * stays the only one held, and the rest stay on the ring, where the
	 * kernel's queue sees them and stops when it is full.
	 */
	while (taken < budget) {
		struct airlock_desc d;
		bool more;
		int r;

		if (p->holding) {
			d = p->held;
		} else {
			r = airlock_ring_dequeue(&p->tx, &d, 1);
			if (r <= 0)
				return r < 0 ? r : (int)taken;
		}
		/* Another frame follows if the ring has one and this round may take it. */
		more = taken + 1 < budget && airlock_ring_count(&p->tx) > 0;
		r = tx_one(rt, p, &d, more);
		if (r <= 0)
			return r < 0 ? r : (int)taken;
		taken++;
	}
	return (int)taken;
}

/* ---- receive ---- */

int airlock_port_rx_space(struct airlock_port *p)
{
	uint32_t count = p->rx_bufs.count, in_flight, free_bufs;
	int space;

	if (p->lend)
		return rt_rx_lend_space(p);
	space = airlock_ring_space(&p->rx);
	if (space < 0)
		return space;
	/*
	 * Buffer i serves the slots i, i + count, ...: the slot count places
	 * back must have been consumed before the buffer is reused, which a
	 * ring with more entries than buffers doesn't ensure alone.
	 */
	in_flight = airlock_ring_entries(&p->rx) - (uint32_t)space;
	free_bufs = in_flight < count ? count - in_flight : 0;
	return (uint32_t)space < free_bufs ? space : (int)free_bufs;
}

void *airlock_port_rx_buf(struct airlock_port *p, unsigned int k, uint32_t *ret_buf)
{
	uint32_t idx;

	if (p->rx_bufs.count == 0)
		return NULL;
	if (p->lend) {
		idx = rt_rx_lend_peek(p, k);
		if (idx == UINT32_MAX)
			return NULL;
		if (ret_buf)
			*ret_buf = idx;
		return airlock_region_buf(p->region, idx);
	}
	idx = p->rx_bufs.first + (p->rx.own + k) % p->rx_bufs.count;
	if (ret_buf)
		*ret_buf = idx;
	return airlock_region_buf(p->region, idx);
}

int airlock_port_rx_post(struct airlock_port *p, const struct airlock_desc *descs, unsigned int n)
{
	int r;

	if (n == 0)
		return 0;
	if (p->lend)
		return rt_rx_lend_post(p, descs, n);
	r = airlock_ring_enqueue(&p->rx, descs, n);
	if (r < 0)
		return r;
	if ((unsigned int)r != n)
		return -ENOSPC;
	p->produced_rx = true;
	return 0;
}

int airlock_port_rx_copy(struct airlock_port *p, const void *const *pieces, const uint32_t *lens,
			 unsigned int n)
{
	struct airlock_desc d = { 0 };
	unsigned char *dst;
	uint64_t total = 0;
	int space = airlock_port_rx_space(p);

	if (space < 0)
		return space;
	if (space == 0)
		return -ENOBUFS;
	for (unsigned int i = 0; i < n; i++)
		total += lens[i];
	if (total > p->region->hdr.buf_size || total > UINT16_MAX)
		return -EMSGSIZE;
	dst = airlock_port_rx_buf(p, 0, &d.buf);
	if (!dst)
		return -EBADMSG;
	d.len = (uint16_t)total;
	for (unsigned int i = 0; i < n; i++) {
		memcpy(dst, pieces[i], lens[i]);
		dst += lens[i];
	}
	return airlock_port_rx_post(p, &d, 1);
}

/* ---- doorbells ---- */

bool rt_port_flush(struct airlock_port *p)
{
	/*
	 * The stub arms NEED_WAKEUP on every ring at attach and clears it only
	 * while its NAPI polls, so a batch that finds NAPI running costs no
	 * system call.
	 */
	bool kick = (p->produced_rx && airlock_ring_needs_wakeup(&p->rx)) ||
		    (p->produced_ret && airlock_ring_needs_wakeup(&p->ret));

	p->produced_rx = p->produced_ret = false;
	return kick;
}

int rt_port_prepare_sleep(struct airlock_port *p)
{
	/*
	 * A held frame waits for the driver (its completion interrupt or a
	 * timer), not for the kernel: frames behind it are no reason to stay
	 * awake.
	 */
	if (p->holding)
		return 0;
	return airlock_ring_prepare_sleep(&p->tx);
}

void rt_port_wake_done(struct airlock_port *p)
{
	airlock_ring_wake_done(&p->tx);
}
