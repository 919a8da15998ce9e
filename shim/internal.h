/* SPDX-License-Identifier: GPL-2.0-only */
/* Between the kernel-API files of the shim: the loop's entry points into each concern. */
#ifndef SHIM_INTERNAL_H
#define SHIM_INTERNAL_H

#include <linux/types.h>
#include <linux/kernel.h>

struct net_device;
struct sk_buff;
struct pci_dev;

/*
 * What is running, innermost last, so that a nested pass (shim/wait.c)
 * does not start it again under itself; pointers compared, never followed.
 */
struct shim_running {
	const void *items[8];
	unsigned int depth;
};

static inline bool shim_running_has(const struct shim_running *r, const void *p)
{
	unsigned int i;

	for (i = 0; i < r->depth; i++)
		if (r->items[i] == p)
			return true;
	return false;
}

/* -EDEADLK when nested deeper than anything sane: the caller then does not run it. */
static inline int shim_running_push(struct shim_running *r, const void *p)
{
	if (r->depth == ARRAY_SIZE(r->items))
		return -EDEADLK;
	r->items[r->depth++] = p;
	return 0;
}

static inline void shim_running_pop(struct shim_running *r)
{
	r->depth--;
}

int shim_timers_run(void);
/* A nested pass of the kernel's deferred work, for a driver that waits (shim/wait.c). */
int shim_kernel_nested_run(void);
int shim_timers_next_ms(void);
int shim_work_run(void);
void shim_irq_enter(void);
void shim_irq_exit(void);
/* The environment's interrupt callbacks (env.h), for each PCI function (shim/irq.c). */
void shim_irq_vector_fire(void *arg, unsigned int v);
bool shim_irq_vector_busy(void *arg, unsigned int v);
bool shim_irq_vectors_requested(const struct pci_dev *dev, unsigned int nvec);
bool shim_irq_intx_requested(const struct pci_dev *dev);
/* How many PCI functions the host handed over (shim/pci.c). */
unsigned int shim_pci_device_count(void);
/* The PCI function whose INTx or MSI/MSI-X vector irq number is @irq (shim/pci.c), or NULL. */
struct pci_dev *shim_pci_device_by_irq(unsigned int irq);
/* The @index-th PCI function the host handed over (shim/pci.c), or NULL. */
struct pci_dev *shim_pci_device_at(unsigned int index);
/*
 * Port I/O (shim/iomap.c). The device index, BAR and offset a port number
 * names (linux/pci.h), or -ENODEV; and the kind of an iomap cookie, by
 * lib/iomap.c's rule: at or above 0x40000 an MMIO address, above 0x10000
 * a port (its number in *ret_port), anything else a bad access.
 */
int shim_pio_window(unsigned long port, unsigned int *ret_index, int *ret_bar,
		    unsigned int *ret_off);
enum shim_io_kind { SHIM_IO_BAD, SHIM_IO_PIO, SHIM_IO_MMIO };
enum shim_io_kind shim_iomap_kind(const volatile void *addr, unsigned long *ret_port);
int shim_napi_run(void);
int shim_napi_pending(void);
/* Whether [ptr, ptr + size) lies in a DMA window; 0 and its IOVA, or -EFAULT. */
int shim_dma_iova(const void *ptr, size_t size, dma_addr_t *ret_iova);

#include "shim.h"

#endif
