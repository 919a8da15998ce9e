// SPDX-License-Identifier: GPL-2.0-only
/*
 * Moving a PCI device between its kernel driver and vfio-pci through sysfs:
 * driver_override names the only driver that may take it, unbind lets go,
 * drivers_probe binds it again. Clearing driver_override and probing gives
 * it back to whatever driver matches it (its original one).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "airlockd.h"

#define PCI_SYSFS "/sys/bus/pci"

static int write_file(const char *path, const char *value)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd, r = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, value, len);
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	close(fd);
	return r;
}

bool pci_exists(const char *bdf)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), PCI_SYSFS "/devices/%s", bdf);
	return access(path, F_OK) == 0;
}

int pci_current_driver(const char *bdf, char *buf, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *name;
	ssize_t n;

	snprintf(link, sizeof(link), PCI_SYSFS "/devices/%s/driver", bdf);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		if (errno != ENOENT)
			return -errno;
		if (!pci_exists(bdf))
			return -ENODEV;
		buf[0] = '\0';
		return 0;
	}
	target[n] = '\0';
	name = strrchr(target, '/');
	name = name ? name + 1 : target;
	if (strlen(name) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, name);
	return 0;
}

int pci_bind_vfio(const char *bdf)
{
	char path[PATH_MAX], drv[64];
	int r;

	r = pci_current_driver(bdf, drv, sizeof(drv));
	if (r < 0)
		return r;
	if (!strcmp(drv, "vfio-pci"))
		return 0;
	if (access(PCI_SYSFS "/drivers/vfio-pci", F_OK) < 0)
		return -ENOPKG;	/* vfio-pci not loaded */

	snprintf(path, sizeof(path), PCI_SYSFS "/devices/%s/driver_override", bdf);
	r = write_file(path, "vfio-pci");
	if (r < 0)
		return r;
	if (*drv) {
		snprintf(path, sizeof(path), PCI_SYSFS "/devices/%s/driver/unbind", bdf);
		r = write_file(path, bdf);
		if (r < 0)
			goto undo;
	}
	r = write_file(PCI_SYSFS "/drivers_probe", bdf);
	if (r < 0)
		goto undo;
	r = pci_current_driver(bdf, drv, sizeof(drv));
	if (r >= 0 && strcmp(drv, "vfio-pci"))
		r = -EBUSY;
	if (r < 0)
		goto undo;
	return 0;
undo:
	snprintf(path, sizeof(path), PCI_SYSFS "/devices/%s/driver_override", bdf);
	write_file(path, "\n");
	write_file(PCI_SYSFS "/drivers_probe", bdf);
	return r;
}

int pci_give_back(const char *bdf, const char *orig_driver)
{
	char path[PATH_MAX], drv[64];
	int r;

	r = pci_current_driver(bdf, drv, sizeof(drv));
	if (r < 0)
		return r;
	if (!strcmp(drv, "vfio-pci")) {
		snprintf(path, sizeof(path), PCI_SYSFS "/devices/%s/driver/unbind", bdf);
		r = write_file(path, bdf);
		if (r < 0)
			return r;
	}
	snprintf(path, sizeof(path), PCI_SYSFS "/devices/%s/driver_override", bdf);
	r = write_file(path, "\n");
	if (r < 0)
		return r;
	if (!*orig_driver)
		return 0;	/* it had none: leave it unbound */
	r = write_file(PCI_SYSFS "/drivers_probe", bdf);
	if (r < 0)
		return r;
	r = pci_current_driver(bdf, drv, sizeof(drv));
	if (r < 0)
		return r;
	return strcmp(drv, orig_driver) ? -EBUSY : 0;
}
