// SPDX-License-Identifier: GPL-2.0-only
/*
 * RX buffers lent to the driver, so that a device receives into the stub's
 * buffer and the frame is posted where it lies, without a copy.
 *
 * By default a port serves RX buffer i to the slots i, i + count, ... of
 * the RX ring (port.c): a buffer is only ever written just before it is
 * posted. A driver that keeps buffers on its device's receive ring holds
 * them for an unknown time, in any order, and may carve one buffer into
 * several receive fragments (a 64 KiB buffer holds some 25 of e1000's),
 * each posted at its own offset. So a port that lends keeps its RX
 * buffers in a free stack instead, and counts per buffer
 *
 *   held    the driver's holds: one per fragment it has (its device may
 *           be writing it) and one while it carves the buffer;
 *   posted  RX ring entries that name the buffer and the kernel has not
 *           consumed yet (abi.h, RX).
 *
 * A buffer goes back on the stack when both are 0; while either is not,
 * it is never copied into nor lent again. Posting a fragment turns one of
 * the driver's holds into a ring entry.
 *
 * The stack keeps the most recently freed buffer on top (warm in cache).
 * The driver may only take buffers beyond a reserve, so frames it
 * receives into its own memory (a heap fragment) can still be copied. The
 * kernel is trusted here: it validates what we post, and its consumer
 * index is checked by the ring (-EBADMSG).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>

#include "runtime-internal.h"

struct rx_buf_use {
	uint32_t held;
	uint32_t posted;
};

struct rt_rx_lend {
	uint32_t *free;		/* buffer indices relative to rx_bufs.first */
	uint32_t n_free;
	uint32_t reserve;
	uint32_t *slot_buf;	/* per RX slot: the buffer posted there */
	uint32_t reclaimed;	/* ring index up to which slots were given back */
	struct rx_buf_use *use;	/* per buffer */
};

int airlock_port_rx_lend_start(struct airlock_port *p, unsigned int reserve)
{
	uint32_t count = p->rx_bufs.count, entries = airlock_ring_entries(&p->rx);
	struct rt_rx_lend *l;
	int space = airlock_ring_space(&p->rx);

	if (p->lend)
		return -EBUSY;
	if (space < 0)
		return space;
	/* Only before the first post: buffers the kernel may hold are not tracked yet. */
	if ((uint32_t)space != entries)
		return -EBUSY;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->free = calloc(count ? count : 1, sizeof(*l->free));
	l->slot_buf = calloc(entries, sizeof(*l->slot_buf));
	l->use = calloc(count ? count : 1, sizeof(*l->use));
	if (!l->free || !l->slot_buf || !l->use) {
		free(l->free);
		free(l->slot_buf);
		free(l->use);
		free(l);
		return -ENOMEM;
	}
	/* Buffer 0 on top: the order the slot rule would have used them. */
	for (uint32_t i = 0; i < count; i++)
		l->free[i] = count - 1 - i;
	l->n_free = count;
	l->reserve = reserve;
	l->reclaimed = p->rx.own;
	p->lend = l;
	return 0;
}

void rt_rx_lend_free(struct airlock_port *p)
{
	struct rt_rx_lend *l = p->lend;

	if (!l)
		return;
	free(l->free);
	free(l->slot_buf);
	free(l->use);
	free(l);
	p->lend = NULL;
}

/* Back on the stack once neither the driver nor the ring has it. */
static void put_if_unused(struct rt_rx_lend *l, uint32_t rel)
{
	if (l->use[rel].held == 0 && l->use[rel].posted == 0)
		l->free[l->n_free++] = rel;
}

/* Gives back the buffers of every slot the kernel has consumed since the last look. */
static int reclaim(struct airlock_port *p)
{
	struct rt_rx_lend *l = p->lend;
	int space = airlock_ring_space(&p->rx);
	uint32_t consumed;

	if (space < 0)
		return space;
	consumed = p->rx.own - (airlock_ring_entries(&p->rx) - (uint32_t)space);
	for (; l->reclaimed != consumed; l->reclaimed++) {
		uint32_t rel = l->slot_buf[l->reclaimed & p->rx.mask];

		l->use[rel].posted--;
		put_if_unused(l, rel);
	}
	return space;
}

int rt_rx_lend_space(struct airlock_port *p)
{
	int space = reclaim(p);

	if (space < 0)
		return space;
	return (uint32_t)space < p->lend->n_free ? space : (int)p->lend->n_free;
}

uint32_t rt_rx_lend_peek(const struct airlock_port *p, unsigned int k)
{
	const struct rt_rx_lend *l = p->lend;

	return k < l->n_free ? p->rx_bufs.first + l->free[l->n_free - 1 - k] : UINT32_MAX;
}

int rt_rx_lend_post(struct airlock_port *p, const struct airlock_desc *descs, unsigned int n)
{
	struct rt_rx_lend *l = p->lend;
	uint32_t first_slot = p->rx.own;
	int r;

	/* They must be the top n of the stack, in the order rx_buf gave them. */
	if (n > l->n_free)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++)
		if (descs[i].buf != rt_rx_lend_peek(p, i))
			return -EINVAL;
	r = airlock_ring_enqueue(&p->rx, descs, n);
	if (r < 0)
		return r;
	if ((unsigned int)r != n)
		return -ENOSPC;
	for (unsigned int i = 0; i < n; i++) {
		uint32_t rel = l->free[--l->n_free];

		l->slot_buf[(first_slot + i) & p->rx.mask] = rel;
		l->use[rel].posted = 1;
	}
	p->produced_rx = true;
	return 0;
}

int airlock_port_rx_lend(struct airlock_port *p, uint32_t *ret_buf, void **ret_addr)
{
	struct rt_rx_lend *l = p->lend;
	uint32_t rel;
	int r;

	if (!l)
		return -EOPNOTSUPP;
	r = reclaim(p);
	if (r < 0)
		return r;
	if (l->n_free <= l->reserve)
		return -ENOBUFS;
	rel = l->free[--l->n_free];
	l->use[rel].held = 1;
	*ret_buf = p->rx_bufs.first + rel;
	*ret_addr = airlock_region_buf(p->region, *ret_buf);
	return 0;
}

/* @buf's index in the range if the driver holds it, else -EINVAL. */
static int held_rel(const struct airlock_port *p, uint32_t buf)
{
	uint32_t rel;

	if (!p->lend || !airlock_check_buf(buf, &p->rx_bufs, &rel) || p->lend->use[rel].held == 0)
		return -EINVAL;
	return (int)rel;
}

int airlock_port_rx_hold(struct airlock_port *p, uint32_t buf)
{
	int rel = held_rel(p, buf);

	if (rel < 0)
		return rel;
	p->lend->use[rel].held++;
	return 0;
}

int airlock_port_rx_unlend(struct airlock_port *p, uint32_t buf)
{
	int rel = held_rel(p, buf);

	if (rel < 0)
		return rel;
	p->lend->use[rel].held--;
	put_if_unused(p->lend, (uint32_t)rel);
	return 0;
}

int airlock_port_rx_post_lent(struct airlock_port *p, uint32_t buf, uint32_t offset, uint32_t len)
{
	const struct airlock_desc d = {
		.buf = buf, .len = (uint16_t)len, .offset = (uint16_t)offset,
	};
	int rel = held_rel(p, buf), r;

	if (rel < 0)
		return rel;
	if (offset > airlock_port_buf_size(p) || len > airlock_port_buf_size(p) - offset ||
	    offset > UINT16_MAX || len > UINT16_MAX)
		return -EMSGSIZE;
	/*
	 * Fragments of one buffer take an entry each, so the ring can be full
	 * with buffers to spare: the caller drops the frame, as a copy that
	 * finds no room does.
	 */
	r = airlock_ring_enqueue(&p->rx, &d, 1);
	if (r < 0)
		return r;
	if (r != 1)
		return -ENOSPC;
	p->lend->slot_buf[(p->rx.own - 1) & p->rx.mask] = (uint32_t)rel;
	p->lend->use[rel].held--;
	p->lend->use[rel].posted++;
	p->produced_rx = true;
	return 0;
}

bool airlock_port_rx_lending(const struct airlock_port *p)
{
	return p->lend != NULL;
}
