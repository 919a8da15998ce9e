/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Control channel, driver side: take requests off the control request
 * ring, answer them on the control response ring.
 */
#ifndef AIRLOCK_CTRL_H
#define AIRLOCK_CTRL_H

#include <stddef.h>
#include <stdint.h>

#include <airlock/abi.h>

#include "region.h"
#include "ring.h"

struct airlock_ctrl {
	struct airlock_ring req;	/* we consume */
	struct airlock_ring rsp;	/* we produce */
	const struct airlock_region *region;
};

/* Attaches to @r's control rings. @r must outlive *ret. Errors as airlock_ring_attach(). */
int airlock_ctrl_attach(const struct airlock_region *r, struct airlock_ctrl *ret);

/*
 * Checks a request against the ABI's limits and @r's geometry: opcode,
 * flags, and each payload's bounds. Returns 0 or -EPROTO.
 */
int airlock_ctrl_check_request(const struct airlock_region *r, const struct airlock_ctrl_msg *m);

/*
 * Takes the next request. Returns 0 and fills *ret_req, -EAGAIN if there
 * is none, -EBADMSG if the ring is corrupt, or -EPROTO for a malformed
 * request, which has then already been answered with -EINVAL (so the
 * kernel is not left waiting) and is not handed out.
 */
int airlock_ctrl_next(struct airlock_ctrl *c, struct airlock_ctrl_msg *ret_req);

/*
 * Answers @req with @status (0 or a negative errno down to
 * -AIRLOCK_CTRL_MAX_ERRNO). Returns 0, -EINVAL for a status out of range,
 * -ENOSPC if the response ring is full (the kernel has more requests in
 * flight than it may), or -EBADMSG.
 */
int airlock_ctrl_reply(struct airlock_ctrl *c, const struct airlock_ctrl_msg *req, int status);

/*
 * Copies the address list of a SET_RX_MODE request (n_uc unicast, then
 * n_mc multicast) into @ret_addrs, which holds @max entries. Returns the
 * number of addresses, -EINVAL if @req is not a valid SET_RX_MODE, or
 * -ENOBUFS if @max is too small.
 */
int airlock_ctrl_rx_mode_addrs(const struct airlock_ctrl *c, const struct airlock_ctrl_msg *req,
			       struct airlock_addr *ret_addrs, size_t max);

#endif /* AIRLOCK_CTRL_H */
