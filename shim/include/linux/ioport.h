/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_IOPORT_H
#define SHIM_LINUX_IOPORT_H

#include <linux/types.h>

struct resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
};

#define IORESOURCE_IO 0x00000100
#define IORESOURCE_MEM 0x00000200
#define IORESOURCE_PREFETCH 0x00002000
#define IORESOURCE_BUSY 0x80000000

/*
 * Claims ports of a device's own I/O BAR (shim/iomap.c): NULL for ports of
 * no device (a legacy ISA probe) and for ports already claimed.
 */
struct resource *request_region(resource_size_t start, resource_size_t n, const char *name);
void release_region(resource_size_t start, resource_size_t n);

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

#endif
