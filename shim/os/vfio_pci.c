// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PCI function behind a VFIO device fd: config space and I/O BARs by
 * pread/pwrite at their region offsets, memory BARs by mmap, interrupts
 * through VFIO_DEVICE_SET_IRQS: INTx as a trigger eventfd and an unmask
 * eventfd, MSI and MSI-X as one trigger eventfd per vector.
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
	struct shim_env_vector {
		struct shim_pci_env *e;
		unsigned int index;
		int fd;			/* VFIO's trigger eventfd */
		bool watched;
	} vectors[SHIM_ENV_IRQ_VECTORS_MAX];
	enum shim_env_irq_kind kind;
	unsigned int nvec;		/* 0: no interrupt routed */
	int unmask_fd;			/* INTx only */
	bool unmask_due;		/* INTx fired from the loop, not yet unmasked */
	void (*fire)(void *arg, unsigned int v);
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
	e->unmask_fd = -1;
	for (i = 0; i < SHIM_ENV_IRQ_VECTORS_MAX; i++)
		e->vectors[i] = (struct shim_env_vector){ .e = e, .index = (unsigned int)i, .fd = -1 };
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

/* VFIO's index for each kind of interrupt (env.h). */
static uint32_t irq_index(enum shim_env_irq_kind kind)
{
	switch (kind) {
	case SHIM_ENV_IRQ_MSI:
		return VFIO_PCI_MSI_IRQ_INDEX;
	case SHIM_ENV_IRQ_MSIX:
		return VFIO_PCI_MSIX_IRQ_INDEX;
	default:
		return VFIO_PCI_INTX_IRQ_INDEX;
	}
}

/* @n eventfds (or none, n = 0, with DATA_NONE) for vectors 0..n-1 of @index. */
static int set_irqs(int device_fd, uint32_t index, uint32_t flags, const int *fds, unsigned int n)
{
	struct {
		struct vfio_irq_set set;
		int32_t fds[SHIM_ENV_IRQ_VECTORS_MAX];
	} req = {
		.set = {
			.argsz = (uint32_t)(sizeof(req.set) + n * sizeof(int32_t)),
			.flags = flags,
			.index = index,
			.start = 0,
			.count = n,
		},
	};

	if (n > SHIM_ENV_IRQ_VECTORS_MAX)
		return -EINVAL;
	memcpy(req.fds, fds, n * sizeof(int32_t));
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

int shim_env_pci_irq_count(struct shim_pci_env *e, enum shim_env_irq_kind kind)
{
	struct vfio_irq_info info = { .argsz = sizeof(info), .index = irq_index(kind) };

	if (ioctl(e->fd, VFIO_DEVICE_GET_IRQ_INFO, &info) < 0)
		return -errno;
	return (int)info.count;
}

static void intx_unmask_now(struct shim_pci_env *e)
{
	const uint64_t one = 1;
	ssize_t n;

	e->unmask_due = false;
	/* Fails only with EAGAIN, a full counter: an unmask is on its way already. */
	n = write(e->unmask_fd, &one, sizeof(one));
	(void)n;
}

/*
 * Whether vector @v fired (its eventfd read, without blocking), and if so
 * its handler called. VFIO masked INTx when it fired; the handler has
 * quieted the device, so the line may be unmasked: at once (@defer false),
 * or by shim_env_pci_irq_unmask_due() once the driver's NAPI has run
 * (drivers/linux/main.c: linux_poll).
 */
static int vector_poll(struct shim_pci_env *e, unsigned int v, bool defer)
{
	uint64_t count;

	if (read(e->vectors[v].fd, &count, sizeof(count)) != sizeof(count))
		return 0;
	e->fire(e->fire_arg, v);
	if (e->kind == SHIM_ENV_IRQ_INTX) {
		if (defer)
			e->unmask_due = true;
		else
			intx_unmask_now(e);
	}
	return 1;
}

/*
 * From the loop: the unmask waits until the pass that follows has run the
 * NAPI poll the handler scheduled. The unmask is a system call, and
 * VFIO's a config-space write under it; made first, it sat between the
 * interrupt and the driver's receive work (25 µs of an exchange in the
 * lab's traces). The device's interrupts are off in its
 * own mask meanwhile (the handler's job), and one that it raises while
 * the line is masked is not lost: VFIO's unmask finds the line asserted
 * and signals the eventfd again.
 */
static void vector_fired(void *arg)
{
	struct shim_env_vector *vec = arg;

	vector_poll(vec->e, vec->index, true);
}

void shim_env_pci_irq_unmask_due(struct shim_pci_env *e)
{
	if (e && e->unmask_due)
		intx_unmask_now(e);
}

int shim_env_pci_irq_poll(struct shim_pci_env *e, bool (*skip)(void *arg, unsigned int v))
{
	unsigned int v;
	int n = 0;

	/* A waiting driver wants its next interrupt: unmask now, also a due one. */
	shim_env_pci_irq_unmask_due(e);
	for (v = 0; v < e->nvec; v++)
		if (!skip(e->fire_arg, v))
			n += vector_poll(e, v, false);
	return n;
}

static void vectors_close(struct shim_pci_env *e)
{
	unsigned int v;

	for (v = 0; v < SHIM_ENV_IRQ_VECTORS_MAX; v++) {
		if (e->vectors[v].watched)
			shim_env_unwatch_fd(e->vectors[v].fd);
		if (e->vectors[v].fd >= 0)
			close(e->vectors[v].fd);
		e->vectors[v].fd = -1;
		e->vectors[v].watched = false;
	}
	if (e->unmask_fd >= 0)
		close(e->unmask_fd);
	e->unmask_fd = -1;
	e->unmask_due = false;
	e->nvec = 0;
}

int shim_env_pci_irq_start(struct shim_pci_env *e, enum shim_env_irq_kind kind, unsigned int nvec,
			   void (*fire)(void *arg, unsigned int v), void *arg)
{
	const uint32_t trigger = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	int fds[SHIM_ENV_IRQ_VECTORS_MAX];
	unsigned int v;
	int r;

	if (e->nvec)
		return -EBUSY;
	if (nvec == 0 || nvec > SHIM_ENV_IRQ_VECTORS_MAX || (kind == SHIM_ENV_IRQ_INTX && nvec != 1))
		return -EINVAL;
	for (v = 0; v < nvec; v++) {
		e->vectors[v].fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (e->vectors[v].fd < 0) {
			r = -errno;
			goto fail;
		}
		fds[v] = e->vectors[v].fd;
	}
	e->kind = kind;
	e->nvec = nvec;
	e->fire = fire;
	e->fire_arg = arg;
	r = set_irqs(e->fd, irq_index(kind), trigger, fds, nvec);
	if (r < 0)
		goto fail;
	if (kind == SHIM_ENV_IRQ_INTX) {
		e->unmask_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (e->unmask_fd < 0) {
			r = -errno;
			goto fail_trigger;
		}
		r = set_irqs(e->fd, VFIO_PCI_INTX_IRQ_INDEX,
			     VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_UNMASK, &e->unmask_fd, 1);
		/* A predecessor killed between an interrupt and its unmask left the line masked. */
		if (r == 0)
			r = intx_unmask(e->fd);
		if (r < 0)
			goto fail_trigger;
	}
	for (v = 0; v < nvec; v++) {
		r = shim_env_watch_fd(e->vectors[v].fd, vector_fired, &e->vectors[v]);
		if (r < 0)
			goto fail_trigger;
		e->vectors[v].watched = true;
	}
	return 0;

fail_trigger:
	set_irqs(e->fd, irq_index(kind), VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER, NULL, 0);
fail:
	vectors_close(e);
	return r;
}

void shim_env_pci_irq_stop(struct shim_pci_env *e)
{
	if (!e->nvec)
		return;
	set_irqs(e->fd, irq_index(e->kind), VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
		 NULL, 0);
	vectors_close(e);
}
