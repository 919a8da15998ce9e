// SPDX-License-Identifier: GPL-2.0-only
/*
 * request_irq on a device's VFIO interrupts. An irq number names a line:
 * a function's INTx, or one of its MSI/MSI-X vectors while they are
 * enabled (linux/pci.h, shim/msi.c). The handler runs from the event loop
 * when the vector's eventfd fires, or from a driver's wait (shim/wait.c),
 * inside shim_irq_enter/exit so that in_interrupt() holds; the environment
 * unmasks INTx after it returns.
 *
 * A disabled line's handler is not called. INTx still gets unmasked: the
 * device keeps asserting it, and the driver re-enables and handles it. A
 * message (MSI, MSI-X) that arrives while its line is disabled is
 * remembered and delivered by enable_irq, as the kernel resends an edge
 * interrupt it had to hold back.
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
	bool running;	/* its handler is on the stack: a wait inside must not re-enter it */
	bool pending;	/* a message came while disabled */
};

static struct irq_line lines[SHIM_IRQ_LIMIT];

static bool is_intx(unsigned int irq)
{
	return irq < SHIM_IRQ_VECTOR_BASE;
}

/* The irq number of vector @v of @dev's current interrupt mode. */
static unsigned int vector_irq(const struct pci_dev *dev, unsigned int v)
{
	return dev->msi_enabled || dev->msix_enabled ? SHIM_IRQ_VECTOR(dev->index, v) : dev->index + 1;
}

static void line_fire(struct irq_line *l)
{
	if (!l->requested)
		return;
	if (l->disabled) {
		l->pending = !is_intx(l->irq);
		return;
	}
	shim_counters.irqs++;
	l->running = true;
	shim_irq_enter();
	l->handler((int)l->irq, l->dev_id);
	shim_irq_exit();
	l->running = false;
}

/* The environment's callback for vector @v of the function @arg (env.h). */
void shim_irq_vector_fire(void *arg, unsigned int v)
{
	unsigned int irq = vector_irq(arg, v);

	if (irq < ARRAY_SIZE(lines))
		line_fire(&lines[irq]);
}

bool shim_irq_vector_busy(void *arg, unsigned int v)
{
	unsigned int irq = vector_irq(arg, v);

	return irq < ARRAY_SIZE(lines) && lines[irq].running;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id)
{
	struct pci_dev *dev = shim_pci_device_by_irq(irq);
	struct irq_line *l;
	int r = 0;

	if (!dev || irq >= ARRAY_SIZE(lines) || !handler)
		return -EINVAL;
	l = &lines[irq];
	if (l->requested)
		return -EBUSY;
	/* INTx of a function that moved to messages has no line left to take, as in the kernel. */
	if (is_intx(irq) && (dev->msi_enabled || dev->msix_enabled))
		return -EINVAL;
	*l = (struct irq_line){ .handler = handler, .dev_id = dev_id, .irq = irq, .requested = true };
	if (is_intx(irq)) {
		r = shim_env_pci_irq_start(dev->env, SHIM_ENV_IRQ_INTX, 1, shim_irq_vector_fire, dev);
		if (r == 0)
			pr_info("shim: %s: interrupts: INTx\n", pci_name(dev));
	}
	if (r < 0)
		l->requested = false;
	return r;
}

const void *free_irq(unsigned int irq, void *dev_id)
{
	struct pci_dev *dev = shim_pci_device_by_irq(irq);

	if (!dev || irq >= ARRAY_SIZE(lines) || !lines[irq].requested)
		return NULL;
	if (is_intx(irq))
		shim_env_pci_irq_stop(dev->env);
	lines[irq].requested = false;
	lines[irq].pending = false;
	return NULL;
}

bool shim_irq_intx_requested(const struct pci_dev *dev)
{
	return dev->intx_irq && lines[dev->intx_irq].requested;
}

/* Whether any of vectors [0, nvec) of @dev still has a handler (shim/msi.c). */
bool shim_irq_vectors_requested(const struct pci_dev *dev, unsigned int nvec)
{
	unsigned int v;

	for (v = 0; v < nvec; v++)
		if (lines[SHIM_IRQ_VECTOR(dev->index, v)].requested)
			return true;
	return false;
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
	struct irq_line *l;

	if (irq >= ARRAY_SIZE(lines) || lines[irq].disabled == 0)
		return;
	l = &lines[irq];
	if (--l->disabled == 0 && l->pending) {
		l->pending = false;
		line_fire(l);
	}
}
