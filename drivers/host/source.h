/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a driver host's file descriptors come from. Two phases, because the
 * proxy can only be made once the driver has read its MAC from the device:
 * open() yields the VFIO device and the DMA heap, attach() the stub
 * attachment. "standalone" (standalone.c) does airlockd's work itself, for
 * the lab and development; the daemon hand-over (airlock/host.h) will be a
 * second implementation of the same two calls.
 */
#ifndef AIRLOCK_HOST_SOURCE_H
#define AIRLOCK_HOST_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct host_device {
	int vfio_fd;		/* VFIO device: ownership passes to the shim */
	void *heap;		/* DMA heap, mapped here and in the IOMMU */
	size_t heap_size;
	uint64_t heap_iova;
};

struct host_attachment {
	int region_fd;
	int kick_fd;
	int doorbell_fd;
	uint64_t region_iova;	/* where the whole region sits in the IOMMU */
	char ifname[16];
};

struct host_source {
	const char *name;
	int (*open)(const char *bdf, struct host_device *ret);
	int (*attach)(const uint8_t mac[6], uint32_t max_mtu, struct host_attachment *ret);
	void (*close)(void);
};

extern const struct host_source host_source_standalone;

#endif
