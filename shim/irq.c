// SPDX-License-Identifier: GPL-2.0-only
/*
 * request_irq on a device's VFIO interrupt. The handler runs from the
 * event loop when the eventfd fires, inside shim_irq_enter/exit so that
 * in_interrupt() holds; the environment unmasks INTx after it returns. A
 * disabled line still gets unmasked but its handler is not called: the
 * device keeps asserting it, and the driver re-enables and handles it.
 */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/pci.h>

#include "env.h"
#include "internal.h"

struct irq_line {
	irq_handler_t handler;
	void *dev_id;
	unsigned int irq;
	int disabled;
	bool requested;
};

static struct irq_line lines[8];

static void line_fire(void *arg)
{
	struct irq_line *l = arg;

	if (!l->requested || l->disabled)
		return;
	shim_counters.irqs++;
	shim_irq_enter();
	l->handler((int)l->irq, l->dev_id);
	shim_irq_exit();
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id)
{
	struct pci_dev *dev = shim_pci_device_by_irq(irq);
	struct irq_line *l;
	int r;

	if (!dev || irq >= ARRAY_SIZE(lines))
		return -EINVAL;
	l = &lines[irq];
	if (l->requested)
		return -EBUSY;
	*l = (struct irq_line){ .handler = handler, .dev_id = dev_id, .irq = irq, .requested = true };
	r = shim_env_pci_irq_start(dev->env, line_fire, l);
	if (r < 0)
		l->requested = false;
	return r;
}

const void *free_irq(unsigned int irq, void *dev_id)
{
	struct pci_dev *dev = shim_pci_device_by_irq(irq);

	if (!dev || irq >= ARRAY_SIZE(lines) || !lines[irq].requested)
		return NULL;
	shim_env_pci_irq_stop(dev->env);
	lines[irq].requested = false;
	return NULL;
}

void disable_irq(unsigned int irq)
{
	if (irq < ARRAY_SIZE(lines))
		lines[irq].disabled++;
}

void disable_irq_nosync(unsigned int irq)
{
	disable_irq(irq);
}

bool disable_hardirq(unsigned int irq)
{
	disable_irq(irq);
	return true;
}

void enable_irq(unsigned int irq)
{
	if (irq < ARRAY_SIZE(lines) && lines[irq].disabled > 0)
		lines[irq].disabled--;
}
