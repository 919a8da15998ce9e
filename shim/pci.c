// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI on VFIO: the host hands over its device (shim_pci_add_device); a
 * driver registering with a matching id table is probed on it. Config
 * space and BARs go through the environment (os/vfio_pci.c); port I/O is
 * iomap.c's.
 */
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "env.h"
#include "internal.h"

/* Each device's I/O BARs have their port windows (linux/pci.h). */
#define MAX_PCI_DEVICES SHIM_PIO_MAX_DEVICES

static struct pci_dev *devices[MAX_PCI_DEVICES];
static unsigned int n_devices;
/* Each function on a bus of its own, with no bridge above it (linux/pci.h). */
static struct pci_bus buses[MAX_PCI_DEVICES];

static int config_rw(const struct pci_dev *dev, int where, void *val, size_t len, bool write)
{
	int r;

	if (where < 0)
		return -EINVAL;
	r = write ? shim_env_pci_config_write(dev->env, (u32)where, val, len)
		  : shim_env_pci_config_read(dev->env, (u32)where, val, len);
	return r < 0 ? r : 0;
}

int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val)
{
	return config_rw(dev, where, val, 1, false);
}

int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val)
{
	return config_rw(dev, where, val, 2, false);
}

int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val)
{
	return config_rw(dev, where, val, 4, false);
}

int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val)
{
	return config_rw(dev, where, &val, 1, true);
}

int pci_write_config_word(const struct pci_dev *dev, int where, u16 val)
{
	return config_rw(dev, where, &val, 2, true);
}

int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val)
{
	return config_rw(dev, where, &val, 4, true);
}

static int command_update(struct pci_dev *dev, u16 set, u16 clear)
{
	u16 cmd;
	int r = pci_read_config_word(dev, PCI_COMMAND, &cmd);

	if (r < 0)
		return r;
	return pci_write_config_word(dev, PCI_COMMAND, (u16)((cmd | set) & ~clear));
}

int pci_enable_device_mem(struct pci_dev *dev)
{
	int r = command_update(dev, PCI_COMMAND_MEMORY, 0);

	if (r == 0)
		dev->enabled = true;
	return r;
}

int pci_enable_device(struct pci_dev *dev)
{
	int r = command_update(dev, PCI_COMMAND_MEMORY | PCI_COMMAND_IO, 0);

	if (r == 0)
		dev->enabled = true;
	return r;
}

void pci_disable_device(struct pci_dev *dev)
{
	command_update(dev, 0, PCI_COMMAND_MASTER);
	dev->enabled = false;
	dev->is_busmaster = false;
}

void pci_set_master(struct pci_dev *dev)
{
	if (command_update(dev, PCI_COMMAND_MASTER, 0) == 0)
		dev->is_busmaster = true;
}

void pci_clear_master(struct pci_dev *dev)
{
	if (command_update(dev, 0, PCI_COMMAND_MASTER) == 0)
		dev->is_busmaster = false;
}

int pci_set_mwi(struct pci_dev *dev)
{
	return command_update(dev, PCI_COMMAND_INVALIDATE, 0);
}

void pci_clear_mwi(struct pci_dev *dev)
{
	command_update(dev, 0, PCI_COMMAND_INVALIDATE);
}

int pci_select_bars(struct pci_dev *dev, unsigned long flags)
{
	int i, bars = 0;

	for (i = 0; i < PCI_STD_NUM_BARS; i++)
		if (dev->resource[i].flags & flags)
			bars |= 1 << i;
	return bars;
}

/* The VFIO device is ours alone: the regions are already exclusively held. */
int pci_request_selected_regions(struct pci_dev *dev, int bars, const char *name)
{
	return 0;
}

void pci_release_selected_regions(struct pci_dev *dev, int bars)
{
}

int pci_request_regions(struct pci_dev *dev, const char *name)
{
	return pci_request_selected_regions(dev, (1 << PCI_STD_NUM_BARS) - 1, name);
}

void pci_release_regions(struct pci_dev *dev)
{
	pci_release_selected_regions(dev, (1 << PCI_STD_NUM_BARS) - 1);
}

void __iomem *pci_ioremap_bar(struct pci_dev *dev, int bar)
{
	void *addr;

	if (bar < 0 || bar >= PCI_STD_NUM_BARS || !(dev->resource[bar].flags & IORESOURCE_MEM))
		return NULL;
	if (shim_env_pci_bar_map(dev->env, bar, &addr) < 0)
		return NULL;
	return addr;
}

/*
 * Mapped BARs stay mapped until the process ends; only BARs can be mapped
 * at all. A memory BAR's resource address is a cookie (shim_pci_add_device),
 * so ioremap(pci_resource_start(pdev, bar) + off, len), as drivers write it,
 * finds the BAR that holds the range and maps that.
 */
void __iomem *ioremap(resource_size_t offset, unsigned long size)
{
	unsigned int i;
	int bar;

	for (i = 0; i < n_devices; i++) {
		struct pci_dev *dev = devices[i];

		for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
			const struct resource *res = &dev->resource[bar];
			unsigned char __iomem *base;

			if (!(res->flags & IORESOURCE_MEM) || offset < res->start ||
			    offset > res->end || size > res->end - offset + 1)
				continue;
			base = pci_ioremap_bar(dev, bar);
			return base ? base + (offset - res->start) : NULL;
		}
	}
	pr_err("shim: ioremap of %#llx (%lu bytes): no memory BAR holds it\n",
	       (unsigned long long)offset, size);
	return NULL;
}

void iounmap(volatile void __iomem *addr)
{
}

/* ---- capabilities ---- */

int pci_find_capability(struct pci_dev *dev, int cap)
{
	u8 pos, id;
	u16 status;
	int ttl = 48;	/* as the kernel's PCI_FIND_CAP_TTL: a looping list ends */

	if (pci_read_config_word(dev, PCI_STATUS, &status) < 0 || !(status & PCI_STATUS_CAP_LIST))
		return 0;
	if (pci_read_config_byte(dev, PCI_CAPABILITY_LIST, &pos) < 0)
		return 0;
	while (ttl-- > 0 && pos >= 0x40) {
		pos &= ~3;
		if (pci_read_config_byte(dev, pos + PCI_CAP_LIST_ID, &id) < 0 || id == 0xff)
			break;
		if (id == cap)
			return pos;
		if (pci_read_config_byte(dev, pos + PCI_CAP_LIST_NEXT, &pos) < 0)
			break;
	}
	return 0;
}

/* drivers/pci/access.c: which registers of the capability a function of its type has. */
static bool pcie_reg_implemented(const struct pci_dev *dev, int pos)
{
	int type = (dev->pcie_flags_reg & PCI_EXP_FLAGS_TYPE) >> 4;
	bool v2 = (dev->pcie_flags_reg & PCI_EXP_FLAGS_VERS) > 1;

	if (!dev->pcie_cap || pos < 0 || (pos & 1))
		return false;
	switch (pos) {
	case PCI_EXP_FLAGS:
	case PCI_EXP_DEVCAP:
	case PCI_EXP_DEVCTL:
	case PCI_EXP_DEVSTA:
		return true;
	case PCI_EXP_LNKCAP:
	case PCI_EXP_LNKCTL:
	case PCI_EXP_LNKSTA:
		return v2 || type == PCI_EXP_TYPE_ENDPOINT || type == PCI_EXP_TYPE_LEG_END ||
		       type == PCI_EXP_TYPE_ROOT_PORT || type == PCI_EXP_TYPE_UPSTREAM ||
		       type == PCI_EXP_TYPE_DOWNSTREAM || type == PCI_EXP_TYPE_PCI_BRIDGE ||
		       type == PCI_EXP_TYPE_PCIE_BRIDGE;
	case PCI_EXP_DEVCAP2:
	case PCI_EXP_DEVCTL2:
	case PCI_EXP_LNKCAP2:
	case PCI_EXP_LNKCTL2:
	case PCI_EXP_LNKSTA2:
		return v2;
	default:
		return false;	/* slot and root registers: never an endpoint's */
	}
}

int pcie_capability_read_word(struct pci_dev *dev, int pos, u16 *val)
{
	*val = 0;
	if (!pcie_reg_implemented(dev, pos))
		return 0;
	return pci_read_config_word(dev, dev->pcie_cap + pos, val);
}

int pcie_capability_read_dword(struct pci_dev *dev, int pos, u32 *val)
{
	*val = 0;
	if (!pcie_reg_implemented(dev, pos) || (pos & 3))
		return 0;
	return pci_read_config_dword(dev, dev->pcie_cap + pos, val);
}

int pcie_capability_write_word(struct pci_dev *dev, int pos, u16 val)
{
	if (!pcie_reg_implemented(dev, pos))
		return 0;
	return pci_write_config_word(dev, dev->pcie_cap + pos, val);
}

int pcie_capability_write_dword(struct pci_dev *dev, int pos, u32 val)
{
	if (!pcie_reg_implemented(dev, pos) || (pos & 3))
		return 0;
	return pci_write_config_dword(dev, dev->pcie_cap + pos, val);
}

int pcie_capability_clear_and_set_word(struct pci_dev *dev, int pos, u16 clear, u16 set)
{
	u16 val;
	int r = pcie_capability_read_word(dev, pos, &val);

	if (r == 0 && pcie_reg_implemented(dev, pos))
		r = pcie_capability_write_word(dev, pos, (u16)((val & ~clear) | set));
	return r;
}

/* ---- devices and drivers ---- */

int shim_pci_add_device(struct shim_pci_env *e)
{
	struct pci_dev *dev;
	u32 class_rev;
	u8 irq_pin;
	int i, r;

	if (n_devices == MAX_PCI_DEVICES)
		return -ENOSPC;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	dev->env = e;
	strscpy(dev->bdf, shim_env_pci_name(e), sizeof(dev->bdf));
	dev->dev.name = dev->bdf;
	dev->dev.dma_mask = &dev->dma_mask;
	r = pci_read_config_word(dev, PCI_VENDOR_ID, &dev->vendor);
	if (r == 0)
		r = pci_read_config_word(dev, PCI_DEVICE_ID, &dev->device);
	if (r == 0)
		r = pci_read_config_word(dev, PCI_SUBSYSTEM_VENDOR_ID, &dev->subsystem_vendor);
	if (r == 0)
		r = pci_read_config_word(dev, PCI_SUBSYSTEM_ID, &dev->subsystem_device);
	if (r == 0)
		r = pci_read_config_dword(dev, PCI_CLASS_REVISION, &class_rev);
	if (r == 0)
		r = pci_read_config_byte(dev, PCI_INTERRUPT_PIN, &irq_pin);
	if (r < 0)
		goto fail;
	dev->index = n_devices;
	dev->bus = &buses[n_devices];
	dev->pcie_cap = (u8)pci_find_capability(dev, PCI_CAP_ID_EXP);
	if (dev->pcie_cap)
		pci_read_config_word(dev, dev->pcie_cap + PCI_EXP_FLAGS, &dev->pcie_flags_reg);
	dev->revision = (u8)class_rev;
	dev->class = class_rev >> 8;
	/* irq numbers name a device's INTx (shim/irq.c): 1 + index, 0 = none. */
	dev->irq = irq_pin ? n_devices + 1 : 0;
	dev->intx_irq = dev->irq;

	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		uint64_t size;
		bool io;

		r = shim_env_pci_bar(e, i, &size, &io);
		if (r < 0)
			goto fail;
		if (!size)
			continue;
		/* Resource addresses are cookies: ports decode to the BAR (shim/iomap.c). */
		if (io && size > SHIM_PIO_WINDOW) {
			pr_err("shim: %s: I/O BAR %d of %llu ports is wider than PCI allows\n",
			       dev->bdf, i, (unsigned long long)size);
			r = -EINVAL;
			goto fail;
		}
		dev->resource[i].start = io ? SHIM_PCI_IO_PORT(n_devices, i) :
					      (resource_size_t)(i + 1) << 40;
		dev->resource[i].end = dev->resource[i].start + size - 1;
		dev->resource[i].flags = io ? IORESOURCE_IO : IORESOURCE_MEM;
	}
	devices[n_devices++] = dev;
	return 0;
fail:
	kfree(dev);
	return r;
}

struct pci_dev *shim_pci_device_at(unsigned int index)
{
	return index < n_devices ? devices[index] : NULL;
}

unsigned int shim_pci_device_count(void)
{
	return n_devices;
}

struct pci_dev *shim_pci_device_by_irq(unsigned int irq)
{
	struct pci_dev *dev;

	if (irq < SHIM_IRQ_VECTOR_BASE)
		return irq >= 1 && irq <= n_devices ? devices[irq - 1] : NULL;
	if (irq >= SHIM_IRQ_VECTOR(n_devices, 0))
		return NULL;
	/* A vector is an irq only while its function has it enabled. */
	dev = devices[(irq - SHIM_IRQ_VECTOR_BASE) / SHIM_IRQ_VECTORS_MAX];
	return (irq - SHIM_IRQ_VECTOR_BASE) % SHIM_IRQ_VECTORS_MAX < dev->nvec ? dev : NULL;
}

static const struct pci_device_id *match_id(const struct pci_device_id *ids,
					    const struct pci_dev *dev)
{
	for (; ids->vendor || ids->subvendor || ids->class_mask; ids++) {
		if ((ids->vendor == PCI_ANY_ID || ids->vendor == dev->vendor) &&
		    (ids->device == PCI_ANY_ID || ids->device == dev->device) &&
		    (ids->subvendor == PCI_ANY_ID || ids->subvendor == dev->subsystem_vendor) &&
		    (ids->subdevice == PCI_ANY_ID || ids->subdevice == dev->subsystem_device) &&
		    !((ids->class ^ dev->class) & ids->class_mask))
			return ids;
	}
	return NULL;
}

int pci_register_driver(struct pci_driver *drv)
{
	unsigned int i;
	int r;

	for (i = 0; i < n_devices; i++) {
		struct pci_dev *dev = devices[i];
		const struct pci_device_id *id;

		if (dev->driver)
			continue;
		id = match_id(drv->id_table, dev);
		if (!id)
			continue;
		dev->driver = drv;
		r = drv->probe(dev, id);
		if (r < 0) {
			dev->driver = NULL;
			pr_err("shim: %s: probe of %s failed: %d\n", drv->name, dev->bdf, r);
			return r;
		}
	}
	return 0;
}

void pci_unregister_driver(struct pci_driver *drv)
{
	unsigned int i;

	for (i = 0; i < n_devices; i++) {
		struct pci_dev *dev = devices[i];

		if (dev->driver != drv)
			continue;
		if (drv->remove)
			drv->remove(dev);
		dev->driver = NULL;
	}
}
