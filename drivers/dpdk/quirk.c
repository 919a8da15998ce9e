// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a PMD needs to run behind the stub that DPDK itself doesn't do.
 *
 * net_e1000_em, RX interrupts on INTx (QEMU's e1000, any 8254x without
 * MSI): rte_eth_dev_rx_intr_enable() sets IMS.RXT0 and unmasks the line,
 * but nothing reads ICR, whose bits stay set until read (it is
 * read-to-clear, and the PMD reads it only in its link-state handler,
 * which it leaves off when the RX interrupt uses the only line). The
 * device then asserts the line again the moment it is armed, and an idle
 * driver would spin through its epoll. Reading ICR just before arming
 * clears the old cause; a frame that came in meanwhile is found by the
 * descriptor check after arming (main.c: dpdk_pending). The register is
 * read through a mapping of BAR 0 of our own, made before the final
 * filter from the VFIO device fd EAL opened (found by asking each
 * descriptor for VFIO device info).
 *
 * Through the same mapping, once: the PMD's start sets the interrupt
 * throttle (ITR) to its maximum, 65535 x 256 ns, at most one interrupt
 * per 16.8 ms, which suits a PMD that only polls. Woken by the RX
 * interrupt when idle, each frame of a ping-pong then waited for the
 * throttle: 7.5-8 ms per round trip in the lab, 0.05 of the in-kernel
 * e1000's request/response rate (docs/dpdk.md). Our loop masks the
 * interrupt while it polls, so it needs no throttle: ITR 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/vfio.h>

#include "dpdk.h"

#define E1000_ICR	0x000c0
#define E1000_ITR	0x000c4
#define FD_SCAN_MAX	64	/* RLIMIT_NOFILE of a driver is 32 */

static int find_vfio_device(void)
{
	for (int fd = 3; fd < FD_SCAN_MAX; fd++) {
		struct vfio_device_info info = { .argsz = sizeof(info) };

		if (ioctl(fd, VFIO_DEVICE_GET_INFO, &info) == 0 &&
		    (info.flags & VFIO_DEVICE_FLAGS_PCI))
			return fd;
	}
	return -ENODEV;
}

int dpdk_quirk_setup(struct airlock_rt *rt, struct dpdk_host *h)
{
	struct vfio_region_info bar = { .argsz = sizeof(bar), .index = VFIO_PCI_BAR0_REGION_INDEX };
	void *base;
	int fd;

	if (strcmp(h->driver_name, "net_e1000_em") || h->rx_intr_fd < 0)
		return 0;
	fd = find_vfio_device();
	if (fd < 0)
		return fd;
	if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, &bar) < 0)
		return -errno;
	if (!(bar.flags & VFIO_REGION_INFO_FLAG_MMAP) || bar.size < E1000_ICR + 4)
		return -ENODEV;
	base = mmap(NULL, bar.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)bar.offset);
	if (base == MAP_FAILED)
		return -errno;
	h->icr = (volatile uint32_t *)((char *)base + E1000_ICR);
	h->itr = (volatile uint32_t *)((char *)base + E1000_ITR);
	dpdk_quirk_after_start(h);
	airlock_rt_log(rt, "%s: ICR read before arming the RX interrupt (INTx), no interrupt throttle",
		       h->driver_name);
	return 0;
}

/* After the port's start, the first and each one after a ring-size change: it sets ITR again. */
void dpdk_quirk_after_start(struct dpdk_host *h)
{
	if (h->itr)
		*h->itr = 0;
}

void dpdk_quirk_before_arm(struct dpdk_host *h)
{
	if (h->icr)
		(void)*h->icr;
}
