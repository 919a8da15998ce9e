/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MMIO and port I/O. BARs are mapped from VFIO regions (pci_ioremap_bar), so
 * readl/writel are plain volatile accesses as on x86. I/O ports are not
 * reachable from user space: a port number is a cookie naming a BAR and an
 * offset (see linux/pci.h), and in/out go through the VFIO device fd.
 */
#ifndef SHIM_ASM_IO_H
#define SHIM_ASM_IO_H

#include <linux/types.h>
#include <asm/barrier.h>

static inline u8 readb(const volatile void __iomem *addr)
{
	return *(const volatile u8 *)addr;
}

static inline u16 readw(const volatile void __iomem *addr)
{
	return *(const volatile u16 *)addr;
}

static inline u32 readl(const volatile void __iomem *addr)
{
	return *(const volatile u32 *)addr;
}

static inline void writeb(u8 v, volatile void __iomem *addr)
{
	*(volatile u8 *)addr = v;
}

static inline void writew(u16 v, volatile void __iomem *addr)
{
	*(volatile u16 *)addr = v;
}

static inline void writel(u32 v, volatile void __iomem *addr)
{
	*(volatile u32 *)addr = v;
}

#define ioread8(a) readb(a)
#define ioread16(a) readw(a)
#define ioread32(a) readl(a)
#define iowrite8(v, a) writeb((v), (a))
#define iowrite16(v, a) writew((v), (a))
#define iowrite32(v, a) writel((v), (a))
#define readl_relaxed(a) readl(a)
#define writel_relaxed(v, a) writel((v), (a))

static inline void ioread16_rep(const volatile void __iomem *addr, void *dst, unsigned long count)
{
	u16 *d = (u16 *)dst;

	while (count--)
		*d++ = readw(addr);
}

static inline void iowrite16_rep(volatile void __iomem *addr, const void *src, unsigned long count)
{
	const u16 *s = (const u16 *)src;

	while (count--)
		writew(*s++, addr);
}

/* Port I/O through the VFIO device: see linux/pci.h for the port cookies. */
u8 inb(unsigned long port);
u16 inw(unsigned long port);
u32 inl(unsigned long port);
void outb(u8 v, unsigned long port);
void outw(u16 v, unsigned long port);
void outl(u32 v, unsigned long port);

/* Only BARs can be mapped; a physical address means nothing here. */
void __iomem *ioremap(resource_size_t offset, unsigned long size);
void iounmap(volatile void __iomem *addr);
#define phys_to_virt(p) ((void *)0)

#endif
