// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attack class 9 from inside a running hosted 8139cp, for the test build
 * airlock-host-8139cp-faulty only (drivers/linux/faults.h): on SIGUSR1,
 * between two rounds of the event loop, the device's normal-priority TX
 * descriptor ring is moved to an IOVA nothing was ever mapped at; the
 * device fetches from there on its next transmit and the IOMMU must refuse
 * it. Nothing tells the driver, the daemon or the stub (8139cp's
 * tx_timeout resets the chip and writes the ring back). One fault only:
 * e1000's faults.c shows the others; this is the smallest honest one
 * (tests/vm/scenarios/8139cp-faults.sh).
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

static volatile sig_atomic_t pending;
static volatile uint32_t *regs;

static void on_fault_signal(int sig)
{
	pending = sig;
}

/*
 * No scheduled faults (faults=PERIOD_MS,SEED) in this test build yet: the
 * word goes on to the module parameters, which refuse it by name.
 */
int linux_faults_option(struct airlock_rt *rt, const char *word)
{
	(void)rt;
	(void)word;
	return 0;
}

int linux_faults_prepare(void)
{
	struct sigaction sa = { .sa_handler = on_fault_signal };

	/* Before the sandbox: rt_sigaction is not on the allowlist. */
	return sigaction(SIGUSR1, &sa, NULL) < 0 ? -errno : 0;
}

int linux_faults_poll(void)
{
	if (!pending)
		return 0;
	pending = 0;
	fprintf(stderr, "host: fault: TX descriptor ring moved to IOVA %#llx (never mapped)\n",
		(unsigned long long)WILD_IOVA);
	regs[CP_TNPDS / 4 + 1] = (uint32_t)(WILD_IOVA >> 32);
	regs[CP_TNPDS / 4] = (uint32_t)WILD_IOVA;
	return 1;
}

int linux_faults_pending(void)
{
	/* No deadline needed: the signal interrupts the loop's epoll_wait. */
	return pending ? 1 : 0;
}

int linux_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci)
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
