// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vfio.h"

int vfio_container_open(int *ret_fd)
{
	int fd, r;

	fd = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, VFIO_GET_API_VERSION) != VFIO_API_VERSION) {
		r = -EPROTO;
		goto fail;
	}
	if (ioctl(fd, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0) {
		r = -EOPNOTSUPP;
		goto fail;
	}
	*ret_fd = fd;
	return 0;
fail:
	close(fd);
	return r;
}

int vfio_group_path(const char *bdf, char *ret_path, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *group;
	unsigned long number;
	char *end;
	ssize_t n;

	if (snprintf(link, sizeof(link), "/sys/bus/pci/devices/%s/iommu_group", bdf) >=
	    (int)sizeof(link))
		return -ENAMETOOLONG;
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	group = strrchr(target, '/');
	group = group ? group + 1 : target;
	/* Digits only: the name becomes a path under /dev/vfio. */
	if (!*group || strspn(group, "0123456789") != strlen(group))
		return -EBADF;
	errno = 0;
	number = strtoul(group, &end, 10);
	if (errno)
		return -EBADF;
	if (snprintf(ret_path, len, "/dev/vfio/%lu", number) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

int vfio_group_open(const char *bdf, int *ret_fd)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[32];
	int fd, r;

	r = vfio_group_path(bdf, path, sizeof(path));
	if (r < 0)
		return r;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, VFIO_GROUP_GET_STATUS, &status) < 0) {
		r = -errno;
		goto fail;
	}
	/* Not viable: another device of the group is bound to a host driver. */
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		r = -EBUSY;
		goto fail;
	}
	*ret_fd = fd;
	return 0;
fail:
	close(fd);
	return r;
}

int vfio_group_attach(int group, int container, int first_group)
{
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) < 0)
		return -errno;
	if (first_group && ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0)
		return -errno;
	return 0;
}

int vfio_device_open(int group, const char *bdf, int *ret_fd)
{
	int fd = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);

	if (fd < 0)
		return -errno;
	*ret_fd = fd;
	return 0;
}

int vfio_region_info(int device, uint32_t index, struct vfio_region_info *ret_info)
{
	struct vfio_region_info info = { .argsz = sizeof(info), .index = index };

	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &info) < 0)
		return -errno;
	*ret_info = info;
	return 0;
}

int vfio_parse_iova_ranges(const void *buf, size_t len,
			   struct iova_range **ret_ranges, size_t *ret_n)
{
	struct vfio_iommu_type1_info_cap_iova_range cap;
	struct vfio_iommu_type1_info info;
	struct vfio_info_cap_header hdr;
	struct iova_range *ranges;
	size_t offset, first, hops = 0;

	if (len < sizeof(info))
		return -EBADMSG;
	memcpy(&info, buf, sizeof(info));
	if (!(info.flags & VFIO_IOMMU_INFO_CAPS))
		return -ENODATA;

	/* Walk the chain; a bounded hop count stops a loop in a bad chain. */
	for (offset = info.cap_offset; offset && hops < 64; offset = hdr.next, hops++) {
		if (offset < sizeof(info) || offset > len - sizeof(hdr))
			return -EBADMSG;
		memcpy(&hdr, (const char *)buf + offset, sizeof(hdr));
		if (hdr.id != VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE)
			continue;

		/* memcpy throughout: nothing says the offsets are aligned. */
		if (len - offset < sizeof(cap))
			return -EBADMSG;
		memcpy(&cap, (const char *)buf + offset, sizeof(cap));
		first = offset + sizeof(cap);
		if (cap.nr_iovas == 0 ||
		    cap.nr_iovas > (len - first) / sizeof(struct vfio_iova_range))
			return -EBADMSG;

		ranges = calloc(cap.nr_iovas, sizeof(*ranges));
		if (!ranges)
			return -ENOMEM;
		for (uint32_t i = 0; i < cap.nr_iovas; i++) {
			struct vfio_iova_range range;

			memcpy(&range, (const char *)buf + first + i * sizeof(range),
			       sizeof(range));
			ranges[i].start = range.start;
			ranges[i].last = range.end;
		}
		*ret_ranges = ranges;
		*ret_n = cap.nr_iovas;
		return 0;
	}
	return offset ? -EBADMSG : -ENODATA;
}

int vfio_iova_ranges(int container, struct iova_range **ret_ranges, size_t *ret_n)
{
	struct vfio_iommu_type1_info probe = { .argsz = sizeof(probe) };
	struct vfio_iommu_type1_info *info;
	int r;

	/* The first call reports how much room the capability chain needs. */
	if (ioctl(container, VFIO_IOMMU_GET_INFO, &probe) < 0)
		return -errno;
	if (probe.argsz <= sizeof(probe))
		return -ENODATA;

	info = calloc(1, probe.argsz);
	if (!info)
		return -ENOMEM;
	info->argsz = probe.argsz;
	if (ioctl(container, VFIO_IOMMU_GET_INFO, info) < 0) {
		r = -errno;
		goto out;
	}
	r = vfio_parse_iova_ranges(info, probe.argsz, ret_ranges, ret_n);
out:
	free(info);
	return r;
}

int vfio_dma_map(int container, void *vaddr, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)vaddr,
		.iova = iova,
		.size = size,
	};

	return ioctl(container, VFIO_IOMMU_MAP_DMA, &map) < 0 ? -errno : 0;
}

int vfio_dma_unmap(int container, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = iova,
		.size = size,
	};

	if (ioctl(container, VFIO_IOMMU_UNMAP_DMA, &unmap) < 0)
		return -errno;
	/* The kernel reports what it unmapped; less means a partial overlap. */
	return unmap.size == size ? 0 : -EIO;
}
