// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-probe BDF MAC: proves VFIO works end to end on an e1000 bound to
 * vfio-pci. Opens container, group and device; reads STATUS and the receive
 * address registers RAL0/RAH0 from BAR0 (82540EM manual, 13.4.2 and 13.5.3);
 * checks the MAC there is MAC; maps a DMA buffer at an IOVA chosen inside the
 * IOMMU's reported ranges, checks that a window outside them is refused, and
 * unmaps. Exit 0 only if every step worked.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vfio.h"

#define E1000_STATUS	0x00008
#define E1000_RAL0	0x05400
#define E1000_RAH0	0x05404
#define E1000_RAH_AV	(1u << 31)	/* address valid */
#define DMA_SIZE	(2u << 20)

static int bar0_read32(int device, const struct vfio_region_info *bar0,
		       uint32_t reg, uint32_t *ret_value)
{
	uint32_t value;
	ssize_t n = pread(device, &value, sizeof(value), bar0->offset + reg);

	if (n < 0)
		return -errno;
	if (n != sizeof(value))
		return -EIO;
	*ret_value = value;
	return 0;
}

static int parse_mac(const char *text, uint8_t mac[6])
{
	unsigned int b[6];

	if (sscanf(text, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -EINVAL;
	for (int i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

#define CHECK(expr, what) do {						\
	r = (expr);							\
	if (r < 0) {							\
		fprintf(stderr, "vfio-probe: %s: %s\n", what, strerror(-r)); \
		goto out;						\
	}								\
} while (0)

int main(int argc, char **argv)
{
	int container = -1, group = -1, device = -1, r;
	struct iova_range *ranges = NULL;
	struct vfio_region_info bar0;
	uint32_t status, ral, rah;
	uint64_t iova, beyond;
	size_t n_ranges = 0;
	uint8_t want[6];
	void *buf = MAP_FAILED;

	if (argc != 3 || parse_mac(argv[2], want) < 0) {
		fprintf(stderr, "usage: vfio-probe BDF MAC\n");
		return 2;
	}

	CHECK(vfio_container_open(&container), "open container");
	CHECK(vfio_group_open(argv[1], &group), "open group");
	CHECK(vfio_group_attach(group, container, 1), "attach group");
	CHECK(vfio_device_open(group, argv[1], &device), "open device");
	CHECK(vfio_region_info(device, VFIO_PCI_BAR0_REGION_INDEX, &bar0), "BAR0 info");
	printf("BAR0: size %#llx flags %#x\n", (unsigned long long)bar0.size, bar0.flags);

	CHECK(bar0_read32(device, &bar0, E1000_STATUS, &status), "read STATUS");
	CHECK(bar0_read32(device, &bar0, E1000_RAL0, &ral), "read RAL0");
	CHECK(bar0_read32(device, &bar0, E1000_RAH0, &rah), "read RAH0");
	printf("STATUS %#010x RAL0 %#010x RAH0 %#010x\n", status, ral, rah);
	if (status == UINT32_MAX) {
		fprintf(stderr, "vfio-probe: STATUS reads all ones: BAR0 not reachable\n");
		r = -EIO;
		goto out;
	}
	for (int i = 0; i < 6; i++) {
		uint8_t got = i < 4 ? ral >> (8 * i) : rah >> (8 * (i - 4));

		if (got != want[i] || !(rah & E1000_RAH_AV)) {
			fprintf(stderr, "vfio-probe: MAC in RAL0/RAH0 is not %s\n", argv[2]);
			r = -EIO;
			goto out;
		}
	}

	CHECK(vfio_iova_ranges(container, &ranges, &n_ranges), "IOVA ranges");
	for (size_t i = 0; i < n_ranges; i++)
		printf("IOVA range %zu: %#" PRIx64 "-%#" PRIx64 "\n", i,
		       ranges[i].start, ranges[i].last);
	CHECK(iova_pick(ranges, n_ranges, DMA_SIZE, DMA_SIZE, DMA_SIZE, &iova), "pick IOVA");

	buf = mmap(NULL, DMA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		r = -errno;
		fprintf(stderr, "vfio-probe: mmap: %s\n", strerror(errno));
		goto out;
	}
	memset(buf, 0, DMA_SIZE);
	CHECK(vfio_dma_map(container, buf, iova, DMA_SIZE), "map DMA");
	printf("mapped %u bytes at IOVA %#" PRIx64 "\n", DMA_SIZE, iova);

	/* The IOMMU must refuse a window past the last reported address. */
	beyond = ranges[n_ranges - 1].last + 1;
	if (beyond != 0 && vfio_dma_map(container, buf, beyond, DMA_SIZE) == 0) {
		fprintf(stderr, "vfio-probe: IOVA %#" PRIx64 " outside the ranges was accepted\n",
			beyond);
		r = -EIO;
		goto out;
	}
	CHECK(vfio_dma_unmap(container, iova, DMA_SIZE), "unmap DMA");
	printf("vfio-probe: ok\n");
	r = 0;
out:
	if (buf != MAP_FAILED)
		munmap(buf, DMA_SIZE);
	free(ranges);
	if (device >= 0)
		close(device);
	if (group >= 0)
		close(group);
	if (container >= 0)
		close(container);
	return r < 0 ? 1 : 0;
}
