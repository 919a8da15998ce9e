/* SPDX-License-Identifier: GPL-2.0-only */
/* The stub's end of a region, for the shim's netdev tests (plain C types only). */
#ifndef SHIM_NETDEV_PEER_H
#define SHIM_NETDEV_PEER_H

/*
 * A fresh region (1 queue, 128 entries per ring) and the attachment's two
 * eventfds; all three fds stay the peer's.
 */
int peer_create(int *ret_region_fd, int *ret_kick_fd, int *ret_doorbell_fd);
void peer_destroy(void);
/* Posts @n 60-byte broadcast frames on queue 0's TX ring, as the stub's xmit would. */
int peer_post_tx(unsigned int n);
/*
 * Posts one TCP/IPv4 frame of @len bytes (20-byte TCP header) as a TSO
 * descriptor: GSO_TCPV4, csum_start @thoff, gso_size @mss. @ihl is the
 * IPv4 header's length field, in 32-bit words (5 for a plain header).
 */
int peer_post_tso(unsigned int len, unsigned int ihl, unsigned int thoff, unsigned int mss);
/* TX buffers the driver gave back since the last call, or -errno; *ret_dropped of them marked so. */
int peer_take_returns(int *ret_dropped);
/* The AIRLOCK_TX_OFFLOAD_* bits the driver declared in its state block. */
unsigned int peer_tx_offloads(void);

#endif
