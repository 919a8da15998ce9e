// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stub's queue 0 and state block from the driver's side: what
 * airlock-wire did inline, shared by every host. The kernel validates all
 * of it anyway; these checks keep an honest driver from tripping them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "doorbell.h"
#include "runtime.h"

int airlock_host_tx_take(struct airlock_host *h, struct airlock_desc *descs, unsigned int max)
{
	return airlock_ring_dequeue(&h->q.tx, descs, max);
}

const void *airlock_host_tx_frame(struct airlock_host *h, const struct airlock_desc *d)
{
	const struct airlock_buf_range *b = &h->region.hdr.queues[0].tx_bufs;

	if (d->buf < b->first || d->buf - b->first >= b->count ||
	    d->len > h->region.hdr.buf_size)
		return NULL;
	return airlock_region_buf(&h->region, d->buf);
}

int airlock_host_tx_return(struct airlock_host *h, const struct airlock_desc *descs, unsigned int n)
{
	int r;

	if (n == 0)
		return 0;
	r = airlock_ring_enqueue(&h->q.ret, descs, n);
	if (r < 0)
		return r;
	/* The return ring holds every buffer that can be out: full is a bug. */
	if ((unsigned int)r != n)
		return -ENOSPC;
	if (airlock_ring_needs_wakeup(&h->q.ret))
		h->q.tx_kick = true;
	return 0;
}

int airlock_host_rx_space(struct airlock_host *h)
{
	uint32_t count = h->q.rx_bufs.count;
	int space = airlock_ring_space(&h->q.rx);
	uint32_t in_flight, free_bufs;

	if (space < 0)
		return space;
	/*
	 * Buffer i serves the slots i, i + count, ...: the slot count
	 * places back must have been consumed before the buffer is reused,
	 * which a ring with more entries than buffers doesn't ensure alone.
	 */
	in_flight = airlock_ring_entries(&h->q.rx) - (uint32_t)space;
	free_bufs = in_flight < count ? count - in_flight : 0;
	return (uint32_t)space < free_bufs ? space : (int)free_bufs;
}

void *airlock_host_rx_buf(struct airlock_host *h, unsigned int k, uint32_t *ret_index)
{
	uint32_t idx;

	if (h->q.rx_bufs.count == 0)
		return NULL;
	idx = h->q.rx_bufs.first + (h->q.rx.own + k) % h->q.rx_bufs.count;
	if (ret_index)
		*ret_index = idx;
	return airlock_region_buf(&h->region, idx);
}

int airlock_host_rx_post(struct airlock_host *h, const struct airlock_desc *descs, unsigned int n)
{
	int r;

	if (n == 0)
		return 0;
	r = airlock_ring_enqueue(&h->q.rx, descs, n);
	if (r < 0)
		return r;
	if ((unsigned int)r != n)
		return -ENOSPC;
	if (airlock_ring_needs_wakeup(&h->q.rx))
		h->q.rx_kick = true;
	return 0;
}

void airlock_host_flush(struct airlock_host *h)
{
	if (!h->q.rx_kick && !h->q.tx_kick)
		return;
	airlock_doorbell_kick(AIRLOCK_HOST_FD_DOORBELL);
	h->q.rx_kick = h->q.tx_kick = false;
}

void airlock_host_set_link(struct airlock_host *h, bool up, uint32_t speed_mbps)
{
	__atomic_store_n(&h->state->speed, up ? speed_mbps : AIRLOCK_SPEED_UNKNOWN, __ATOMIC_RELAXED);
	__atomic_store_n(&h->state->duplex, up ? AIRLOCK_DUPLEX_FULL : AIRLOCK_DUPLEX_UNKNOWN,
			 __ATOMIC_RELAXED);
	/* Release: speed and duplex are in place when the kernel sees the link. */
	__atomic_store_n(&h->state->link_up, up ? 1U : 0U, __ATOMIC_RELEASE);
}

int airlock_host_stats_names(struct airlock_host *h, const char *const *names, unsigned int n)
{
	if (n > AIRLOCK_MAX_ETHTOOL_STATS)
		return -E2BIG;
	for (unsigned int i = 0; i < n; i++) {
		if (strlen(names[i]) >= AIRLOCK_ETH_GSTRING_LEN)
			return -ENAMETOOLONG;
		memset(h->state->ethtool_names[i], 0, AIRLOCK_ETH_GSTRING_LEN);
		memcpy(h->state->ethtool_names[i], names[i], strlen(names[i]));
		h->state->ethtool_values[i] = 0;
	}
	__atomic_store_n(&h->state->n_ethtool_stats, n, __ATOMIC_RELEASE);
	return 0;
}

void airlock_host_stat_set(struct airlock_host *h, unsigned int i, uint64_t value)
{
	if (i < AIRLOCK_MAX_ETHTOOL_STATS)
		__atomic_store_n(&h->state->ethtool_values[i], value, __ATOMIC_RELAXED);
}
