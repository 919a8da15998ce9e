// SPDX-License-Identifier: GPL-2.0-only
/*
 * The driver's file system: nothing. An empty tmpfs becomes the root and
 * the old root is detached, so no path reaches /dev, /proc, /sys or any
 * file of the host, even if the system call filter were to let a path
 * through. Mount changes stay in the process's own mount namespace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/*
 * Refuses to run in the mount namespace of the host's init: pivot_root
 * there would take the machine's root away. Without /proc there is nothing
 * to compare, and then the caller's word (spawn.c's CLONE_NEWNS) is taken.
 */
static int check_private_mount_ns(void)
{
	struct stat self, init;

	if (stat("/proc/self/ns/mnt", &self) < 0 || stat("/proc/1/ns/mnt", &init) < 0)
		return 0;
	if (self.st_dev == init.st_dev && self.st_ino == init.st_ino && getpid() != 1)
		return -EPERM;
	return 0;
}

/* An existing directory to mount the new root on: any will do, we pivot away. */
static const char *mount_point(void)
{
	static const char *const candidates[] = { "/tmp", "/mnt", "/run", "/proc" };
	struct stat st;

	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
		if (stat(candidates[i], &st) == 0 && S_ISDIR(st.st_mode))
			return candidates[i];
	return NULL;
}

int sandbox_empty_root(const struct airlock_sandbox_config *cfg)
{
	const bool dpdk = cfg->policy == AIRLOCK_SANDBOX_DPDK;
	/* A DPDK root holds two device nodes of its own (dpdk-view.c): not nodev. */
	const unsigned long flags = MS_NOSUID | MS_NOEXEC | (dpdk ? 0 : MS_NODEV);
	const char *dir;
	int r;

	r = check_private_mount_ns();
	if (r < 0)
		return r;
	/* Nothing we do below may propagate back into the daemon's namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;
	dir = mount_point();
	if (!dir)
		return -ENOENT;
	/* Tiny on purpose: the root stays empty and read-only anyway. */
	if (mount("airlock-root", dir, "tmpfs", flags,
		  dpdk ? "size=16k,nr_inodes=64,mode=0555" : "size=4k,nr_inodes=4,mode=0555") < 0)
		return -errno;
	if (dpdk) {
		r = sandbox_dpdk_view(dir, cfg->pci, cfg->uid, cfg->gid);
		if (r < 0)
			return r;
	}
	if (chdir(dir) < 0)
		return -errno;
	/*
	 * pivot_root(".", "."): the new root and the old one stacked on the
	 * same point, then the old one detached; no directory needed for it.
	 */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return -errno;
	if (umount2(".", MNT_DETACH) < 0)
		return -errno;
	if (chdir("/") < 0)
		return -errno;
	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | flags, NULL) < 0)
		return -errno;
	return 0;
}
