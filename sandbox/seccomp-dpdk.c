// SPDX-License-Identifier: GPL-2.0-only
/*
 * The start-up filter of a DPDK driver process (AIRLOCK_SANDBOX_DPDK):
 * what holds while EAL sets itself up, before the family puts the final
 * allowlist (AIRLOCK_SANDBOX_DPDK_RUN, seccomp.c) on every thread.
 *
 * EAL's start-up reads files, opens its VFIO group, maps and DMA-maps its
 * memory and starts a thread: a wide set of calls that a running PMD no
 * longer makes. What confines it meanwhile is the rest of the sandbox (a
 * root holding only its own device's VFIO group and sysfs directory, not
 * root, no capabilities, no new privileges, rlimits); this filter takes
 * away what no EAL start-up needs and what would escape those layers:
 * killed at once (the audit record names the call), like every filter of
 * ours. Two calls EAL makes and does not need are refused softly instead:
 * socket (openlog() of its syslog output: we log to stderr) and iopl (port
 * I/O, which VFIO devices do not use). clone3 answers ENOSYS, so glibc
 * makes its threads with clone, whose flags a filter can read: a thread
 * (CLONE_THREAD) is allowed, a new process never.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stddef.h>

#include "internal.h"

static const char *const killed[] = {
	"execve", "execveat", "fork", "vfork", "ptrace", "process_vm_readv", "process_vm_writev",
	"io_uring_setup", "io_uring_enter", "io_uring_register",	/* bypass seccomp */
	"mount", "umount2", "pivot_root", "chroot", "setns", "unshare", "fsopen", "fsmount",
	"fsconfig", "fspick", "move_mount", "open_tree", "mount_setattr",
	"bpf", "perf_event_open", "userfaultfd", "kexec_load", "kexec_file_load",
	"init_module", "finit_module", "delete_module", "open_by_handle_at", "name_to_handle_at",
	"keyctl", "add_key", "request_key", "swapon", "swapoff", "reboot", "acct", "quotactl",
	"ioperm", "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid",
	"setgroups", "capset", "personality", "memfd_secret", "pidfd_getfd", "kcmp",
	"connect", "bind", "listen", "accept", "accept4", "socketpair",
};

int sandbox_seccomp_dpdk_start(void)
{
	scmp_filter_ctx ctx;
	int r = 0;

	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return -ENOMEM;
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	for (size_t i = 0; i < sizeof(killed) / sizeof(killed[0]) && r >= 0; i++) {
		int nr = seccomp_syscall_resolve_name(killed[i]);

		if (nr != __NR_SCMP_ERROR)
			r = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, nr, 0);
	}
	if (r >= 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 0);
	if (r >= 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(iopl), 0);
	if (r >= 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (r >= 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(clone), 1,
				     SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
	if (r >= 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	return r < 0 ? r : 0;
}
