/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's <linux/cache.h>: what it defines lives in linux/compiler.h here. */
#ifndef SHIM_LINUX_CACHE_H
#define SHIM_LINUX_CACHE_H

#include <linux/compiler.h>

#endif
