/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI, on a VFIO device: config space is read and written through the VFIO
 * device fd, BARs are mapped from its regions, and probe is called for the
 * one device the host was given when a registered driver's id table
 * matches it. I/O-port BARs get port numbers of their own (below), which
 * inb/outw/inl and the ioread and iowrite families decode (shim/iomap.c).
 */
#ifndef SHIM_LINUX_PCI_H
#define SHIM_LINUX_PCI_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/ioport.h>
#include <linux/io.h>
#include <linux/interrupt.h>
#include <linux/dma-mapping.h>
#include <linux/mod_devicetable.h>
#include <linux/pci_ids.h>
#include <linux/pci_regs.h>
#include <linux/delay.h>

#define PCI_STD_NUM_BARS 6

/*
 * Ports, in x86's 16-bit port space, as the kernel's lib/iomap.c expects
 * them: pci_resource_start() of I/O BAR @bar of the @index-th device is
 * SHIM_PCI_IO_PORT(@index, @bar), a window of SHIM_PIO_WINDOW ports. A
 * window is wider than any I/O BAR may be (256 bytes, PCI 3.0 6.2.5.1), and
 * none starts below SHIM_PIO_BASE: the legacy ISA ports a driver may probe
 * for old cards (pcnet32's VLB list: 0x300..0x360) belong to no device here.
 */
#define SHIM_PIO_BASE 0x1000UL
#define SHIM_PIO_WINDOW 0x400UL
#define SHIM_PIO_MAX_DEVICES 4
#define SHIM_PCI_IO_PORT(index, bar) \
	(SHIM_PIO_BASE + ((unsigned long)(index) * PCI_STD_NUM_BARS + (unsigned long)(bar)) * \
	 SHIM_PIO_WINDOW)

typedef int pci_power_t;
#define PCI_D0 0
#define PCI_D1 1
#define PCI_D2 2
#define PCI_D3hot 3
#define PCI_D3cold 4

typedef unsigned int pci_channel_state_t;
enum {
	pci_channel_io_normal = 1,
	pci_channel_io_frozen = 2,
	pci_channel_io_perm_failure = 3,
};

typedef unsigned int pci_ers_result_t;
enum {
	PCI_ERS_RESULT_NONE = 1,
	PCI_ERS_RESULT_CAN_RECOVER = 2,
	PCI_ERS_RESULT_NEED_RESET = 3,
	PCI_ERS_RESULT_DISCONNECT = 4,
	PCI_ERS_RESULT_RECOVERED = 5,
};

struct shim_pci_env;
struct pci_dev;

/*
 * The bus a function sits on. A driver process sees its own function only:
 * no upstream bridge (self is NULL), as a root-complex integrated device.
 */
struct pci_bus {
	struct pci_dev *self;
	unsigned char number;
};

/*
 * Interrupt numbers (shim/irq.c): 1 + index names a function's INTx, and
 * its MSI or MSI-X vector v is SHIM_IRQ_VECTOR(index, v) while enabled
 * (shim/msi.c).
 */
#define SHIM_IRQ_VECTORS_MAX 8
#define SHIM_IRQ_VECTOR_BASE 32
#define SHIM_IRQ_VECTOR(index, v) \
	(SHIM_IRQ_VECTOR_BASE + (unsigned int)(index) * SHIM_IRQ_VECTORS_MAX + (unsigned int)(v))
#define SHIM_IRQ_LIMIT SHIM_IRQ_VECTOR(SHIM_PIO_MAX_DEVICES, 0)

struct msix_entry {
	u32 vector;	/* the irq number the kernel gives back */
	u16 entry;	/* the driver's table index */
};

#define PCI_IRQ_LEGACY (1 << 0)
#define PCI_IRQ_MSI (1 << 1)
#define PCI_IRQ_MSIX (1 << 2)
#define PCI_IRQ_AFFINITY (1 << 3)
#define PCI_IRQ_ALL_TYPES (PCI_IRQ_LEGACY | PCI_IRQ_MSI | PCI_IRQ_MSIX)

/* ASPM states (linux/pci.h); the link belongs to the host, see pci_disable_link_state. */
#define PCIE_LINK_STATE_L0S BIT(0)
#define PCIE_LINK_STATE_L1 BIT(1)
#define PCIE_LINK_STATE_CLKPM BIT(2)

struct pci_dev {
	struct device dev;
	u16 vendor;
	u16 device;
	u16 subsystem_vendor;
	u16 subsystem_device;
	u8 revision;
	u32 class;
	unsigned int devfn;
	unsigned int irq;
	struct resource resource[PCI_STD_NUM_BARS];
	u64 dma_mask;
	bool is_busmaster;
	bool enabled;
	struct pci_driver *driver;
	struct shim_pci_env *env;	/* the VFIO device behind it (shim/env.h) */
	char bdf[16];
	struct pci_bus *bus;
	unsigned int index;		/* in the order the host handed functions over */
	u8 pcie_cap;			/* PCI Express capability offset, 0 if none */
	u16 pcie_flags_reg;
	bool state_saved;
	unsigned int msi_enabled:1;
	unsigned int msix_enabled:1;
	unsigned int nvec;		/* MSI or MSI-X vectors enabled */
	unsigned int intx_irq;		/* irq while neither is (0: no INTx pin) */
};

struct pci_error_handlers {
	pci_ers_result_t (*error_detected)(struct pci_dev *dev, pci_channel_state_t error);
	pci_ers_result_t (*slot_reset)(struct pci_dev *dev);
	void (*resume)(struct pci_dev *dev);
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
	void (*shutdown)(struct pci_dev *dev);
	const struct pci_error_handlers *err_handler;
	struct device_driver driver;
};

#define PCI_DEVICE(vend, dev) \
	.vendor = (vend), .device = (dev), .subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID

#define PCI_VDEVICE(vend, dev) \
	.vendor = PCI_VENDOR_ID_##vend, .device = (dev), .subvendor = PCI_ANY_ID, \
	.subdevice = PCI_ANY_ID, 0, 0

#define to_pci_dev(d) container_of(d, struct pci_dev, dev)

int pci_register_driver(struct pci_driver *drv);
void pci_unregister_driver(struct pci_driver *drv);

/* module_init/module_exit that only register and unregister @drv. */
#define module_pci_driver(drv) \
	static int __init drv##_shim_init(void) \
	{ \
		return pci_register_driver(&(drv)); \
	} \
	module_init(drv##_shim_init); \
	static void __exit drv##_shim_exit(void) \
	{ \
		pci_unregister_driver(&(drv)); \
	} \
	module_exit(drv##_shim_exit)

static inline void *pci_get_drvdata(struct pci_dev *pdev)
{
	return pdev->dev.driver_data;
}

static inline void pci_set_drvdata(struct pci_dev *pdev, void *data)
{
	pdev->dev.driver_data = data;
}

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return pdev->bdf;
}

#define pci_resource_start(dev, bar) ((dev)->resource[(bar)].start)
#define pci_resource_end(dev, bar) ((dev)->resource[(bar)].end)
#define pci_resource_flags(dev, bar) ((dev)->resource[(bar)].flags)
#define pci_resource_len(dev, bar) \
	((dev)->resource[(bar)].end ? resource_size(&(dev)->resource[(bar)]) : 0)

int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val);
int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val);
int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val);
int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val);
int pci_write_config_word(const struct pci_dev *dev, int where, u16 val);
int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val);

int pci_enable_device(struct pci_dev *dev);
int pci_enable_device_mem(struct pci_dev *dev);
void pci_disable_device(struct pci_dev *dev);
void pci_set_master(struct pci_dev *dev);
void pci_clear_master(struct pci_dev *dev);
int pci_set_mwi(struct pci_dev *dev);
void pci_clear_mwi(struct pci_dev *dev);
int pci_select_bars(struct pci_dev *dev, unsigned long flags);
int pci_request_selected_regions(struct pci_dev *dev, int bars, const char *name);
void pci_release_selected_regions(struct pci_dev *dev, int bars);
int pci_request_regions(struct pci_dev *dev, const char *name);
void pci_release_regions(struct pci_dev *dev);
void __iomem *pci_ioremap_bar(struct pci_dev *dev, int bar);
/* As lib/pci_iomap.c and lib/iomap.c: an I/O BAR becomes a port cookie, a memory BAR its mapping. */
void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen);
void __iomem *pci_iomap_range(struct pci_dev *dev, int bar, unsigned long offset,
			      unsigned long maxlen);
void pci_iounmap(struct pci_dev *dev, void __iomem *addr);
#define pci_request_selected_regions_exclusive pci_request_selected_regions
#define pci_release_mem_regions(dev) \
	pci_release_selected_regions((dev), pci_select_bars((dev), IORESOURCE_MEM))

/* Capabilities (drivers/pci/pci.c, access.c): the offset of @cap, 0 if absent. */
int pci_find_capability(struct pci_dev *dev, int cap);
static inline bool pci_is_pcie(const struct pci_dev *dev)
{
	return dev->pcie_cap != 0;
}
/*
 * The PCI Express capability's registers, as the kernel's: a register the
 * function does not implement (or a function that is not PCIe) reads 0
 * and ignores writes.
 */
int pcie_capability_read_word(struct pci_dev *dev, int pos, u16 *val);
int pcie_capability_read_dword(struct pci_dev *dev, int pos, u32 *val);
int pcie_capability_write_word(struct pci_dev *dev, int pos, u16 val);
int pcie_capability_write_dword(struct pci_dev *dev, int pos, u32 val);
int pcie_capability_clear_and_set_word(struct pci_dev *dev, int pos, u16 clear, u16 set);
static inline int pcie_capability_set_word(struct pci_dev *dev, int pos, u16 set)
{
	return pcie_capability_clear_and_set_word(dev, pos, 0, set);
}
static inline int pcie_capability_clear_word(struct pci_dev *dev, int pos, u16 clear)
{
	return pcie_capability_clear_and_set_word(dev, pos, clear, 0);
}

/*
 * MSI and MSI-X (shim/msi.c): the vectors are VFIO eventfds; enabling
 * moves the function off INTx (pdev->irq then names MSI's vector),
 * disabling moves it back. One mode at a time, as in the kernel.
 */
int pci_enable_msi(struct pci_dev *dev);
void pci_disable_msi(struct pci_dev *dev);
int pci_enable_msix_range(struct pci_dev *dev, struct msix_entry *entries, int minvec, int maxvec);
void pci_disable_msix(struct pci_dev *dev);
int pci_msix_vec_count(struct pci_dev *dev);
int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min_vecs, unsigned int max_vecs,
			  unsigned int flags);
void pci_free_irq_vectors(struct pci_dev *dev);
int pci_irq_vector(struct pci_dev *dev, unsigned int nr);

/* Power management and error recovery belong to the supervisor: accepted, no effect. */
static inline int pci_save_state(struct pci_dev *dev) { return 0; }
static inline void pci_restore_state(struct pci_dev *dev) { }
static inline int pci_set_power_state(struct pci_dev *dev, pci_power_t state) { return 0; }
static inline int pci_enable_wake(struct pci_dev *dev, pci_power_t state, bool enable) { return 0; }
static inline int pci_wake_from_d3(struct pci_dev *dev, bool enable) { return 0; }
static inline int pci_channel_offline(struct pci_dev *dev) { return 0; }
static inline int pcix_get_mmrbc(struct pci_dev *dev) { return 512; }
static inline int pcix_set_mmrbc(struct pci_dev *dev, int mmrbc) { return 0; }
static inline int pci_disable_link_state(struct pci_dev *dev, int state) { return 0; }
static inline int pci_disable_link_state_locked(struct pci_dev *dev, int state) { return 0; }
static inline int pci_prepare_to_sleep(struct pci_dev *dev) { return 0; }
static inline bool pci_dev_run_wake(struct pci_dev *dev) { return false; }

#endif
