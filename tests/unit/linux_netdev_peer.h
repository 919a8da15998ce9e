/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The stub's end of a region and the runtime's on the other, for the Linux
 * family's netdev tests (plain C types only).
 */
#ifndef LINUX_NETDEV_PEER_H
#define LINUX_NETDEV_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct airlock_rt;

/* A fresh region (1 queue, 128 entries per ring), attached as the runtime would. */
int peer_create(void);
void peer_destroy(void);
void *peer_pool(size_t *ret_size);
/* The runtime, for linux_netdev_attach() and linux_netdev_poll(). */
struct airlock_rt *peer_runtime(void);
/* One pass of the runtime's TX over the port: frames taken, or -errno. */
int peer_runtime_tx(void);
/* TX frames the runtime hands a driver per pass. */
unsigned int peer_tx_batch(void);
/* Posts @n 60-byte broadcast frames on queue 0's TX ring, as the stub's xmit would. */
int peer_post_tx(unsigned int n);
/*
 * Posts one TCP/IPv4 frame of @len bytes (20-byte TCP header) as a TSO
 * descriptor: GSO_TCPV4, csum_start @thoff, gso_size @mss. @ihl is the
 * IPv4 header's length field, in 32-bit words (5 for a plain header).
 */
int peer_post_tso(unsigned int len, unsigned int ihl, unsigned int thoff, unsigned int mss);
/* TX buffers the driver gave back since the last call, or -errno. */
int peer_take_returns(void);
/*
 * Takes the next RX descriptor off queue 0's RX ring, as the stub's NAPI
 * would (its buffer is the driver's again): 1 with its buffer, offset,
 * length and the frame as the stub maps it; 0 if none; or -errno.
 */
int peer_take_rx(uint32_t *ret_buf, uint32_t *ret_offset, uint32_t *ret_len,
		 const void **ret_frame);
uint32_t peer_buf_size(void);
/*
 * The coalescing the driver shows in its state block (rx usecs, rx frames,
 * tx usecs, tx frames): true with @ret_values filled, false if it shows none.
 */
bool peer_coalesce(uint32_t ret_values[4]);
/* The AIRLOCK_TX_OFFLOAD_* bits the driver declared in its state block. */
unsigned int peer_tx_offloads(void);

#endif
