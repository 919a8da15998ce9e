// SPDX-License-Identifier: GPL-2.0-only
/*
 * Control requests (abi.h): ipc/ctrl.c takes them off the request ring and
 * checks them, the driver's control op acts, and every answer goes back
 * under one rule, whichever family answered.
 */
#include <errno.h>
#include <string.h>

#include <airlock/ring_check.h>

#include "runtime-internal.h"

_Static_assert(AIRLOCK_CTRL_MAX_USER_ERRNO == EHWPOISON, "the last standard errno");

int rt_control_status(int status)
{
	/*
	 * The ABI carries 0 or an errno down to -AIRLOCK_CTRL_MAX_ERRNO, and
	 * the kernel passes on only the standard ones (1 .. EHWPOISON). A
	 * positive value is a driver bug (Linux's dev_open fails on it too);
	 * a kernel-internal errno (a hosted driver's -ERESTARTSYS, -ENOTSUPP,
	 * -EPROBE_DEFER) is not for user space: all become -EIO here, by the
	 * kernel's own rule, so the kernel has nothing left to correct.
	 */
	return airlock_check_ctrl_status(status) ? airlock_ctrl_user_status(status) : -EIO;
}

int rt_control_run(struct airlock_rt *rt)
{
	struct airlock_ctrl_msg req;
	int n = 0, r;

	for (;;) {
		int raw, status;

		r = airlock_ctrl_next(&rt->ctrl, &req);
		if (r == -EAGAIN)
			break;
		if (r == -EPROTO) {	/* malformed: ipc/ctrl.c answered -EINVAL */
			airlock_rt_log(rt, "malformed control request refused");
			rt->produced_rsp = true;
			n++;
			continue;
		}
		if (r < 0)
			return r;
		raw = rt->ops->control(rt, &req);
		status = rt_control_status(raw);
		if (status < 0 && status != raw)
			airlock_rt_log(rt, "control op %u%s failed: %d, answered as %s", req.opcode,
				       req.flags & AIRLOCK_CTRL_F_REPLAY ? " (replay)" : "", raw,
				       strerror(-status));
		else if (status < 0)
			airlock_rt_log(rt, "control op %u%s failed: %s", req.opcode,
				       req.flags & AIRLOCK_CTRL_F_REPLAY ? " (replay)" : "",
				       strerror(-status));
		r = airlock_ctrl_reply(&rt->ctrl, &req, status);
		if (r < 0)
			return r;
		rt->produced_rsp = true;
		n++;
	}
	return n;
}

int airlock_rt_rx_mode_addrs(struct airlock_rt *rt, const struct airlock_ctrl_msg *req,
			     struct airlock_addr *ret_addrs, size_t max)
{
	return airlock_ctrl_rx_mode_addrs(&rt->ctrl, req, ret_addrs, max);
}
