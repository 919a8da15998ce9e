// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attack class 9 from inside a running hosted pcnet32, for the test build
 * airlock-host-pcnet32-faulty only (drivers/linux/faults.h): on SIGUSR1,
 * between two rounds of the event loop, the chip is stopped, its
 * initialization block address (CSR1/CSR2) is pointed at an IOVA nothing
 * was ever mapped at, and INIT is set: the chip fetches its init block from
 * there and the IOMMU must refuse it. Nothing tells the driver, the daemon
 * or the stub. pcnet32's own tx_timeout restarts the chip with INIT, which
 * reads the same bad address again (the driver writes CSR1/CSR2 only at
 * open), so recovery is airlockd's: TX stuck, a reset, a new process.
 * One fault only: e1000's faults.c shows the others.
 * Registers: Am79C970A (PCnet-PCI II) datasheet: 16-bit I/O resources
 * (RDP at 0x10, RAP at 0x12), CSR0 STOP/INIT, CSR1/CSR2 IADR.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "env.h"
#include "faults.h"

#define PCNET_IO_BAR	0
#define PCNET_RDP	0x10
#define PCNET_RAP	0x12
#define CSR0_INIT	0x0001
#define CSR0_STOP	0x0004
/* A 32-bit device's wild address: below 4 GiB, far above what airlockd maps. */
#define WILD_IOVA	0xc0000000U

static volatile sig_atomic_t pending;
static struct shim_pci_env *pci;

static void on_fault_signal(int sig)
{
	pending = sig;
}

int linux_faults_prepare(void)
{
	struct sigaction sa = { .sa_handler = on_fault_signal };

	/* Before the sandbox: rt_sigaction is not on the allowlist. */
	return sigaction(SIGUSR1, &sa, NULL) < 0 ? -errno : 0;
}

/* In word I/O mode, as pcnet32 leaves QEMU's PCnet (pcnet32_wio_check). */
static int csr_write(uint16_t index, uint16_t val)
{
	int r = shim_env_pci_bar_rw(pci, PCNET_IO_BAR, PCNET_RAP, &index, sizeof(index), true);

	return r < 0 ? r : shim_env_pci_bar_rw(pci, PCNET_IO_BAR, PCNET_RDP, &val, sizeof(val), true);
}

int linux_faults_poll(void)
{
	int r;

	if (!pending)
		return 0;
	pending = 0;
	fprintf(stderr, "host: fault: init block moved to IOVA %#x (never mapped), INIT\n",
		WILD_IOVA);
	r = csr_write(0, CSR0_STOP);
	if (r == 0)
		r = csr_write(1, (uint16_t)WILD_IOVA);
	if (r == 0)
		r = csr_write(2, (uint16_t)(WILD_IOVA >> 16));
	if (r == 0)
		r = csr_write(0, CSR0_INIT);
	if (r < 0)
		fprintf(stderr, "host: fault: port I/O failed: %d\n", r);
	return 1;
}

int linux_faults_pending(void)
{
	/* No deadline needed: the signal interrupts the loop's epoll_wait. */
	return pending ? 1 : 0;
}

int linux_faults_open(struct airlock_rt *rt, struct shim_pci_env *env)
{
	uint64_t size;
	bool io;
	int r = shim_env_pci_bar(env, PCNET_IO_BAR, &size, &io);

	if (r == 0 && (!io || size < 0x20))
		r = -ENODEV;	/* not a PCnet's I/O resources */
	if (r < 0)
		return r;
	pci = env;
	return 0;
}
