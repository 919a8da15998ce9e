// SPDX-License-Identifier: GPL-2.0-only
/*
 * Resource limits and credentials: the driver runs as an unprivileged
 * user, with no capability in any set (bounding and ambient included),
 * and can never gain one back (securebits locked, no new privileges).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

static int set_limit(int resource, rlim_t value)
{
	const struct rlimit rl = { .rlim_cur = value, .rlim_max = value };

	return setrlimit(resource, &rl) < 0 ? -errno : 0;
}

int sandbox_limits(const struct airlock_sandbox_config *cfg)
{
	unsigned int fds = cfg->max_fds ? cfg->max_fds : AIRLOCK_SANDBOX_MAX_FDS_DEFAULT;
	int r;

	/* Descriptors: the hand-over set, epoll, a few eventfds; no floods. */
	r = set_limit(RLIMIT_NOFILE, fds);
	/*
	 * No fork, no threads: a driver host is one thread. DPDK's EAL starts
	 * one thread of its own (interrupts) and forks nothing; the start-up
	 * filter refuses fork, this a thread flood.
	 */
	if (r >= 0)
		r = set_limit(RLIMIT_NPROC, cfg->policy == AIRLOCK_SANDBOX_DPDK ? 4 : 0);
	/* No core files: they would hold the shared region and DMA buffers. */
	if (r >= 0)
		r = set_limit(RLIMIT_CORE, 0);
	/*
	 * Locked memory only as needed (VFIO DMA maps are the daemon's; a
	 * DPDK driver's are EAL's own, its memory pinned against this limit).
	 */
	if (r >= 0)
		r = set_limit(RLIMIT_MEMLOCK, cfg->policy == AIRLOCK_SANDBOX_DPDK ?
				    AIRLOCK_SANDBOX_DPDK_MEM_BYTES : cfg->memlock_bytes);
	/* No file may grow: there are none to write (EAL's memory is a memfd it sizes). */
	if (r >= 0)
		r = set_limit(RLIMIT_FSIZE, cfg->policy == AIRLOCK_SANDBOX_DPDK ?
				  AIRLOCK_SANDBOX_DPDK_MEM_BYTES : 0);
	return r;
}

static int drop_bounding_set(void)
{
	/* Up to the first cap this kernel does not know (EINVAL). */
	for (unsigned long cap = 0; cap <= 63; cap++) {
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
			if (errno == EINVAL)
				return 0;
			return -errno;
		}
	}
	return 0;
}

static int clear_capabilities(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (syscall(SYS_capset, &hdr, data) < 0)
		return -errno;
	/* Read back: a capability left anywhere is a failure, not a warning. */
	if (syscall(SYS_capget, &hdr, data) < 0)
		return -errno;
	for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		if (data[i].effective || data[i].permitted || data[i].inheritable)
			return -EPERM;
	return 0;
}

int sandbox_drop_privileges(uid_t uid, gid_t gid)
{
	const unsigned long securebits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
		SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE |
		SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
	uid_t ru, eu, su;
	int r;

	if (uid == 0 || gid == 0)
		return -EINVAL;
	/* uid 0 means nothing special to us from here on, even via exec. */
	if (prctl(PR_SET_SECUREBITS, securebits, 0, 0, 0) < 0)
		return -errno;
	r = drop_bounding_set();
	if (r < 0)
		return r;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
		return -errno;
	if (setgroups(0, NULL) < 0)
		return -errno;
	if (setresgid(gid, gid, gid) < 0)
		return -errno;
	if (setresuid(uid, uid, uid) < 0)
		return -errno;
	if (getresuid(&ru, &eu, &su) < 0 || ru != uid || eu != uid || su != uid)
		return -EPERM;
	/* setresuid() to non-zero ids emptied the sets; make sure, and say so. */
	r = clear_capabilities();
	if (r < 0)
		return r;
	/* A credential change cleared the parent-death signal: arm it again. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return -errno;
	/* Not dumpable: no core, and other processes of this uid can't attach. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	return 0;
}
