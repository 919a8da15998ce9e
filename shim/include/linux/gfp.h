/* SPDX-License-Identifier: GPL-2.0-only */
/* Allocation flags: accepted and ignored (user-space allocations do not care about context). */
#ifndef SHIM_LINUX_GFP_H
#define SHIM_LINUX_GFP_H

#include <linux/types.h>

#define __GFP_ZERO 0x100u
#define __GFP_NOWARN 0x200u
#define __GFP_COMP 0x400u
#define __GFP_DMA 0x800u
#define GFP_KERNEL 0x1u
#define GFP_ATOMIC 0x2u
#define GFP_NOWAIT 0x4u
#define GFP_DMA GFP_KERNEL

struct page;

/* Pages come from the DMA heap: every page the driver gets may be handed to its device. */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp) alloc_pages((gfp), 0)
#define dev_alloc_page() alloc_pages(GFP_ATOMIC, 0)
#define dev_alloc_pages(order) alloc_pages(GFP_ATOMIC, (order))
void __free_pages(struct page *page, unsigned int order);
#define __free_page(p) __free_pages((p), 0)

#endif
