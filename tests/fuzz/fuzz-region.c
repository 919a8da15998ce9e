// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzes airlock_region_check() (ipc/region_check.c, compiled as it is into
 * airlock.ko) with a region size and a header. Whenever the check accepts,
 * an independent oracle, written with 128-bit arithmetic and none of the
 * check's helpers, re-derives what acceptance promises the kernel: every
 * area inside the region, aligned, disjoint from the others; buffer ranges
 * inside the pool, disjoint, each fitting the rings that carry it. A broken
 * promise aborts, which libFuzzer reports as a crash.
 *
 * Input: 8 bytes region size (little endian), then the header (zero-padded).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <airlock/abi.h>
#include <airlock/region_check.h>

#include "fuzz.h"

typedef unsigned __int128 u128;

struct span {
	u128 off, len;
};

static void need(int cond)
{
	if (!cond)
		abort();
}

static int pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static struct span ring_span(const struct airlock_ring_loc *l, uint32_t entry_size,
			     uint32_t max_entries, uint64_t size)
{
	struct span s = { l->offset, AIRLOCK_RING_HDR_SIZE + (u128)l->entries * l->entry_size };

	need(l->entry_size == entry_size && pow2(l->entries));
	need(l->entries >= AIRLOCK_RING_MIN_ENTRIES && l->entries <= max_entries);
	need(l->offset % AIRLOCK_REGION_ALIGN == 0);
	need(s.off + s.len <= size);
	return s;
}

static int disjoint(const struct airlock_buf_range *a, const struct airlock_buf_range *b)
{
	return (uint64_t)a->first + a->count <= b->first || (uint64_t)b->first + b->count <= a->first;
}

/* What an accepted header promises, derived again from scratch. */
static void oracle(const struct airlock_region_hdr *h, uint64_t size)
{
	struct span s[3 + 2 + 3 * AIRLOCK_MAX_QUEUES + 1];
	struct airlock_buf_range ranges[2 * AIRLOCK_MAX_QUEUES];
	size_t n = 0, nr = 0;

	need(size >= sizeof(*h) && size <= AIRLOCK_REGION_MAX_SIZE && size % AIRLOCK_POOL_ALIGN == 0);
	need(h->region_size == size && h->magic == AIRLOCK_REGION_MAGIC);
	need(h->n_queues >= 1 && h->n_queues <= AIRLOCK_MAX_QUEUES);
	need(h->n_bufs >= 1 && h->n_bufs <= AIRLOCK_MAX_BUFS);
	need(pow2(h->buf_size) && h->buf_size >= AIRLOCK_BUF_SIZE_MIN &&
	     h->buf_size <= AIRLOCK_BUF_SIZE_MAX);

	s[n++] = (struct span){ 0, sizeof(*h) };
	s[n++] = ring_span(&h->ctrl_req, AIRLOCK_CTRL_MSG_SIZE, AIRLOCK_CTRL_MAX_ENTRIES, size);
	s[n++] = ring_span(&h->ctrl_rsp, AIRLOCK_CTRL_MSG_SIZE, AIRLOCK_CTRL_MAX_ENTRIES, size);
	need(h->ctrl_req.entries == h->ctrl_rsp.entries);
	for (uint32_t q = 0; q < AIRLOCK_MAX_QUEUES; q++) {
		const struct airlock_queue_loc *ql = &h->queues[q];
		static const struct airlock_queue_loc zero;

		if (q >= h->n_queues) {
			need(!memcmp(ql, &zero, sizeof(zero)));
			continue;
		}
		s[n++] = ring_span(&ql->tx, AIRLOCK_DESC_SIZE, AIRLOCK_RING_MAX_ENTRIES, size);
		s[n++] = ring_span(&ql->rx, AIRLOCK_DESC_SIZE, AIRLOCK_RING_MAX_ENTRIES, size);
		s[n++] = ring_span(&ql->ret, AIRLOCK_DESC_SIZE, AIRLOCK_RING_MAX_ENTRIES, size);
		need(ql->tx_bufs.count >= 1 && ql->rx_bufs.count >= 1);
		need((uint64_t)ql->tx_bufs.first + ql->tx_bufs.count <= h->n_bufs);
		need((uint64_t)ql->rx_bufs.first + ql->rx_bufs.count <= h->n_bufs);
		need(ql->tx_bufs.count <= ql->tx.entries && ql->tx_bufs.count <= ql->ret.entries);
		need(ql->rx_bufs.count <= ql->rx.entries);
		ranges[nr++] = ql->tx_bufs;
		ranges[nr++] = ql->rx_bufs;
	}
	need(h->state_size == sizeof(struct airlock_state) && h->state_offset % AIRLOCK_REGION_ALIGN == 0);
	need(h->addr_size == AIRLOCK_ADDR_AREA_SIZE && h->addr_offset % AIRLOCK_REGION_ALIGN == 0);
	need(h->pool_offset % AIRLOCK_POOL_ALIGN == 0);
	need((u128)h->pool_size == (u128)h->n_bufs * h->buf_size);
	s[n++] = (struct span){ h->state_offset, h->state_size };
	s[n++] = (struct span){ h->addr_offset, h->addr_size };
	s[n++] = (struct span){ h->pool_offset, h->pool_size };
	for (size_t i = 0; i < n; i++) {
		need(s[i].off + s[i].len <= size);
		for (size_t j = i + 1; j < n; j++)
			need(s[i].off + s[i].len <= s[j].off || s[j].off + s[j].len <= s[i].off);
	}
	for (size_t i = 0; i < nr; i++)
		for (size_t j = i + 1; j < nr; j++)
			need(disjoint(&ranges[i], &ranges[j]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct airlock_region_hdr h, copy;
	uint64_t size = 0;
	int r;

	if (len < sizeof(size))
		return 0;
	memcpy(&size, data, sizeof(size));
	memset(&h, 0, sizeof(h));
	len -= sizeof(size);
	memcpy(&h, data + sizeof(size), len < sizeof(h) ? len : sizeof(h));

	copy = h;
	r = airlock_region_check(&h, size);
	/* Pure: the header is untouched and the answer the same each time. */
	need(!memcmp(&h, &copy, sizeof(h)) && airlock_region_check(&h, size) == r);
	need(r == 0 || r == -EMSGSIZE || r == -EBADMSG || r == -EPROTONOSUPPORT ||
	     r == -ERANGE || r == -EINVAL);
	if (r == 0)
		oracle(&h, size);
	return 0;
}
