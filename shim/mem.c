// SPDX-License-Identifier: GPL-2.0-only
/* kmalloc & co: the C library's allocator (ASan sees every use). Never DMA-able. */
#include <stdlib.h>

#include <linux/slab.h>
#include <linux/string.h>

void *kmalloc(size_t size, gfp_t gfp)
{
	return gfp & __GFP_ZERO ? calloc(1, size ? size : 1) : malloc(size ? size : 1);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return calloc(1, size ? size : 1);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return calloc(n ? n : 1, size ? size : 1);
}

void *krealloc(const void *p, size_t size, gfp_t gfp)
{
	return realloc((void *)p, size ? size : 1);
}

void kfree(const void *p)
{
	free((void *)p);
}

char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kmemdup(s, strlen(s) + 1, gfp) : NULL;
}
