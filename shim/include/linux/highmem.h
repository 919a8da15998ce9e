/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_HIGHMEM_H
#define SHIM_LINUX_HIGHMEM_H

#include <linux/mm.h>

#define kmap_atomic(page) page_address(page)
#define kunmap_atomic(addr) do { (void)(addr); } while (0)
#define kmap(page) page_address(page)
#define kunmap(page) do { (void)(page); } while (0)
#define kmap_local_page(page) page_address(page)
#define kunmap_local(addr) do { (void)(addr); } while (0)

#endif
