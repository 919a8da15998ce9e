// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a restarted airlockd must know that the kernel does not tell it:
 * which proxy belongs to which configured device (the kernel knows ids and
 * names, not our device names), and which driver had a PCI device before
 * vfio-pci, so it can still be given back. One small file per device in
 * the run directory (a tmpfs: a reboot forgets it, as it should).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "airlockd.h"

static void state_path(const struct config *cfg, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s.state", cfg->run_dir, name);
}

int persist_save(const struct device *dev)
{
	char path[PATH_MAX + 64], tmp[PATH_MAX + 72];
	FILE *f;
	int r = 0;

	state_path(dev->d->cfg, dev->cfg->name, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "proxy=%d\norig_driver=%s\n", dev->proxy_id, dev->orig_driver);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		r = -errno;
	fclose(f);
	/* Atomic: a daemon killed meanwhile leaves the old file or the new one. */
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

int persist_load(const struct config *cfg, const char *name, int *ret_proxy, char *orig_driver,
		 size_t len)
{
	char path[PATH_MAX + 64], line[256], drv[64] = "";
	int proxy = -1;
	FILE *f;

	state_path(cfg, name, path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "proxy=", 6))
			proxy = atoi(line + 6);
		else if (!strncmp(line, "orig_driver=", 12))
			snprintf(drv, sizeof(drv), "%.63s", line + 12);
	}
	fclose(f);
	if (strlen(drv) >= len)
		return -ENAMETOOLONG;
	*ret_proxy = proxy;
	strcpy(orig_driver, drv);
	return 0;
}

void persist_remove(const struct config *cfg, const char *name)
{
	char path[PATH_MAX + 64];

	state_path(cfg, name, path, sizeof(path));
	unlink(path);
}
