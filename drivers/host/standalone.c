// SPDX-License-Identifier: GPL-2.0-only
/*
 * Standalone mode: the host does what airlockd will do, unconfined. Binds
 * the PCI function to vfio-pci, opens container, group and device, maps a
 * DMA heap and the region into the IOMMU, creates (or finds, after a
 * restart) the proxy named by AIRLOCK_HOST_IFNAME (default air0) with the
 * device's MAC, and attaches to it.
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

#include <airlock/abi.h>

#include "doorbell.h"
#include "iova.h"
#include "region.h"
#include "source.h"
#include "vfio.h"

#define HEAP_SIZE (16u << 20)
#define IOVA_FLOOR (1u << 20)
#define IOVA_ALIGN (2u << 20)

static struct {
	int container, group, dev_fd;
	struct airlock_region region;
	struct iova_range *ranges;
	size_t n_ranges;
	uint64_t next_floor;
} sa = { .container = -1, .group = -1, .dev_fd = -1, .region = { .fd = -1 } };

static int sysfs_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* driver_override, unbind, drivers_probe: as vfio-e1000.sh and airlockd do it. */
static int bind_vfio(const char *bdf)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;
	int r;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = 0;
		if (!strcmp(strrchr(link, '/') + 1, "vfio-pci"))
			return 0;
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", bdf);
	r = sysfs_write(path, "vfio-pci");
	if (r < 0)
		return r;
	if (n > 0) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", bdf);
		r = sysfs_write(path, bdf);
		if (r < 0)
			return r;
	}
	return sysfs_write("/sys/bus/pci/drivers_probe", bdf);
}

static int map_iova(void *base, size_t size, uint64_t *ret_iova)
{
	uint64_t iova;
	int r = iova_pick(sa.ranges, sa.n_ranges, size, IOVA_ALIGN, sa.next_floor, &iova);

	if (r < 0)
		return r;
	r = vfio_dma_map(sa.container, base, iova, size);
	if (r < 0)
		return r;
	sa.next_floor = iova + size;
	*ret_iova = iova;
	return 0;
}

static int sa_open(const char *bdf, struct host_device *ret)
{
	void *heap = MAP_FAILED;
	uint64_t iova;
	int heap_fd = -1, r;

	r = bind_vfio(bdf);
	if (r < 0) {
		fprintf(stderr, "standalone: binding %s to vfio-pci: %s\n", bdf, strerror(-r));
		return r;
	}
	r = vfio_container_open(&sa.container);
	if (r == 0)
		r = vfio_group_open(bdf, &sa.group);
	if (r == 0)
		r = vfio_group_attach(sa.group, sa.container, 1);
	if (r == 0)
		r = vfio_iova_ranges(sa.container, &sa.ranges, &sa.n_ranges);
	if (r == 0)
		r = vfio_device_open(sa.group, bdf, &ret->vfio_fd);
	if (r < 0) {
		fprintf(stderr, "standalone: VFIO for %s: %s\n", bdf, strerror(-r));
		return r;
	}
	sa.next_floor = IOVA_FLOOR;

	heap_fd = memfd_create("airlock-dma-heap", MFD_CLOEXEC);
	if (heap_fd < 0 || ftruncate(heap_fd, HEAP_SIZE) < 0) {
		r = -errno;
		goto fail;
	}
	heap = mmap(NULL, HEAP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, heap_fd, 0);
	if (heap == MAP_FAILED) {
		r = -errno;
		goto fail;
	}
	r = map_iova(heap, HEAP_SIZE, &iova);
	if (r < 0)
		goto fail;
	close(heap_fd);
	ret->heap = heap;
	ret->heap_size = HEAP_SIZE;
	ret->heap_iova = iova;
	return 0;
fail:
	fprintf(stderr, "standalone: DMA heap: %s\n", strerror(-r));
	if (heap != MAP_FAILED)
		munmap(heap, HEAP_SIZE);
	if (heap_fd >= 0)
		close(heap_fd);
	return r;
}

/* The id of the proxy called @name left by an earlier instance, or -ENOENT. */
static int find_proxy(int fd, const char *name)
{
	uint32_t id;

	for (id = 0; id < AIRLOCK_MAX_DEVICES; id++) {
		struct airlock_shadow s = { .id = id };

		if (ioctl(fd, AIRLOCK_IOC_GET_SHADOW, &s) < 0)
			continue;
		if (!strncmp(s.ifname, name, sizeof(s.ifname)))
			return (int)id;
	}
	return -ENOENT;
}

static int create_proxy(int fd, const char *name, const struct host_offer *offer,
			char ret_ifname[16])
{
	struct airlock_create c = {
		.min_mtu = AIRLOCK_MIN_MTU,
		.max_mtu = offer->max_mtu < AIRLOCK_MAX_MTU ? offer->max_mtu : AIRLOCK_MAX_MTU,
		.mtu = 1500,
		.n_queues = 1,
		.features = offer->features & AIRLOCK_FEAT_ALL,
		.tx_policy = AIRLOCK_TX_POLICY_HOLD,
	};
	int id = find_proxy(fd, name);

	if (id >= 0) {
		snprintf(ret_ifname, 16, "%s", name);
		return id;
	}
	snprintf(c.name, sizeof(c.name), "%s", name);
	memcpy(c.mac, offer->mac, 6);
	if (ioctl(fd, AIRLOCK_IOC_CREATE, &c) < 0)
		return -errno;
	memcpy(ret_ifname, c.ifname, 16);
	return (int)c.id;
}

static int sa_attach(const struct host_offer *offer, struct host_attachment *ret)
{
	const struct airlock_region_params params = {
		.n_queues = 1,
		.ctrl_entries = 64,
		.queue_entries = 256,
		.n_bufs = 512,
		.buf_size = AIRLOCK_BUF_SIZE_MAX,	/* a 64 KiB TSO frame */
	};
	const char *name = getenv("AIRLOCK_HOST_IFNAME") ?: "air0";
	struct airlock_attach att;
	int ctl, id, r;

	ctl = open("/dev/" AIRLOCK_DEVICE_NAME, O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	id = create_proxy(ctl, name, offer, ret->ifname);
	close(ctl);
	if (id < 0)
		return id;

	r = airlock_region_create(&params, &sa.region);
	if (r < 0)
		return r;
	r = map_iova(sa.region.base, sa.region.size, &ret->region_iova);
	if (r < 0)
		return r;
	ret->kick_fd = airlock_doorbell_new();
	ret->doorbell_fd = airlock_doorbell_new();
	sa.dev_fd = open("/dev/" AIRLOCK_DEVICE_NAME, O_RDWR | O_CLOEXEC);
	if (ret->kick_fd < 0 || ret->doorbell_fd < 0 || sa.dev_fd < 0)
		return -EIO;
	att = (struct airlock_attach){
		.id = (uint32_t)id,
		.region_fd = sa.region.fd,
		.kick_fd = ret->kick_fd,
		.doorbell_fd = ret->doorbell_fd,
	};
	if (ioctl(sa.dev_fd, AIRLOCK_IOC_ATTACH, &att) < 0)
		return -errno;
	ret->region_fd = sa.region.fd;
	return 0;
}

/* Closing the attachment file detaches; the container's mappings go with it. */
static void sa_close(void)
{
	if (sa.dev_fd >= 0)
		close(sa.dev_fd);
	airlock_region_unmap(&sa.region);
	if (sa.group >= 0)
		close(sa.group);
	if (sa.container >= 0)
		close(sa.container);
	free(sa.ranges);
}

/*   airlock-host-DRIVER --pci BDF [--param NAME=VALUE]... */
static int sa_parse(int argc, char **argv, const char **ret_bdf)
{
	const char *bdf = NULL;
	int i, r;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--pci") && i + 1 < argc) {
			bdf = argv[++i];
		} else if (!strcmp(argv[i], "--param") && i + 1 < argc) {
			r = shim_param_set(argv[++i]);
			if (r < 0) {
				fprintf(stderr, "host: --param %s: %s\n", argv[i], strerror(-r));
				return r;
			}
		} else {
			break;
		}
	}
	if (!bdf || i < argc) {
		fprintf(stderr, "usage: %s --pci BDF [--param NAME=VALUE]...\n"
			"       %s --name NAME --uid UID --gid GID --pci BDF ... (from airlockd)\n",
			argv[0], argv[0]);
		return -EINVAL;
	}
	*ret_bdf = bdf;
	return 0;
}

const struct host_source host_source_standalone = {
	.name = "standalone",
	.stop_on_signals = true,
	.parse = sa_parse,
	.open = sa_open,
	.attach = sa_attach,
	.close = sa_close,
};
