/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Linux driver family: any Linux PCI network driver, compiled
 * unmodified against shim/, run on the driver runtime. Two halves, as the
 * shim's: main.c (the C library's world: the runtime's operations, the
 * device, the loop) and netdev.c (the kernel's world, against
 * shim/include/: the registered net_device served to the stub's port).
 * They meet here, in plain C types and the runtime's.
 */
#ifndef AIRLOCK_DRIVERS_LINUX_H
#define AIRLOCK_DRIVERS_LINUX_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime.h"

/* The netdev the driver registered, as an offer for the proxy: -ENODEV if none. */
int linux_netdev_offer(struct airlock_offer *ret_offer);
/* Binds the registered netdev to the runtime's first port. */
int linux_netdev_attach(struct airlock_rt *rt);
/* The runtime's xmit, control and (part of) poll operations, for the netdev. */
int linux_netdev_xmit(struct airlock_rt *rt, struct airlock_port *port,
		      const struct airlock_desc *d, void *frame, bool more);
int linux_netdev_control(struct airlock_rt *rt, const struct airlock_ctrl_msg *req);
/* The state block and the netdev watchdog: > 0 if it did work. */
int linux_netdev_poll(struct airlock_rt *rt);
/*
 * rx_lend.c: the driver's receive memory lent from @port's RX buffers
 * (the shim's netdev_alloc_frag). 0 or -errno.
 */
int linux_rx_lend_open(struct airlock_rt *rt, struct airlock_port *port);
/*
 * A received frame of @len bytes at @frame, in memory whose allocation
 * starts at @head: 1 posted in place (the buffer is the kernel's now), 0
 * not in a lent buffer (to be copied), or -errno.
 */
int linux_rx_lend_post(const void *head, const void *frame, uint32_t len);
/* How often linux_netdev_poll wants to run, in ms. */
#define LINUX_NETDEV_PERIOD_MS 100

#endif
