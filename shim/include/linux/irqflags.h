/* SPDX-License-Identifier: GPL-2.0-only */
/* Local interrupt masking: interrupts only run between driver calls, so these are no-ops. */
#ifndef SHIM_LINUX_IRQFLAGS_H
#define SHIM_LINUX_IRQFLAGS_H

#define local_irq_save(flags) do { (flags) = 0; } while (0)
#define local_irq_restore(flags) do { (void)(flags); } while (0)
#define local_irq_disable() do { } while (0)
#define local_irq_enable() do { } while (0)
#define local_bh_disable() do { } while (0)
#define local_bh_enable() do { } while (0)
#define in_interrupt() shim_in_interrupt()
#define in_irq() shim_in_interrupt()

int shim_in_interrupt(void);

#endif
