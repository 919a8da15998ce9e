/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pages. A struct page describes one page of the DMA heap (shim/dma_heap.c):
 * alloc_page() and the packet-buffer allocators take their memory there, so
 * that dma_map_page() and dma_map_single() can give the device an IOVA for
 * it. Memory from malloc is not reachable by the device, by design.
 */
#ifndef SHIM_LINUX_MM_H
#define SHIM_LINUX_MM_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/atomic.h>
#include <linux/kernel.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr) ALIGN((addr), PAGE_SIZE)
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)

struct page {
	atomic_t refcount;
	u32 npages;		/* pages of the allocation this page heads */
};

void *page_address(const struct page *page);
struct page *virt_to_page(const void *addr);
/* The page's IOVA: the only physical address a hosted driver's device knows. */
phys_addr_t page_to_phys(const struct page *page);

static inline void get_page(struct page *page)
{
	atomic_inc(&page->refcount);
}

void put_page(struct page *page);

static inline int page_count(const struct page *page)
{
	return atomic_read(&page->refcount);
}

#define page_ref_count(p) page_count(p)
#define page_is_pfmemalloc(p) false
#define dev_page_is_reusable(p) true

#endif
