/* SPDX-License-Identifier: GPL-2.0-only */
/* Choosing I/O virtual addresses inside the ranges an IOMMU reports. */
#ifndef AIRLOCK_IOVA_H
#define AIRLOCK_IOVA_H

#include <stddef.h>
#include <stdint.h>

/* An IOVA window, both ends inclusive (as VFIO reports them). */
struct iova_range {
	uint64_t start;
	uint64_t last;
};

/*
 * Picks the lowest IOVA aligned to @align where @size bytes fit inside one of
 * @ranges and that is not below @floor (so callers can keep page 0 unused).
 * Returns 0 and sets *ret_iova, -EINVAL for a zero size or an alignment that
 * is not a power of two, -ENOSPC if no range has room.
 */
int iova_pick(const struct iova_range *ranges, size_t n_ranges, uint64_t size,
	      uint64_t align, uint64_t floor, uint64_t *ret_iova);

#endif
