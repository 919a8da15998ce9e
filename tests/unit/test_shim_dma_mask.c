// SPDX-License-Identifier: GPL-2.0-only
/*
 * A driver's DMA mask (pcnet32 asks for 32 bits) against the IOVAs it has
 * and will get: dma_set_mask is refused while any window, or the packet
 * pool announced for later (shim_dma_plan_window), lies beyond the mask;
 * once set, the mask bounds the windows added after it (the pool at open):
 * a device must never be handed memory it cannot address. One sequence:
 * the mask is the process's one device's.
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

#include "env.h"

#define GIB (1ULL << 30)
#define HEAP_PAGES 16
#define HEAP_IOVA (1ULL << 20)

static void test_mask_against_windows(void **state)
{
	unsigned char *heap = aligned_alloc(PAGE_SIZE, HEAP_PAGES * PAGE_SIZE);
	unsigned char *pool = aligned_alloc(PAGE_SIZE, 4 * PAGE_SIZE);
	u64 mask = 0;
	struct device dev = { .dma_mask = &mask };

	assert_non_null(heap);
	assert_non_null(pool);
	assert_int_equal(shim_dma_heap_init(heap, HEAP_PAGES * PAGE_SIZE, HEAP_IOVA), 0);

	/* The pool will come at 4 GiB - 8 KiB: its last page crosses 4 GiB. */
	assert_int_equal(shim_dma_plan_window(4 * GIB - 2 * PAGE_SIZE, 4 * PAGE_SIZE), 0);
	assert_int_equal(dma_set_mask(&dev, DMA_BIT_MASK(32)), -EIO);
	assert_int_equal(mask, 0);	/* untouched on failure */
	assert_int_equal(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(32)), -EIO);
	/* 33 bits reach it. */
	assert_int_equal(dma_set_mask(&dev, DMA_BIT_MASK(33)), 0);
	assert_true(mask == DMA_BIT_MASK(33));

	/* Now the mask bounds what comes: a window past 8 GiB is refused... */
	assert_int_equal(shim_dma_add_window(pool, 4 * PAGE_SIZE, 8 * GIB), -ERANGE);
	/* ...one ending exactly at the mask is not. */
	assert_int_equal(shim_dma_add_window(pool, 4 * PAGE_SIZE, 8 * GIB - 4 * PAGE_SIZE), 0);
	assert_true(dma_map_single(&dev, pool, 64, DMA_TO_DEVICE) == 8 * GIB - 4 * PAGE_SIZE);

	/* A narrower mask than a window already given is refused, the old one stays. */
	assert_int_equal(dma_set_mask(&dev, DMA_BIT_MASK(32)), -EIO);
	assert_true(mask == DMA_BIT_MASK(33));
	assert_int_equal(dma_set_mask(&dev, DMA_BIT_MASK(64)), 0);

	/* A plan that wraps is nonsense. */
	assert_int_equal(shim_dma_plan_window(~0ULL - PAGE_SIZE, 4 * PAGE_SIZE), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_against_windows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
