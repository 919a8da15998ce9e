/* SPDX-License-Identifier: GPL-2.0-only */
/* kmalloc & co on the C library's allocator (not DMA-able: see linux/mm.h). */
#ifndef SHIM_LINUX_SLAB_H
#define SHIM_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void *krealloc(const void *p, size_t size, gfp_t gfp);
void kfree(const void *p);
#define kmalloc_array(n, size, gfp) kcalloc((n), (size), (gfp))
#define kvzalloc(size, gfp) kzalloc((size), (gfp))
#define kvmalloc(size, gfp) kmalloc((size), (gfp))
#define kvfree(p) kfree(p)
#define kfree_sensitive(p) kfree(p)

#endif
