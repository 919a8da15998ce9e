// SPDX-License-Identifier: GPL-2.0-only
/* vfio_parse_iova_ranges: walking VFIO_IOMMU_GET_INFO's capability chain. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vfio.h"

/* A reply as the kernel lays it out: info, then a chain of capabilities. */
struct reply {
	union {
		struct vfio_iommu_type1_info info;
		uint8_t head[32];
	};
	uint8_t caps[256];
};

static size_t put_cap(struct reply *r, size_t at, uint16_t id, uint32_t next,
		      uint32_t nr, const struct vfio_iova_range *ranges)
{
	struct vfio_iommu_type1_info_cap_iova_range cap = {
		.header = { .id = id, .version = 1, .next = next },
		.nr_iovas = nr,
	};
	uint8_t *base = (uint8_t *)r + at;

	memcpy(base, &cap, sizeof(cap));
	if (ranges)
		memcpy(base + sizeof(cap), ranges, nr * sizeof(*ranges));
	return at + sizeof(cap) + nr * sizeof(struct vfio_iova_range);
}

static void init_reply(struct reply *r, uint32_t first_cap)
{
	memset(r, 0, sizeof(*r));
	r->info.argsz = sizeof(*r);
	r->info.flags = VFIO_IOMMU_INFO_PGSIZES | VFIO_IOMMU_INFO_CAPS;
	r->info.cap_offset = first_cap;
}

static void finds_ranges_after_another_capability(void **state)
{
	const struct vfio_iova_range two[] = { { 0, 0xfedfffff }, { 0xfef00000, 0x7fffffffff } };
	struct iova_range *ranges = NULL;
	struct reply r;
	size_t n = 0;

	init_reply(&r, 32);
	/* A DMA-available capability (id 3) first, pointing at the ranges. */
	put_cap(&r, 32, VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL, 48, 0, NULL);
	put_cap(&r, 48, VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE, 0, 2, two);

	assert_int_equal(vfio_parse_iova_ranges(&r, sizeof(r), &ranges, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ranges[1].start, 0xfef00000);
	assert_int_equal(ranges[1].last, 0x7fffffffff);
	free(ranges);
}

static void rejects_counts_past_the_buffer(void **state)
{
	struct iova_range *ranges = NULL;
	struct reply r;
	size_t n = 7;

	init_reply(&r, 32);
	put_cap(&r, 32, VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE, 0, 1000, NULL);
	assert_int_equal(vfio_parse_iova_ranges(&r, sizeof(r), &ranges, &n), -EBADMSG);
	assert_null(ranges);
	assert_int_equal(n, 7);
}

static void rejects_offsets_outside_or_into_the_header(void **state)
{
	struct iova_range *ranges = NULL;
	struct reply r;
	size_t n = 0;

	init_reply(&r, sizeof(r) - 4);
	assert_int_equal(vfio_parse_iova_ranges(&r, sizeof(r), &ranges, &n), -EBADMSG);
	init_reply(&r, 8);
	assert_int_equal(vfio_parse_iova_ranges(&r, sizeof(r), &ranges, &n), -EBADMSG);
	assert_null(ranges);
}

static void stops_a_looping_chain(void **state)
{
	struct iova_range *ranges = NULL;
	struct reply r;
	size_t n = 0;

	init_reply(&r, 32);
	put_cap(&r, 32, VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL, 32, 0, NULL);
	assert_int_equal(vfio_parse_iova_ranges(&r, sizeof(r), &ranges, &n), -EBADMSG);
}

static void no_capabilities_is_enodata(void **state)
{
	struct iova_range *ranges = NULL;
	struct reply r;
	size_t n = 0;

	init_reply(&r, 0);
	r.info.flags = VFIO_IOMMU_INFO_PGSIZES;
	assert_int_equal(vfio_parse_iova_ranges(&r, sizeof(r), &ranges, &n), -ENODATA);
	assert_int_equal(vfio_parse_iova_ranges(&r, 4, &ranges, &n), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_ranges_after_another_capability),
		cmocka_unit_test(rejects_counts_past_the_buffer),
		cmocka_unit_test(rejects_offsets_outside_or_into_the_header),
		cmocka_unit_test(stops_a_looping_chain),
		cmocka_unit_test(no_capabilities_is_enodata),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
