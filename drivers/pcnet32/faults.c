// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attack class 9 from inside a running hosted pcnet32, for the test build
 * airlock-host-pcnet32-faulty only (drivers/linux/faults.c decides when:
 * on SIGUSR1, or scheduled with faults=PERIOD_MS,SEED among the deaths):
 * wild-dma, the process rewrites the transmit
 * ring address in the chip's initialization block (in its own DMA heap)
 * to an IOVA nothing was ever mapped at, and has the chip stop, reload
 * that block and start: its next transmit fetches descriptors from there
 * and the IOMMU must refuse it. Nothing tells the driver, the daemon or
 * the stub. pcnet32's tx_timeout restarts the chip through
 * pcnet32_init_ring, which writes the real ring address back into the
 * block, so the driver repairs its device by itself, as e1000 does.
 *
 * Am79C970A (PCnet-PCI II) datasheet: word I/O (RDP at 0x10, RAP at
 * 0x12, the mode pcnet32 leaves QEMU's chip in); CSR0 STOP, INIT, STRT,
 * INEA; CSR1/CSR2 the init block's address (IADR); the 32-bit init block
 * (software style 2): the transmit ring's address at byte 24.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "env.h"
#include "faults.h"
#include "runtime.h"

#define PCNET_IO_BAR	0
#define PCNET_RDP	0x10
#define PCNET_RAP	0x12
#define CSR0_INIT	0x0001
#define CSR0_STRT	0x0002
#define CSR0_STOP	0x0004
#define CSR0_INEA	0x0040
#define INIT_BLOCK_SIZE	28
#define INIT_TX_RING	24
/* A 32-bit device's wild address: below 4 GiB, far above what airlockd maps. */
#define WILD_IOVA	0xc0000000U

static struct {
	struct shim_pci_env *pci;
	unsigned char *heap;
	size_t heap_size;
	uint64_t heap_iova;
} f;

static int csr_write(uint16_t index, uint16_t val)
{
	int r = shim_env_pci_bar_rw(f.pci, PCNET_IO_BAR, PCNET_RAP, &index, sizeof(index), true);

	return r < 0 ? r : shim_env_pci_bar_rw(f.pci, PCNET_IO_BAR, PCNET_RDP, &val, sizeof(val), true);
}

static int csr_read(uint16_t index, uint16_t *ret)
{
	int r = shim_env_pci_bar_rw(f.pci, PCNET_IO_BAR, PCNET_RAP, &index, sizeof(index), true);

	return r < 0 ? r : shim_env_pci_bar_rw(f.pci, PCNET_IO_BAR, PCNET_RDP, ret, sizeof(*ret), false);
}

static int wild_tx_ring(void)
{
	uint16_t lo, hi;
	uint64_t iadr;
	uint32_t wild = WILD_IOVA;	/* little-endian, as the chip reads it */
	int r;

	r = csr_read(1, &lo);
	if (r == 0)
		r = csr_read(2, &hi);
	if (r < 0)
		return r;
	iadr = (uint64_t)hi << 16 | lo;
	if (iadr < f.heap_iova || iadr + INIT_BLOCK_SIZE > f.heap_iova + f.heap_size)
		return -EFAULT;	/* not where pcnet32 keeps it: its coherent memory */
	memcpy(f.heap + (iadr - f.heap_iova) + INIT_TX_RING, &wild, sizeof(wild));
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* the block before the chip reads it */
	r = csr_write(0, CSR0_STOP);
	return r < 0 ? r : csr_write(0, CSR0_INIT | CSR0_STRT | CSR0_INEA);
}

static int wild_dma(void)
{
	fprintf(stderr, "host: fault: TX ring moved to IOVA %#x (never mapped) in the init block, INIT\n",
		WILD_IOVA);
	return wild_tx_ring();
}

const struct linux_device_fault linux_device_faults[] = {
	{ "wild-dma", SIGUSR1, wild_dma },
};
const unsigned int linux_device_fault_count = 1;

int linux_device_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci)
{
	uint64_t size;
	bool io;
	int r = shim_env_pci_bar(pci, PCNET_IO_BAR, &size, &io);

	if (r == 0 && (!io || size < 0x20))
		r = -ENODEV;	/* not a PCnet's I/O resources */
	if (r < 0)
		return r;
	f.pci = pci;
	f.heap = airlock_rt_heap(rt, &f.heap_size, &f.heap_iova);
	return 0;
}
