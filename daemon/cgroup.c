// SPDX-License-Identifier: GPL-2.0-only
/*
 * The drivers' cgroups (cgroup v2). Each driver process runs in a cgroup of
 * its own, driver-NAME, with memory.max and pids.max from its device's
 * configuration: a driver that allocates without bound meets the OOM killer
 * in its own cgroup, not the host's. clone3(CLONE_INTO_CGROUP) puts it
 * there before it runs an instruction of its own.
 *
 * Where: under airlockd's own cgroup, which systemd delegates to it
 * (Delegate=yes in airlockd.service). cgroup v2 lets a cgroup hand
 * controllers to its children only while it holds no process itself, so
 * airlockd first moves itself into a leaf of its own, "daemon". Started in
 * the root cgroup (no systemd: the lab), it uses a child "airlock" of the
 * root instead. Without a cgroup v2 hierarchy it may write, drivers run
 * without these limits and the log says so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "airlockd.h"

#define CONTROLLERS "+memory +pids"

/* Writes @value into @file of the cgroup directory @dir. 0 or -errno. */
static int cg_write(int dir, const char *file, const char *value)
{
	int fd = openat(dir, file, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* Where the cgroup v2 hierarchy is mounted, from /proc/self/mountinfo. */
static int cg_mount_point(char *ret, size_t len)
{
	char line[1024], mnt[PATH_MAX];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int r = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		const char *sep = strstr(line, " - cgroup2 ");

		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - cgroup2 ... */
		if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
			continue;
		if ((size_t)snprintf(ret, len, "%s", mnt) < len)
			r = 0;
		break;
	}
	fclose(f);
	return r;
}

/* Our own cgroup, "0::/PATH" in /proc/self/cgroup. */
static int cg_own_path(char *ret, size_t len)
{
	char line[1024];
	FILE *f = fopen("/proc/self/cgroup", "re");
	int r = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3))
			continue;
		line[strcspn(line, "\n")] = '\0';
		if ((size_t)snprintf(ret, len, "%s", line + 3) < len)
			r = 0;
		break;
	}
	fclose(f);
	return r;
}

static int mkdir_open(int parent, const char *name)
{
	int fd;

	if (mkdirat(parent, name, 0755) < 0 && errno != EEXIST)
		return -errno;
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* The directory drivers' cgroups go in, with the controllers enabled: an fd, or -errno. */
static int cg_open_base(const char **ret_why)
{
	char mnt[PATH_MAX], own[PATH_MAX], path[2 * PATH_MAX + 2];
	int base, sub, r;

	*ret_why = "no cgroup v2 hierarchy mounted";
	if (cg_mount_point(mnt, sizeof(mnt)) < 0 || cg_own_path(own, sizeof(own)) < 0)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s%s", mnt, strcmp(own, "/") ? own : "");
	base = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (base < 0) {
		*ret_why = "own cgroup not found";
		return -errno;
	}
	if (!strcmp(own, "/")) {
		/* The root may keep its processes and still hand out controllers. */
		*ret_why = "cannot enable memory and pids controllers in the root cgroup";
		r = cg_write(base, "cgroup.subtree_control", CONTROLLERS);
		sub = r < 0 ? r : mkdir_open(base, "airlock");
	} else {
		/* Out of our own cgroup first: it is to hold only cgroups. */
		*ret_why = "cannot move into a leaf of its own cgroup (Delegate=yes?)";
		sub = mkdir_open(base, "daemon");
		r = sub < 0 ? sub : cg_write(sub, "cgroup.procs", "0");
		if (sub >= 0)
			close(sub);
		sub = r < 0 ? r : dup(base);
		if (sub < 0 && r == 0)
			sub = -errno;
	}
	close(base);
	if (sub < 0)
		return sub;
	*ret_why = "cannot enable memory and pids controllers for the drivers' cgroups";
	r = cg_write(sub, "cgroup.subtree_control", CONTROLLERS);
	if (r < 0) {
		close(sub);
		return r;
	}
	return sub;
}

void cgroup_init(struct daemon *d)
{
	const char *why;
	int fd = cg_open_base(&why);

	if (fd < 0) {
		log_daemon("cgroups: %s (%s); drivers run without memory and pids limits", why,
			   strerror(-fd));
		d->cgroup_fd = -1;
		return;
	}
	d->cgroup_fd = fd;
}

int cgroup_device_open(struct device *dev)
{
	const struct config_device *c = dev->cfg;
	char name[CONFIG_NAME_MAX + 8], value[32];
	int fd, r;

	if (dev->d->cgroup_fd < 0)
		return 0;
	snprintf(name, sizeof(name), "driver-%s", c->name);
	fd = mkdir_open(dev->d->cgroup_fd, name);
	if (fd < 0) {
		log_dev(dev, "cgroup %s: %s", name, strerror(-fd));
		return fd;
	}
	snprintf(value, sizeof(value), "%" PRIu64, c->memory_max);
	r = cg_write(fd, "memory.max", value);
	/* No swap to spill into instead (absent where the kernel has no swap accounting). */
	if (r == 0) {
		r = cg_write(fd, "memory.swap.max", "0");
		if (r == -ENOENT)
			r = 0;
	}
	snprintf(value, sizeof(value), "%" PRIu32, c->pids_max);
	if (r == 0)
		r = cg_write(fd, "pids.max", value);
	if (r < 0) {
		log_dev(dev, "cgroup %s: limits: %s", name, strerror(-r));
		close(fd);
		return r;
	}
	dev->cgroup_fd = fd;
	log_dev(dev, "cgroup %s: memory.max %" PRIu64 " MiB, pids.max %" PRIu32, name,
		c->memory_max >> 20, c->pids_max);
	return 0;
}

uint64_t cgroup_oom_kills(const struct device *dev)
{
	unsigned long long n = 0;
	char line[128];
	FILE *f;
	int fd;

	if (dev->cgroup_fd < 0)
		return 0;
	fd = openat(dev->cgroup_fd, "memory.events", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return 0;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "oom_kill %llu", &n) == 1)
			break;
	fclose(f);
	return n;
}

void cgroup_device_close(struct device *dev)
{
	char name[CONFIG_NAME_MAX + 8];

	if (dev->cgroup_fd < 0)
		return;
	close(dev->cgroup_fd);
	dev->cgroup_fd = -1;
	snprintf(name, sizeof(name), "driver-%s", dev->cfg->name);
	/* Empty once its last driver is gone; otherwise it stays, harmless. */
	unlinkat(dev->d->cgroup_fd, name, AT_REMOVEDIR);
}
