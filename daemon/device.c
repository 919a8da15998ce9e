// SPDX-License-Identifier: GPL-2.0-only
/*
 * A device's resources, which outlive its driver host instances: the PCI
 * device on vfio-pci in a VFIO container of its own, with its group and
 * device fds, the shared region and the DMA heap, of which only the heap
 * and the region's packet pool are in the device's IOMMU space; the cable
 * (for cable devices); and the proxy netdev in the stub.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include <airlock/abi.h>

#include "airlockd.h"
#include "cable.h"
#include "vfio.h"

#define HEAP_SIZE	(4u << 20)	/* the shim's coherent allocations */
#define IOVA_ALIGN	(2u << 20)
#define IOVA_FLOOR	(1u << 20)	/* keep low IOVAs unused: a stray 0 faults */

static const struct airlock_region_params region_params = {
	.n_queues = 1,
	.ctrl_entries = 64,
	.queue_entries = 256,
	.n_bufs = 512,
	.buf_size = AIRLOCK_BUF_SIZE_JUMBO,	/* room for MTU 9000 */
};

static int open_airlock(void)
{
	int fd = open("/dev/" AIRLOCK_DEVICE_NAME, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int device_preflight(const struct daemon *d, const struct config_device *c, char *err, size_t len)
{
	char path[PATH_MAX + 128], link[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", d->cfg->host_dir, config_host_binary(c));
	if (access(path, X_OK) < 0) {
		snprintf(err, len, "driver host %s: %s", path, strerror(errno));
		return -ENOENT;
	}
	if (c->driver == CONFIG_DRIVER_CABLE)
		return 0;
	if (!pci_exists(c->pci)) {
		snprintf(err, len, "pci %s: no such PCI device", c->pci);
		return -ENODEV;
	}
	snprintf(link, sizeof(link), "/sys/bus/pci/devices/%s/iommu_group", c->pci);
	if (access(link, F_OK) < 0) {
		snprintf(err, len, "pci %s: in no IOMMU group (is the IOMMU on?)", c->pci);
		return -ENODEV;
	}
	/* Found here, not halfway through binding: nothing is touched yet. */
	if (access("/sys/bus/pci/drivers/vfio-pci", F_OK) < 0) {
		snprintf(err, len, "pci %s: vfio-pci is not loaded (modprobe vfio-pci)", c->pci);
		return -ENOPKG;
	}
	return 0;
}

/*
 * The device's VFIO container, group and device, opened. A group opens
 * once: two configured devices of one group fail here. Right after a DPDK
 * driver died, its group may still be closing: a few tries.
 */
int device_vfio_take(struct device *dev)
{
	const char *pci = dev->cfg->pci;
	int r = 0;

	if (dev->vfio_fd >= 0)
		return 0;
	for (int tries = 0; tries < 20; tries++) {
		r = vfio_container_open(&dev->container_fd);
		if (r >= 0)
			r = vfio_group_open(pci, &dev->group_fd);
		if (r >= 0)
			r = vfio_group_attach(dev->group_fd, dev->container_fd, 1);
		if (r >= 0)
			r = vfio_device_open(dev->group_fd, pci, &dev->vfio_fd);
		if (r >= 0)
			return 0;
		device_vfio_release(dev);
		if (r != -EBUSY)
			break;
		usleep(10000);
	}
	log_dev(dev, "pci %s: VFIO: %s", pci, strerror(-r));
	return r;
}

/*
 * DPDK's EAL opens the device's group itself (drivers/dpdk/, the
 * sandbox's view): the daemon lets go of it while a DPDK driver runs and
 * takes it back to quiesce the device once the driver has ended. Nothing
 * is DMA-mapped in this container for a DPDK device.
 */
void device_vfio_release(struct device *dev)
{
	if (dev->vfio_fd >= 0)
		close(dev->vfio_fd);
	if (dev->group_fd >= 0)
		close(dev->group_fd);
	if (dev->container_fd >= 0)
		close(dev->container_fd);
	dev->vfio_fd = dev->group_fd = dev->container_fd = -1;
}

/*
 * Maps @size bytes at @vaddr into the device's own container, at the
 * daemon's next free IOVA: a NIC aimed at a neighbour's pool or heap
 * faults in the IOMMU.
 */
static int dma_map(struct device *dev, void *vaddr, size_t size, uint64_t *ret_iova)
{
	struct daemon *d = dev->d;
	uint64_t iova;
	int r;

	if (!dev->ranges) {
		r = vfio_iova_ranges(dev->container_fd, &dev->ranges, &dev->n_ranges);
		if (r < 0)
			return r;
	}
	r = iova_pick(dev->ranges, dev->n_ranges, size, IOVA_ALIGN,
		      d->next_iova > IOVA_FLOOR ? d->next_iova : IOVA_FLOOR, &iova);
	if (r < 0)
		return r;
	r = vfio_dma_map(dev->container_fd, vaddr, iova, size);
	if (r < 0)
		return r;
	d->next_iova = iova + size;
	*ret_iova = iova;
	return 0;
}

static int setup_pci(struct daemon *d, struct device *dev)
{
	const struct config_device *c = dev->cfg;
	int proxy, r;

	/* A predecessor may have bound it already: its record knows the original. */
	if (persist_load(d->cfg, c->name, &proxy, dev->orig_driver, sizeof(dev->orig_driver)) < 0) {
		r = pci_current_driver(c->pci, dev->orig_driver, sizeof(dev->orig_driver));
		if (r < 0)
			return r;
		if (!strcmp(dev->orig_driver, "vfio-pci"))
			dev->orig_driver[0] = '\0';	/* bound by hand: leave it there */
	}
	r = pci_bind_vfio(c->pci);
	if (r < 0) {
		log_dev(dev, "pci %s: cannot bind to vfio-pci: %s", c->pci, strerror(-r));
		return r;
	}
	dev->pci_bound = true;
	log_dev(dev, "pci %s: on vfio-pci (original driver: %s)", c->pci,
		*dev->orig_driver ? dev->orig_driver : "none");

	r = device_vfio_take(dev);
	if (r < 0)
		return r;
	/* DPDK: EAL maps its own memory into a container of its own (device_vfio_release). */
	if (c->driver == CONFIG_DRIVER_DPDK) {
		log_dev(dev, "DMA: EAL's own container; the packet pool is copied to and from");
		return persist_save(dev);
	}

	dev->heap_fd = memfd_create("airlock-heap", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (dev->heap_fd < 0)
		return -errno;
	if (ftruncate(dev->heap_fd, HEAP_SIZE) < 0 ||
	    fcntl(dev->heap_fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) < 0)
		return -errno;
	dev->heap = mmap(NULL, HEAP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, dev->heap_fd, 0);
	if (dev->heap == MAP_FAILED) {
		dev->heap = NULL;
		return -errno;
	}
	dev->heap_size = HEAP_SIZE;

	/* The pool only: the rings, state block and control area stay out of the device's reach. */
	r = dma_map(dev, airlock_region_at(&dev->region, dev->region.hdr.pool_offset),
		    dev->region.hdr.pool_size, &dev->pool_iova);
	if (r < 0)
		return r;
	dev->pool_mapped = true;
	r = dma_map(dev, dev->heap, dev->heap_size, &dev->heap_iova);
	if (r < 0)
		return r;
	dev->heap_mapped = true;
	log_dev(dev, "DMA: own container; packet pool at IOVA %#llx, heap at %#llx",
		(unsigned long long)dev->pool_iova, (unsigned long long)dev->heap_iova);
	return persist_save(dev);
}

static int setup_cable(struct daemon *d, struct device *dev)
{
	size_t i;
	int fd, r;

	for (i = 0; i < d->n_cables; i++) {
		if (!strcmp(d->cables[i].name, dev->cfg->cable)) {
			dev->cable = &d->cables[i];
			return 0;
		}
	}
	r = airlock_cable_create(&fd);
	if (r < 0)
		return r;
	dev->cable = &d->cables[d->n_cables++];
	snprintf(dev->cable->name, sizeof(dev->cable->name), "%s", dev->cfg->cable);
	dev->cable->fd = fd;
	return 0;
}

int device_setup(struct daemon *d, struct device *dev)
{
	struct airlock_region_params params = region_params;
	int r;

	/* A NIC's driver may take 64 KiB TSO frames (a cable's does not). */
	if (dev->cfg->driver != CONFIG_DRIVER_CABLE)
		params.buf_size = AIRLOCK_BUF_SIZE_MAX;
	r = airlock_region_create(&params, &dev->region);
	if (r < 0) {
		log_dev(dev, "region: %s", strerror(-r));
		return r;
	}
	if (dev->cfg->driver == CONFIG_DRIVER_CABLE)
		r = setup_cable(d, dev);
	else
		r = setup_pci(d, dev);
	if (r == 0)
		r = cgroup_device_open(dev);
	if (r < 0)
		return r;
	return device_find_proxy(dev);
}

void device_teardown(struct device *dev, bool give_back)
{
	struct daemon *d = dev->d;
	int r;

	if (dev->heap_mapped)
		vfio_dma_unmap(dev->container_fd, dev->heap_iova, dev->heap_size);
	if (dev->pool_mapped)
		vfio_dma_unmap(dev->container_fd, dev->pool_iova, dev->region.hdr.pool_size);
	dev->heap_mapped = dev->pool_mapped = false;
	if (dev->heap)
		munmap(dev->heap, dev->heap_size);
	dev->heap = NULL;
	if (dev->heap_fd >= 0)
		close(dev->heap_fd);
	dev->heap_fd = -1;
	if (dev->vfio_fd >= 0)
		close(dev->vfio_fd);
	dev->vfio_fd = -1;
	if (dev->group_fd >= 0)
		close(dev->group_fd);
	dev->group_fd = -1;
	if (dev->container_fd >= 0)
		close(dev->container_fd);
	dev->container_fd = -1;
	free(dev->ranges);
	dev->ranges = NULL;
	dev->n_ranges = 0;
	airlock_region_unmap(&dev->region);
	cgroup_device_close(dev);

	if (!give_back || !dev->pci_bound)
		return;
	/* The device goes back to the kernel: its proxy would only be a second interface. */
	if (dev->proxy_id >= 0) {
		uint32_t id = (uint32_t)dev->proxy_id;

		if (ioctl(dev->d->stub_fd, AIRLOCK_IOC_DESTROY, &id) == 0)
			log_dev(dev, "proxy %s destroyed", dev->ifname);
		dev->proxy_id = -1;
	}
	r = pci_give_back(dev->cfg->pci, dev->orig_driver);
	if (r < 0)
		log_dev(dev, "pci %s: giving it back to %s failed: %s", dev->cfg->pci,
			*dev->orig_driver ? dev->orig_driver : "no driver", strerror(-r));
	else
		log_dev(dev, "pci %s: given back to %s", dev->cfg->pci,
			*dev->orig_driver ? dev->orig_driver : "no driver");
	dev->pci_bound = false;
	persist_remove(d->cfg, dev->cfg->name);
}

/* Clears bus mastering in the command register, through VFIO. */
static int device_bus_master_off(struct device *dev)
{
	struct vfio_region_info cfg;
	uint16_t cmd;
	int r;

	r = vfio_region_info(dev->vfio_fd, VFIO_PCI_CONFIG_REGION_INDEX, &cfg);
	if (r < 0)
		return r;
	if (pread(dev->vfio_fd, &cmd, sizeof(cmd), (off_t)(cfg.offset + PCI_COMMAND)) != sizeof(cmd))
		return -EIO;
	cmd &= (uint16_t)~PCI_COMMAND_MASTER;
	if (pwrite(dev->vfio_fd, &cmd, sizeof(cmd), (off_t)(cfg.offset + PCI_COMMAND)) != sizeof(cmd))
		return -EIO;
	return 0;
}

/*
 * Stops what a driver left running on its device, as soon as the driver
 * is gone: its interrupt bindings, then a reset through VFIO (a function
 * reset, or a secondary bus reset for a device alone behind its bridge, as
 * the lab's NICs are), then bus mastering off in the command register:
 * the kernel restores the saved command register after a reset, so only
 * this keeps the device off the bus while it sits stopped or quarantined.
 * A device with no reset at all (QEMU's e1000 on the root bus, many older
 * NICs) keeps the state its driver left in its registers until the next
 * driver's probe resets the chip its own way (e1000: CTRL.RST, which QEMU
 * does not emulate), so random register writes can outlive a restart.
 */
int device_quiesce(struct device *dev)
{
	static const uint32_t irq_index[] = {
		VFIO_PCI_INTX_IRQ_INDEX, VFIO_PCI_MSI_IRQ_INDEX, VFIO_PCI_MSIX_IRQ_INDEX,
	};
	size_t i;
	int reset, r;

	/*
	 * The dead driver's interrupt bindings outlive it (we hold the device
	 * fd): its eventfds, and INTx possibly masked by VFIO when it fired
	 * last, never to be unmasked. Tear them down as closing the device
	 * would; the next driver binds fresh ones. Types not enabled: EINVAL.
	 */
	for (i = 0; i < sizeof(irq_index) / sizeof(irq_index[0]); i++) {
		struct vfio_irq_set off = {
			.argsz = sizeof(off),
			.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
			.index = irq_index[i],
		};

		ioctl(dev->vfio_fd, VFIO_DEVICE_SET_IRQS, &off);
	}
	reset = ioctl(dev->vfio_fd, VFIO_DEVICE_RESET) == 0 ? 0 : -errno;
	r = device_bus_master_off(dev);
	if (r < 0) {
		log_dev(dev, "pci %s: %s, but bus mastering stays on (%s)", dev->cfg->pci,
			reset == 0 ? "reset through VFIO" : "no VFIO reset", strerror(-r));
		return r;
	}
	if (reset == 0)
		log_dev(dev, "pci %s: reset through VFIO, bus mastering off", dev->cfg->pci);
	else
		log_dev(dev, "pci %s: no reset (VFIO: %s): bus mastering off through VFIO, "
			"the driver resets the chip on probe", dev->cfg->pci, strerror(-reset));
	return 0;
}

int device_shadow(const struct device *dev, struct airlock_shadow *ret)
{
	struct airlock_shadow s = { .id = (uint32_t)dev->proxy_id };

	if (dev->proxy_id < 0)
		return -ENODEV;
	if (ioctl(dev->d->stub_fd, AIRLOCK_IOC_GET_SHADOW, &s) < 0)
		return -errno;
	*ret = s;
	return 0;
}

static void adopt(struct device *dev, const struct airlock_shadow *s)
{
	dev->proxy_id = (int)s->id;
	dev->ifindex = s->ifindex;
	snprintf(dev->ifname, sizeof(dev->ifname), "%.*s", (int)sizeof(s->ifname), s->ifname);
}

/*
 * A proxy left by a previous airlockd: the one our record names, or else
 * the one with the configured (non-template) interface name.
 */
int device_find_proxy(struct device *dev)
{
	struct airlock_shadow s;
	char drv[64];
	int proxy = -1;
	uint32_t id;

	if (persist_load(dev->d->cfg, dev->cfg->name, &proxy, drv, sizeof(drv)) == 0 && proxy >= 0) {
		dev->proxy_id = proxy;
		if (device_shadow(dev, &s) == 0) {
			adopt(dev, &s);
			log_dev(dev, "found its proxy %s (id %u, generation %llu)", dev->ifname, s.id,
				(unsigned long long)s.generation);
			return 0;
		}
		dev->proxy_id = -1;
	}
	if (strchr(dev->cfg->interface, '%'))
		return 0;
	for (id = 0; id < AIRLOCK_MAX_DEVICES; id++) {
		s = (struct airlock_shadow){ .id = id };
		if (ioctl(dev->d->stub_fd, AIRLOCK_IOC_GET_SHADOW, &s) < 0)
			continue;
		if (strncmp(s.ifname, dev->cfg->interface, sizeof(s.ifname)))
			continue;
		adopt(dev, &s);
		log_dev(dev, "found proxy %s by name (id %u)", dev->ifname, s.id);
		break;
	}
	return 0;
}

int device_create_proxy(struct device *dev, const uint8_t mac[6], uint32_t mtu_max,
			uint64_t features)
{
	struct airlock_create c = {
		.min_mtu = AIRLOCK_MIN_MTU,
		.n_queues = 1,
		/*
		 * The first driver's offer, for the proxy's lifetime: what
		 * ethtool -K may toggle. Bits this ABI has no name for are
		 * not offered; CREATE would refuse them.
		 */
		.features = features & AIRLOCK_FEAT_ALL,
		.tx_policy = dev->cfg->tx_policy,
	};

	if (mtu_max > AIRLOCK_MAX_MTU || mtu_max < AIRLOCK_MIN_MTU)
		mtu_max = AIRLOCK_MAX_MTU;
	c.max_mtu = mtu_max;
	c.mtu = mtu_max < 1500 ? mtu_max : 1500;
	memcpy(c.mac, mac, 6);
	snprintf(c.name, sizeof(c.name), "%s", dev->cfg->interface);
	if (ioctl(dev->d->stub_fd, AIRLOCK_IOC_CREATE, &c) < 0)
		return -errno;
	dev->proxy_id = (int)c.id;
	dev->ifindex = c.ifindex;
	snprintf(dev->ifname, sizeof(dev->ifname), "%.*s", (int)sizeof(c.ifname), c.ifname);
	persist_save(dev);
	return 0;
}

int device_attach_file(struct device *dev, int *ret_fd)
{
	struct airlock_attach a = {
		.id = (uint32_t)dev->proxy_id,
		.region_fd = dev->region.fd,
		.kick_fd = dev->in.kick_fd,
		.doorbell_fd = dev->in.doorbell_fd,
	};
	int fd, r;

	fd = open_airlock();
	if (fd < 0)
		return fd;
	if (ioctl(fd, AIRLOCK_IOC_ATTACH, &a) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	*ret_fd = fd;
	return 0;
}

/*
 * A fresh instance finds the region as airlock_region_create() left it:
 * the header rewritten from our own copy (the last driver could write all
 * of it) and rings, state and address lists zero. The pool's frames are
 * left: nobody trusts buffer contents anyway.
 */
void device_reset_region(struct device *dev)
{
	memset(dev->region.base, 0, dev->region.hdr.pool_offset);
	memcpy(dev->region.base, &dev->region.hdr, sizeof(dev->region.hdr));
}

struct airlock_state *device_state_block(const struct device *dev)
{
	return airlock_region_state(&dev->region);
}
