/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The driver process's confinement. A driver host calls
 * airlock_sandbox_enter() first thing, before any driver code runs and
 * before it reads anything a peer wrote. It expects to be the init of the
 * fresh mount, PID, IPC, UTS and network namespaces airlock_host_spawn()
 * made, still with the daemon's root credentials. docs/sandbox.md says what
 * each step defends against and why each allowed system call is there.
 */
#ifndef AIRLOCK_SANDBOX_H
#define AIRLOCK_SANDBOX_H

#include <stdint.h>
#include <sys/types.h>

enum airlock_sandbox_policy {
	AIRLOCK_SANDBOX_NO_HW,		/* hardware-free drivers: no ioctl at all */
	AIRLOCK_SANDBOX_VFIO,		/* + the VFIO device ioctls, pread/pwrite, eventfd */
	/*
	 * A DPDK poll-mode driver (drivers/dpdk/, docs/sandbox.md): the root
	 * holds a view of its own device only (its VFIO group, its sysfs
	 * directory), a start-up filter lets EAL set up (open the group, map
	 * its DMA memory, start its interrupt thread) and the family puts the
	 * final filter, AIRLOCK_SANDBOX_DPDK_RUN, on every thread once the
	 * port runs.
	 */
	AIRLOCK_SANDBOX_DPDK,
	AIRLOCK_SANDBOX_DPDK_RUN,	/* VFIO's list + futex: no DMA mapping, no open */
};

#define AIRLOCK_SANDBOX_MAX_FDS_DEFAULT	32

struct airlock_sandbox_config {
	uid_t uid;			/* non-root: 0 is refused */
	gid_t gid;			/* non-root: 0 is refused */
	enum airlock_sandbox_policy policy;
	unsigned int max_fds;		/* RLIMIT_NOFILE; 0: AIRLOCK_SANDBOX_MAX_FDS_DEFAULT */
	uint64_t memlock_bytes;		/* RLIMIT_MEMLOCK: a host maps no DMA itself, so 0 */
	const char *pci;		/* AIRLOCK_SANDBOX_DPDK: the device's view ("0000:00:03.0") */
};

/* AIRLOCK_SANDBOX_DPDK: what EAL may lock for DMA (its -m) and write to its memfd. */
#define AIRLOCK_SANDBOX_DPDK_MEM_BYTES	(96ULL << 20)

/*
 * Every step below, in order; the first failure ends it with -errno and
 * the process must exit (it is half confined). Returns 0 when confined.
 */
int airlock_sandbox_enter(const struct airlock_sandbox_config *cfg);

/*
 * The steps before the filter: empty root, descriptors, rlimits,
 * credentials, capabilities, no new privileges. Exposed so tests can show
 * what each layer refuses on its own; production calls
 * airlock_sandbox_enter().
 */
int airlock_sandbox_confine(const struct airlock_sandbox_config *cfg);

/*
 * Loads the seccomp allowlist of @policy (default action: kill the
 * process). Needs no_new_privs set or CAP_SYS_ADMIN. Returns 0 or -errno.
 */
int airlock_sandbox_seccomp(enum airlock_sandbox_policy policy);

/* Name of @policy for messages. */
const char *airlock_sandbox_policy_name(enum airlock_sandbox_policy policy);

#endif /* AIRLOCK_SANDBOX_H */
