/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The escapes sandbox-probe tries, one per run, and what must happen: with
 * the whole sandbox, the system call that dies (SIGSYS) or the errno that
 * refuses it; with every layer but seccomp ("layers"), what the other
 * layers do on their own (NULL errno name: nothing stops it there, which
 * is why the filter exists).
 */
#ifndef AIRLOCK_ESCAPES_H
#define AIRLOCK_ESCAPES_H

struct escape {
	const char *name;
	const char *what;
	const char *sigsys_syscall;	/* full sandbox: killed on this call */
	const char *layers_errno;	/* no seccomp: refused with this, or NULL: allowed */
};

static const struct escape escapes[] = {
	{ "open", "open /etc/passwd", "openat", "ENOENT" },
	{ "proc", "read /proc/self/status", "openat", "ENOENT" },
	{ "socket", "create an AF_INET socket", "socket", NULL },
	{ "exec", "execve /bin/sh", "execve", "ENOENT" },
	{ "ptrace", "PTRACE_ATTACH to pid 1", "ptrace", "EPERM" },
	/* Without the filter only RLIMIT_MEMLOCK = 0 stops it (ring memory is locked). */
	{ "io_uring", "io_uring_setup", "io_uring_setup", "ENOMEM" },
	{ "mmap-exec", "map anonymous memory executable", "mmap", NULL },
	{ "mprotect-exec", "make a mapping executable", "mprotect", NULL },
	{ "vfio-container", "VFIO_IOMMU_MAP_DMA on the guessed container fd", "ioctl", "EBADF" },
	{ "kill", "SIGKILL a process outside", "kill", "ESRCH" },
	{ "setuid", "setuid(0)", "setuid", "EPERM" },
	/* Not an escape: what a driver needs must keep working. */
	{ "vfio-device", "VFIO_DEVICE_GET_INFO on the handed-over device", NULL, NULL },
};

#define N_ESCAPES (sizeof(escapes) / sizeof(escapes[0]))

#endif
