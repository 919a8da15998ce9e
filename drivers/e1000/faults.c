// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attack class 9 from inside a running hosted e1000, for the test build
 * airlock-host-e1000-faulty only: what it does to its own device, as a
 * subverted driver would (drivers/linux/faults.c decides when):
 *   wild-dma       (SIGUSR1) the device's TX descriptor ring is moved to an
 *                  IOVA that nothing was ever mapped at; the device fetches
 *                  from there and the IOMMU must refuse it
 *   neighbour-dma  (SIGPWR) the TX descriptor ring is moved to the first
 *                  IOVA past this driver's own pool and heap, where airlockd
 *                  maps the next device's memory; in this device's IOMMU
 *                  space nothing must be there
 *   wild-mmio      (SIGUSR2) random values into random registers of its own
 *                  BAR0, from a seed that differs per instance (airlockd's
 *                  start count), so that each restart's attack is a new
 *                  one, and each run of a scenario the same
 *   tx-off         (scheduled only) the transmitter disabled in TCTL
 * The e1000's own watchdog and reset, the stub's TX watchdog and airlockd's
 * liveness checks must notice and recover.
 * Registers: Intel 8254x Software Developer's Manual, section 13.4.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "env.h"
#include "faults.h"
#include "runtime.h"

#define E1000_TCTL	0x0400	/* 13.4.33 transmit control */
#define E1000_TCTL_EN	(1u << 1)
#define E1000_TDBAL	0x3800	/* 13.4.38 TX descriptor base, low */
#define E1000_TDBAH	0x3804
#define MMIO_WRITES	2000
/* Far past everything the daemon maps (heap and region sit in the first GiBs). */
#define WILD_IOVA	(1ULL << 37)

/* airlockd's IOVA alignment (daemon/device.c): where the next mapping starts. */
#define IOVA_ALIGN	(2ULL << 20)

static struct {
	volatile uint32_t *bar0;
	uint64_t bar0_size;
	uint32_t seed;
	uint64_t neighbour_iova;	/* past our own pool and heap */
} f;

static uint32_t xorshift32(void)
{
	f.seed ^= f.seed << 13;
	f.seed ^= f.seed >> 17;
	f.seed ^= f.seed << 5;
	return f.seed;
}

static void tx_ring_to(uint64_t iova, const char *what)
{
	fprintf(stderr, "host: fault: TX descriptor ring moved to IOVA %#llx (%s)\n",
		(unsigned long long)iova, what);
	f.bar0[E1000_TDBAH / 4] = (uint32_t)(iova >> 32);
	f.bar0[E1000_TDBAL / 4] = (uint32_t)iova;
}

static int wild_dma(void)
{
	tx_ring_to(WILD_IOVA, "never mapped");
	return 0;
}

static int neighbour_dma(void)
{
	tx_ring_to(f.neighbour_iova, "past our own memory: the next device's");
	return 0;
}

static int tx_off(void)
{
	f.bar0[E1000_TCTL / 4] &= ~E1000_TCTL_EN;
	return 0;
}

static int wild_mmio(void)
{
	fprintf(stderr, "host: fault: %d random writes over BAR0 (seed %#x)\n", MMIO_WRITES, f.seed);
	for (int i = 0; i < MMIO_WRITES; i++) {
		uint32_t off = (xorshift32() % (uint32_t)f.bar0_size) & ~3U;

		f.bar0[off / 4] = xorshift32();
	}
	return 0;
}

/* In this order for the schedule: the same seed draws the same kinds as before. */
const struct linux_device_fault linux_device_faults[] = {
	{ "wild-dma", SIGUSR1, wild_dma },
	{ "neighbour-dma", SIGPWR, neighbour_dma },
	{ "wild-mmio", SIGUSR2, wild_mmio },
	{ "tx-off", 0, tx_off },
};
const unsigned int linux_device_fault_count = sizeof(linux_device_faults) /
					      sizeof(linux_device_faults[0]);

int linux_device_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci)
{
	uint64_t heap_iova, pool_iova, end;
	size_t heap_size, pool_size;
	bool io;
	void *bar;
	int r;

	airlock_rt_heap(rt, &heap_size, &heap_iova);
	airlock_rt_pool(rt, &pool_size, &pool_iova);
	end = heap_iova + heap_size > pool_iova + pool_size ? heap_iova + heap_size :
							      pool_iova + pool_size;
	f.neighbour_iova = (end + IOVA_ALIGN - 1) & ~(IOVA_ALIGN - 1);

	r = shim_env_pci_bar(pci, 0, &f.bar0_size, &io);
	if (r == 0 && (io || f.bar0_size < 0x4000))
		r = -ENODEV;	/* not an 8254x's memory BAR */
	if (r == 0)
		r = shim_env_pci_bar_map(pci, 0, &bar);
	if (r < 0)
		return r;
	f.bar0 = bar;
	f.seed = 0x2a1c0de5 + airlock_rt_instance(rt) * 0x9e3779b9u;
	if (!f.seed)
		f.seed = 1;	/* xorshift32 stays at 0 */
	return 0;
}
