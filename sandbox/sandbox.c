// SPDX-License-Identifier: GPL-2.0-only
/*
 * The order matters: mounts and rlimits need root; descriptors are closed
 * before anything could leak through them; credentials go before the
 * filter (the filter forbids setresuid); the filter last, once nothing but
 * the serve loop is left to run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <airlock/host.h>

#include "internal.h"

int airlock_sandbox_confine(const struct airlock_sandbox_config *cfg)
{
	int r;

	if (!cfg || cfg->uid == 0 || cfg->gid == 0)
		return -EINVAL;
	r = sandbox_empty_root(cfg);
	if (r < 0)
		return r;
	/* Only the hand-over set (airlock/host.h) survives. */
	if (syscall(SYS_close_range, AIRLOCK_HOST_FD_COUNT, ~0U, 0) < 0)
		return -errno;
	r = sandbox_limits(cfg);
	if (r < 0)
		return r;
	return sandbox_drop_privileges(cfg->uid, cfg->gid);
}

int airlock_sandbox_enter(const struct airlock_sandbox_config *cfg)
{
	int r = airlock_sandbox_confine(cfg);

	if (r < 0)
		return r;
	/* DPDK: EAL has yet to start; the family adds AIRLOCK_SANDBOX_DPDK_RUN after. */
	if (cfg->policy == AIRLOCK_SANDBOX_DPDK)
		return sandbox_seccomp_dpdk_start();
	return airlock_sandbox_seccomp(cfg->policy);
}
