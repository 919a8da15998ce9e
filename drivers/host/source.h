/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a driver host's file descriptors come from. Two phases, because the
 * proxy can only be made once the driver has read its MAC from the device:
 * open() yields the VFIO device and the DMA heap, attach() the stub
 * attachment. "standalone" (standalone.c) does airlockd's work itself, for
 * the lab and development; "daemon" (daemon.c) takes airlockd's hand-over
 * (airlock/host.h) and confines the process in open(), before any driver
 * code runs.
 */
#ifndef AIRLOCK_HOST_SOURCE_H
#define AIRLOCK_HOST_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct shim_port;

struct host_device {
	int vfio_fd;		/* VFIO device: ownership passes to the shim */
	void *heap;		/* DMA heap, mapped here and in the IOMMU */
	size_t heap_size;
	uint64_t heap_iova;
};

/* What the driver registered, for the proxy airlockd or standalone.c makes. */
struct host_offer {
	uint8_t mac[6];		/* the device's permanent address */
	uint32_t max_mtu;
	uint64_t features;	/* AIRLOCK_FEAT_* */
};

struct host_attachment {
	int region_fd;
	int kick_fd;
	int doorbell_fd;
	/* The region mapped before the sandbox (daemon), or NULL: map region_fd. */
	struct shim_port *port;
	uint64_t region_iova;	/* where the whole region sits in the IOMMU */
	char ifname[16];
};

struct host_source {
	const char *name;
	/* SIGTERM/SIGINT end the loop; under airlockd the host is its PID namespace's init and they can't. */
	bool stop_on_signals;
	/* Reads the command line; *ret_bdf points into it or into static storage. 0 or -EINVAL. */
	int (*parse)(int argc, char **argv, const char **ret_bdf);
	int (*open)(const char *bdf, struct host_device *ret);
	int (*attach)(const struct host_offer *offer, struct host_attachment *ret);
	/* Optional: the netdev serves the rings; add what the loop must watch. */
	int (*serving)(struct shim_port *port);
	/* Optional: after the loop ended by itself, 0 for a clean stop or -errno. */
	int (*result)(void);
	void (*close)(void);
};

extern const struct host_source host_source_standalone;
extern const struct host_source host_source_daemon;

/* From the shim's kernel-API half (linux/moduleparam.h): "NAME=VALUE". */
int shim_param_set(const char *assignment);

#endif
