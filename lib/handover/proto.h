/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Messages between the daemon and a driver host on their SOCK_SEQPACKET
 * (struct airlock_host_msg in airlock/host.h), used by both sides.
 */
#ifndef AIRLOCK_HOST_PROTO_H
#define AIRLOCK_HOST_PROTO_H

#include <airlock/host.h>

/*
 * Sends @m, with descriptor @pass_fd attached (SCM_RIGHTS) if >= 0.
 * Returns 0 or -errno (-EPIPE: the peer is gone).
 */
int airlock_host_send(int sock, const struct airlock_host_msg *m, int pass_fd);

/*
 * Receives one message; never blocks (MSG_DONTWAIT): poll first. Returns 0, -EAGAIN, -ECONNRESET when the peer closed, -EPROTO for a
 * message of the wrong size, an unknown type, or a descriptor where none
 * was expected (it is closed). *ret_fd gets a passed descriptor
 * (close-on-exec) or -1; ret_fd may be NULL when none is expected.
 */
int airlock_host_recv(int sock, struct airlock_host_msg *ret, int *ret_fd);

#endif /* AIRLOCK_HOST_PROTO_H */
