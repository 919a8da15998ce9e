// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checking a region header: the one piece of the ABI's validation that both
 * sides run. airlock.ko compiles this file as it is (kmod-stub/Kbuild), so
 * what the kernel enforces at attach and what the user-space library and its
 * tests check are the same code. Pure arithmetic on a private copy of the
 * header: no I/O, no allocation, no libc beyond types.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

#include <airlock/abi.h>
#include <airlock/region_check.h>

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static uint64_t ring_bytes(uint32_t entries, uint32_t entry_size)
{
	return AIRLOCK_RING_HDR_SIZE + (uint64_t)entries * entry_size;
}

struct area {
	uint64_t off;
	uint64_t len;
};

/* Area inside [0, size), written so that no sum can overflow. */
static bool area_fits(const struct area *a, uint64_t size, uint64_t align)
{
	return a->off % align == 0 && a->off <= size && a->len <= size - a->off;
}

static bool areas_overlap(const struct area *a, const struct area *b)
{
	return a->off < b->off + b->len && b->off < a->off + a->len;
}

static bool loc_is_zero(const struct airlock_ring_loc *loc)
{
	return loc->offset == 0 && loc->entries == 0 && loc->entry_size == 0;
}

static int check_ring(const struct airlock_ring_loc *loc, uint32_t entry_size,
		      uint32_t max_entries, struct area *ret_area)
{
	if (loc->entry_size != entry_size || !is_pow2(loc->entries))
		return -EINVAL;
	if (loc->entries < AIRLOCK_RING_MIN_ENTRIES || loc->entries > max_entries)
		return -ERANGE;
	ret_area->off = loc->offset;
	ret_area->len = ring_bytes(loc->entries, loc->entry_size);
	return 0;
}

static bool range_fits(const struct airlock_buf_range *b, uint32_t n_bufs)
{
	return b->count >= 1 && b->first < n_bufs && b->count <= n_bufs - b->first;
}

static bool ranges_overlap(const struct airlock_buf_range *a, const struct airlock_buf_range *b)
{
	return a->first < b->first + b->count && b->first < a->first + a->count;
}

static int check_queues(const struct airlock_region_hdr *h, struct area *areas, size_t *n_areas)
{
	struct airlock_buf_range ranges[2 * AIRLOCK_MAX_QUEUES];
	size_t n_ranges = 0;
	int r;

	for (uint32_t q = 0; q < AIRLOCK_MAX_QUEUES; q++) {
		const struct airlock_queue_loc *ql = &h->queues[q];

		if (q >= h->n_queues) {
			if (!loc_is_zero(&ql->tx) || !loc_is_zero(&ql->rx) ||
			    !loc_is_zero(&ql->ret) || ql->tx_bufs.first || ql->tx_bufs.count ||
			    ql->rx_bufs.first || ql->rx_bufs.count)
				return -EINVAL;
			continue;
		}
		r = check_ring(&ql->tx, AIRLOCK_DESC_SIZE, AIRLOCK_RING_MAX_ENTRIES,
			       &areas[(*n_areas)++]);
		if (r < 0)
			return r;
		r = check_ring(&ql->rx, AIRLOCK_DESC_SIZE, AIRLOCK_RING_MAX_ENTRIES,
			       &areas[(*n_areas)++]);
		if (r < 0)
			return r;
		r = check_ring(&ql->ret, AIRLOCK_DESC_SIZE, AIRLOCK_RING_MAX_ENTRIES,
			       &areas[(*n_areas)++]);
		if (r < 0)
			return r;

		/* Every lent buffer must fit in the ring that carries it, or back. */
		if (!range_fits(&ql->tx_bufs, h->n_bufs) || !range_fits(&ql->rx_bufs, h->n_bufs) ||
		    ql->tx_bufs.count > ql->tx.entries || ql->tx_bufs.count > ql->ret.entries ||
		    ql->rx_bufs.count > ql->rx.entries)
			return -EINVAL;
		ranges[n_ranges++] = ql->tx_bufs;
		ranges[n_ranges++] = ql->rx_bufs;
	}

	/* One owner per buffer: no two ranges share one. */
	for (size_t i = 0; i < n_ranges; i++)
		for (size_t j = i + 1; j < n_ranges; j++)
			if (ranges_overlap(&ranges[i], &ranges[j]))
				return -EINVAL;
	return 0;
}

int airlock_region_check(const struct airlock_region_hdr *h, __u64 size)
{
	/* header, 2 control rings, 3 rings per queue, state, addresses, pool */
	struct area areas[1 + 2 + 3 * AIRLOCK_MAX_QUEUES + 3];
	size_t n = 0;
	int r;

	if (size < sizeof(*h))
		return -EMSGSIZE;
	if (h->magic != AIRLOCK_REGION_MAGIC)
		return -EBADMSG;
	if (h->abi_version != AIRLOCK_ABI_VERSION)
		return -EPROTONOSUPPORT;
	if (h->hdr_size != sizeof(*h) || h->flags || h->reserved0 || h->reserved1[0] ||
	    h->reserved1[1])
		return -EINVAL;
	if (h->region_size != size || h->region_size % AIRLOCK_POOL_ALIGN)
		return -EINVAL;
	if (h->region_size > AIRLOCK_REGION_MAX_SIZE)
		return -ERANGE;

	if (h->n_queues == 0 || h->n_queues > AIRLOCK_MAX_QUEUES || h->n_bufs == 0 ||
	    h->n_bufs > AIRLOCK_MAX_BUFS)
		return -ERANGE;
	if (!is_pow2(h->buf_size))
		return -EINVAL;
	if (h->buf_size < AIRLOCK_BUF_SIZE_MIN || h->buf_size > AIRLOCK_BUF_SIZE_MAX)
		return -ERANGE;
	if (h->pool_size != (uint64_t)h->n_bufs * h->buf_size ||
	    h->state_size != sizeof(struct airlock_state) || h->addr_size != AIRLOCK_ADDR_AREA_SIZE)
		return -EINVAL;

	areas[n++] = (struct area){ 0, h->hdr_size };

	r = check_ring(&h->ctrl_req, AIRLOCK_CTRL_MSG_SIZE, AIRLOCK_CTRL_MAX_ENTRIES, &areas[n++]);
	if (r < 0)
		return r;
	r = check_ring(&h->ctrl_rsp, AIRLOCK_CTRL_MSG_SIZE, AIRLOCK_CTRL_MAX_ENTRIES, &areas[n++]);
	if (r < 0)
		return r;
	if (h->ctrl_rsp.entries != h->ctrl_req.entries)
		return -EINVAL;

	r = check_queues(h, areas, &n);
	if (r < 0)
		return r;

	areas[n++] = (struct area){ h->state_offset, h->state_size };
	areas[n++] = (struct area){ h->addr_offset, h->addr_size };
	for (size_t i = 0; i < n; i++)
		if (!area_fits(&areas[i], size, AIRLOCK_REGION_ALIGN))
			return -EINVAL;
	areas[n] = (struct area){ h->pool_offset, h->pool_size };
	if (!area_fits(&areas[n++], size, AIRLOCK_POOL_ALIGN))
		return -EINVAL;

	/* All areas are inside the region now, so these sums cannot overflow. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (areas_overlap(&areas[i], &areas[j]))
				return -EINVAL;
	return 0;
}

