/* SPDX-License-Identifier: GPL-2.0-only */
/* The C library's string functions plus the kernel's own. */
#ifndef SHIM_LINUX_STRING_H
#define SHIM_LINUX_STRING_H

#include <string.h>
#include <linux/types.h>

ssize_t strscpy(char *dst, const char *src, size_t count);
size_t strlcpy(char *dst, const char *src, size_t size);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
char *kstrdup(const char *s, gfp_t gfp);

#endif
