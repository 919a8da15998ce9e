// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attack class 9 from inside the sandbox: what a subverted driver can do
 * with the device it was given (the lab's e1000, an 82540EM). Each call
 * here is allowed; what must stop the harm is the IOMMU (a DMA to an
 * address the daemon never mapped) and VFIO (nothing outside the BARs).
 * The launcher and the scenario judge the outcome: the victim page is
 * unchanged, the kernel logged the blocked DMA, nothing left on the wire.
 * Register offsets: Intel PCI/PCI-X Family of Gigabit Ethernet Controllers
 * Software Developer's Manual (8254x), section 13.4.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <airlock/host.h>

#include "device-attacks.h"

#define E1000_TCTL	0x0400	/* 13.4.33 transmit control */
#define E1000_TDBAL	0x3800	/* 13.4.38 TX descriptor base, low */
#define E1000_TDBAH	0x3804
#define E1000_TDLEN	0x3808	/* bytes, a multiple of 128 */
#define E1000_TDH	0x3810
#define E1000_TDT	0x3818
#define E1000_TCTL_EN	(1U << 1)
#define E1000_TCTL_PSP	(1U << 3)

#define MMIO_WRITES	20000

struct bar {
	volatile uint32_t *regs;
	uint64_t size;
};

static int region(uint32_t index, struct vfio_region_info *ret)
{
	struct vfio_region_info info = { .argsz = sizeof(info), .index = index };

	if (ioctl(AIRLOCK_HOST_FD_VFIO, VFIO_DEVICE_GET_REGION_INFO, &info) < 0)
		return -errno;
	*ret = info;
	return 0;
}

/* Memory decoding and bus mastering on: the device's DMA reaches the IOMMU. */
static int bus_master(bool on)
{
	struct vfio_region_info cfg = { 0 };
	uint16_t cmd;
	int r = region(VFIO_PCI_CONFIG_REGION_INDEX, &cfg);

	if (r < 0)
		return r;
	if (pread(AIRLOCK_HOST_FD_VFIO, &cmd, sizeof(cmd), (off_t)cfg.offset + PCI_COMMAND) !=
	    sizeof(cmd))
		return -EIO;
	cmd = on ? cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER : cmd & ~PCI_COMMAND_MASTER;
	if (pwrite(AIRLOCK_HOST_FD_VFIO, &cmd, sizeof(cmd), (off_t)cfg.offset + PCI_COMMAND) !=
	    sizeof(cmd))
		return -EIO;
	return 0;
}

static int bar0_map(struct bar *ret)
{
	struct vfio_region_info info = { 0 };
	void *p;
	int r = region(VFIO_PCI_BAR0_REGION_INDEX, &info);

	if (r < 0)
		return r;
	p = mmap(NULL, info.size, PROT_READ | PROT_WRITE, MAP_SHARED, AIRLOCK_HOST_FD_VFIO,
		 (off_t)info.offset);
	if (p == MAP_FAILED)
		return -errno;
	ret->regs = p;
	ret->size = info.size;
	return 0;
}

/* BAR0 mapped and bus mastering on: what every attack below starts from. */
static int device_take(struct bar *b)
{
	int r = bar0_map(b);

	return r < 0 ? r : bus_master(true);
}

static void wr(struct bar *b, uint32_t off, uint32_t v)
{
	b->regs[off / 4] = v;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * Points the TX descriptor ring at @target (a physical address the daemon
 * never mapped) and hands the device one descriptor: without an IOMMU it
 * would fetch a descriptor from there, send what it names and write its
 * status back into it.
 */
static int wild_dma(uint64_t target)
{
	struct bar b;
	int r = device_take(&b);

	if (r < 0)
		return r;
	wr(&b, E1000_TCTL, 0);
	wr(&b, E1000_TDBAL, (uint32_t)target);
	wr(&b, E1000_TDBAH, (uint32_t)(target >> 32));
	wr(&b, E1000_TDLEN, 128);
	wr(&b, E1000_TDH, 0);
	wr(&b, E1000_TDT, 0);
	wr(&b, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP);
	wr(&b, E1000_TDT, 1);
	sleep_ms(500);
	wr(&b, E1000_TCTL, 0);
	return bus_master(false);
}

/* Seeded, so that a run that broke something can be repeated. */
static uint32_t xorshift32(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/*
 * Random values at random registers of its own BAR, bus mastering on: the
 * device may reset, interrupt or start DMA anywhere. The kernel must not
 * notice beyond a logged IOMMU fault, and the device must work again for
 * the next driver.
 */
static int wild_mmio(void)
{
	uint32_t seed = 0x2a1c0de5;
	struct bar b;
	int r = device_take(&b);

	if (r < 0)
		return r;
	for (unsigned int i = 0; i < MMIO_WRITES; i++) {
		uint32_t off = (xorshift32(&seed) % (uint32_t)b.size) & ~3U;

		wr(&b, off, xorshift32(&seed));
	}
	sleep_ms(200);
	return bus_master(false);
}

/* Past its BAR: a mapping one page longer, a write one byte after the end. */
static int bar_outside(void)
{
	struct vfio_region_info info = { 0 };
	uint32_t v = 0;
	void *p;
	int r = region(VFIO_PCI_BAR0_REGION_INDEX, &info);

	if (r < 0)
		return r;
	p = mmap(NULL, info.size + 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
		 AIRLOCK_HOST_FD_VFIO, (off_t)info.offset);
	if (p != MAP_FAILED)
		return 0;
	if (pwrite(AIRLOCK_HOST_FD_VFIO, &v, sizeof(v), (off_t)(info.offset + info.size)) >= 0)
		return 0;
	return -errno;
}

int device_attack(const char *name, uint64_t target)
{
	if (!strcmp(name, "wild-dma"))
		return wild_dma(target);
	if (!strcmp(name, "wild-mmio"))
		return wild_mmio();
	if (!strcmp(name, "bar-outside"))
		return bar_outside();
	return -ENOSYS;
}
