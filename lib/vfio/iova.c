// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>

#include "iova.h"

static int align_up(uint64_t value, uint64_t align, uint64_t *ret)
{
	uint64_t mask = align - 1;

	if (value > UINT64_MAX - mask)
		return -ERANGE;
	*ret = (value + mask) & ~mask;
	return 0;
}

int iova_pick(const struct iova_range *ranges, size_t n_ranges, uint64_t size,
	      uint64_t align, uint64_t floor, uint64_t *ret_iova)
{
	uint64_t best = UINT64_MAX;
	int found = 0;

	if (size == 0 || align == 0 || (align & (align - 1)))
		return -EINVAL;

	for (size_t i = 0; i < n_ranges; i++) {
		uint64_t start = ranges[i].start > floor ? ranges[i].start : floor;
		uint64_t candidate;

		if (ranges[i].last < start)
			continue;
		if (align_up(start, align, &candidate) < 0)
			continue;
		/* Fits when candidate + size - 1 <= last, written without overflow. */
		if (candidate > ranges[i].last || ranges[i].last - candidate < size - 1)
			continue;
		if (!found || candidate < best) {
			best = candidate;
			found = 1;
		}
	}
	if (!found)
		return -ENOSPC;
	*ret_iova = best;
	return 0;
}
