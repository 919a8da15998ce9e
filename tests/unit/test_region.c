// SPDX-License-Identifier: GPL-2.0-only
/* The shared region: layout, validation, memfd create/map, and the control channel. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "ctrl.h"
#include "region.h"

static const struct airlock_region_params defaults = {
	.n_queues = 2,
	.ctrl_entries = 32,
	.queue_entries = 256,
	.n_bufs = 512,
	.buf_size = 16384,
};

static struct airlock_region_hdr good_hdr(void)
{
	struct airlock_region_hdr h;

	assert_int_equal(airlock_region_layout(&defaults, &h), 0);
	return h;
}

/* Checks @h after @mutate against its own region size. */
#define CHECK_MUTATED(expect, mutate)						\
	do {									\
		struct airlock_region_hdr h = good_hdr();			\
		mutate;								\
		assert_int_equal(airlock_region_check(&h, good_hdr().region_size), expect); \
	} while (0)

static void layout_validate_round_trip(void **state)
{
	struct airlock_region_hdr h = good_hdr(), copy;
	void *mem;

	assert_int_equal(h.magic, AIRLOCK_REGION_MAGIC);
	assert_int_equal(h.abi_version, AIRLOCK_ABI_VERSION);
	assert_int_equal(h.region_size % AIRLOCK_POOL_ALIGN, 0);
	assert_int_equal(h.pool_offset % AIRLOCK_POOL_ALIGN, 0);
	assert_int_equal(h.pool_size, 512ull * 16384);
	assert_int_equal(h.ctrl_req.offset % 64, 0);
	assert_int_equal(h.queues[1].ret.offset % 64, 0);
	assert_int_equal(h.state_offset % 64, 0);
	assert_int_equal(h.addr_offset % 64, 0);
	assert_true(h.ctrl_req.offset >= sizeof(h));
	/* Per queue: 128 TX then 128 RX buffers. */
	assert_int_equal(h.queues[0].tx_bufs.first, 0);
	assert_int_equal(h.queues[0].rx_bufs.first, 128);
	assert_int_equal(h.queues[1].tx_bufs.first, 256);
	assert_int_equal(h.queues[1].rx_bufs.count, 128);
	/* Unused queue slots stay zero. */
	assert_int_equal(h.queues[2].tx.offset, 0);
	assert_int_equal(h.queues[3].rx_bufs.count, 0);

	mem = calloc(1, h.region_size);
	assert_non_null(mem);
	memcpy(mem, &h, sizeof(h));
	memset(&copy, 0, sizeof(copy));
	assert_int_equal(airlock_region_validate(mem, h.region_size, &copy), 0);
	assert_memory_equal(&copy, &h, sizeof(h));
	assert_int_equal(airlock_region_validate(mem, h.region_size, NULL), 0);
	/* One byte short, or a page more than the header says: rejected. */
	assert_int_equal(airlock_region_validate(mem, h.region_size - 1, NULL), -EINVAL);
	free(mem);
}

static void layout_smallest_and_largest(void **state)
{
	struct airlock_region_params small = { 1, 2, 2, 2, AIRLOCK_BUF_SIZE_MIN };
	/* Every count at its limit, with jumbo buffers... */
	struct airlock_region_params big = { AIRLOCK_MAX_QUEUES, AIRLOCK_CTRL_MAX_ENTRIES,
					     AIRLOCK_RING_MAX_ENTRIES, AIRLOCK_MAX_BUFS,
					     AIRLOCK_BUF_SIZE_JUMBO };
	/* ... and the largest buffers, as many as the region's limit allows. */
	struct airlock_region_params big_bufs = { AIRLOCK_MAX_QUEUES, AIRLOCK_CTRL_MAX_ENTRIES,
						  AIRLOCK_RING_MAX_ENTRIES, AIRLOCK_MAX_BUFS / 4,
						  AIRLOCK_BUF_SIZE_MAX };
	struct airlock_region_hdr h;

	assert_int_equal(airlock_region_layout(&small, &h), 0);
	assert_int_equal(airlock_region_check(&h, h.region_size), 0);
	assert_int_equal(airlock_region_layout(&big, &h), 0);
	assert_int_equal(airlock_region_check(&h, h.region_size), 0);
	assert_true(h.region_size <= AIRLOCK_REGION_MAX_SIZE);
	assert_int_equal(airlock_region_layout(&big_bufs, &h), 0);
	assert_int_equal(airlock_region_check(&h, h.region_size), 0);
	assert_true(h.region_size <= AIRLOCK_REGION_MAX_SIZE);
	/* Both at their limits would pass the region's. */
	big_bufs.n_bufs = AIRLOCK_MAX_BUFS;
	assert_int_not_equal(airlock_region_layout(&big_bufs, &h), 0);
}

static void layout_rejects_bad_params(void **state)
{
	struct airlock_region_hdr h = { .magic = 7 };
	struct airlock_region_params p;

#define LAYOUT(expect, field, value)						\
	do {									\
		p = defaults;							\
		p.field = value;						\
		assert_int_equal(airlock_region_layout(&p, &h), expect);	\
	} while (0)
	LAYOUT(-EINVAL, n_queues, 0);
	LAYOUT(-ERANGE, n_queues, AIRLOCK_MAX_QUEUES + 1);
	LAYOUT(-EINVAL, ctrl_entries, 24);
	LAYOUT(-ERANGE, ctrl_entries, AIRLOCK_CTRL_MAX_ENTRIES * 2);
	LAYOUT(-ERANGE, ctrl_entries, 1);
	LAYOUT(-EINVAL, queue_entries, 0);
	LAYOUT(-ERANGE, queue_entries, AIRLOCK_RING_MAX_ENTRIES * 2);
	LAYOUT(-EINVAL, buf_size, 10000);
	LAYOUT(-ERANGE, buf_size, AIRLOCK_BUF_SIZE_MAX * 2);
	LAYOUT(-ERANGE, buf_size, 1024);
	LAYOUT(-EINVAL, n_bufs, 0);
	LAYOUT(-EINVAL, n_bufs, 510);		/* not 4 equal parts */
	LAYOUT(-ERANGE, n_bufs, AIRLOCK_MAX_BUFS + 4);
	LAYOUT(-ERANGE, n_bufs, 2 * 2 * 512);	/* 512 per ring of 256 */
#undef LAYOUT
	assert_int_equal(h.magic, 7);		/* untouched on failure */
	assert_int_equal(airlock_region_layout(NULL, &h), -EINVAL);
}

static void magic_and_version_mismatch(void **state)
{
	struct airlock_region_hdr good = good_hdr();

	CHECK_MUTATED(-EBADMSG, h.magic ^= 1);
	CHECK_MUTATED(-EPROTONOSUPPORT, h.abi_version = AIRLOCK_ABI_VERSION + 1);
	CHECK_MUTATED(-EPROTONOSUPPORT, h.abi_version = 0);
	CHECK_MUTATED(-EINVAL, h.hdr_size = sizeof(h) + 64);
	assert_int_equal(airlock_region_check(&good, sizeof(good) - 1), -EMSGSIZE);
	assert_int_equal(airlock_region_validate(&good, sizeof(good) - 1, NULL), -EMSGSIZE);
	assert_int_equal(airlock_region_validate(NULL, good.region_size, NULL), -EMSGSIZE);
}

static void reserved_fields_must_be_zero(void **state)
{
	CHECK_MUTATED(-EINVAL, h.flags = 1);
	CHECK_MUTATED(-EINVAL, h.reserved0 = 1);
	CHECK_MUTATED(-EINVAL, h.reserved1[1] = 1);
	/* A queue past n_queues must be all zero. */
	CHECK_MUTATED(-EINVAL, h.queues[2].tx_bufs.count = 1);
	CHECK_MUTATED(-EINVAL, h.queues[3].ret.entries = 8);
}

static void too_large_counts(void **state)
{
	CHECK_MUTATED(-ERANGE, h.n_queues = AIRLOCK_MAX_QUEUES + 1);
	CHECK_MUTATED(-ERANGE, h.n_queues = 0);
	CHECK_MUTATED(-ERANGE, h.n_bufs = AIRLOCK_MAX_BUFS + 1);
	CHECK_MUTATED(-ERANGE, h.n_bufs = UINT32_MAX);
	CHECK_MUTATED(-ERANGE, h.buf_size = AIRLOCK_BUF_SIZE_MAX * 2);
	CHECK_MUTATED(-EINVAL, h.buf_size = 3000);
	CHECK_MUTATED(-ERANGE, h.ctrl_req.entries = AIRLOCK_CTRL_MAX_ENTRIES * 2);
	CHECK_MUTATED(-ERANGE, h.queues[1].rx.entries = AIRLOCK_RING_MAX_ENTRIES * 2);
	CHECK_MUTATED(-ERANGE, h.queues[0].tx.entries = 1u << 31);
	CHECK_MUTATED(-EINVAL, h.queues[0].tx.entries = 100);
	/* The response ring must hold an answer to every request in flight. */
	CHECK_MUTATED(-EINVAL, h.ctrl_rsp.entries = 16);
	/* More TX buffers than the return ring can carry back. */
	CHECK_MUTATED(-EINVAL, h.queues[0].ret.entries = 64);
	CHECK_MUTATED(-EINVAL, h.queues[0].rx.entries = 64);
}

static void sizes_must_match_the_abi(void **state)
{
	CHECK_MUTATED(-EINVAL, h.queues[0].tx.entry_size = AIRLOCK_CTRL_MSG_SIZE);
	CHECK_MUTATED(-EINVAL, h.ctrl_rsp.entry_size = AIRLOCK_DESC_SIZE);
	CHECK_MUTATED(-EINVAL, h.state_size = 64);
	CHECK_MUTATED(-EINVAL, h.addr_size += 8);
	CHECK_MUTATED(-EINVAL, h.pool_size -= h.buf_size);
	CHECK_MUTATED(-EINVAL, h.region_size += AIRLOCK_POOL_ALIGN);
}

static void out_of_range_offsets(void **state)
{
	CHECK_MUTATED(-EINVAL, h.queues[1].ret.offset = h.region_size);
	/* In range at its start, runs off the end. */
	CHECK_MUTATED(-EINVAL, h.queues[1].ret.offset = h.region_size - 128);
	/* Offsets chosen so that offset + length wraps around 2^64. */
	CHECK_MUTATED(-EINVAL, h.state_offset = UINT64_MAX - 63);
	CHECK_MUTATED(-EINVAL, h.pool_offset = UINT64_MAX - 4095);
	CHECK_MUTATED(-EINVAL, h.pool_offset += 64);		/* not page aligned */
	CHECK_MUTATED(-EINVAL, h.ctrl_req.offset += 8);		/* not 64-byte aligned */
}

static void overlapping_areas(void **state)
{
	CHECK_MUTATED(-EINVAL, h.queues[0].rx.offset = h.queues[0].tx.offset);
	CHECK_MUTATED(-EINVAL, h.queues[0].rx.offset = h.queues[0].tx.offset + 64);
	CHECK_MUTATED(-EINVAL, h.ctrl_req.offset = 0);		/* over the header */
	CHECK_MUTATED(-EINVAL, h.state_offset = h.pool_offset);
	CHECK_MUTATED(-EINVAL, h.addr_offset = h.state_offset + 64);
	CHECK_MUTATED(-EINVAL, h.queues[1].tx.offset = h.pool_offset + 4096);
}

static void bad_buffer_ranges(void **state)
{
	CHECK_MUTATED(-EINVAL, h.queues[0].rx_bufs.first = 0);		/* shares with TX */
	CHECK_MUTATED(-EINVAL, h.queues[1].tx_bufs.first = 100);	/* shares with queue 0 */
	CHECK_MUTATED(-EINVAL, h.queues[1].rx_bufs.first = h.n_bufs - 1);
	CHECK_MUTATED(-EINVAL, h.queues[1].rx_bufs.first = UINT32_MAX);
	CHECK_MUTATED(-EINVAL, h.queues[0].tx_bufs.count = 0);
}

static void create_and_map(void **state)
{
	struct airlock_region owner = { 0 }, driver = { 0 };
	struct airlock_state *st;
	unsigned char *b;

	assert_int_equal(airlock_region_create(&defaults, &owner), 0);
	assert_true(owner.fd >= 0);
	assert_int_equal(owner.size, owner.hdr.region_size);
	assert_int_equal(airlock_region_map(owner.fd, &driver), 0);
	assert_int_equal(driver.fd, -1);
	assert_memory_equal(&driver.hdr, &owner.hdr, sizeof(owner.hdr));

	/* Two mappings of one memfd: what one writes the other reads. */
	st = airlock_region_state(&driver);
	st->heartbeat = 41;
	assert_int_equal(airlock_region_state(&owner)->heartbeat, 41);
	b = airlock_region_buf(&owner, owner.hdr.n_bufs - 1);
	assert_non_null(b);
	b[owner.hdr.buf_size - 1] = 0x5a;
	assert_int_equal(((unsigned char *)airlock_region_buf(&driver, owner.hdr.n_bufs - 1))
			 [owner.hdr.buf_size - 1], 0x5a);
	assert_null(airlock_region_buf(&driver, owner.hdr.n_bufs));
	assert_non_null(airlock_region_addr_slot(&driver, AIRLOCK_ADDR_SLOTS - 1));
	assert_null(airlock_region_addr_slot(&driver, AIRLOCK_ADDR_SLOTS));

	/* The size is sealed. */
	assert_int_equal(ftruncate(owner.fd, 0), -1);
	assert_int_equal(errno, EPERM);

	/* A corrupted header is refused at map. */
	((struct airlock_region_hdr *)owner.base)->abi_version = 99;
	assert_int_equal(airlock_region_map(owner.fd, &driver), -EPROTONOSUPPORT);

	airlock_region_unmap(&driver);
	airlock_region_unmap(&owner);
	assert_null(owner.base);
	assert_int_equal(owner.fd, -1);
	airlock_region_unmap(&owner);	/* idempotent */
}

static void map_refuses_unsealed_memfd(void **state)
{
	struct airlock_region_hdr h = good_hdr();
	struct airlock_region r = { .fd = 42 };
	int fd = memfd_create("unsealed", MFD_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)h.region_size), 0);
	assert_int_equal(pwrite(fd, &h, sizeof(h), 0), (ssize_t)sizeof(h));
	assert_int_equal(airlock_region_map(fd, &r), -EPERM);
	assert_int_equal(r.fd, 42);
	close(fd);
	assert_int_equal(airlock_region_map(fd, &r), -EBADF);
}

/* ---- Control channel: the test plays the kernel. ---- */

struct ctrl_fixture {
	struct airlock_region region;
	struct airlock_ring kreq;	/* kernel produces requests */
	struct airlock_ring krsp;	/* kernel consumes responses */
	struct airlock_ctrl drv;
};

static int ctrl_setup(void **state)
{
	struct ctrl_fixture *f = calloc(1, sizeof(*f));
	struct airlock_region_params p = defaults;

	assert_non_null(f);
	p.ctrl_entries = 4;
	assert_int_equal(airlock_region_create(&p, &f->region), 0);
	assert_int_equal(airlock_region_ring(&f->region, &f->region.hdr.ctrl_req,
					     AIRLOCK_RING_PRODUCER, &f->kreq), 0);
	assert_int_equal(airlock_region_ring(&f->region, &f->region.hdr.ctrl_rsp,
					     AIRLOCK_RING_CONSUMER, &f->krsp), 0);
	assert_int_equal(airlock_ctrl_attach(&f->region, &f->drv), 0);
	*state = f;
	return 0;
}

static int ctrl_teardown(void **state)
{
	struct ctrl_fixture *f = *state;

	airlock_region_unmap(&f->region);
	free(f);
	return 0;
}

static void post(struct ctrl_fixture *f, const struct airlock_ctrl_msg *m)
{
	assert_int_equal(airlock_ring_enqueue(&f->kreq, m, 1), 1);
}

static void ctrl_request_reply(void **state)
{
	struct ctrl_fixture *f = *state;
	struct airlock_ctrl_msg req = { .seq = 77, .opcode = AIRLOCK_CTRL_SET_MTU,
					.u.set_mtu.mtu = 9000 };
	struct airlock_ctrl_msg got = { 0 }, rsp;

	assert_int_equal(airlock_ctrl_next(&f->drv, &got), -EAGAIN);
	assert_int_equal(got.seq, 0);
	post(f, &req);
	assert_int_equal(airlock_ctrl_next(&f->drv, &got), 0);
	assert_memory_equal(&got, &req, sizeof(req));
	assert_int_equal(airlock_ctrl_reply(&f->drv, &got, -EBUSY), 0);

	assert_int_equal(airlock_ring_dequeue(&f->krsp, &rsp, 1), 1);
	assert_int_equal(rsp.seq, 77);
	assert_int_equal(rsp.opcode, AIRLOCK_CTRL_SET_MTU);
	assert_int_equal(rsp.status, -EBUSY);
	assert_int_equal(rsp.u.set_mtu.mtu, 0);	/* replies carry no payload */

	assert_int_equal(airlock_ctrl_reply(&f->drv, &got, 1), -EINVAL);
	assert_int_equal(airlock_ctrl_reply(&f->drv, &got, -AIRLOCK_CTRL_MAX_ERRNO - 1), -EINVAL);
}

static void ctrl_malformed_requests(void **state)
{
	struct ctrl_fixture *f = *state;
	const struct airlock_ctrl_msg bad[] = {
		{ .seq = 1, .opcode = 0 },
		{ .seq = 2, .opcode = AIRLOCK_CTRL_OP_MAX + 1 },
		{ .seq = 3, .opcode = AIRLOCK_CTRL_OPEN, .flags = 0x80 },
		{ .seq = 4, .opcode = AIRLOCK_CTRL_SET_MTU, .u.set_mtu.mtu = AIRLOCK_MAX_MTU + 1 },
		{ .seq = 5, .opcode = AIRLOCK_CTRL_SET_RX_MODE,
		  .u.set_rx_mode = { .n_uc = 200, .n_mc = 100 } },
		{ .seq = 6, .opcode = AIRLOCK_CTRL_SET_RX_MODE,
		  .u.set_rx_mode = { .n_uc = UINT32_MAX, .n_mc = 2 } },
		{ .seq = 7, .opcode = AIRLOCK_CTRL_SET_RX_MODE, .u.set_rx_mode.slot = 2 },
		{ .seq = 8, .opcode = AIRLOCK_CTRL_SET_FEATURES, .u.set_features.features = 1ull << 40 },
		{ .seq = 9, .opcode = AIRLOCK_CTRL_TX_TIMEOUT, .u.tx_timeout.queue = 2 },
		{ .seq = 10, .opcode = AIRLOCK_CTRL_STOP, .status = -1 },
	};
	struct airlock_ctrl_msg got = { .seq = 1234 }, rsp;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		post(f, &bad[i]);
		assert_int_equal(airlock_ctrl_next(&f->drv, &got), -EPROTO);
		assert_int_equal(got.seq, 1234);
		/* Answered for the driver, so the kernel is not left waiting. */
		assert_int_equal(airlock_ring_dequeue(&f->krsp, &rsp, 1), 1);
		assert_int_equal(rsp.seq, bad[i].seq);
		assert_int_equal(rsp.status, -EINVAL);
	}
}

static void ctrl_rx_mode_addresses(void **state)
{
	struct ctrl_fixture *f = *state;
	struct airlock_addr_slot *slot = airlock_region_addr_slot(&f->region, 1);
	struct airlock_ctrl_msg req = {
		.seq = 5, .opcode = AIRLOCK_CTRL_SET_RX_MODE,
		.u.set_rx_mode = { .flags = AIRLOCK_RX_MODE_ALLMULTI, .slot = 1, .n_uc = 1, .n_mc = 2 },
	}, got;
	struct airlock_addr addrs[AIRLOCK_MAX_ADDRS];
	struct airlock_ctrl_msg mtu = { .opcode = AIRLOCK_CTRL_SET_MTU, .u.set_mtu.mtu = 1500 };

	for (int i = 0; i < 3; i++)
		memset(slot->addrs[i].addr, 0x10 + i, AIRLOCK_ETH_ALEN);
	post(f, &req);
	assert_int_equal(airlock_ctrl_next(&f->drv, &got), 0);
	assert_int_equal(airlock_ctrl_rx_mode_addrs(&f->drv, &got, addrs, AIRLOCK_MAX_ADDRS), 3);
	assert_int_equal(addrs[0].addr[0], 0x10);
	assert_int_equal(addrs[2].addr[5], 0x12);
	assert_int_equal(airlock_ctrl_rx_mode_addrs(&f->drv, &got, addrs, 2), -ENOBUFS);
	assert_int_equal(airlock_ctrl_rx_mode_addrs(&f->drv, &mtu, addrs, 2), -EINVAL);
	got.u.set_rx_mode.n_mc = AIRLOCK_MAX_ADDRS;
	assert_int_equal(airlock_ctrl_rx_mode_addrs(&f->drv, &got, addrs, AIRLOCK_MAX_ADDRS),
			 -EINVAL);
}

static void ctrl_response_ring_full(void **state)
{
	struct ctrl_fixture *f = *state;
	struct airlock_ctrl_msg req = { .opcode = AIRLOCK_CTRL_OPEN }, got;

	/* Four in flight, four answered, the kernel reads none. */
	for (int i = 0; i < 4; i++) {
		req.seq = (uint64_t)i;
		post(f, &req);
		assert_int_equal(airlock_ctrl_next(&f->drv, &got), 0);
		assert_int_equal(airlock_ctrl_reply(&f->drv, &got, 0), 0);
	}
	assert_int_equal(airlock_ctrl_reply(&f->drv, &got, 0), -ENOSPC);
	/* A kernel that scribbles on the response consumer index is caught. */
	((struct airlock_ring_hdr *)airlock_region_at(&f->region,
						      f->region.hdr.ctrl_rsp.offset))->consumer = 9;
	assert_int_equal(airlock_ctrl_reply(&f->drv, &got, 0), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout_validate_round_trip),
		cmocka_unit_test(layout_smallest_and_largest),
		cmocka_unit_test(layout_rejects_bad_params),
		cmocka_unit_test(magic_and_version_mismatch),
		cmocka_unit_test(reserved_fields_must_be_zero),
		cmocka_unit_test(too_large_counts),
		cmocka_unit_test(sizes_must_match_the_abi),
		cmocka_unit_test(out_of_range_offsets),
		cmocka_unit_test(overlapping_areas),
		cmocka_unit_test(bad_buffer_ranges),
		cmocka_unit_test(create_and_map),
		cmocka_unit_test(map_refuses_unsealed_memfd),
		cmocka_unit_test_setup_teardown(ctrl_request_reply, ctrl_setup, ctrl_teardown),
		cmocka_unit_test_setup_teardown(ctrl_malformed_requests, ctrl_setup, ctrl_teardown),
		cmocka_unit_test_setup_teardown(ctrl_rx_mode_addresses, ctrl_setup, ctrl_teardown),
		cmocka_unit_test_setup_teardown(ctrl_response_ring_full, ctrl_setup, ctrl_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
