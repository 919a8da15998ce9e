// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DMA heap and DMA mapping. The heap is memory the host mapped into the
 * IOMMU at a known IOVA; a first-fit page allocator hands it out for
 * coherent memory, pages and packet fragments, each allocation headed by
 * its struct page. dma_map_* translate addresses inside the heap or another
 * registered window (the stub's packet pool) to IOVAs and refuse anything
 * else with DMA_MAPPING_ERROR.
 */
#include <stdlib.h>

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/dma-mapping.h>
#include <linux/skbuff.h>
#include <linux/printk.h>

#include "env.h"
#include "internal.h"

#define MAX_WINDOWS 4

/*
 * Each window's pages have a struct page: the heap's are its allocator's,
 * another window's (the packet pool) its own, so that a TX frame in the
 * pool can be handed to a driver as page fragments (skb_fill_page_desc,
 * drivers/linux/netdev.c). Those are never freed by put_page: the pool
 * buffer goes back with its skb's destructor.
 */
struct dma_window {
	unsigned char *base;
	size_t size;
	u64 iova;
	struct page *pages;
};

static struct dma_window windows[MAX_WINDOWS];
static unsigned int n_windows;

/*
 * The device's DMA mask (one device per process) and the last IOVA it will
 * be handed: a window added later (the pool, at open) must sit below the
 * mask as those given already do, or the device could not reach it. A
 * 32-bit device (pcnet32) gets its memory below 4 GiB because airlockd hands
 * out IOVAs from the bottom up; if it ever did not, this refuses, loudly.
 */
static u64 dma_limit = ~0ULL;
static u64 planned_last;

static bool window_fits(u64 iova, size_t size, u64 mask)
{
	return size && iova + (size - 1) >= iova && iova + (size - 1) <= mask;
}

static struct {
	unsigned char *base;
	size_t n_pages;
	u64 iova;
	struct page *pages;
	unsigned long *used;	/* bitmap, one bit per page */
	size_t cursor;		/* next-fit start */
} heap;

/* @pages: the window's struct pages, or NULL to have them made. */
static int window_add(void *base, size_t size, uint64_t iova, struct page *pages)
{
	if (n_windows == MAX_WINDOWS)
		return -ENOSPC;
	if (!base || !size || (uintptr_t)base % PAGE_SIZE || iova % PAGE_SIZE)
		return -EINVAL;
	if (!window_fits(iova, size, dma_limit)) {
		pr_err("shim: DMA window at IOVA %#llx-%#llx is beyond the device's DMA mask %#llx\n",
		       (unsigned long long)iova, (unsigned long long)(iova + size - 1),
		       (unsigned long long)dma_limit);
		return -ERANGE;
	}
	if (!pages) {
		pages = calloc(DIV_ROUND_UP(size, PAGE_SIZE), sizeof(*pages));
		if (!pages)
			return -ENOMEM;
	}
	windows[n_windows++] = (struct dma_window){ base, size, iova, pages };
	return 0;
}

int shim_dma_add_window(void *base, size_t size, uint64_t iova)
{
	return window_add(base, size, iova, NULL);
}

int shim_dma_plan_window(uint64_t iova, size_t size)
{
	if (!size || iova + (size - 1) < iova)
		return -EINVAL;
	planned_last = max_t(u64, planned_last, iova + (size - 1));
	return 0;
}

int shim_dma_heap_init(void *base, size_t size, uint64_t iova)
{
	size_t n = size / PAGE_SIZE;
	int r;

	if (heap.base)
		return -EBUSY;
	if (n == 0)
		return -EINVAL;
	heap.pages = calloc(n, sizeof(*heap.pages));
	heap.used = calloc(BITS_TO_LONGS(n), sizeof(unsigned long));
	if (!heap.pages || !heap.used) {
		r = -ENOMEM;
		goto fail;
	}
	r = window_add(base, n * PAGE_SIZE, iova, heap.pages);
	if (r < 0)
		goto fail;
	heap.base = base;
	heap.n_pages = n;
	heap.iova = iova;
	return 0;
fail:
	free(heap.pages);
	free(heap.used);
	heap.pages = NULL;
	heap.used = NULL;
	return r;
}

int shim_dma_iova(const void *ptr, size_t size, dma_addr_t *ret_iova)
{
	const unsigned char *p = ptr;
	unsigned int i;

	for (i = 0; i < n_windows; i++) {
		const struct dma_window *w = &windows[i];

		if (p >= w->base && size <= w->size && (size_t)(p - w->base) <= w->size - size) {
			*ret_iova = w->iova + (u64)(p - w->base);
			return 0;
		}
	}
	return -EFAULT;
}

static bool range_free(size_t first, size_t n)
{
	size_t i;

	for (i = first; i < first + n; i++)
		if (test_bit((long)i, heap.used))
			return false;
	return true;
}

/* @n contiguous pages, zeroed; NULL when the heap has no such run. */
/*
 * @zero: as the kernel, only coherent memory and __GFP_ZERO are cleared;
 * receive buffers are written by the device, and clearing a page per frame
 * was a large part of the host's receive cost.
 */
static struct page *heap_alloc(size_t n, bool zero)
{
	size_t tries, start;

	if (n == 0 || n > heap.n_pages)
		return NULL;
	for (tries = 0; tries < heap.n_pages; tries++) {
		size_t i;

		start = (heap.cursor + tries) % heap.n_pages;
		if (start + n > heap.n_pages || !range_free(start, n))
			continue;
		for (i = start; i < start + n; i++)
			__set_bit((long)i, heap.used);
		heap.cursor = start + n;
		if (zero)
			memset(heap.base + start * PAGE_SIZE, 0, n * PAGE_SIZE);
		atomic_set(&heap.pages[start].refcount, 1);
		heap.pages[start].npages = (u32)n;
		return &heap.pages[start];
	}
	return NULL;
}

static void heap_free(struct page *page)
{
	size_t first = (size_t)(page - heap.pages), i;

	for (i = first; i < first + page->npages; i++)
		__clear_bit((long)i, heap.used);
	page->npages = 0;
}

static bool page_in(const struct page *page, const struct dma_window *w)
{
	uintptr_t p = (uintptr_t)page, first = (uintptr_t)w->pages;

	return p >= first && p < first + DIV_ROUND_UP(w->size, PAGE_SIZE) * sizeof(*page);
}

static bool page_in_heap(const struct page *page)
{
	return heap.pages && (uintptr_t)page >= (uintptr_t)heap.pages &&
	       (uintptr_t)page < (uintptr_t)(heap.pages + heap.n_pages);
}

/* The window @page belongs to; BUG if none (a struct page the shim did not make). */
static const struct dma_window *page_window(const struct page *page)
{
	unsigned int i;

	for (i = 0; i < n_windows; i++)
		if (page_in(page, &windows[i]))
			return &windows[i];
	BUG();
	return NULL;
}

void *page_address(const struct page *page)
{
	const struct dma_window *w = page_window(page);

	return w->base + (size_t)(page - w->pages) * PAGE_SIZE;
}

struct page *virt_to_page(const void *addr)
{
	const unsigned char *p = addr;
	unsigned int i;

	for (i = 0; i < n_windows; i++) {
		const struct dma_window *w = &windows[i];

		if (p >= w->base && (size_t)(p - w->base) < w->size)
			return &w->pages[(size_t)(p - w->base) / PAGE_SIZE];
	}
	return NULL;
}

phys_addr_t page_to_phys(const struct page *page)
{
	const struct dma_window *w = page_window(page);

	return w->iova + (u64)(page - w->pages) * PAGE_SIZE;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return heap_alloc((size_t)1 << order, gfp & __GFP_ZERO);
}

void __free_pages(struct page *page, unsigned int order)
{
	put_page(page);
}

void put_page(struct page *page)
{
	/* A pool page is not the shim's to free: its buffer goes back with its skb. */
	if (!page_in_heap(page))
		return;
	if (atomic_dec_and_test(&page->refcount))
		heap_free(page);
}

static const struct shim_frag_lender *frag_lender;

void shim_dma_set_frag_lender(const struct shim_frag_lender *lender)
{
	frag_lender = lender;
}

/*
 * Receive buffers and skb heads: the lender's memory when it has some (a
 * device then receives where the frame is posted from), else a page run
 * of the heap of its own: simple, and frees exactly what it took.
 */
void *netdev_alloc_frag(unsigned int fragsz)
{
	struct page *page;
	void *lent = frag_lender ? frag_lender->take(fragsz) : NULL;

	if (lent)
		return lent;
	page = heap_alloc(DIV_ROUND_UP((size_t)fragsz, PAGE_SIZE), false);
	return page ? page_address(page) : NULL;
}

void skb_free_frag(void *addr)
{
	struct page *page = virt_to_page(addr);

	if (page && page_in_heap(page)) {
		BUG_ON(!page->npages);
		put_page(page);
		return;
	}
	BUG_ON(!frag_lender || frag_lender->give_back(addr) < 0);
}

void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp)
{
	struct page *page = heap_alloc(DIV_ROUND_UP(size, PAGE_SIZE), true);

	if (!page)
		return NULL;
	*dma_handle = page_to_phys(page);
	return page_address(page);
}

void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle)
{
	if (cpu_addr)
		skb_free_frag(cpu_addr);
}

dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size, enum dma_data_direction dir)
{
	dma_addr_t iova;

	if (shim_dma_iova(ptr, size, &iova) < 0) {
		if (net_ratelimit())
			pr_err("shim: dma_map_single of %zu bytes at %p outside every DMA window\n",
			       size, ptr);
		return DMA_MAPPING_ERROR;
	}
	return iova;
}

void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir)
{
}

dma_addr_t dma_map_page(struct device *dev, struct page *page, size_t offset, size_t size,
			enum dma_data_direction dir)
{
	return dma_map_single(dev, (unsigned char *)page_address(page) + offset, size, dir);
}

void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir)
{
}

/*
 * As dma_supported(): a mask is refused (-EIO) unless every IOVA the device
 * has or will be given lies below it. The mask then also bounds the
 * windows added later.
 */
int dma_set_mask(struct device *dev, u64 mask)
{
	unsigned int i;

	for (i = 0; i < n_windows; i++) {
		if (!window_fits(windows[i].iova, windows[i].size, mask)) {
			pr_err("shim: DMA mask %#llx refused: a DMA window reaches IOVA %#llx\n",
			       (unsigned long long)mask,
			       (unsigned long long)(windows[i].iova + windows[i].size - 1));
			return -EIO;
		}
	}
	if (planned_last > mask) {
		pr_err("shim: DMA mask %#llx refused: the packet pool will reach IOVA %#llx\n",
		       (unsigned long long)mask, (unsigned long long)planned_last);
		return -EIO;
	}
	if (dev->dma_mask)
		*dev->dma_mask = mask;
	dma_limit = mask;
	return 0;
}

int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	int r = dma_set_mask(dev, mask);

	if (r == 0)
		dev->coherent_dma_mask = mask;
	return r;
}

int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	return dma_set_coherent_mask(dev, mask);
}
