// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's DMA: memory from the heap maps to its IOVA, anything outside
 * every window is refused with DMA_MAPPING_ERROR (a device must never be
 * handed an address the IOMMU does not map to the pool), coherent memory is
 * zeroed, and receive skbs are heap memory a driver can map.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "env.h"

#define HEAP_PAGES 16
#define HEAP_IOVA 0x100000ULL
#define POOL_IOVA 0x800000ULL

static unsigned char *heap, *pool;

static int setup(void **state)
{
	heap = aligned_alloc(PAGE_SIZE, HEAP_PAGES * PAGE_SIZE);
	pool = aligned_alloc(PAGE_SIZE, 4 * PAGE_SIZE);
	if (!heap || !pool)
		return -1;
	memset(heap, 0x5a, HEAP_PAGES * PAGE_SIZE);
	if (shim_dma_heap_init(heap, HEAP_PAGES * PAGE_SIZE, HEAP_IOVA) < 0)
		return -1;
	return shim_dma_add_window(pool, 4 * PAGE_SIZE, POOL_IOVA) < 0 ? -1 : 0;
}

static void test_map_inside_windows(void **state)
{
	struct device dev = { 0 };

	assert_int_equal(dma_map_single(&dev, heap + 100, 1500, DMA_TO_DEVICE), HEAP_IOVA + 100);
	assert_int_equal(dma_map_single(&dev, pool + PAGE_SIZE, 2048, DMA_FROM_DEVICE),
			 POOL_IOVA + PAGE_SIZE);
	/* The last byte of a window is still inside. */
	assert_int_equal(dma_map_single(&dev, pool + 4 * PAGE_SIZE - 1, 1, DMA_TO_DEVICE),
			 POOL_IOVA + 4 * PAGE_SIZE - 1);
}

static void test_map_outside_refused(void **state)
{
	struct device dev = { 0 };
	unsigned char stack_buf[64];
	void *malloced = malloc(2048);
	dma_addr_t a;

	assert_non_null(malloced);
	a = dma_map_single(&dev, malloced, 2048, DMA_TO_DEVICE);
	assert_true(dma_mapping_error(&dev, a));
	a = dma_map_single(&dev, stack_buf, sizeof(stack_buf), DMA_FROM_DEVICE);
	assert_true(dma_mapping_error(&dev, a));
	/* Straddling the end of a window is as bad as missing it. */
	a = dma_map_single(&dev, pool + 4 * PAGE_SIZE - 16, 32, DMA_TO_DEVICE);
	assert_true(dma_mapping_error(&dev, a));
	/* And so is a length that would wrap the address space. */
	a = dma_map_single(&dev, heap, SIZE_MAX, DMA_TO_DEVICE);
	assert_true(dma_mapping_error(&dev, a));
	free(malloced);
}

static void test_pages_and_coherent(void **state)
{
	struct device dev = { 0 };
	struct page *page = alloc_page(GFP_ATOMIC);
	dma_addr_t handle = 0;
	unsigned char *c;
	size_t i;

	assert_non_null(page);
	assert_int_equal(dma_map_page(&dev, page, 128, 256, DMA_FROM_DEVICE),
			 page_to_phys(page) + 128);
	assert_true(page_to_phys(page) >= HEAP_IOVA &&
		    page_to_phys(page) < HEAP_IOVA + HEAP_PAGES * PAGE_SIZE);
	c = dma_alloc_coherent(&dev, 3 * PAGE_SIZE, &handle, GFP_KERNEL);
	assert_non_null(c);
	assert_int_equal(handle, HEAP_IOVA + (size_t)(c - heap));
	for (i = 0; i < 3 * PAGE_SIZE; i++)
		assert_int_equal(c[i], 0);
	dma_free_coherent(&dev, 3 * PAGE_SIZE, c, handle);
	__free_page(page);
}

/*
 * A receive skb's data is DMA-able, as in the kernel (8139cp, pcnet32 and
 * e1000e dma_map_single the skb they will receive into), and freeing the
 * skb gives its pages back to the heap.
 */
static void test_rx_skb_from_heap(void **state)
{
	struct napi_struct napi = { 0 };
	struct device dev = { 0 };
	struct sk_buff *skb[3];
	dma_addr_t a;
	int i;

	skb[0] = netdev_alloc_skb(NULL, 1536);
	skb[1] = napi_alloc_skb(&napi, 4096 + 22);	/* two pages */
	skb[2] = alloc_skb(256, GFP_KERNEL);
	for (i = 0; i < 3; i++) {
		size_t room;

		assert_non_null(skb[i]);
		room = (size_t)(skb[i]->end - skb[i]->data);
		a = dma_map_single(&dev, skb[i]->data, room, DMA_FROM_DEVICE);
		assert_false(dma_mapping_error(&dev, a));
		assert_int_equal(a, HEAP_IOVA + (size_t)(skb[i]->data - heap));
	}
	assert_int_equal(skb_headroom(skb[0]), NET_SKB_PAD);
	assert_true(skb_tailroom(skb[1]) >= 4096 + 22);
	for (i = 0; i < 3; i++)
		kfree_skb(skb[i]);
}

/* A frags-only skb (napi_get_frags) has no head and takes no heap page. */
static void test_frags_only_skb(void **state)
{
	struct sk_buff *skb = alloc_skb(0, GFP_ATOMIC);

	assert_non_null(skb);
	assert_null(skb->head);
	assert_int_equal(skb_headlen(skb), 0);
	kfree_skb(skb);
}

/* With the heap used up a receive skb fails as the kernel's would: NULL. */
static void test_rx_skb_heap_exhausted(void **state)
{
	struct page *pages[HEAP_PAGES];
	struct sk_buff *skb;
	int n = 0, i;

	while (n < HEAP_PAGES && (pages[n] = alloc_page(GFP_KERNEL)))
		n++;
	assert_int_equal(n, HEAP_PAGES);
	assert_null(netdev_alloc_skb(NULL, 1536));
	__free_page(pages[0]);
	skb = netdev_alloc_skb(NULL, 1536);
	assert_non_null(skb);
	kfree_skb(skb);
	for (i = 1; i < n; i++)
		__free_page(pages[i]);
}

static void test_heap_exhaustion(void **state)
{
	struct page *pages[HEAP_PAGES + 1];
	int n = 0, i;

	while (n <= HEAP_PAGES && (pages[n] = alloc_page(GFP_KERNEL)))
		n++;
	assert_int_equal(n, HEAP_PAGES);
	for (i = 0; i < n; i++)
		__free_page(pages[i]);
	pages[0] = alloc_page(GFP_KERNEL);
	assert_non_null(pages[0]);
	__free_page(pages[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_inside_windows),
		cmocka_unit_test(test_map_outside_refused),
		cmocka_unit_test(test_pages_and_coherent),
		cmocka_unit_test(test_rx_skb_from_heap),
		cmocka_unit_test(test_frags_only_skb),
		cmocka_unit_test(test_rx_skb_heap_exhausted),
		cmocka_unit_test(test_heap_exhaustion),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
