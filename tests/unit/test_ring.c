// SPDX-License-Identifier: GPL-2.0-only
/* SPSC rings: indices, batches, corruption, wakeups, doorbells, two threads. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "doorbell.h"
#include "ring.h"

/* A ring in private memory, laid out as it would sit in the region. */
static void *ring_mem(uint32_t entries, uint32_t entry_size)
{
	size_t size = AIRLOCK_RING_HDR_SIZE + (size_t)entries * entry_size;
	/* aligned_alloc wants a whole number of alignments. */
	void *mem = aligned_alloc(64, (size + 63) & ~(size_t)63);

	assert_non_null(mem);
	memset(mem, 0, size);
	return mem;
}

static struct airlock_ring_hdr *hdr_of(void *mem)
{
	return mem;
}

static void attach_pair(void *mem, uint32_t entries, struct airlock_ring *prod,
			struct airlock_ring *cons)
{
	assert_int_equal(airlock_ring_attach(mem, entries, sizeof(uint64_t),
					     AIRLOCK_RING_PRODUCER, prod), 0);
	assert_int_equal(airlock_ring_attach(mem, entries, sizeof(uint64_t),
					     AIRLOCK_RING_CONSUMER, cons), 0);
}

static void empty_ring(void **state)
{
	void *mem = ring_mem(8, 8);
	struct airlock_ring p = { 0 }, c = { 0 };
	uint64_t out = 0xdead;

	attach_pair(mem, 8, &p, &c);
	assert_int_equal(airlock_ring_count(&c), 0);
	assert_int_equal(airlock_ring_space(&p), 8);
	assert_int_equal(airlock_ring_dequeue(&c, &out, 1), 0);
	assert_int_equal(out, 0xdead);	/* untouched when nothing came */
	free(mem);
}

static void full_ring(void **state)
{
	void *mem = ring_mem(8, 8);
	struct airlock_ring p = { 0 }, c = { 0 };
	uint64_t in[8], out[8], extra = 99;

	attach_pair(mem, 8, &p, &c);
	for (int i = 0; i < 8; i++)
		in[i] = 100 + i;
	assert_int_equal(airlock_ring_enqueue(&p, in, 8), 8);
	assert_int_equal(airlock_ring_space(&p), 0);
	assert_int_equal(airlock_ring_enqueue(&p, &extra, 1), 0);
	assert_int_equal(airlock_ring_count(&c), 8);

	assert_int_equal(airlock_ring_dequeue(&c, out, 8), 8);
	assert_memory_equal(in, out, sizeof(in));
	assert_int_equal(airlock_ring_space(&p), 8);
	assert_int_equal(airlock_ring_count(&c), 0);
	free(mem);
}

static void batch_partial_enqueue(void **state)
{
	void *mem = ring_mem(8, 8);
	struct airlock_ring p = { 0 }, c = { 0 };
	uint64_t in[5] = { 1, 2, 3, 4, 5 }, more[5] = { 6, 7, 8, 9, 10 }, out[16];

	attach_pair(mem, 8, &p, &c);
	assert_int_equal(airlock_ring_enqueue(&p, in, 5), 5);
	/* Only three slots left: the first three of the batch go in. */
	assert_int_equal(airlock_ring_enqueue(&p, more, 5), 3);
	/* A short dequeue first, then ask for more than there is. */
	assert_int_equal(airlock_ring_dequeue(&c, out, 2), 2);
	assert_int_equal(airlock_ring_dequeue(&c, out + 2, 16), 6);
	for (int i = 0; i < 8; i++)
		assert_int_equal(out[i], i + 1);
	free(mem);
}

static void wraps_free_running_indices(void **state)
{
	const uint32_t start = UINT32_MAX - 5;
	void *mem = ring_mem(8, 8);
	struct airlock_ring p = { 0 }, c = { 0 };
	uint64_t next_in = 0, next_out = 0;

	/* Both indices start just below 2^32 and not at slot 0. */
	hdr_of(mem)->producer = start;
	hdr_of(mem)->consumer = start;
	attach_pair(mem, 8, &p, &c);

	for (int round = 0; round < 10; round++) {
		uint64_t in[7], out[7];

		for (int i = 0; i < 7; i++)
			in[i] = next_in++;
		assert_int_equal(airlock_ring_enqueue(&p, in, 7), 7);
		assert_int_equal(airlock_ring_count(&c), 7);
		assert_int_equal(airlock_ring_space(&p), 1);
		assert_int_equal(airlock_ring_dequeue(&c, out, 7), 7);
		for (int i = 0; i < 7; i++)
			assert_int_equal(out[i], next_out++);
	}
	/* 70 entries later the indices have wrapped past zero. */
	assert_int_equal(hdr_of(mem)->producer, (uint32_t)(start + 70));
	assert_true(hdr_of(mem)->producer < start);
	assert_int_equal(hdr_of(mem)->consumer, hdr_of(mem)->producer);
	free(mem);
}

static void full_across_the_wrap(void **state)
{
	void *mem = ring_mem(4, 8);
	struct airlock_ring p = { 0 }, c = { 0 };
	uint64_t in[4] = { 1, 2, 3, 4 }, out[4];

	/* producer - consumer == entries exactly, straddling 2^32: full, not corrupt. */
	hdr_of(mem)->producer = 2;
	hdr_of(mem)->consumer = UINT32_MAX - 1;
	attach_pair(mem, 4, &p, &c);
	assert_int_equal(airlock_ring_space(&p), 0);
	assert_int_equal(airlock_ring_count(&c), 4);
	assert_int_equal(airlock_ring_dequeue(&c, out, 4), 4);
	assert_int_equal(airlock_ring_enqueue(&p, in, 4), 4);
	assert_int_equal(airlock_ring_dequeue(&c, out, 4), 4);
	assert_memory_equal(in, out, sizeof(in));
	free(mem);
}

static void consumer_ahead_of_producer_is_ebadmsg(void **state)
{
	void *mem = ring_mem(8, 8);
	struct airlock_ring p = { 0 }, c = { 0 };
	uint64_t v = 1;

	attach_pair(mem, 8, &p, &c);
	assert_int_equal(airlock_ring_enqueue(&p, &v, 1), 1);
	/* A hostile consumer claims to have consumed what was never produced. */
	hdr_of(mem)->consumer = 5;
	assert_int_equal(airlock_ring_space(&p), -EBADMSG);
	assert_int_equal(airlock_ring_enqueue(&p, &v, 1), -EBADMSG);
	/* Nothing was published on the error path. */
	assert_int_equal(hdr_of(mem)->producer, 1);
	free(mem);
}

static void producer_too_far_ahead_is_ebadmsg(void **state)
{
	void *mem = ring_mem(8, 8);
	struct airlock_ring p = { 0 }, c = { 0 };
	uint64_t out[16] = { 0 };

	attach_pair(mem, 8, &p, &c);
	hdr_of(mem)->producer = 9;	/* entries + 1 ahead */
	assert_int_equal(airlock_ring_count(&c), -EBADMSG);
	assert_int_equal(airlock_ring_dequeue(&c, out, 16), -EBADMSG);
	assert_int_equal(hdr_of(mem)->consumer, 0);

	hdr_of(mem)->producer = 8;	/* exactly full is fine */
	assert_int_equal(airlock_ring_count(&c), 8);
	assert_int_equal(airlock_ring_dequeue(&c, out, 3), 3);

	hdr_of(mem)->producer = 1;	/* moved back behind our consumer index */
	assert_int_equal(airlock_ring_count(&c), -EBADMSG);
	free(mem);
}

static void own_index_is_never_read_back(void **state)
{
	void *mem = ring_mem(8, 8);
	struct airlock_ring p = { 0 }, c = { 0 };
	uint64_t in[3] = { 7, 8, 9 }, out[3];

	attach_pair(mem, 8, &p, &c);
	assert_int_equal(airlock_ring_enqueue(&p, in, 3), 3);
	/* The producer scribbles on the consumer index: the consumer must not care. */
	hdr_of(mem)->consumer = 2;
	assert_int_equal(airlock_ring_dequeue(&c, out, 3), 3);
	assert_memory_equal(in, out, sizeof(in));
	assert_int_equal(hdr_of(mem)->consumer, 3);
	free(mem);
}

static void attach_checks_geometry_and_indices(void **state)
{
	void *mem = ring_mem(8, 8);
	struct airlock_ring r = { .own = 42 };

	assert_int_equal(airlock_ring_attach(mem, 6, 8, AIRLOCK_RING_CONSUMER, &r), -EINVAL);
	assert_int_equal(airlock_ring_attach(mem, 0, 8, AIRLOCK_RING_CONSUMER, &r), -EINVAL);
	assert_int_equal(airlock_ring_attach(mem, 8, 0, AIRLOCK_RING_CONSUMER, &r), -EINVAL);
	assert_int_equal(airlock_ring_attach(NULL, 8, 8, AIRLOCK_RING_CONSUMER, &r), -EINVAL);
	hdr_of(mem)->producer = 100;
	hdr_of(mem)->consumer = 50;
	assert_int_equal(airlock_ring_attach(mem, 8, 8, AIRLOCK_RING_PRODUCER, &r), -EBADMSG);
	assert_int_equal(r.own, 42);	/* untouched on failure */

	/* A restarted side resumes from the indices in memory. */
	hdr_of(mem)->consumer = 95;
	assert_int_equal(airlock_ring_attach(mem, 8, 8, AIRLOCK_RING_PRODUCER, &r), 0);
	assert_int_equal(r.own, 100);
	assert_int_equal(airlock_ring_space(&r), 3);
	assert_int_equal(airlock_ring_attach(mem, 8, 8, AIRLOCK_RING_CONSUMER, &r), 0);
	assert_int_equal(r.own, 95);
	free(mem);
}

static void need_wakeup_protocol(void **state)
{
	void *mem = ring_mem(8, 8);
	struct airlock_ring p = { 0 }, c = { 0 };
	uint64_t v = 5, out;

	attach_pair(mem, 8, &p, &c);
	/* A busy consumer has not asked: no kick. */
	assert_int_equal(airlock_ring_enqueue(&p, &v, 1), 1);
	assert_false(airlock_ring_needs_wakeup(&p));

	/* Entries pending: prepare_sleep refuses and leaves the flag clear. */
	assert_int_equal(airlock_ring_prepare_sleep(&c), 1);
	assert_int_equal(hdr_of(mem)->flags, 0);
	assert_false(airlock_ring_needs_wakeup(&p));

	/* Empty: the consumer may sleep, and the producer must kick. */
	assert_int_equal(airlock_ring_dequeue(&c, &out, 1), 1);
	assert_int_equal(airlock_ring_prepare_sleep(&c), 0);
	assert_int_equal(hdr_of(mem)->flags, AIRLOCK_RING_NEED_WAKEUP);
	assert_int_equal(airlock_ring_enqueue(&p, &v, 1), 1);
	assert_true(airlock_ring_needs_wakeup(&p));

	/* Woken and polling again: kicks stop. */
	airlock_ring_wake_done(&c);
	assert_false(airlock_ring_needs_wakeup(&p));

	/* A corrupt ring is reported, not slept on. */
	assert_int_equal(airlock_ring_dequeue(&c, &out, 1), 1);
	hdr_of(mem)->producer = 1000;
	assert_int_equal(airlock_ring_prepare_sleep(&c), -EBADMSG);
	free(mem);
}

static void doorbell_kick_wait_drain(void **state)
{
	int fd = airlock_doorbell_new();

	assert_true(fd >= 0);
	assert_int_equal(airlock_doorbell_drain(fd), 0);
	assert_int_equal(airlock_doorbell_wait(fd, 0), 0);
	assert_int_equal(airlock_doorbell_kick(fd), 0);
	assert_int_equal(airlock_doorbell_kick(fd), 0);
	assert_int_equal(airlock_doorbell_wait(fd, 1000), 1);
	/* Both kicks were consumed by the one wait. */
	assert_int_equal(airlock_doorbell_drain(fd), 0);
	assert_int_equal(airlock_doorbell_kick(fd), 0);
	assert_int_equal(airlock_doorbell_drain(fd), 1);
	close(fd);
	assert_int_equal(airlock_doorbell_kick(fd), -EBADF);
	assert_int_equal(airlock_doorbell_drain(fd), -EBADF);
}

/* ---- Two threads ---- */

#define STRESS_N	1000000u
#define SLEEPY_N	100000u

struct stress {
	void *mem;
	uint32_t entries;
	uint32_t n;
	int doorbell;		/* -1: busy polling */
	int err;		/* first failure in the producer thread */
	unsigned sleeps;
};

static void *producer_thread(void *arg)
{
	struct stress *s = arg;
	struct airlock_ring p = { 0 };
	uint64_t batch[32];
	uint64_t next = 0;
	unsigned int seed = 1;
	int err = airlock_ring_attach(s->mem, s->entries, 8, AIRLOCK_RING_PRODUCER, &p);

	while (!err && next < s->n) {
		unsigned int want = 1 + rand_r(&seed) % 32;
		int n;

		if (want > s->n - next)
			want = (unsigned int)(s->n - next);
		for (unsigned int i = 0; i < want; i++)
			batch[i] = next + i;
		n = airlock_ring_enqueue(&p, batch, want);
		if (n < 0) {
			err = n;
			break;
		}
		next += (uint64_t)n;
		if (s->doorbell >= 0) {
			if (n > 0 && airlock_ring_needs_wakeup(&p))
				err = airlock_doorbell_kick(s->doorbell);
			/* Pause now and then, so the consumer does go to sleep. */
			if (next % 4096 < (uint64_t)n) {
				struct timespec ts = { 0, 50000 };

				nanosleep(&ts, NULL);
			}
		}
		if (n == 0)
			sched_yield();
	}
	__atomic_store_n(&s->err, err, __ATOMIC_RELEASE);
	return NULL;
}

static void run_stress(struct stress *s)
{
	struct airlock_ring c = { 0 };
	pthread_t t;
	uint64_t out[32], expect = 0;

	s->mem = ring_mem(s->entries, 8);
	assert_int_equal(airlock_ring_attach(s->mem, s->entries, 8, AIRLOCK_RING_CONSUMER, &c), 0);
	assert_int_equal(pthread_create(&t, NULL, producer_thread, s), 0);

	while (expect < s->n) {
		int n = airlock_ring_dequeue(&c, out, 1 + expect % 32);

		if (__atomic_load_n(&s->err, __ATOMIC_ACQUIRE))
			fail_msg("producer failed: %d", s->err);
		assert_true(n >= 0);
		for (int i = 0; i < n; i++) {
			if (out[i] != expect)
				fail_msg("out of order: got %llu, want %llu",
					 (unsigned long long)out[i], (unsigned long long)expect);
			expect++;
		}
		if (n > 0)
			continue;
		if (s->doorbell < 0) {
			sched_yield();
			continue;
		}
		n = airlock_ring_prepare_sleep(&c);
		assert_true(n >= 0);
		if (n > 0)
			continue;
		/* A lost wakeup shows up as a timeout with entries waiting. */
		if (airlock_doorbell_wait(s->doorbell, 5000) == 0 && airlock_ring_count(&c) > 0)
			fail_msg("lost wakeup at %llu", (unsigned long long)expect);
		airlock_ring_wake_done(&c);
		s->sleeps++;
	}
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(s->err, 0);
	assert_int_equal(airlock_ring_count(&c), 0);
	free(s->mem);
}

static void two_threads_busy_poll(void **state)
{
	struct stress s = { .entries = 16, .n = STRESS_N, .doorbell = -1 };

	run_stress(&s);
}

static void two_threads_with_doorbell(void **state)
{
	struct stress s = { .entries = 64, .n = SLEEPY_N };

	s.doorbell = airlock_doorbell_new();
	assert_true(s.doorbell >= 0);
	run_stress(&s);
	/* The sleeping path was taken, so the test did test it. */
	assert_true(s.sleeps > 0);
	close(s.doorbell);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_ring),
		cmocka_unit_test(full_ring),
		cmocka_unit_test(batch_partial_enqueue),
		cmocka_unit_test(wraps_free_running_indices),
		cmocka_unit_test(full_across_the_wrap),
		cmocka_unit_test(consumer_ahead_of_producer_is_ebadmsg),
		cmocka_unit_test(producer_too_far_ahead_is_ebadmsg),
		cmocka_unit_test(own_index_is_never_read_back),
		cmocka_unit_test(attach_checks_geometry_and_indices),
		cmocka_unit_test(need_wakeup_protocol),
		cmocka_unit_test(doorbell_kick_wait_drain),
		cmocka_unit_test(two_threads_busy_poll),
		cmocka_unit_test(two_threads_with_doorbell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
