// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attack class 9 from inside a running hosted 8139cp, for the test build
 * airlock-host-8139cp-faulty only (drivers/linux/faults.c decides when:
 * on SIGUSR1, or scheduled with faults=PERIOD_MS,SEED among the deaths):
 * wild-dma, the device's normal-priority TX descriptor ring moved to an
 * IOVA nothing was ever mapped at; the device fetches from there on its
 * next transmit and the IOMMU must refuse it. Nothing tells the driver,
 * the daemon or the stub (8139cp's tx_timeout resets the chip and writes
 * the ring back; tests/vm/scenarios/8139cp-faults.sh).
 * Registers: RTL8139C+ datasheet, "TNPDS" (Transmit Normal Priority
 * Descriptors Start Address, 64-bit at offset 0x20 of the register BAR).
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "env.h"
#include "faults.h"

#define CP_REG_BAR	1	/* BAR0 is the same registers as I/O ports */
#define CP_TNPDS	0x20
#define CP_REGS_SIZE	0x100
/* Far past everything the daemon maps (heap and region sit in the first GiBs). */
#define WILD_IOVA	(1ULL << 37)

static volatile uint32_t *regs;

static int wild_dma(void)
{
	fprintf(stderr, "host: fault: TX descriptor ring moved to IOVA %#llx (never mapped)\n",
		(unsigned long long)WILD_IOVA);
	regs[CP_TNPDS / 4 + 1] = (uint32_t)(WILD_IOVA >> 32);
	regs[CP_TNPDS / 4] = (uint32_t)WILD_IOVA;
	return 0;
}

const struct linux_device_fault linux_device_faults[] = {
	{ "wild-dma", SIGUSR1, wild_dma },
};
const unsigned int linux_device_fault_count = 1;

int linux_device_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci)
{
	uint64_t size;
	bool io;
	void *bar;
	int r;

	(void)rt;
	r = shim_env_pci_bar(pci, CP_REG_BAR, &size, &io);
	if (r == 0 && (io || size < CP_REGS_SIZE))
		r = -ENODEV;	/* not an RTL8139C+'s memory BAR */
	if (r == 0)
		r = shim_env_pci_bar_map(pci, CP_REG_BAR, &bar);
	if (r < 0)
		return r;
	regs = bar;
	return 0;
}
