// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cable's shared memory against a hostile other end: foreign headers,
 * broken indices, descriptors out of bounds, oversized frames.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <fcntl.h>
#include <cmocka.h>

#include "cable.h"

static int fd = -1;
static void *base;
static size_t size;
static struct airlock_cable a, b;	/* side 0, side 1 */
static unsigned char frame[AIRLOCK_CABLE_FRAME_MAX], got[AIRLOCK_CABLE_FRAME_MAX];

static int setup(void **unused)
{
	if (airlock_cable_create(&fd) < 0)
		return -1;
	size = airlock_cable_size();
	base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED)
		return -1;
	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (unsigned char)(i * 13 + 1);
	if (airlock_cable_open(base, size, 0, &a) < 0 || airlock_cable_open(base, size, 1, &b) < 0)
		return -1;
	return 0;
}

static int teardown(void **unused)
{
	munmap(base, size);
	close(fd);
	return 0;
}

static void test_sealed(void **unused)
{
	int seals = fcntl(fd, F_GET_SEALS);

	assert_true(seals & F_SEAL_SHRINK);
	assert_true(seals & F_SEAL_GROW);
	assert_int_equal(ftruncate(fd, 4096), -1);
}

static void test_round_trip(void **unused)
{
	assert_int_equal(airlock_cable_recv(&b, got, sizeof(got)), 0);
	assert_int_equal(airlock_cable_send(&a, frame, 60), 1);
	assert_int_equal(airlock_cable_send(&a, frame, AIRLOCK_CABLE_FRAME_MAX), 1);
	assert_int_equal(airlock_cable_recv(&b, got, sizeof(got)), 60);
	assert_memory_equal(got, frame, 60);
	assert_int_equal(airlock_cable_recv(&b, got, sizeof(got)), AIRLOCK_CABLE_FRAME_MAX);
	assert_memory_equal(got, frame, AIRLOCK_CABLE_FRAME_MAX);
	/* The other direction is separate. */
	assert_int_equal(airlock_cable_recv(&a, got, sizeof(got)), 0);
	assert_int_equal(airlock_cable_send(&b, frame, 100), 1);
	assert_int_equal(airlock_cable_recv(&a, got, sizeof(got)), 100);
}

static void test_full_and_lengths(void **unused)
{
	for (int i = 0; i < AIRLOCK_CABLE_ENTRIES; i++)
		assert_int_equal(airlock_cable_send(&a, frame, 64), 1);
	assert_int_equal(airlock_cable_send(&a, frame, 64), 0);
	assert_int_equal(airlock_cable_send(&b, frame, 13), -EINVAL);
	assert_int_equal(airlock_cable_send(&b, frame, AIRLOCK_CABLE_FRAME_MAX + 1), -EINVAL);
	/* Too long for the receiver's buffer: consumed and refused. */
	assert_int_equal(airlock_cable_recv(&b, got, 63), -EMSGSIZE);
	assert_int_equal(airlock_cable_recv(&b, got, sizeof(got)), 64);
}

static void test_foreign_header(void **unused)
{
	struct airlock_cable c;
	struct airlock_cable_hdr *h = base;

	assert_int_equal(airlock_cable_open(base, size - 4096, 0, &c), -EINVAL);
	assert_int_equal(airlock_cable_open(base, size, 2, &c), -EINVAL);
	h->buf_size = 65536;
	assert_int_equal(airlock_cable_open(base, size, 0, &c), -EPROTO);
	h->buf_size = AIRLOCK_CABLE_BUF_SIZE;
	h->magic ^= 1;
	assert_int_equal(airlock_cable_open(base, size, 0, &c), -EPROTO);
}

/* The other end writes descriptors pointing anywhere: refused, never read. */
static void test_hostile_descriptors(void **unused)
{
	const struct airlock_desc bad[] = {
		{ .buf = AIRLOCK_CABLE_BUFS, .len = 60 },
		{ .buf = 0xffffffff, .len = 60 },
		{ .buf = 0, .len = 0 },
		{ .buf = 0, .len = 13 },
		{ .buf = 0, .len = AIRLOCK_CABLE_FRAME_MAX + 1 },
		{ .buf = 0, .len = 0xffff },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(airlock_ring_enqueue(&a.out, &bad[i], 1), 1);
		assert_int_equal(airlock_cable_recv(&b, got, sizeof(got)), -EPROTO);
	}
	/* And the cable still works. */
	assert_int_equal(airlock_cable_send(&a, frame, 70), 1);
	assert_int_equal(airlock_cable_recv(&b, got, sizeof(got)), 70);
}

/* Indices that jump ahead, behind, or wrap wrongly: the ring starts over. */
static void test_hostile_indices(void **unused)
{
	const uint32_t jumps[] = { AIRLOCK_CABLE_ENTRIES + 1, 0x80000000u, (uint32_t)-1 };
	struct airlock_ring_hdr *in = b.in.hdr;

	for (size_t i = 0; i < sizeof(jumps) / sizeof(jumps[0]); i++) {
		uint64_t before = b.resyncs;

		/* Producer index of side 0's direction, as side 1 sees it. */
		__atomic_store_n(&in->producer, b.in.own + jumps[i], __ATOMIC_RELEASE);
		assert_int_equal(airlock_cable_recv(&b, got, sizeof(got)), -EBADMSG);
		assert_int_equal(b.resyncs, before + 1);
		assert_int_equal(airlock_cable_recv(&b, got, sizeof(got)), 0);
		/* The honest producer has lost its place too: it starts over as well. */
		a.out.own = __atomic_load_n(&in->producer, __ATOMIC_RELAXED);
	}
	/* A consumer index ahead of the producer, seen by the sender. */
	__atomic_store_n(&a.out.hdr->consumer, a.out.own + 5, __ATOMIC_RELEASE);
	assert_int_equal(airlock_cable_send(&a, frame, 60), -EBADMSG);
	assert_int_equal(airlock_cable_send(&a, frame, 60), 1);
	/* The receiver's own index is private: it must resync too, then frames flow. */
	b.in.own = __atomic_load_n(&b.in.hdr->consumer, __ATOMIC_RELAXED);
	assert_int_equal(airlock_cable_recv(&b, got, sizeof(got)), 60);
	/* A restarted end attaching to broken indices starts over instead of failing. */
	__atomic_store_n(&in->producer, 12345, __ATOMIC_RELEASE);
	__atomic_store_n(&in->consumer, 1, __ATOMIC_RELEASE);
	assert_int_equal(airlock_cable_open(base, size, 1, &b), 0);
	assert_int_equal(b.resyncs, 1);
	assert_int_equal(airlock_cable_recv(&b, got, sizeof(got)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sealed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_and_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_descriptors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_indices, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
