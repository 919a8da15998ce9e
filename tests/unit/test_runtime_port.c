// SPDX-License-Identifier: GPL-2.0-only
/*
 * The driver runtime's port against the stub's end of a real region: with
 * fewer RX buffers than RX ring entries (a geometry the region layout
 * allows), no buffer is handed out while the kernel still has it, however
 * posts and the kernel's consumption interleave; nor when RX buffers are
 * lent to the driver and posted in place; frames the driver refuses
 * with -EBUSY wait, in order, and every other TX buffer comes back once.
 * And the one rule for a driver's control status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "region.h"
#include "ring.h"
#include "runtime-internal.h"

#define ENTRIES 64
#define RX_BUFS 16	/* n_bufs / 2: a quarter of the RX ring's entries */

static struct airlock_region stub;	/* the kernel's mapping */
static struct airlock_ring stub_rx, stub_tx, stub_ret;
static struct airlock_region mine;	/* the driver's */
static struct airlock_port port;

static int busy_left;			/* xmit says -EBUSY this many more times */
static uint32_t xmit_ids[4 * ENTRIES];
static unsigned int n_xmit;

static int fake_xmit(struct airlock_rt *rt, struct airlock_port *p, const struct airlock_desc *d,
		     void *frame, bool more)
{
	if (busy_left > 0) {
		busy_left--;
		return -EBUSY;
	}
	if (n_xmit < sizeof(xmit_ids) / sizeof(xmit_ids[0]))
		xmit_ids[n_xmit] = d->id;
	n_xmit++;
	/* Odd ids: "not sent" (the runtime gives the buffer back); even: done at once. */
	if (d->id & 1)
		return -EIO;
	return airlock_port_tx_done(p, d->buf, d->id);
}

static const struct airlock_driver_ops ops = { .name = "test", .xmit = fake_xmit };
static struct airlock_rt rt = { .ops = &ops };

static int setup(void **unused)
{
	const struct airlock_region_params p = {
		.n_queues = 1, .ctrl_entries = 16, .queue_entries = ENTRIES,
		.n_bufs = 2 * RX_BUFS, .buf_size = 2048,
	};
	const struct airlock_queue_loc *q;
	int r = airlock_region_create(&p, &stub);

	q = &stub.hdr.queues[0];
	if (r == 0)
		r = airlock_region_ring(&stub, &q->rx, AIRLOCK_RING_CONSUMER, &stub_rx);
	if (r == 0)
		r = airlock_region_ring(&stub, &q->tx, AIRLOCK_RING_PRODUCER, &stub_tx);
	if (r == 0)
		r = airlock_region_ring(&stub, &q->ret, AIRLOCK_RING_CONSUMER, &stub_ret);
	if (r == 0)
		r = airlock_region_map(stub.fd, &mine);
	if (r == 0)
		r = rt_port_attach(&port, &mine, 0);
	if (r < 0 || q->rx_bufs.count != RX_BUFS)
		return -1;
	return 0;
}

static int teardown(void **unused)
{
	airlock_region_unmap(&mine);
	airlock_region_unmap(&stub);
	return 0;
}

/*
 * Thousands of rounds of "post what rx_space allows, some of it", then
 * "the kernel consumes some": a buffer the kernel holds (posted, its slot
 * not consumed) is never handed out again.
 */
static void test_rx_buffers_never_handed_out_twice(void **unused)
{
	bool held[AIRLOCK_MAX_BUFS] = { false };
	struct airlock_desc burst[ENTRIES];
	unsigned int posted = 0, consumed = 0, max_out = 0;

	srand(1);
	for (int round = 0; round < 20000; round++) {
		int space = airlock_port_rx_space(&port);
		unsigned int n, out;

		assert_true(space >= 0);
		out = posted - consumed;
		/* Never more out than there are buffers, however many free slots. */
		assert_true(out + (unsigned int)space <= RX_BUFS);
		/* A burst, as a driver receives: buffers for k = 0 .. n-1, then one post. */
		n = space ? (unsigned int)(rand() % (space + 1)) : 0;
		for (unsigned int k = 0; k < n; k++) {
			unsigned char *buf = airlock_port_rx_buf(&port, k, &burst[k].buf);

			assert_non_null(buf);
			assert_true(burst[k].buf - stub.hdr.queues[0].rx_bufs.first < RX_BUFS);
			assert_false(held[burst[k].buf]);
			held[burst[k].buf] = true;
			burst[k].len = 60;
			memset(buf, (int)(posted + k), 60);
		}
		assert_int_equal(airlock_port_rx_post(&port, burst, n), 0);
		posted += n;
		if (posted - consumed > max_out)
			max_out = posted - consumed;
		/* The kernel copies some out, in order; their buffers are free again. */
		n = (unsigned int)(rand() % (posted - consumed + 1));
		for (unsigned int k = 0; k < n; k++) {
			struct airlock_desc d;
			const unsigned char *b;

			assert_int_equal(airlock_ring_dequeue(&stub_rx, &d, 1), 1);
			b = airlock_region_buf(&stub, d.buf);
			/* The frame is still the one posted: nobody wrote over it. */
			assert_int_equal(b[0], (unsigned char)consumed);
			assert_int_equal(b[59], (unsigned char)consumed);
			assert_true(held[d.buf]);
			held[d.buf] = false;
			consumed++;
		}
	}
	/* The ring's slots would have let more out; the buffers did not. */
	assert_int_equal(max_out, RX_BUFS);
}

/* Out of buffers with ring slots to spare: the copy is refused, not written over a held one. */
static void test_rx_copy_refused_when_buffers_run_out(void **unused)
{
	const uint32_t len = 60;
	unsigned char frame[60] = { 0 };
	const void *pieces[] = { frame };
	struct airlock_desc d;
	int space = airlock_port_rx_space(&port);

	for (int i = 0; i < space; i++)
		assert_int_equal(airlock_port_rx_copy(&port, pieces, &len, 1), 0);
	assert_true(airlock_ring_space(&port.rx) > 0);
	assert_int_equal(airlock_port_rx_copy(&port, pieces, &len, 1), -ENOBUFS);
	while (airlock_ring_dequeue(&stub_rx, &d, 1) == 1)
		;
}

static void post_tx(uint32_t id)
{
	const struct airlock_buf_range *b = &stub.hdr.queues[0].tx_bufs;
	struct airlock_desc d = { .buf = b->first + id % b->count, .len = 60, .id = id };

	assert_int_equal(airlock_ring_enqueue(&stub_tx, &d, 1), 1);
}

/* -EBUSY holds the frame and takes no other; every buffer comes back exactly once. */
static void test_tx_busy_holds_in_order(void **unused)
{
	struct airlock_desc back[16];
	bool seen[16] = { false };
	int n;

	n_xmit = 0;
	for (uint32_t id = 0; id < 6; id++)
		post_tx(id);
	busy_left = 2;
	assert_int_equal(rt_port_tx_run(&rt, &port, RT_TX_BATCH), 0);
	assert_int_equal(airlock_port_tx_pending(&port), 6);
	assert_int_equal(rt_port_tx_run(&rt, &port, RT_TX_BATCH), 0);
	assert_int_equal(rt_port_tx_run(&rt, &port, 4), 4);
	assert_int_equal(rt_port_tx_run(&rt, &port, RT_TX_BATCH), 2);
	assert_int_equal(n_xmit, 6);
	for (unsigned int i = 0; i < 6; i++)
		assert_int_equal(xmit_ids[i], i);
	n = airlock_ring_dequeue(&stub_ret, back, 16);
	assert_int_equal(n, 6);
	for (int i = 0; i < n; i++) {
		assert_true(back[i].id < 6);
		assert_false(seen[back[i].id]);
		seen[back[i].id] = true;
	}
}

/* A region of its own for a lending port: lending starts before anything is posted. */
struct lend_fixture {
	struct airlock_region stub, mine;
	struct airlock_ring stub_rx;
	struct airlock_port port;
};

static void lend_fixture_open(struct lend_fixture *f)
{
	const struct airlock_region_params p = {
		.n_queues = 1, .ctrl_entries = 16, .queue_entries = ENTRIES,
		.n_bufs = 2 * RX_BUFS, .buf_size = 2048,
	};

	assert_int_equal(airlock_region_create(&p, &f->stub), 0);
	assert_int_equal(airlock_region_ring(&f->stub, &f->stub.hdr.queues[0].rx,
					     AIRLOCK_RING_CONSUMER, &f->stub_rx), 0);
	assert_int_equal(airlock_region_map(f->stub.fd, &f->mine), 0);
	assert_int_equal(rt_port_attach(&f->port, &f->mine, 0), 0);
}

static void lend_fixture_close(struct lend_fixture *f)
{
	rt_rx_lend_free(&f->port);
	airlock_region_unmap(&f->mine);
	airlock_region_unmap(&f->stub);
}

#define LEND_RESERVE 4

static unsigned int count_free(const int *owner, uint32_t first)
{
	unsigned int n = 0;

	for (uint32_t i = first; i < first + RX_BUFS; i++)
		n += owner[i] == 0;
	return n;
}

/*
 * A driver keeping lent buffers on its device's ring, in any order: some
 * received into and posted where they lie (at an offset), some given back
 * unused, frames of its own copied in between, and the kernel consuming
 * at its own pace. No buffer is lent, copied into or posted while the
 * driver or the kernel has it, the reserve is never lent, and every frame
 * the kernel reads is the one written for it.
 */
static void test_rx_lend_never_shares_a_buffer(void **unused)
{
	enum { FREE, DRIVER, KERNEL };
	int owner[AIRLOCK_MAX_BUFS] = { FREE };
	uint32_t lent[RX_BUFS], first, tag = 0, seen = 0;
	unsigned int n_lent = 0, refused = 0, in_place = 0, copied = 0;
	struct lend_fixture f;
	void *addr;

	lend_fixture_open(&f);
	first = f.stub.hdr.queues[0].rx_bufs.first;
	assert_false(airlock_port_rx_lending(&f.port));
	assert_int_equal(airlock_port_rx_lend(&f.port, &lent[0], &addr), -EOPNOTSUPP);
	assert_int_equal(airlock_port_rx_lend_start(&f.port, LEND_RESERVE), 0);
	assert_int_equal(airlock_port_rx_lend_start(&f.port, LEND_RESERVE), -EBUSY);
	assert_true(airlock_port_rx_lending(&f.port));
	srand(2);
	for (int round = 0; round < 20000; round++) {
		unsigned int action = (unsigned int)rand() % 5;
		uint32_t buf;
		int r;

		if (action == 0) {
			/* The device's ring asks for a buffer. */
			r = airlock_port_rx_lend(&f.port, &buf, &addr);
			if (r == -ENOBUFS) {
				refused++;
				continue;
			}
			assert_int_equal(r, 0);
			assert_true(buf - first < RX_BUFS);
			assert_int_equal(owner[buf], FREE);
			assert_ptr_equal(addr, airlock_region_buf(&f.mine, buf));
			owner[buf] = DRIVER;
			lent[n_lent++] = buf;
			/* Never into the reserve: at least that many are still free. */
			assert_true(count_free(owner, first) >= LEND_RESERVE);
		} else if (action == 1 && n_lent) {
			/* A frame received into a lent buffer, posted where it lies. */
			unsigned int i = (unsigned int)rand() % n_lent;
			uint32_t off = (uint32_t)rand() % 1024;
			unsigned char *b;

			buf = lent[i];
			b = (unsigned char *)airlock_region_buf(&f.mine, buf) + off;
			memset(b, (int)(tag & 0xff), 60);
			assert_int_equal(airlock_port_rx_post_lent(&f.port, buf, off, 60), 0);
			tag++;
			owner[buf] = KERNEL;
			lent[i] = lent[--n_lent];
			in_place++;
		} else if (action == 2 && n_lent) {
			/* Given back unused (the driver's ring shrank, or it stopped). */
			unsigned int i = (unsigned int)rand() % n_lent;

			assert_int_equal(airlock_port_rx_unlend(&f.port, lent[i]), 0);
			assert_int_equal(airlock_port_rx_unlend(&f.port, lent[i]), -EINVAL);
			owner[lent[i]] = FREE;
			lent[i] = lent[--n_lent];
		} else if (action == 3) {
			/* A frame of the driver's own memory (a copybreak): copied in. */
			unsigned char frame[60];
			const void *pieces[] = { frame };
			const uint32_t len = sizeof(frame);
			struct airlock_desc peek;

			memset(frame, (int)(tag & 0xff), sizeof(frame));
			if (airlock_port_rx_space(&f.port) <= 0) {
				assert_int_equal(airlock_port_rx_copy(&f.port, pieces, &len, 1), -ENOBUFS);
				continue;
			}
			assert_non_null(airlock_port_rx_buf(&f.port, 0, &peek.buf));
			assert_int_equal(owner[peek.buf], FREE);
			assert_int_equal(airlock_port_rx_copy(&f.port, pieces, &len, 1), 0);
			tag++;
			owner[peek.buf] = KERNEL;
			copied++;
		} else if (action == 4) {
			/* The kernel copies some out, in order. */
			unsigned int n = (unsigned int)rand() % 4;
			struct airlock_desc d;

			while (n-- && airlock_ring_dequeue(&f.stub_rx, &d, 1) == 1) {
				const unsigned char *b = airlock_region_buf(&f.stub, d.buf);

				assert_int_equal(owner[d.buf], KERNEL);
				assert_int_equal(d.len, 60);
				assert_int_equal(b[d.offset], (unsigned char)seen);
				assert_int_equal(b[d.offset + 59], (unsigned char)seen);
				owner[d.buf] = FREE;
				seen++;
			}
		}
	}
	assert_true(in_place > 1000 && copied > 1000 && refused > 0);
	/* A buffer the driver does not have, and frames outside the buffer, are refused. */
	{
		uint32_t buf;

		assert_int_equal(airlock_port_rx_post_lent(&f.port, first + RX_BUFS, 0, 60), -EINVAL);
		while (airlock_ring_dequeue(&f.stub_rx, &(struct airlock_desc){ 0 }, 1) == 1)
			;
		assert_int_equal(airlock_port_rx_lend(&f.port, &buf, &addr), 0);
		assert_int_equal(airlock_port_rx_post_lent(&f.port, buf, 2000, 60), -EMSGSIZE);
		assert_int_equal(airlock_port_rx_post_lent(&f.port, buf, 3000, 10), -EMSGSIZE);
		assert_int_equal(airlock_port_rx_post_lent(&f.port, buf, 1988, 60), 0);
		assert_int_equal(airlock_port_rx_unlend(&f.port, buf), -EINVAL);
	}
	lend_fixture_close(&f);
}

/*
 * Fragments of one buffer: each posted at its own offset, the buffer free
 * only when the driver holds none and the kernel consumed every entry
 * naming it; with more fragments than ring entries the ring runs full.
 */
static void test_rx_lend_fragments_of_one_buffer(void **unused)
{
	struct lend_fixture f;
	struct airlock_desc d;
	uint32_t buf, top;
	void *addr;
	int holds = 1;

	lend_fixture_open(&f);
	assert_int_equal(airlock_port_rx_lend_start(&f.port, 0), 0);
	assert_int_equal(airlock_port_rx_lend(&f.port, &buf, &addr), 0);
	for (; holds < ENTRIES + 2; holds++)
		assert_int_equal(airlock_port_rx_hold(&f.port, buf), 0);
	/* Two fragments posted, one given back: the rest still held. */
	assert_int_equal(airlock_port_rx_post_lent(&f.port, buf, 0, 60), 0);
	assert_int_equal(airlock_port_rx_post_lent(&f.port, buf, 1024, 60), 0);
	assert_int_equal(airlock_port_rx_unlend(&f.port, buf), 0);
	holds -= 3;
	assert_non_null(airlock_port_rx_buf(&f.port, 0, &top));
	assert_int_not_equal(top, buf);
	/* The ring fills before the holds run out: ENTRIES entries, then -ENOSPC. */
	for (int i = 2; i < ENTRIES; i++, holds--)
		assert_int_equal(airlock_port_rx_post_lent(&f.port, buf, 16 * (uint32_t)i, 60), 0);
	assert_int_equal(airlock_port_rx_post_lent(&f.port, buf, 0, 60), -ENOSPC);
	/* The kernel consumes them all, at their offsets; the driver still holds some. */
	for (int i = 0; i < ENTRIES; i++) {
		assert_int_equal(airlock_ring_dequeue(&f.stub_rx, &d, 1), 1);
		assert_int_equal(d.buf, buf);
		assert_int_equal(d.offset, i == 0 ? 0 : i == 1 ? 1024 : 16 * i);
	}
	assert_true(airlock_port_rx_space(&f.port) > 0);
	assert_non_null(airlock_port_rx_buf(&f.port, 0, &top));
	assert_int_not_equal(top, buf);
	/* Its last hold given back, it is the next free buffer. */
	while (holds-- > 0)
		assert_int_equal(airlock_port_rx_unlend(&f.port, buf), 0);
	assert_int_equal(airlock_port_rx_unlend(&f.port, buf), -EINVAL);
	assert_true(airlock_port_rx_space(&f.port) > 0);
	assert_non_null(airlock_port_rx_buf(&f.port, 0, &top));
	assert_int_equal(top, buf);
	lend_fixture_close(&f);
}

static void test_control_status_rule(void **unused)
{
	assert_int_equal(rt_control_status(0), 0);
	assert_int_equal(rt_control_status(-EINVAL), -EINVAL);
	assert_int_equal(rt_control_status(-EHWPOISON), -EHWPOISON);
	/* Kernel-internal errnos never go up: ERESTARTSYS, ERESTART_RESTARTBLOCK. */
	assert_int_equal(rt_control_status(-EHWPOISON - 1), -EIO);
	assert_int_equal(rt_control_status(-512), -EIO);
	assert_int_equal(rt_control_status(-516), -EIO);
	assert_int_equal(rt_control_status(-AIRLOCK_CTRL_MAX_ERRNO), -EIO);
	assert_int_equal(rt_control_status(1), -EIO);
	assert_int_equal(rt_control_status(-AIRLOCK_CTRL_MAX_ERRNO - 1), -EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx_buffers_never_handed_out_twice),
		cmocka_unit_test(test_rx_copy_refused_when_buffers_run_out),
		cmocka_unit_test(test_tx_busy_holds_in_order),
		cmocka_unit_test(test_rx_lend_never_shares_a_buffer),
		cmocka_unit_test(test_rx_lend_fragments_of_one_buffer),
		cmocka_unit_test(test_control_status_rule),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
