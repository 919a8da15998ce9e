/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Thin helpers over the VFIO type1 API: container, group, device, IOVA ranges
 * and DMA mappings. Each returns 0 or a negative errno and never logs; output
 * parameters are named ret_* and are left untouched on failure.
 */
#ifndef AIRLOCK_VFIO_H
#define AIRLOCK_VFIO_H

#include <stddef.h>
#include <stdint.h>

#include <linux/vfio.h>

#include "iova.h"

int vfio_container_open(int *ret_fd);
/*
 * The path /dev/vfio/N of the IOMMU group of PCI device @bdf (e.g.
 * 0000:00:03.0), from its sysfs iommu_group link, into @ret_path (@len bytes).
 */
int vfio_group_path(const char *bdf, char *ret_path, size_t len);
/* Opens /dev/vfio/N for the IOMMU group of PCI device @bdf. */
int vfio_group_open(const char *bdf, int *ret_fd);
/* Adds @group to @container; the first group also selects the type1v2 IOMMU. */
int vfio_group_attach(int group, int container, int first_group);
int vfio_device_open(int group, const char *bdf, int *ret_fd);
int vfio_region_info(int device, uint32_t index, struct vfio_region_info *ret_info);

/* The usable IOVA windows of @container; free *ret_ranges with free(). */
int vfio_iova_ranges(int container, struct iova_range **ret_ranges, size_t *ret_n);
/*
 * Parses a VFIO_IOMMU_GET_INFO reply of @len bytes. Exposed for unit tests:
 * the capability chain is walked with every offset checked against @len.
 */
int vfio_parse_iova_ranges(const void *info, size_t len,
			   struct iova_range **ret_ranges, size_t *ret_n);

int vfio_dma_map(int container, void *vaddr, uint64_t iova, uint64_t size);
int vfio_dma_unmap(int container, uint64_t iova, uint64_t size);

#endif
