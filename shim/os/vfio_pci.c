// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PCI function behind a VFIO device fd: config space and I/O BARs by
 * pread/pwrite at their region offsets, memory BARs by mmap, INTx through
 * a trigger eventfd and an unmask eventfd (VFIO_DEVICE_SET_IRQS).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "vfio.h"
#include "../env.h"

#define N_BARS 6

struct shim_pci_env {
	int fd;
	char name[16];
	struct vfio_region_info config;
	struct vfio_region_info bars[N_BARS];
	void *maps[N_BARS];
	int trigger_fd;
	int unmask_fd;
	void (*fire)(void *arg);
	void *fire_arg;
};

int shim_env_pci_open(int device_fd, const char *bdf, struct shim_pci_env **ret)
{
	struct shim_pci_env *e;
	int i, r;

	if (strlen(bdf) >= sizeof(e->name))
		return -EINVAL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->fd = device_fd;
	e->trigger_fd = e->unmask_fd = -1;
	strcpy(e->name, bdf);
	r = vfio_region_info(device_fd, VFIO_PCI_CONFIG_REGION_INDEX, &e->config);
	for (i = 0; r == 0 && i < N_BARS; i++)
		r = vfio_region_info(device_fd, VFIO_PCI_BAR0_REGION_INDEX + (uint32_t)i, &e->bars[i]);
	if (r < 0) {
		free(e);
		return r;
	}
	*ret = e;
	return 0;
}

void shim_env_pci_close(struct shim_pci_env *e)
{
	int i;

	if (!e)
		return;
	shim_env_pci_irq_stop(e);
	for (i = 0; i < N_BARS; i++)
		if (e->maps[i])
			munmap(e->maps[i], e->bars[i].size);
	close(e->fd);
	free(e);
}

const char *shim_env_pci_name(const struct shim_pci_env *e)
{
	return e->name;
}

static int region_rw(int fd, const struct vfio_region_info *ri, uint64_t off, void *buf,
		     size_t len, bool write)
{
	ssize_t n;

	if (off > ri->size || len > ri->size - off)
		return -EINVAL;
	n = write ? pwrite(fd, buf, len, (off_t)(ri->offset + off))
		  : pread(fd, buf, len, (off_t)(ri->offset + off));
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int shim_env_pci_config_read(struct shim_pci_env *e, uint32_t off, void *buf, size_t len)
{
	return region_rw(e->fd, &e->config, off, buf, len, false);
}

int shim_env_pci_config_write(struct shim_pci_env *e, uint32_t off, const void *buf, size_t len)
{
	return region_rw(e->fd, &e->config, off, (void *)buf, len, true);
}

int shim_env_pci_bar(struct shim_pci_env *e, int bar, uint64_t *ret_size, bool *ret_io)
{
	uint32_t reg;
	int r;

	if (bar < 0 || bar >= N_BARS)
		return -EINVAL;
	r = shim_env_pci_config_read(e, 0x10 + 4 * (uint32_t)bar, &reg, sizeof(reg));
	if (r < 0)
		return r;
	*ret_size = e->bars[bar].size;
	*ret_io = reg & 1;	/* PCI_BASE_ADDRESS_SPACE_IO */
	return 0;
}

int shim_env_pci_bar_map(struct shim_pci_env *e, int bar, void **ret_addr)
{
	const struct vfio_region_info *ri;
	void *p;

	if (bar < 0 || bar >= N_BARS)
		return -EINVAL;
	ri = &e->bars[bar];
	if (!e->maps[bar]) {
		if (!(ri->flags & VFIO_REGION_INFO_FLAG_MMAP) || ri->size == 0)
			return -EOPNOTSUPP;
		p = mmap(NULL, ri->size, PROT_READ | PROT_WRITE, MAP_SHARED, e->fd, (off_t)ri->offset);
		if (p == MAP_FAILED)
			return -errno;
		e->maps[bar] = p;
	}
	*ret_addr = e->maps[bar];
	return 0;
}

int shim_env_pci_bar_rw(struct shim_pci_env *e, int bar, uint64_t off, void *buf, size_t len,
			bool write)
{
	if (bar < 0 || bar >= N_BARS)
		return -EINVAL;
	return region_rw(e->fd, &e->bars[bar], off, buf, len, write);
}

static int set_irqs(int device_fd, uint32_t flags, int fd)
{
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} req = {
		.set = {
			.argsz = sizeof(req),
			.flags = flags,
			.index = VFIO_PCI_INTX_IRQ_INDEX,
			.start = 0,
			.count = 1,
		},
		.fd = fd,
	};

	if (!(flags & VFIO_IRQ_SET_DATA_EVENTFD)) {
		req.set.argsz = sizeof(req.set);
		req.set.count = 0;
	}
	return ioctl(device_fd, VFIO_DEVICE_SET_IRQS, &req) < 0 ? -errno : 0;
}

static int intx_unmask(int device_fd)
{
	struct vfio_irq_set set = {
		.argsz = sizeof(set),
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK,
		.index = VFIO_PCI_INTX_IRQ_INDEX,
		.start = 0,
		.count = 1,
	};

	return ioctl(device_fd, VFIO_DEVICE_SET_IRQS, &set) < 0 ? -errno : 0;
}

static void intx_fired(void *arg)
{
	struct shim_pci_env *e = arg;
	uint64_t v;
	const uint64_t one = 1;

	if (read(e->trigger_fd, &v, sizeof(v)) != sizeof(v))
		return;
	e->fire(e->fire_arg);
	/* VFIO masked the line when it fired; the handler has quieted the device. */
	if (write(e->unmask_fd, &one, sizeof(one)) != sizeof(one))
		return;
}

int shim_env_pci_irq_start(struct shim_pci_env *e, void (*fire)(void *arg), void *arg)
{
	int r;

	if (e->trigger_fd >= 0)
		return -EBUSY;
	e->trigger_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	e->unmask_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (e->trigger_fd < 0 || e->unmask_fd < 0) {
		r = -errno;
		goto fail;
	}
	e->fire = fire;
	e->fire_arg = arg;
	r = set_irqs(e->fd, VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, e->trigger_fd);
	if (r < 0)
		goto fail;
	r = set_irqs(e->fd, VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_UNMASK, e->unmask_fd);
	if (r < 0)
		goto fail_trigger;
	/* A predecessor killed between an interrupt and its unmask left the line masked. */
	r = intx_unmask(e->fd);
	if (r < 0)
		goto fail_trigger;
	r = shim_env_watch_fd(e->trigger_fd, intx_fired, e);
	if (r < 0)
		goto fail_trigger;
	return 0;

fail_trigger:
	set_irqs(e->fd, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER, -1);
fail:
	if (e->trigger_fd >= 0)
		close(e->trigger_fd);
	if (e->unmask_fd >= 0)
		close(e->unmask_fd);
	e->trigger_fd = e->unmask_fd = -1;
	return r;
}

void shim_env_pci_irq_stop(struct shim_pci_env *e)
{
	if (e->trigger_fd < 0)
		return;
	shim_env_unwatch_fd(e->trigger_fd);
	set_irqs(e->fd, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER, -1);
	close(e->trigger_fd);
	close(e->unmask_fd);
	e->trigger_fd = e->unmask_fd = -1;
}
