// SPDX-License-Identifier: GPL-2.0-only
/*
 * The root of a DPDK driver process (AIRLOCK_SANDBOX_DPDK): empty but for
 * what DPDK's EAL opens by path to take its one device, and nothing of any
 * other device:
 *
 *   /dev/vfio/vfio             a new VFIO container (char 10:196)
 *   /dev/vfio/GROUP            the device's own IOMMU group, nothing else
 *   /sys/bus/pci/devices/BDF   the device's sysfs directory, read-only
 *                              (EAL's PCI scan: ids, class, resources,
 *                              driver and iommu_group links)
 *   /sys/module/vfio, vfio_pci empty: EAL only asks whether they exist
 *   /sys/devices/system/cpu    read-only: EAL's lcore detection
 *
 * The device nodes are made here (mknod, in the process's own mount
 * namespace) owned by the driver's uid, so EAL opens them after the
 * credentials are dropped, without any capability, and the host's /dev is
 * left alone. airlockd has closed its own handle of the group before the
 * spawn (a group opens once); it takes it back after the process ends.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "internal.h"
#include "vfio.h"

static int mkdirs(const char *root, const char *path)
{
	char p[PATH_MAX];
	size_t n = strlen(root);

	if ((size_t)snprintf(p, sizeof(p), "%s/%s", root, path) >= sizeof(p))
		return -ENAMETOOLONG;
	for (char *s = p + n + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0555) < 0 && errno != EEXIST)
			return -errno;
		*s = c;
		if (!c)
			return 0;
	}
}

/* A read-only bind of @src at @root/@dst (a directory). */
static int bind_ro(const char *src, const char *root, const char *dst)
{
	const unsigned long ro = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	char p[PATH_MAX];
	int r;

	r = mkdirs(root, dst);
	if (r < 0)
		return r;
	snprintf(p, sizeof(p), "%s/%s", root, dst);
	if (mount(src, p, NULL, MS_BIND, NULL) < 0 || mount(NULL, p, NULL, ro, NULL) < 0)
		return -errno;
	return 0;
}

/* A character device @src of the host as @root/@dst, owned by the driver. */
static int node_like(const char *src, const char *root, const char *dst, uid_t uid, gid_t gid)
{
	char p[PATH_MAX];
	struct stat st;

	if (stat(src, &st) < 0)
		return -errno;
	if (!S_ISCHR(st.st_mode))
		return -ENODEV;
	snprintf(p, sizeof(p), "%s/%s", root, dst);
	if (mknod(p, S_IFCHR | 0600, st.st_rdev) < 0 || chown(p, uid, gid) < 0)
		return -errno;
	return 0;
}

static bool pci_name_ok(const char *pci)
{
	unsigned int a, b, c, d;
	char end;

	return pci && strlen(pci) == 12 &&
	       sscanf(pci, "%4x:%2x:%2x.%1x%c", &a, &b, &c, &d, &end) == 4;
}

int sandbox_dpdk_view(const char *dir, const char *pci, uid_t uid, gid_t gid)
{
	char sys[64], real[PATH_MAX], rel[64], grp[32];
	int r;

	if (!pci_name_ok(pci))
		return -EINVAL;
	r = vfio_group_path(pci, grp, sizeof(grp));
	if (r < 0)
		return r;

	r = mkdirs(dir, "dev/vfio");
	if (r >= 0)
		r = node_like("/dev/vfio/vfio", dir, "dev/vfio/vfio", uid, gid);
	if (r >= 0)
		r = node_like(grp, dir, grp + 1, uid, gid);
	if (r < 0)
		return r;

	snprintf(sys, sizeof(sys), "/sys/bus/pci/devices/%s", pci);
	if (!realpath(sys, real))
		return -errno;
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s", pci);
	r = bind_ro(real, dir, rel);
	if (r >= 0)
		r = bind_ro("/sys/devices/system/cpu", dir, "sys/devices/system/cpu");
	if (r >= 0)
		r = mkdirs(dir, "sys/module/vfio");
	if (r >= 0)
		r = mkdirs(dir, "sys/module/vfio_pci");
	return r;
}
