// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port I/O and the kernel's iomap on VFIO.
 *
 * A driver process cannot execute in/out (no iopl, and the port would be
 * the host's anyway): an I/O BAR is a VFIO region read and written with
 * pread/pwrite on the device fd, one system call per access. Each device's
 * I/O BAR has a window of port numbers (linux/pci.h), so inw(ioaddr + 0x12)
 * on what pci_resource_start() gave decodes to that BAR and offset.
 *
 * ioread*()/iowrite*() take either kind of cookie, by the rule of the
 * kernel's lib/iomap.c: below PIO_RESERVED a cookie is a port offset by
 * PIO_OFFSET (ioport_map), at or above it an MMIO address (a BAR's
 * mapping). Nothing else is valid, and using it is a driver bug: logged,
 * reads give all ones as a bus without a device answers.
 */
#include <linux/kernel.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/swab.h>

#include "env.h"
#include "internal.h"

/* lib/iomap.c's, for a 16-bit port space. */
#define PIO_OFFSET	0x10000UL
#define PIO_MASK	0x0ffffUL
#define PIO_RESERVED	0x40000UL

int shim_pio_window(unsigned long port, unsigned int *ret_index, int *ret_bar,
		    unsigned int *ret_off)
{
	unsigned long slot;

	if (port < SHIM_PIO_BASE || port > PIO_MASK)
		return -ENODEV;
	slot = (port - SHIM_PIO_BASE) / SHIM_PIO_WINDOW;
	if (slot >= SHIM_PIO_MAX_DEVICES * PCI_STD_NUM_BARS)
		return -ENODEV;
	*ret_index = (unsigned int)(slot / PCI_STD_NUM_BARS);
	*ret_bar = (int)(slot % PCI_STD_NUM_BARS);
	*ret_off = (unsigned int)((port - SHIM_PIO_BASE) % SHIM_PIO_WINDOW);
	return 0;
}

enum shim_io_kind shim_iomap_kind(const volatile void __iomem *addr, unsigned long *ret_port)
{
	unsigned long cookie = (unsigned long)addr;

	if (cookie >= PIO_RESERVED)
		return SHIM_IO_MMIO;
	if (cookie > PIO_OFFSET) {
		*ret_port = cookie & PIO_MASK;
		return SHIM_IO_PIO;
	}
	return SHIM_IO_BAD;
}

/* The device and BAR behind [@port, @port + @len): the access must lie inside the BAR. */
static int port_find(unsigned long port, size_t len, struct pci_dev **ret_dev, int *ret_bar,
		     unsigned int *ret_off)
{
	struct pci_dev *dev;
	unsigned int index, off;
	int bar;

	if (shim_pio_window(port, &index, &bar, &off) < 0)
		return -ENODEV;
	dev = shim_pci_device_at(index);
	if (!dev || !(dev->resource[bar].flags & IORESOURCE_IO) ||
	    off + len > resource_size(&dev->resource[bar]))
		return -ENODEV;
	*ret_dev = dev;
	*ret_bar = bar;
	*ret_off = off;
	return 0;
}

static int port_rw(unsigned long port, void *buf, size_t len, bool write)
{
	struct pci_dev *dev;
	unsigned int off;
	int bar, r;

	r = port_find(port, len, &dev, &bar, &off);
	if (r == 0)
		r = shim_env_pci_bar_rw(dev->env, bar, off, buf, len, write);
	if (r < 0 && printk_ratelimit())
		pr_err("shim: %s of %zu bytes at port %#lx: %d\n", write ? "out" : "in", len, port, r);
	return r;
}

/* Reads from no device give all ones, as on a PCI bus where nobody answers. */
u8 inb(unsigned long port)
{
	u8 v = 0xff;

	if (port_rw(port, &v, 1, false) < 0)
		v = 0xff;
	return v;
}

u16 inw(unsigned long port)
{
	u16 v = 0xffff;

	if (port_rw(port, &v, 2, false) < 0)
		v = 0xffff;
	return v;
}

u32 inl(unsigned long port)
{
	u32 v = 0xffffffff;

	if (port_rw(port, &v, 4, false) < 0)
		v = 0xffffffff;
	return v;
}

void outb(u8 v, unsigned long port)
{
	port_rw(port, &v, 1, true);
}

void outw(u16 v, unsigned long port)
{
	port_rw(port, &v, 2, true);
}

void outl(u32 v, unsigned long port)
{
	port_rw(port, &v, 4, true);
}

/* The string forms stay on one port (a FIFO), as rep insw does. */
void insb(unsigned long port, void *dst, unsigned long count)
{
	u8 *d = dst;

	while (count--)
		*d++ = inb(port);
}

void insw(unsigned long port, void *dst, unsigned long count)
{
	u16 *d = dst;

	while (count--)
		*d++ = inw(port);
}

void insl(unsigned long port, void *dst, unsigned long count)
{
	u32 *d = dst;

	while (count--)
		*d++ = inl(port);
}

void outsb(unsigned long port, const void *src, unsigned long count)
{
	const u8 *s = src;

	while (count--)
		outb(*s++, port);
}

void outsw(unsigned long port, const void *src, unsigned long count)
{
	const u16 *s = src;

	while (count--)
		outw(*s++, port);
}

void outsl(unsigned long port, const void *src, unsigned long count)
{
	const u32 *s = src;

	while (count--)
		outl(*s++, port);
}

/* ---- request_region: ports a driver claims, as the kernel's ioport_resource tree ---- */

#define MAX_REGIONS 16

static struct resource *regions[MAX_REGIONS];

struct resource *request_region(resource_size_t start, resource_size_t n, const char *name)
{
	struct resource *res;
	struct pci_dev *dev;
	unsigned int off, i, free_slot = MAX_REGIONS;
	int bar;

	/* Only a device's own ports: a probe of a legacy ISA address finds them taken. */
	if (n == 0 || port_find((unsigned long)start, (size_t)n, &dev, &bar, &off) < 0)
		return NULL;
	for (i = 0; i < MAX_REGIONS; i++) {
		if (!regions[i]) {
			free_slot = min(free_slot, i);
			continue;
		}
		if (start <= regions[i]->end && start + n - 1 >= regions[i]->start)
			return NULL;	/* busy, as __request_region's conflict */
	}
	if (free_slot == MAX_REGIONS)
		return NULL;
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return NULL;
	res->start = start;
	res->end = start + n - 1;
	res->name = name;
	res->flags = IORESOURCE_IO | IORESOURCE_BUSY;
	regions[free_slot] = res;
	return res;
}

void release_region(resource_size_t start, resource_size_t n)
{
	unsigned int i;

	for (i = 0; i < MAX_REGIONS; i++) {
		if (regions[i] && regions[i]->start == start && regions[i]->end == start + n - 1) {
			kfree(regions[i]);
			regions[i] = NULL;
			return;
		}
	}
	pr_err("shim: trying to free nonexistent resource <%#llx-%#llx>\n",
	       (unsigned long long)start, (unsigned long long)(start + n - 1));
}

/* ---- lib/iomap.c ---- */

static void bad_io_access(const volatile void __iomem *addr, const char *access)
{
	static int count = 10;

	if (count) {
		count--;
		pr_err("shim: bad IO access at %p (%s)\n", addr, access);
	}
}

#define IO_COND(addr, is_pio, is_mmio) do {				\
	unsigned long port;						\
									\
	switch (shim_iomap_kind((addr), &port)) {			\
	case SHIM_IO_MMIO:						\
		is_mmio;						\
		break;							\
	case SHIM_IO_PIO:						\
		is_pio;							\
		break;							\
	default:							\
		bad_io_access((addr), #is_pio);				\
	}								\
} while (0)

unsigned int ioread8(const volatile void __iomem *addr)
{
	IO_COND(addr, return inb(port), return readb(addr));
	return 0xff;
}

unsigned int ioread16(const volatile void __iomem *addr)
{
	IO_COND(addr, return inw(port), return readw(addr));
	return 0xffff;
}

unsigned int ioread16be(const volatile void __iomem *addr)
{
	IO_COND(addr, return __swab16(inw(port)), return __swab16(readw(addr)));
	return 0xffff;
}

unsigned int ioread32(const volatile void __iomem *addr)
{
	IO_COND(addr, return inl(port), return readl(addr));
	return 0xffffffff;
}

unsigned int ioread32be(const volatile void __iomem *addr)
{
	IO_COND(addr, return __swab32(inl(port)), return __swab32(readl(addr)));
	return 0xffffffff;
}

void iowrite8(u8 val, volatile void __iomem *addr)
{
	IO_COND(addr, outb(val, port), writeb(val, addr));
}

void iowrite16(u16 val, volatile void __iomem *addr)
{
	IO_COND(addr, outw(val, port), writew(val, addr));
}

void iowrite16be(u16 val, volatile void __iomem *addr)
{
	IO_COND(addr, outw(__swab16(val), port), writew(__swab16(val), addr));
}

void iowrite32(u32 val, volatile void __iomem *addr)
{
	IO_COND(addr, outl(val, port), writel(val, addr));
}

void iowrite32be(u32 val, volatile void __iomem *addr)
{
	IO_COND(addr, outl(__swab32(val), port), writel(__swab32(val), addr));
}

/* The _rep forms stay on one register (a FIFO), whichever kind it is. */
void ioread8_rep(const volatile void __iomem *addr, void *dst, unsigned long count)
{
	IO_COND(addr, insb(port, dst, count),
		({ u8 *d = dst; while (count--) *d++ = readb(addr); }));
}

void ioread16_rep(const volatile void __iomem *addr, void *dst, unsigned long count)
{
	IO_COND(addr, insw(port, dst, count),
		({ u16 *d = dst; while (count--) *d++ = readw(addr); }));
}

void ioread32_rep(const volatile void __iomem *addr, void *dst, unsigned long count)
{
	IO_COND(addr, insl(port, dst, count),
		({ u32 *d = dst; while (count--) *d++ = readl(addr); }));
}

void iowrite8_rep(volatile void __iomem *addr, const void *src, unsigned long count)
{
	IO_COND(addr, outsb(port, src, count),
		({ const u8 *s = src; while (count--) writeb(*s++, addr); }));
}

void iowrite16_rep(volatile void __iomem *addr, const void *src, unsigned long count)
{
	IO_COND(addr, outsw(port, src, count),
		({ const u16 *s = src; while (count--) writew(*s++, addr); }));
}

void iowrite32_rep(volatile void __iomem *addr, const void *src, unsigned long count)
{
	IO_COND(addr, outsl(port, src, count),
		({ const u32 *s = src; while (count--) writel(*s++, addr); }));
}

void __iomem *ioport_map(unsigned long port, unsigned int nr)
{
	if (port > PIO_MASK)
		return NULL;
	return (void __iomem *)(port + PIO_OFFSET);
}

void ioport_unmap(void __iomem *addr)
{
}

/* ---- lib/pci_iomap.c ---- */

void __iomem *pci_iomap_range(struct pci_dev *dev, int bar, unsigned long offset,
			      unsigned long maxlen)
{
	resource_size_t len;
	void *map;

	if (bar < 0 || bar >= PCI_STD_NUM_BARS)
		return NULL;
	len = pci_resource_len(dev, bar);
	if (len <= offset || !pci_resource_start(dev, bar))
		return NULL;
	if (pci_resource_flags(dev, bar) & IORESOURCE_IO)
		return ioport_map(pci_resource_start(dev, bar) + offset,
				  (unsigned int)(maxlen && len - offset > maxlen ? maxlen : len - offset));
	if (!(pci_resource_flags(dev, bar) & IORESOURCE_MEM) ||
	    shim_env_pci_bar_map(dev->env, bar, &map) < 0)
		return NULL;
	/* A mapping that low would read as a port cookie; mmap never places one there. */
	if ((unsigned long)map < PIO_RESERVED) {
		pr_err("shim: %s: BAR %d mapped at %p, inside the port cookies\n", pci_name(dev),
		       bar, map);
		return NULL;
	}
	return (unsigned char __iomem *)map + offset;
}

void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen)
{
	return pci_iomap_range(dev, bar, 0, maxlen);
}

/* BAR mappings stay until the process ends (pci.c: iounmap); ports need nothing. */
void pci_iounmap(struct pci_dev *dev, void __iomem *addr)
{
	IO_COND(addr, /* nothing */, iounmap(addr));
}
