/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_PAGEMAP_H
#define SHIM_LINUX_PAGEMAP_H

#include <linux/mm.h>
#include <linux/highmem.h>

#endif
