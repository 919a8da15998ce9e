// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attack classes 5 (resource exhaustion), 6 (denial of service) and 7
 * (synchronization): descriptors rewritten right after they are posted by a
 * second thread, floods of RX frames and doorbells, and random writes all
 * over the shared region (a small syzkaller-like ring writer). The ones
 * that run for a while reattach whenever the kernel detaches them, so the
 * race windows are hit again and again for the whole time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "doorbell.h"
#include "hostile.h"

struct racer {
	struct hostile *h;
	volatile bool stop;
	uint64_t flips;
};

/* Flips every RX, return and control response slot between sane and not. */
static void *rewrite_slots(void *arg)
{
	struct racer *ra = arg;
	struct hostile *h = ra->h;
	struct airlock_desc *rx = (struct airlock_desc *)h->rx.slots;
	struct airlock_desc *ret = (struct airlock_desc *)h->ret.slots;
	struct airlock_ctrl_msg *rsp = (struct airlock_ctrl_msg *)h->ctrl.rsp.slots;
	uint32_t good_buf = h->q.rx_bufs.first;

	while (!ra->stop) {
		for (uint32_t i = 0; i <= h->rx.mask; i++) {
			bool bad = (ra->flips + i) & 1;

			__atomic_store_n(&rx[i].buf, bad ? 0xffffff00U + i : good_buf + i % h->q.rx_bufs.count,
					 __ATOMIC_RELAXED);
			__atomic_store_n(&rx[i].len, (uint16_t)(bad ? 65535 : 60), __ATOMIC_RELAXED);
			__atomic_store_n(&ret[i].buf, bad ? 0xffffffffU : h->q.tx_bufs.first,
					 __ATOMIC_RELAXED);
		}
		for (uint32_t i = 0; i <= h->ctrl.rsp.mask; i++)
			__atomic_store_n(&rsp[i].status, (ra->flips & 1) ? 1 : 0, __ATOMIC_RELAXED);
		ra->flips++;
	}
	return NULL;
}

/*
 * Posts sane RX frames while the second thread rewrites the slots under
 * the kernel: whatever the kernel reads once, it must act on that copy
 * only (a double fetch would copy 65535 bytes into a 60-byte skb).
 */
static int desc_rewrite(const struct hostile_opts *o)
{
	uint64_t end = hostile_now_ms() + o->seconds * 1000ULL;
	unsigned int rounds = 0, detached = 0;
	uint64_t frames = 0, flips = 0;

	while (hostile_now_ms() < end) {
		struct racer ra = { 0 };
		struct hostile h;
		pthread_t t;
		uint64_t round_end;
		int r = hostile_begin(&h, o);

		if (r < 0)
			return r;
		ra.h = &h;
		r = -pthread_create(&t, NULL, rewrite_slots, &ra);
		if (r < 0) {
			hostile_close(&h);
			return r;
		}
		round_end = hostile_now_ms() + 1000;
		while (hostile_now_ms() < round_end && hostile_now_ms() < end) {
			for (int i = 0; i < 16; i++)
				if (hostile_post_rx(&h, 60) == 0)
					frames++;
			hostile_kick(&h);
			hostile_serve_ctrl(&h, 0);
			if (hostile_wait_detached(&h, 0) >= 0)
				break;
		}
		ra.stop = true;
		pthread_join(t, NULL);
		flips += ra.flips;
		rounds++;
		detached += hostile_report(&h, 0);
	}
	printf("desc-rewrite: %u rounds, %u ended by the kernel, %llu frames posted, %llu slot flips\n",
	       rounds, detached, (unsigned long long)frames, (unsigned long long)flips);
	return 0;
}

/* Sane RX frames as fast as it can for --seconds: NAPI's budget bounds the work. */
static int rx_flood(const struct hostile_opts *o)
{
	uint64_t end = hostile_now_ms() + o->seconds * 1000ULL, frames = 0;
	long long p0, p1;
	struct hostile h;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	p0 = hostile_sysfs_ll(&h, "statistics/rx_packets");
	while (hostile_now_ms() < end) {
		for (int i = 0; i < 64; i++)
			if (hostile_post_rx(&h, 60) == 0)
				frames++;
		hostile_kick(&h);
		hostile_serve_ctrl(&h, 0);
		hostile_serve_tx(&h, true);
	}
	hostile_idle(&h, 300);
	p1 = hostile_sysfs_ll(&h, "statistics/rx_packets");
	printf("rx-flood: %llu frames posted in %u s, kernel received %lld\n",
	       (unsigned long long)frames, o->seconds, p1 - p0);
	r = p1 - p0 > 0 ? 0 : -EPROTO;
	if (hostile_report(&h, 0))
		r = -EPROTO;
	return r;
}

static void *ring_doorbell(void *arg)
{
	struct racer *ra = arg;

	while (!ra->stop) {
		airlock_doorbell_kick(ra->h->doorbell_fd);
		ra->flips++;
	}
	return NULL;
}

/* Two threads write the doorbell eventfd nonstop for --seconds. */
static int doorbell_flood(const struct hostile_opts *o)
{
	struct racer ra = { 0 };
	pthread_t t[2];
	struct hostile h;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	ra.h = &h;
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, ring_doorbell, &ra))
			return -EAGAIN;
	hostile_idle(&h, (int)o->seconds * 1000);
	ra.stop = true;
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	printf("doorbell-flood: %llu doorbells in %u s, carrier %lld\n",
	       (unsigned long long)ra.flips, o->seconds, hostile_sysfs_ll(&h, "carrier"));
	r = hostile_sysfs_ll(&h, "carrier") == 1 ? 0 : -EPROTO;
	if (hostile_report(&h, 0))
		r = -EPROTO;
	return r;
}

/* A value worth writing: boundaries more often than chance would pick them. */
static uint64_t chaos_value(uint64_t *seed)
{
	static const uint64_t special[] = { 0, 1, 2, 13, 14, 15, 60, 63, 64, 65, 127, 128,
					    1522, 1523, 4096, 9022, 16384, 65535, 0x7fffffff,
					    0x80000000, 0xffffffff, ~0ULL };
	uint64_t r = hostile_rand(seed);

	if (r & 1)
		return special[(r >> 1) % (sizeof(special) / sizeof(special[0]))];
	return hostile_rand(seed);
}

/* One random write of 1, 2, 4 or 8 bytes into [off, off + len) of the region. */
static void chaos_write(struct hostile *h, uint64_t off, uint64_t len, uint64_t *seed)
{
	unsigned char *base = h->region.base;
	unsigned int width = 1U << (hostile_rand(seed) % 4);
	uint64_t at, v = chaos_value(seed);

	if (len < 8)
		return;
	at = off + (hostile_rand(seed) % (len - 7)) / width * width;
	memcpy(base + at, &v, width);
}

/*
 * Random writes to the rings' headers and slots, the state block, the
 * header and the pool, with the real module, for --seconds; reattaches
 * whenever the kernel gives up on it. Prints the seed of each round.
 */
static int chaos(const struct hostile_opts *o)
{
	uint64_t end = hostile_now_ms() + o->seconds * 1000ULL, seed = o->seed;
	unsigned int rounds = 0, detached = 0;
	uint64_t writes = 0;

	while (hostile_now_ms() < end) {
		struct hostile h;
		const struct airlock_region_hdr *rh;
		uint64_t round_seed = seed, round_end;
		int r = hostile_attach(&h, o->id);

		if (r < 0)
			return r;
		hostile_until_carrier(&h, 500);	/* best effort: chaos either way */
		rh = &h.region.hdr;
		const struct { uint64_t off, len; } areas[] = {
			{ 0, rh->hdr_size },
			{ rh->ctrl_req.offset, AIRLOCK_RING_HDR_SIZE },
			{ rh->ctrl_rsp.offset, AIRLOCK_RING_HDR_SIZE +
						(uint64_t)rh->ctrl_rsp.entries * AIRLOCK_CTRL_MSG_SIZE },
			{ h.q.tx.offset, AIRLOCK_RING_HDR_SIZE },
			{ h.q.rx.offset, AIRLOCK_RING_HDR_SIZE + (uint64_t)h.q.rx.entries * AIRLOCK_DESC_SIZE },
			{ h.q.ret.offset, AIRLOCK_RING_HDR_SIZE + (uint64_t)h.q.ret.entries * AIRLOCK_DESC_SIZE },
			{ rh->state_offset, rh->state_size },
			{ rh->pool_offset, rh->pool_size },
		};
		round_end = hostile_now_ms() + 700;
		while (hostile_now_ms() < round_end && hostile_now_ms() < end) {
			for (int i = 0; i < 32; i++) {
				uint64_t a = hostile_rand(&seed) % (sizeof(areas) / sizeof(areas[0]));

				chaos_write(&h, areas[a].off, areas[a].len, &seed);
				writes++;
			}
			/* Sometimes also a well-formed step, so indices move. */
			if (hostile_rand(&seed) % 4 == 0)
				hostile_post_rx(&h, (uint16_t)(chaos_value(&seed) & 0xffff));
			hostile_serve_ctrl(&h, 0);
			hostile_serve_tx(&h, true);
			hostile_kick(&h);
			hostile_send_frames(&h, 1);
			if (hostile_wait_detached(&h, 0) >= 0)
				break;
			hostile_sleep_ms(2);
		}
		rounds++;
		printf("round %u seed %#llx: ", rounds, (unsigned long long)round_seed);
		detached += hostile_report(&h, 0);
	}
	printf("chaos: %u rounds, %u ended by the kernel, %llu random writes\n", rounds, detached,
	       (unsigned long long)writes);
	return 0;
}

/* Spins for @us microseconds: a delay finer than a sleep's. */
static void spin_us(unsigned int us)
{
	uint64_t end;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	end = (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000 + us;
	do
		clock_gettime(CLOCK_MONOTONIC, &ts);
	while ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000 < end);
}

/*
 * Attaches, gets the carrier, then rings the doorbell (the service work
 * runs at once and decides the carrier) and closes its file a few
 * microseconds later (the kernel detaches), the delay swept from 0 to
 * 400 us so that the detach lands everywhere in the service work's run;
 * for --seconds. After each detach the carrier is sampled five times over
 * 20 ms: it must never be on, with no driver attached. A stub that set
 * the carrier it decided after dropping its RCU read lock could undo the
 * detach's carrier off, and the carrier stayed on until the next period.
 * Checks itself.
 */
static int carrier_detach(const struct hostile_opts *o)
{
	uint64_t end = hostile_now_ms() + o->seconds * 1000ULL;
	unsigned int rounds = 0, hits = 0, delay = 0;
	struct airlock_shadow sh;

	while (hostile_now_ms() < end) {
		struct hostile h;
		bool hit = false;
		int r = hostile_attach(&h, o->id);

		if (r < 0)
			return r;
		if (hostile_until_carrier(&h, 2000) < 0) {
			hostile_close(&h);
			continue;
		}
		hostile_kick(&h);
		spin_us(delay);
		close(h.dev_fd);	/* the last reference: detached on return */
		h.dev_fd = -1;
		if (hostile_shadow(o->id, &sh) < 0 || sh.attached) {
			printf("round %u: still attached after close\n", rounds);
			hostile_close(&h);
			return -EPROTO;
		}
		for (int i = 0; i < 5; i++) {
			if (hostile_sysfs_ll(&h, "carrier") != 0)
				hit = true;
			hostile_sleep_ms(5);
		}
		if (hit && hits++ < 10)
			printf("round %u (close %u us after the doorbell): carrier on with no driver  <-- WRONG\n",
			       rounds, delay);
		hostile_close(&h);
		rounds++;
		delay = (delay + 7) % 400;
	}
	printf("carrier-detach: %u detaches, carrier on after %u of them\n", rounds, hits);
	return hits || !rounds ? -EPROTO : 0;
}

const struct hostile_attack hostile_attacks_race[] = {
	{ "desc-rewrite", "a second thread rewrites posted slots for --seconds", desc_rewrite },
	{ "rx-flood", "sane RX frames as fast as possible for --seconds", rx_flood },
	{ "doorbell-flood", "two threads ring the doorbell nonstop for --seconds", doorbell_flood },
	{ "chaos", "random writes all over the region for --seconds (--seed)", chaos },
	{ "carrier-detach", "detaches right after a doorbell, for --seconds: carrier must go",
	  carrier_detach },
	{ NULL, NULL, NULL },
};
