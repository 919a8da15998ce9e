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
	int layers_any;			/* no seccomp: kernel-dependent, reported, not judged */
	const char *vfio_errno;		/* refused by VFIO itself with this, sandbox or not */
	int device;			/* attacks the device: needs --pci, judged on the victim page */
};

static const struct escape escapes[] = {
	{ "open", "open /etc/passwd", "openat", "ENOENT", 0, NULL, 0 },
	{ "proc", "read /proc/self/status", "openat", "ENOENT", 0, NULL, 0 },
	{ "socket", "create an AF_INET socket", "socket", NULL, 0, NULL, 0 },
	{ "exec", "execve /bin/sh", "execve", "ENOENT", 0, NULL, 0 },
	{ "ptrace", "PTRACE_ATTACH to pid 1", "ptrace", "EPERM", 0, NULL, 0 },
	/*
	 * Without the filter: allowed on 6.1; newer kernels count the rings
	 * against RLIMIT_MEMLOCK (0 here) and say ENOMEM. Only seccomp is sure.
	 */
	{ "io_uring", "io_uring_setup", "io_uring_setup", NULL, 1, NULL, 0 },
	{ "mmap-exec", "map anonymous memory executable", "mmap", NULL, 0, NULL, 0 },
	{ "mprotect-exec", "make a mapping executable", "mprotect", NULL, 0, NULL, 0 },
	{ "vfio-container", "VFIO_IOMMU_MAP_DMA on the guessed container fd", "ioctl", "EBADF", 0, NULL, 0 },
	{ "kill", "SIGKILL a process outside", "kill", "ESRCH", 0, NULL, 0 },
	{ "setuid", "setuid(0)", "setuid", "EPERM", 0, NULL, 0 },
	/*
	 * Class 9, with the device itself: the calls go through (a driver
	 * needs them); the IOMMU and VFIO must contain what they do.
	 */
	{ "wild-dma", "TX descriptors at a physical page the daemon never mapped", NULL, NULL, 0,
	  NULL, 1 },
	{ "wild-mmio", "20000 random writes over BAR0, bus mastering on", NULL, NULL, 0, NULL, 1 },
	{ "bar-outside", "map and write past the end of BAR0", NULL, "EINVAL", 0, "EINVAL", 1 },
	/* Not an escape: what a driver needs must keep working. */
	{ "vfio-device", "VFIO_DEVICE_GET_INFO on the handed-over device", NULL, NULL, 0, NULL, 1 },
};

#define N_ESCAPES (sizeof(escapes) / sizeof(escapes[0]))

#endif
