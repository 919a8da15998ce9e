// SPDX-License-Identifier: GPL-2.0-only
/*
 * MSI and MSI-X (the kernel's drivers/pci/msi/): a function's vectors are
 * VFIO eventfds, one per vector (os/vfio_pci.c), routed when the driver
 * enables them and named by irq numbers SHIM_IRQ_VECTOR(index, v)
 * (linux/pci.h) that request_irq takes (shim/irq.c). VFIO programs the
 * function's MSI/MSI-X capability and table; the driver never writes them.
 * One mode at a time, as in the kernel: enabling moves the function off
 * INTx, and pdev->irq names MSI's vector until pci_disable_msi. Each mode
 * start is logged (and INTx's, shim/irq.c): which one a driver got is the
 * first thing to know when its interrupts misbehave.
 */
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/pci.h>

#include "env.h"
#include "internal.h"

static int vectors_start(struct pci_dev *dev, enum shim_env_irq_kind kind, unsigned int nvec)
{
	int r;

	if (dev->msi_enabled || dev->msix_enabled)
		return -EINVAL;
	/* INTx still requested: the kernel refuses too (its handler would never run again). */
	if (shim_irq_intx_requested(dev))
		return -EINVAL;
	r = shim_env_pci_irq_start(dev->env, kind, nvec, shim_irq_vector_fire, dev);
	if (r < 0) {
		pr_err("shim: %s: %s with %u vectors: %d\n", pci_name(dev),
		       kind == SHIM_ENV_IRQ_MSIX ? "MSI-X" : "MSI", nvec, r);
		return r;
	}
	dev->nvec = nvec;
	if (kind == SHIM_ENV_IRQ_MSIX)
		dev->msix_enabled = 1;
	else
		dev->msi_enabled = 1;
	pr_info("shim: %s: interrupts: %s, %u vector%s\n", pci_name(dev),
		kind == SHIM_ENV_IRQ_MSIX ? "MSI-X" : "MSI", nvec, nvec == 1 ? "" : "s");
	return 0;
}

static void vectors_stop(struct pci_dev *dev)
{
	/* As the kernel's BUG_ON(irq_has_action()): a handler left behind is the driver's bug. */
	if (shim_irq_vectors_requested(dev, dev->nvec))
		pr_err("shim: %s: interrupt vectors disabled with handlers still requested\n",
		       pci_name(dev));
	shim_env_pci_irq_stop(dev->env);
	dev->msi_enabled = 0;
	dev->msix_enabled = 0;
	dev->nvec = 0;
}

int pci_enable_msi(struct pci_dev *dev)
{
	int r;

	if (shim_env_pci_irq_count(dev->env, SHIM_ENV_IRQ_MSI) < 1)
		return -EINVAL;
	r = vectors_start(dev, SHIM_ENV_IRQ_MSI, 1);
	if (r == 0)
		dev->irq = SHIM_IRQ_VECTOR(dev->index, 0);
	return r;
}

void pci_disable_msi(struct pci_dev *dev)
{
	if (!dev->msi_enabled)
		return;
	vectors_stop(dev);
	dev->irq = dev->intx_irq;
}

int pci_msix_vec_count(struct pci_dev *dev)
{
	int n = shim_env_pci_irq_count(dev->env, SHIM_ENV_IRQ_MSIX);

	return n > 0 ? n : -EINVAL;
}

int pci_enable_msix_range(struct pci_dev *dev, struct msix_entry *entries, int minvec, int maxvec)
{
	int count = pci_msix_vec_count(dev);
	unsigned int table = 0;
	int i, nvec, r;

	if (maxvec < minvec || minvec < 1)
		return -ERANGE;
	if (count < 0)
		return count;
	nvec = min_t(int, maxvec, count);
	nvec = min_t(int, nvec, SHIM_IRQ_VECTORS_MAX);
	if (nvec < minvec)
		return -ENOSPC;
	/* VFIO routes a prefix of the table: as far as the highest entry asked for. */
	for (i = 0; entries && i < nvec; i++) {
		if (entries[i].entry >= count || entries[i].entry >= SHIM_IRQ_VECTORS_MAX)
			return -EINVAL;
		table = max_t(unsigned int, table, entries[i].entry + 1U);
	}
	if (!entries)
		table = (unsigned int)nvec;
	r = vectors_start(dev, SHIM_ENV_IRQ_MSIX, table);
	if (r < 0)
		return r;
	for (i = 0; entries && i < nvec; i++)
		entries[i].vector = SHIM_IRQ_VECTOR(dev->index, entries[i].entry);
	return nvec;
}

void pci_disable_msix(struct pci_dev *dev)
{
	if (dev->msix_enabled)
		vectors_stop(dev);
}

/* As the kernel's: MSI-X, else MSI, else INTx, as @flags allow. */
int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min_vecs, unsigned int max_vecs,
			  unsigned int flags)
{
	int r = -ENOSPC;

	if (min_vecs < 1 || max_vecs < min_vecs)
		return -EINVAL;
	if (flags & PCI_IRQ_MSIX) {
		r = pci_enable_msix_range(dev, NULL, (int)min_vecs, (int)min_t(unsigned int, max_vecs, INT_MAX));
		if (r > 0)
			return r;
	}
	if ((flags & PCI_IRQ_MSI) && min_vecs == 1) {
		r = pci_enable_msi(dev);
		if (r == 0)
			return 1;
	}
	if ((flags & PCI_IRQ_LEGACY) && min_vecs == 1 && dev->irq)
		return 1;
	return r < 0 ? r : -ENOSPC;
}

void pci_free_irq_vectors(struct pci_dev *dev)
{
	pci_disable_msix(dev);
	pci_disable_msi(dev);
}

int pci_irq_vector(struct pci_dev *dev, unsigned int nr)
{
	if (dev->msix_enabled || dev->msi_enabled)
		return nr < dev->nvec ? (int)SHIM_IRQ_VECTOR(dev->index, nr) : -EINVAL;
	return nr == 0 ? (int)dev->irq : -EINVAL;
}
