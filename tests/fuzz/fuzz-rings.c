// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzes the checks airlock.ko applies to what a driver writes after attach
 * (airlock/ring_check.h: ring fill levels, RX and return descriptors,
 * control reply status), the same header the module compiles. The input is
 * a driver's moves: ring indices, descriptors, replies. A model of the
 * stub's loops (netdev.c's NAPI poll, TX reclaim and xmit) acts on each
 * verdict with real memory: the pool is a heap block of exactly the
 * validated size and every accepted frame is copied out of it, so a check
 * that lets a bad index or length through is an AddressSanitizer report.
 * The model also keeps the stub's buffer ownership (free stack and lent
 * bits) and aborts if a verdict would ever make them disagree.
 *
 * Input: 4 bytes geometry, then 1-byte opcodes each followed by its operands.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <airlock/abi.h>
#include <airlock/ring_check.h>

#include "fuzz.h"
#include "region.h"

#define NAPI_BUDGET 64

struct model {
	struct airlock_region_hdr h;
	struct airlock_queue_loc q;
	uint8_t *pool;
	uint32_t mtu;
	/* The shared slots the driver writes. */
	struct airlock_desc rx_slots[AIRLOCK_RING_MAX_ENTRIES], ret_slots[AIRLOCK_RING_MAX_ENTRIES];
	/* The kernel's private indices. */
	uint32_t rx_local, ret_local, tx_local;
	/* TX ownership as in struct airlock_att. */
	uint32_t tx_free[AIRLOCK_RING_MAX_ENTRIES], n_free;
	bool lent[AIRLOCK_RING_MAX_ENTRIES];
	bool broken;
	uint8_t frame[65536];
};

static void need(int cond)
{
	if (!cond)
		abort();
}

struct input {
	const uint8_t *p;
	size_t left;
};

static uint32_t take(struct input *in, size_t n)
{
	uint32_t v = 0;

	for (size_t i = 0; i < n && in->left; i++, in->left--)
		v |= (uint32_t)*in->p++ << (8 * i);
	return v;
}

static int model_init(struct model *m, struct input *in)
{
	struct airlock_region_params p = { .n_queues = 1 };
	uint32_t g = take(in, 4);

	p.queue_entries = 2U << (g % 11);		/* 2 .. 2048 */
	p.ctrl_entries = 2U << ((g >> 4) % 7);		/* 2 .. 128 */
	p.buf_size = AIRLOCK_BUF_SIZE_MIN << ((g >> 8) % 4);
	/* Up to 256 buffers a direction: the pool is allocated for every input. */
	p.n_bufs = 2 * (1 + (g >> 12) % (p.queue_entries < 256 ? p.queue_entries : 256));
	if (airlock_region_layout(&p, &m->h) < 0)
		return -EINVAL;
	m->q = m->h.queues[0];
	m->mtu = AIRLOCK_MIN_MTU + (g >> 20) % (AIRLOCK_MAX_MTU - AIRLOCK_MIN_MTU + 1);
	m->pool = malloc(m->h.pool_size);
	if (!m->pool)
		return -ENOMEM;
	for (uint32_t i = 0; i < m->q.tx_bufs.count; i++)
		m->tx_free[i] = m->q.tx_bufs.count - 1 - i;
	m->n_free = m->q.tx_bufs.count;
	return 0;
}

static void check_ownership(const struct model *m)
{
	uint32_t lent = 0;

	for (uint32_t i = 0; i < m->q.tx_bufs.count; i++)
		lent += m->lent[i];
	need(lent + m->n_free == m->q.tx_bufs.count);
}

/* netdev.c airlock_napi_poll + airlock_rx_one, on verdicts only. */
static void napi_poll(struct model *m, uint32_t producer)
{
	uint32_t avail, done = 0, max_len = m->mtu + AIRLOCK_FRAME_OVERHEAD;

	if (airlock_check_consumable(producer, m->rx_local, m->q.rx.entries, &avail)) {
		m->broken = true;
		return;
	}
	need(avail <= m->q.rx.entries);
	while (done < NAPI_BUDGET && avail--) {
		struct airlock_desc d = m->rx_slots[m->rx_local & (m->q.rx.entries - 1)];

		m->rx_local++;
		done++;
		switch (airlock_check_rx_desc(&d, &m->q.rx_bufs, max_len, m->h.buf_size)) {
		case 0:
			/* What the stub's skb_put_data does: ASan guards the pool's edges. */
			memcpy(m->frame, m->pool + (size_t)d.buf * m->h.buf_size, d.len);
			need(d.len >= AIRLOCK_ETH_HLEN && d.len <= max_len);
			break;
		case -EMSGSIZE:
			break;
		default:
			m->broken = true;
			return;
		}
	}
}

/* netdev.c airlock_tx_reclaim_locked. */
static void reclaim(struct model *m, uint32_t producer)
{
	uint32_t avail, rel;

	if (airlock_check_consumable(producer, m->ret_local, m->q.ret.entries, &avail)) {
		m->broken = true;
		return;
	}
	for (uint32_t i = 0; i < avail; i++) {
		struct airlock_desc d = m->ret_slots[m->ret_local & (m->q.ret.entries - 1)];

		if (airlock_check_ret_desc(&d, &m->q.tx_bufs, &rel) || !m->lent[rel]) {
			m->broken = true;
			return;
		}
		need(rel < m->q.tx_bufs.count && m->n_free < m->q.tx_bufs.count);
		m->lent[rel] = false;
		m->tx_free[m->n_free++] = rel;
		m->ret_local++;
	}
}

/* netdev.c airlock_start_xmit: the driver's TX consumer index decides the room. */
static void xmit(struct model *m, uint32_t consumer, uint16_t len)
{
	uint32_t room, rel, buf;

	if (airlock_check_producible(consumer, m->tx_local, m->q.tx.entries, &room)) {
		m->broken = true;
		return;
	}
	need(room <= m->q.tx.entries);
	if (!room || !m->n_free || len > m->h.buf_size)
		return;
	rel = m->tx_free[--m->n_free];
	need(!m->lent[rel]);
	m->lent[rel] = true;
	buf = m->q.tx_bufs.first + rel;
	memset(m->pool + (size_t)buf * m->h.buf_size, 0xee, len);
	m->tx_local++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct input in = { data, len };
	struct model *m = calloc(1, sizeof(*m));

	if (!m)
		return 0;
	if (model_init(m, &in) < 0)
		goto out;
	while (in.left && !m->broken) {
		struct airlock_desc d;
		uint8_t op = (uint8_t)take(&in, 1);
		int32_t status;

		switch (op % 6) {
		case 0:	/* driver writes an RX slot */
		case 1:	/* ... or a return slot */
			d.buf = take(&in, 4);
			d.len = (uint16_t)take(&in, 2);
			d.flags = (uint16_t)take(&in, 2);
			if (op % 6 == 0)
				m->rx_slots[take(&in, 2) & (m->q.rx.entries - 1)] = d;
			else
				m->ret_slots[take(&in, 2) & (m->q.ret.entries - 1)] = d;
			break;
		case 2:	/* RX producer moves (by a delta: small ones are the interesting ones) */
			napi_poll(m, m->rx_local + take(&in, 4));
			break;
		case 3:
			reclaim(m, m->ret_local + take(&in, 4));
			break;
		case 4:
			xmit(m, m->tx_local - take(&in, 4), (uint16_t)take(&in, 2));
			break;
		default:
			status = (int32_t)take(&in, 4);
			need(airlock_check_ctrl_status(status) ==
			     (status <= 0 && status >= -AIRLOCK_CTRL_MAX_ERRNO));
			/* What user space may see: 0, a standard errno or EIO. */
			need(airlock_ctrl_user_status(status) == status ?
			     status <= 0 && status >= -133 :
			     airlock_ctrl_user_status(status) == -EIO);
			break;
		}
		check_ownership(m);
	}
out:
	free(m->pool);
	free(m);
	return 0;
}
