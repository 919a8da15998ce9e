/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupts: an irq number names a vector of a device's VFIO interrupt,
 * its INTx or one of its MSI/MSI-X vectors (linux/pci.h, shim/msi.c). The
 * handler runs from the host's event loop, or from a driver's wait
 * (shim/wait.c), when the vector's eventfd fires, with in_interrupt()
 * true; a level-triggered INTx is unmasked after it ran.
 */
#ifndef SHIM_LINUX_INTERRUPT_H
#define SHIM_LINUX_INTERRUPT_H

#include <linux/types.h>
#include <linux/irqreturn.h>
#include <linux/irqflags.h>
#include <linux/hardirq.h>

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQF_SHARED 0x00000080
#define IRQF_ONESHOT 0x00002000
#define IRQF_PROBE_SHARED 0x00000100

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id);
const void *free_irq(unsigned int irq, void *dev_id);
void disable_irq(unsigned int irq);
void disable_irq_nosync(unsigned int irq);
bool disable_hardirq(unsigned int irq);
void enable_irq(unsigned int irq);
/*
 * IRQ autoprobing (ISA and VLB cards that cannot say which line they
 * use): a PCI function's interrupt is known from its config space, and a
 * driver process has no other lines to try. Finds nothing.
 */
static inline unsigned long probe_irq_on(void) { return 0; }
static inline int probe_irq_off(unsigned long mask) { return 0; }

/* Handlers never run concurrently with the caller: nothing to wait for. */
#define synchronize_irq(irq) do { (void)(irq); } while (0)

#endif
