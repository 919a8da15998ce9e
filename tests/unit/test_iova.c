// SPDX-License-Identifier: GPL-2.0-only
/* iova_pick: choosing DMA windows inside the IOMMU's reported ranges. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "iova.h"

#define MiB (1ull << 20)

/* What intel-iommu reports with 39-bit addressing: everything but the MSI window. */
static const struct iova_range intel_39[] = {
	{ 0x0, 0xfedfffff },
	{ 0xfef00000, 0x7fffffffff },
};

static void picks_lowest_aligned_above_floor(void **state)
{
	uint64_t iova = 0;

	assert_int_equal(iova_pick(intel_39, 2, 2 * MiB, 2 * MiB, 2 * MiB, &iova), 0);
	assert_int_equal(iova, 2 * MiB);
}

static void skips_a_range_too_small(void **state)
{
	/* 16 MiB from 0xfe000000 does not fit below 0xfedfffff: the next range. */
	uint64_t iova = 0;

	assert_int_equal(iova_pick(intel_39, 2, 16 * MiB, 16 * MiB, 0xfe000000, &iova), 0);
	assert_int_equal(iova, 0xff000000);
}

static void fits_exactly_at_the_end(void **state)
{
	const struct iova_range one[] = { { 0x1000, 0x1fff } };
	uint64_t iova = 0;

	assert_int_equal(iova_pick(one, 1, 0x1000, 0x1000, 0, &iova), 0);
	assert_int_equal(iova, 0x1000);
	assert_int_equal(iova_pick(one, 1, 0x1001, 0x1000, 0, &iova), -ENOSPC);
}

static void no_room_is_enospc_and_leaves_output(void **state)
{
	uint64_t iova = 42;

	assert_int_equal(iova_pick(intel_39, 2, 1ull << 40, 4096, 0, &iova), -ENOSPC);
	assert_int_equal(iova_pick(NULL, 0, 4096, 4096, 0, &iova), -ENOSPC);
	assert_int_equal(iova, 42);
}

static void rejects_bad_arguments(void **state)
{
	uint64_t iova = 42;

	assert_int_equal(iova_pick(intel_39, 2, 0, 4096, 0, &iova), -EINVAL);
	assert_int_equal(iova_pick(intel_39, 2, 4096, 0, 0, &iova), -EINVAL);
	assert_int_equal(iova_pick(intel_39, 2, 4096, 3000, 0, &iova), -EINVAL);
	assert_int_equal(iova, 42);
}

static void survives_ranges_at_the_top_of_the_space(void **state)
{
	/* Aligning up near UINT64_MAX must not wrap around to a low address. */
	const struct iova_range top[] = { { UINT64_MAX - 0xfff, UINT64_MAX } };
	uint64_t iova = 0;

	assert_int_equal(iova_pick(top, 1, 0x1000, 0x1000, 0, &iova), 0);
	assert_int_equal(iova, UINT64_MAX - 0xfff);
	assert_int_equal(iova_pick(top, 1, 0x1000, 0x2000, 0, &iova), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(picks_lowest_aligned_above_floor),
		cmocka_unit_test(skips_a_range_too_small),
		cmocka_unit_test(fits_exactly_at_the_end),
		cmocka_unit_test(no_room_is_enospc_and_leaves_output),
		cmocka_unit_test(rejects_bad_arguments),
		cmocka_unit_test(survives_ranges_at_the_top_of_the_space),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
