/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DMA mapping onto the windows the IOMMU was given: the DMA heap (coherent
 * allocations, pages, packet fragments) and the shared region's packet pool.
 * The "DMA address" is the IOVA. Mapping memory outside every window is an
 * error the driver sees through dma_mapping_error(), never a silent success:
 * the device could not reach it.
 */
#ifndef SHIM_LINUX_DMA_MAPPING_H
#define SHIM_LINUX_DMA_MAPPING_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/mm.h>

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

#define DMA_MAPPING_ERROR (~(dma_addr_t)0)
#define DMA_BIT_MASK(n) (((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))
#define DMA_ATTR_SKIP_CPU_SYNC (1UL << 5)

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp);
void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle);
dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size, enum dma_data_direction dir);
void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir);
dma_addr_t dma_map_page(struct device *dev, struct page *page, size_t offset, size_t size,
			enum dma_data_direction dir);
void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir);
int dma_set_mask_and_coherent(struct device *dev, u64 mask);
int dma_set_mask(struct device *dev, u64 mask);
int dma_set_coherent_mask(struct device *dev, u64 mask);

static inline int dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	return addr == DMA_MAPPING_ERROR;
}

/* The IOMMU maps our own memory, cache coherent on x86: syncs only order. */
static inline void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
					   enum dma_data_direction dir)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void dma_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size,
					      enum dma_data_direction dir)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

#endif
