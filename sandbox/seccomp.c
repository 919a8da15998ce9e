// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system call allowlist of a driver process: one table, one reason per
 * entry (docs/sandbox.md repeats them). Anything not listed kills the
 * whole process (SECCOMP_RET_KILL_PROCESS); the kernel logs each kill as an
 * audit record (type=1326, syscall=N) that the daemon reads to name the
 * offender, so logging of kill actions stays on.
 *
 * Not here, on purpose: execve/execveat, socket/socketpair, ptrace,
 * io_uring_* (its operations bypass seccomp), any open/stat of a path,
 * clone/fork, kill/tgkill, setuid and friends, mount, bpf, perf_event_open,
 * userfaultfd, and every ioctl except the VFIO device commands below.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/vfio.h>
#include <seccomp.h>
#include <stddef.h>
#include <sys/mman.h>

#include "sandbox.h"

#define POLICY_NO_HW	(1U << AIRLOCK_SANDBOX_NO_HW)
#define POLICY_VFIO	(1U << AIRLOCK_SANDBOX_VFIO)
#define POLICY_DPDK	(1U << AIRLOCK_SANDBOX_DPDK_RUN)
#define POLICY_ALL	(POLICY_NO_HW | POLICY_VFIO | POLICY_DPDK)
#define POLICY_HW	(POLICY_VFIO | POLICY_DPDK)

enum arg_rule {
	ARG_ANY,		/* no argument check */
	ARG_NO_EXEC,		/* prot (arg 2) without PROT_EXEC */
	ARG_VFIO_DEVICE_IOCTL,	/* request (arg 1) is one of vfio_device_ioctls, low 32 bits */
};

struct allowed_syscall {
	const char *name;
	unsigned int policies;
	enum arg_rule arg;
	const char *reason;	/* kept in the binary on purpose: grep it */
};

static const struct allowed_syscall allowlist[] = {
	{ "read", POLICY_ALL, ARG_ANY, "drain eventfds (kick, interrupts)" },
	{ "write", POLICY_ALL, ARG_ANY, "ring the doorbell eventfd; log lines to stderr (a pipe)" },
	{ "close", POLICY_ALL, ARG_ANY, "drop a descriptor (a refused hand-over)" },
	{ "sendmsg", POLICY_ALL, ARG_ANY, "messages to the daemon on the inherited socket" },
	{ "recvmsg", POLICY_ALL, ARG_ANY, "messages from the daemon, the stub file by SCM_RIGHTS" },
	{ "epoll_create1", POLICY_ALL, ARG_ANY, "the serve loop's epoll (made after fds >= 10 are closed)" },
	{ "epoll_ctl", POLICY_ALL, ARG_ANY, "register kick, daemon socket and driver fds" },
	{ "epoll_wait", POLICY_ALL, ARG_ANY, "sleep until kicked or the heartbeat is due" },
	{ "epoll_pwait", POLICY_ALL, ARG_ANY, "the same, as some libc versions spell it" },
	{ "clock_gettime", POLICY_ALL, ARG_ANY, "time when the vDSO falls back to the kernel" },
	{ "mmap", POLICY_ALL, ARG_NO_EXEC, "malloc; BAR mappings; never executable" },
	{ "mprotect", POLICY_ALL, ARG_NO_EXEC, "malloc; never makes memory executable" },
	{ "munmap", POLICY_ALL, ARG_ANY, "free" },
	{ "brk", POLICY_ALL, ARG_ANY, "malloc" },
	{ "rt_sigreturn", POLICY_ALL, ARG_ANY, "return from a signal handler" },
	{ "restart_syscall", POLICY_ALL, ARG_ANY, "resume an allowed call a stop signal interrupted" },
	{ "exit", POLICY_ALL, ARG_ANY, "end" },
	{ "exit_group", POLICY_ALL, ARG_ANY, "end" },
	{ "ioctl", POLICY_HW, ARG_VFIO_DEVICE_IOCTL, "VFIO device commands only (see vfio_device_ioctls)" },
	{ "pread64", POLICY_HW, ARG_ANY, "PCI config space and BAR regions through the VFIO device fd" },
	{ "pwrite64", POLICY_HW, ARG_ANY, "PCI config space and BAR regions through the VFIO device fd" },
	{ "eventfd2", POLICY_HW, ARG_ANY, "interrupt eventfds handed to VFIO_DEVICE_SET_IRQS" },
	{ "clock_nanosleep", POLICY_HW, ARG_ANY, "msleep/usleep_range of a hosted Linux driver (reset and PHY waits)" },
	{ "nanosleep", POLICY_HW, ARG_ANY, "the same, as older libc versions spell it" },
	/* A running DPDK driver: two threads (the loop and EAL's interrupt thread). */
	{ "futex", POLICY_DPDK, ARG_ANY, "DPDK's locks between the loop and EAL's interrupt thread" },
	{ "madvise", POLICY_DPDK, ARG_ANY, "glibc's malloc giving memory back (MADV_DONTNEED)" },
	{ "sched_yield", POLICY_DPDK, ARG_ANY, "DPDK's spinlocks and rte_pause loops" },
	{ "getpid", POLICY_DPDK, ARG_ANY, "DPDK's log lines and checks" },
	{ "gettid", POLICY_DPDK, ARG_ANY, "DPDK's log lines and lcore checks" },
	{ "rt_sigprocmask", POLICY_DPDK, ARG_ANY, "glibc around thread exit and abort" },
	{ "epoll_create", POLICY_DPDK, ARG_ANY, "EAL's interrupt thread remakes its epoll when its set changes" },
};

/*
 * Commands on the VFIO *device* fd a driver needs. Never the container's
 * (VFIO_SET_IOMMU, VFIO_IOMMU_MAP_DMA, ...) or the group's: the driver
 * must not change what its device may DMA to. The hot-reset and feature
 * commands are left out until a driver needs them.
 */
static const unsigned long vfio_device_ioctls[] = {
	VFIO_DEVICE_GET_INFO,		/* number of regions and IRQ types */
	VFIO_DEVICE_GET_REGION_INFO,	/* BAR and config space offsets, sizes, mmap-ability */
	VFIO_DEVICE_GET_IRQ_INFO,	/* INTx/MSI/MSI-X counts */
	VFIO_DEVICE_SET_IRQS,		/* bind interrupts to eventfds, mask, unmask */
	VFIO_DEVICE_RESET,		/* function reset on probe and remove */
};

const char *airlock_sandbox_policy_name(enum airlock_sandbox_policy policy)
{
	switch (policy) {
	case AIRLOCK_SANDBOX_NO_HW:
		return "no-hw";
	case AIRLOCK_SANDBOX_VFIO:
		return "vfio";
	case AIRLOCK_SANDBOX_DPDK:
		return "dpdk-start";
	case AIRLOCK_SANDBOX_DPDK_RUN:
		return "dpdk";
	}
	return "unknown";
}

static int add_rule(scmp_filter_ctx ctx, const struct allowed_syscall *a)
{
	int nr = seccomp_syscall_resolve_name(a->name);
	int r = 0;

	/* An entry this architecture lacks (epoll_wait on some) is no hole. */
	if (nr == __NR_SCMP_ERROR)
		return 0;

	switch (a->arg) {
	case ARG_ANY:
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		break;
	case ARG_NO_EXEC:
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
				     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
		break;
	case ARG_VFIO_DEVICE_IOCTL:
		/*
		 * Compare the low 32 bits only: the kernel truncates the
		 * request to unsigned int, so garbage in the upper half must
		 * neither pass nor dodge the check.
		 */
		for (size_t i = 0; i < sizeof(vfio_device_ioctls) / sizeof(vfio_device_ioctls[0]) && r >= 0; i++)
			r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
					     SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL,
						     vfio_device_ioctls[i]));
		break;
	}
	return r;
}

int airlock_sandbox_seccomp(enum airlock_sandbox_policy policy)
{
	scmp_filter_ctx ctx;
	unsigned int bit;
	int r = 0;

	if (policy != AIRLOCK_SANDBOX_NO_HW && policy != AIRLOCK_SANDBOX_VFIO &&
	    policy != AIRLOCK_SANDBOX_DPDK_RUN)
		return -EINVAL;
	bit = 1U << policy;

	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		return -ENOMEM;
	/* Calls of another ABI (i386 int 0x80, x32) die too. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	/* Every thread of the process (DPDK's interrupt thread too), or none. */
	if (r >= 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	for (size_t i = 0; i < sizeof(allowlist) / sizeof(allowlist[0]) && r >= 0; i++)
		if (allowlist[i].policies & bit)
			r = add_rule(ctx, &allowlist[i]);
	if (r >= 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	return r < 0 ? r : 0;
}
