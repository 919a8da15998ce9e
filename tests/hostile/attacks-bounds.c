// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attack classes 1 (memory bounds) and 4 (lifetimes), and ring indices:
 * buffer indices and lengths out of range, ring indices that jump ahead, go
 * backwards or wrap wrongly, TX buffers returned twice, never owned, or
 * hoarded until the pool is empty, and a region truncated under the kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "doorbell.h"
#include "hostile.h"

/* Posts one RX descriptor naming buffer @buf and rings the doorbell. */
static int post_rx_buf(const struct hostile_opts *o, uint32_t (*pick)(const struct hostile *h))
{
	struct hostile h;
	struct airlock_desc d = { .len = 60 };
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	d.buf = pick(&h);
	printf("posting an RX descriptor for buffer %u (RX buffers are %u..%u)\n", d.buf,
	       h.q.rx_bufs.first, h.q.rx_bufs.first + h.q.rx_bufs.count - 1);
	r = hostile_post_rx_desc(&h, &d);
	hostile_kick(&h);
	hostile_report(&h, 3000);
	return r;
}

static uint32_t pick_past_pool(const struct hostile *h)
{
	return h->region.hdr.n_bufs + 7;
}

static uint32_t pick_tx_buf(const struct hostile *h)
{
	return h->q.tx_bufs.first;
}

static int rx_bad_index(const struct hostile_opts *o)
{
	return post_rx_buf(o, pick_past_pool);
}

static int rx_foreign_buf(const struct hostile_opts *o)
{
	return post_rx_buf(o, pick_tx_buf);
}

#define BAD_FRAMES 7
#define GOOD_FRAMES 3

/*
 * Lengths the kernel must drop and count, not act on: shorter than a
 * header, longer than the MTU allows, than the buffer, than any buffer;
 * then offsets (abi.h, RX) past the buffer's end, and a frame one byte
 * past it. Then good frames, at offset 0, in the middle and ending at the
 * buffer's last byte, which must all still arrive. Checks itself.
 */
static int rx_bad_len(const struct hostile_opts *o)
{
	struct hostile h;
	long long mtu, errs0, errs1, pkts0, pkts1;
	uint16_t offs[BAD_FRAMES + GOOD_FRAMES] = { 0 }, lens[BAD_FRAMES + GOOD_FRAMES];
	uint32_t buf_size;
	int r = 0, i;

	r = hostile_begin(&h, o);
	if (r < 0)
		return r;
	mtu = hostile_sysfs_ll(&h, "mtu");
	buf_size = h.region.hdr.buf_size;
	lens[0] = 0;
	lens[1] = 13;
	lens[2] = (uint16_t)(mtu + AIRLOCK_FRAME_OVERHEAD + 1);
	lens[3] = AIRLOCK_BUF_SIZE_JUMBO + 1;
	lens[4] = 65535;
	offs[5] = 65535;
	lens[5] = 60;
	offs[6] = (uint16_t)(buf_size - 59);	/* one byte past the end */
	lens[6] = 60;
	offs[7] = 0;
	lens[7] = 60;
	offs[8] = 1000;
	lens[8] = 60;
	offs[9] = (uint16_t)(buf_size - 60);	/* ends at the last byte */
	lens[9] = 60;
	errs0 = hostile_sysfs_ll(&h, "statistics/rx_length_errors");
	pkts0 = hostile_sysfs_ll(&h, "statistics/rx_packets");
	for (i = 0; i < BAD_FRAMES + GOOD_FRAMES && r >= 0; i++) {
		printf("RX frame of %u bytes at offset %u in a %u-byte buffer: %s\n", lens[i],
		       offs[i], buf_size, i < BAD_FRAMES ? "bad" : "good");
		r = hostile_post_rx_at(&h, offs[i], lens[i]);
		hostile_kick(&h);
		hostile_idle(&h, i < BAD_FRAMES ? 50 : 200);
	}
	hostile_idle(&h, 500);
	errs1 = hostile_sysfs_ll(&h, "statistics/rx_length_errors");
	pkts1 = hostile_sysfs_ll(&h, "statistics/rx_packets");
	printf("rx_length_errors +%lld (want %d), rx_packets +%lld (want >= %d)\n", errs1 - errs0,
	       BAD_FRAMES, pkts1 - pkts0, GOOD_FRAMES);
	if (hostile_report(&h, 0) || r < 0 || errs1 - errs0 != BAD_FRAMES ||
	    pkts1 - pkts0 < GOOD_FRAMES)
		return -EPROTO;
	return 0;
}

static int ret_bad_index(const struct hostile_opts *o)
{
	struct airlock_desc d = { .buf = 0xffffffffU };
	struct hostile h;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	printf("returning TX buffer %#x\n", d.buf);
	r = hostile_post_ret_desc(&h, &d);
	hostile_kick(&h);
	hostile_report(&h, 3000);
	return r;
}

/*
 * Stores a garbage index into one of our rings' headers, then rings (or,
 * with !@ring, goes quiet: the stub must find it without a doorbell).
 */
enum which_index { RX_PRODUCER, RET_PRODUCER, TX_CONSUMER, CTRL_REQ_CONSUMER, CTRL_RSP_PRODUCER };

static int bad_index_rung(const struct hostile_opts *o, enum which_index which, uint32_t delta,
			  bool ring)
{
	struct hostile h;
	uint32_t *where, v;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	switch (which) {
	case RX_PRODUCER:
		where = &h.rx.hdr->producer;
		v = h.rx.own + delta;
		break;
	case RET_PRODUCER:
		where = &h.ret.hdr->producer;
		v = h.ret.own + delta;
		break;
	case TX_CONSUMER:
		where = &h.tx.hdr->consumer;
		v = h.tx.own + delta;
		break;
	case CTRL_REQ_CONSUMER:
		where = &h.ctrl.req.hdr->consumer;
		v = h.ctrl.req.own + delta;
		break;
	default:
		where = &h.ctrl.rsp.hdr->producer;
		v = h.ctrl.rsp.own + delta;
		break;
	}
	printf("index %u -> %u\n", *where, v);
	__atomic_store_n(where, v, __ATOMIC_RELEASE);
	if (ring)
		hostile_kick(&h);
	/* The kernel reads TX and control request indices when it produces. */
	if (which == TX_CONSUMER)
		printf("sent %d frames\n", hostile_send_frames(&h, 3));
	if (which == CTRL_REQ_CONSUMER)
		printf("set msglevel: %d\n", hostile_set_msglevel(&h, 0x7));
	hostile_report(&h, 3000);
	return 0;
}

static int bad_index(const struct hostile_opts *o, enum which_index which, uint32_t delta)
{
	return bad_index_rung(o, which, delta, true);
}

static int rx_index_ahead(const struct hostile_opts *o)
{
	return bad_index(o, RX_PRODUCER, HOSTILE_QUEUE_ENTRIES + 1);
}

static int rx_index_wrap(const struct hostile_opts *o)
{
	return bad_index(o, RX_PRODUCER, 0x80000000U);
}

/* The campaign's undetected fault: a broken RX index and never a doorbell. */
static int rx_index_silent(const struct hostile_opts *o)
{
	return bad_index_rung(o, RX_PRODUCER, HOSTILE_QUEUE_ENTRIES + 1, false);
}

static int ret_index_silent(const struct hostile_opts *o)
{
	return bad_index_rung(o, RET_PRODUCER, HOSTILE_QUEUE_ENTRIES + 1, false);
}

static int ret_index_ahead(const struct hostile_opts *o)
{
	return bad_index(o, RET_PRODUCER, HOSTILE_QUEUE_ENTRIES + 1);
}

static int tx_consumer_ahead(const struct hostile_opts *o)
{
	return bad_index(o, TX_CONSUMER, 5);
}

static int ctrl_consumer_ahead(const struct hostile_opts *o)
{
	return bad_index(o, CTRL_REQ_CONSUMER, 100);
}

static int ctrl_rsp_index_ahead(const struct hostile_opts *o)
{
	return bad_index(o, CTRL_RSP_PRODUCER, HOSTILE_CTRL_ENTRIES + 1);
}

/* Two frames the kernel consumes, then the producer index goes back one. */
static int rx_index_back(const struct hostile_opts *o)
{
	struct hostile h;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	r = hostile_post_rx(&h, 60);
	if (r >= 0)
		r = hostile_post_rx(&h, 60);
	hostile_kick(&h);
	for (int i = 0; i < 100 && __atomic_load_n(&h.rx.hdr->consumer, __ATOMIC_ACQUIRE) !=
				   h.rx.own; i++)
		hostile_sleep_ms(10);
	printf("kernel consumed RX up to %u; producer back to %u\n", h.rx.hdr->consumer,
	       h.rx.own - 1);
	__atomic_store_n(&h.rx.hdr->producer, h.rx.own - 1, __ATOMIC_RELEASE);
	hostile_kick(&h);
	hostile_report(&h, 3000);
	return r;
}

/* Waits for one TX descriptor the kernel lent us; drives xmit itself. */
static int take_one_tx(struct hostile *h, struct airlock_desc *ret)
{
	for (int i = 0; i < 100; i++) {
		int n;

		if (i % 10 == 0)
			hostile_send_frames(h, 1);
		n = airlock_ring_dequeue(&h->tx, ret, 1);
		if (n != 0)
			return n < 0 ? n : 0;
		hostile_sleep_ms(10);
	}
	return -ETIMEDOUT;
}

static int ret_double(const struct hostile_opts *o)
{
	struct airlock_desc d;
	struct hostile h;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	r = take_one_tx(&h, &d);
	if (r < 0) {
		fprintf(stderr, "hostile: no TX descriptor: %s\n", strerror(-r));
		hostile_close(&h);
		return r;
	}
	printf("returning TX buffer %u twice\n", d.buf);
	hostile_post_ret_desc(&h, &d);
	hostile_post_ret_desc(&h, &d);
	hostile_kick(&h);
	hostile_report(&h, 3000);
	return 0;
}

/*
 * Returns a TX buffer, waits until the kernel lends the same buffer again
 * (its free list is last in, first out), then returns the first
 * descriptor a second time: the right buffer, now lent, with a stale id.
 */
static int ret_stale(const struct hostile_opts *o)
{
	struct airlock_desc d, again;
	struct hostile h;
	bool lent_again = false;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	r = take_one_tx(&h, &d);
	if (r < 0)
		goto fail;
	hostile_post_ret_desc(&h, &d);
	hostile_kick(&h);
	for (int i = 0; i < 20 && !lent_again; i++) {
		r = take_one_tx(&h, &again);
		if (r < 0)
			goto fail;
		lent_again = again.buf == d.buf;
		if (!lent_again) {
			hostile_post_ret_desc(&h, &again);	/* not it: give it back */
			hostile_kick(&h);
		}
	}
	if (!lent_again) {
		r = -EAGAIN;
		goto fail;
	}
	printf("TX buffer %u lent again (id %u, first %u): returning the first descriptor\n",
	       d.buf, again.id, d.id);
	hostile_post_ret_desc(&h, &d);
	hostile_kick(&h);
	hostile_report(&h, 3000);
	return 0;
fail:
	fprintf(stderr, "hostile: no TX buffer lent twice: %s\n", strerror(-r));
	hostile_close(&h);
	return r;
}

static int ret_unowned(const struct hostile_opts *o)
{
	struct airlock_desc d = { 0 };
	struct hostile h;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	/* Nothing was sent, so no TX buffer is lent: the last one is the kernel's. */
	d.buf = h.q.tx_bufs.first + h.q.tx_bufs.count - 1;
	printf("returning TX buffer %u, never lent\n", d.buf);
	hostile_post_ret_desc(&h, &d);
	hostile_kick(&h);
	hostile_report(&h, 3000);
	return 0;
}

/*
 * Takes every TX buffer and keeps it (or, with @consume false, never even
 * takes the descriptors): the pool runs dry, the queue stops, the
 * watchdog forwards a TX timeout. Then gives everything back: traffic must
 * flow again on the same attachment. Checks itself.
 */
static int hoard_or_stall(const struct hostile_opts *o, bool consume)
{
	struct airlock_desc kept[HOSTILE_QUEUE_ENTRIES];
	unsigned int n_kept = 0;
	long long tx0, tx1;
	struct hostile h;
	uint64_t end;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	end = hostile_now_ms() + o->seconds * 1000ULL;
	while (hostile_now_ms() < end) {
		h.state->heartbeat++;
		hostile_send_frames(&h, 8);
		if (consume && n_kept < HOSTILE_QUEUE_ENTRIES) {
			int n = airlock_ring_dequeue(&h.tx, kept + n_kept,
						     HOSTILE_QUEUE_ENTRIES - n_kept);
			if (n > 0)
				n_kept += (unsigned int)n;
		}
		hostile_serve_ctrl(&h, 0);
		hostile_sleep_ms(100);
	}
	printf("held %u TX buffers (pool has %u); TX timeout forwarded: %s\n",
	       consume ? n_kept : (unsigned int)airlock_ring_count(&h.tx), h.q.tx_bufs.count,
	       h.seen_ops & (1U << AIRLOCK_CTRL_TX_TIMEOUT) ? "yes" : "no");

	/* Give it all back: the same attachment must carry traffic again. */
	if (n_kept)
		airlock_ring_enqueue(&h.ret, kept, n_kept);
	hostile_serve_tx(&h, true);
	hostile_kick(&h);
	hostile_idle(&h, 300);
	tx0 = hostile_sysfs_ll(&h, "statistics/tx_packets");
	hostile_send_frames(&h, 5);
	hostile_idle(&h, 500);
	tx1 = hostile_sysfs_ll(&h, "statistics/tx_packets");
	printf("after giving back: tx_packets +%lld (want >= 5)\n", tx1 - tx0);
	r = tx1 - tx0 >= 5 ? 0 : -EPROTO;
	if (hostile_report(&h, 0))
		r = -EPROTO;
	return r;
}

static int hoard(const struct hostile_opts *o)
{
	return hoard_or_stall(o, true);
}

static int tx_stall(const struct hostile_opts *o)
{
	return hoard_or_stall(o, false);
}

/*
 * A region without seals, shrunk to nothing after attach and grown back:
 * the kernel keeps the pages it pinned, the driver's new pages are not
 * the kernel's. Nothing may break; closing detaches as usual.
 */
static int region_truncate(const struct hostile_opts *o)
{
	const struct airlock_region_params p = {
		.n_queues = 1, .ctrl_entries = HOSTILE_CTRL_ENTRIES,
		.queue_entries = HOSTILE_QUEUE_ENTRIES, .n_bufs = 2 * HOSTILE_QUEUE_ENTRIES,
		.buf_size = AIRLOCK_BUF_SIZE_JUMBO,
	};
	struct airlock_region_hdr hdr;
	struct airlock_attach att;
	struct airlock_shadow sh;
	int memfd = -1, kick = -1, bell = -1, dev = -1, r;
	void *base = MAP_FAILED;

	r = airlock_region_layout(&p, &hdr);
	if (r < 0)
		return r;
	memfd = memfd_create("hostile-region", MFD_CLOEXEC);
	kick = airlock_doorbell_new();
	bell = airlock_doorbell_new();
	dev = hostile_open_dev();
	if (memfd < 0 || kick < 0 || bell < 0 || dev < 0 ||
	    ftruncate(memfd, (off_t)hdr.region_size) < 0) {
		r = -EIO;
		goto out;
	}
	if (pwrite(memfd, &hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr)) {
		r = -EIO;
		goto out;
	}
	att = (struct airlock_attach){ .id = o->id, .region_fd = memfd, .kick_fd = kick,
				       .doorbell_fd = bell };
	if (ioctl(dev, AIRLOCK_IOC_ATTACH, &att) < 0) {
		r = -errno;
		fprintf(stderr, "hostile: attach: %s\n", strerror(errno));
		goto out;
	}
	printf("attached an unsealed region; truncating it to 0 and back\n");
	if (ftruncate(memfd, 0) < 0 || ftruncate(memfd, (off_t)hdr.region_size) < 0) {
		r = -errno;
		goto out;
	}
	base = mmap(NULL, hdr.region_size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	if (base != MAP_FAILED)
		memset(base, 0xa5, hdr.region_size);	/* the kernel must not see this */
	airlock_doorbell_kick(bell);
	hostile_sleep_ms(1000);
	r = hostile_shadow(o->id, &sh);
	if (r == 0)
		printf("after 1 s: attached=%u violations=%llu\n", sh.attached,
		       (unsigned long long)sh.violations);
out:
	if (base != MAP_FAILED)
		munmap(base, hdr.region_size);
	if (dev >= 0)
		close(dev);
	if (kick >= 0)
		close(kick);
	if (bell >= 0)
		close(bell);
	if (memfd >= 0)
		close(memfd);
	return r;
}

const struct hostile_attack hostile_attacks_bounds[] = {
	{ "rx-bad-index", "RX descriptor naming a buffer past the pool", rx_bad_index },
	{ "rx-foreign-buf", "RX descriptor naming a TX buffer", rx_foreign_buf },
	{ "rx-bad-len",
	  "RX lengths 0, 13, MTU+23, buf_size+1, 65535, offsets past the buffer, then good frames",
	  rx_bad_len },
	{ "ret-bad-index", "returns TX buffer 0xffffffff", ret_bad_index },
	{ "rx-index-ahead", "RX producer index more than a ring ahead", rx_index_ahead },
	{ "rx-index-back", "RX producer index goes backwards", rx_index_back },
	{ "rx-index-wrap", "RX producer index half the 32-bit space ahead", rx_index_wrap },
	{ "rx-index-silent", "RX producer index more than a ring ahead, no doorbell",
	  rx_index_silent },
	{ "ret-index-ahead", "return ring producer more than a ring ahead", ret_index_ahead },
	{ "ret-index-silent", "return ring producer more than a ring ahead, no doorbell",
	  ret_index_silent },
	{ "tx-consumer-ahead", "TX consumer index ahead of the kernel's producer", tx_consumer_ahead },
	{ "ctrl-consumer-ahead", "control request consumer index garbage", ctrl_consumer_ahead },
	{ "ctrl-rsp-index-ahead", "control response producer more than a ring ahead",
	  ctrl_rsp_index_ahead },
	{ "ret-double", "returns the same TX buffer twice", ret_double },
	{ "ret-unowned", "returns a TX buffer it was never lent", ret_unowned },
	{ "ret-stale", "returns a TX buffer again after the kernel lent it anew", ret_stale },
	{ "hoard", "keeps every TX buffer for --seconds, then gives them back", hoard },
	{ "tx-stall", "never consumes the TX ring for --seconds, then does", tx_stall },
	{ "region-truncate", "shrinks its unsealed region to 0 after attach", region_truncate },
	{ NULL, NULL, NULL },
};
