/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What runs a Linux driver (drivers/linux/) uses of the kernel-API half
 * beyond env.h, in the kernel's own types: the net_device the driver
 * registered, and the counters for the log. Compiled against shim/include/.
 */
#ifndef SHIM_SHIM_H
#define SHIM_SHIM_H

#include <linux/types.h>

struct net_device;

/* The net_device the driver registered, or NULL. One per process. */
struct net_device *shim_netdev_registered(void);

/* What the driver process did, for its log at exit and for debugging a silent device. */
struct shim_counters {
	u64 irqs;
	u64 napi_polls;
	u64 rx_posted;
	u64 rx_in_place;	/* of those, posted in the buffer they were received into */
	u64 rx_dropped;
	u64 tx_frames;
	u64 tx_busy;
	u64 ctrl_requests;
};

extern struct shim_counters shim_counters;

#endif
