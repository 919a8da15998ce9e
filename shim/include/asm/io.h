/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MMIO and port I/O. BARs are mapped from VFIO regions (pci_ioremap_bar), so
 * readl/writel are single mov instructions on the mapping, as on x86. I/O
 * ports are not reachable from user space: a port number names a device's
 * BAR and an offset (see linux/pci.h), and in/out go through the VFIO device
 * fd (shim/iomap.c).
 */
#ifndef SHIM_ASM_IO_H
#define SHIM_ASM_IO_H

#include <linux/types.h>
#include <asm/barrier.h>

/*
 * The accessors are built as in arch/x86/include/asm/io.h, and for the same
 * reason: drivers rely on readl/writel being ordered against their ordinary
 * memory accesses, not only against other MMIO. A driver fills a descriptor
 * in DMA memory and then writel()s the tail register, with no barrier of its
 * own in between where x86 needs none (the CPU keeps stores in order). A
 * plain volatile store gives no such promise: the compiler may sink the
 * descriptor stores past it, or drop one that a later store overwrites, and
 * the device fetches a stale descriptor. The "memory" clobber makes readX and
 * writeX compiler barriers; the CPU's own order does the rest, as in Linux.
 *
 * The __raw_ and _relaxed forms (__readX/__writeX) leave the clobber out, as
 * Linux does: they keep their order among MMIO accesses (volatile asm stays
 * in program order with other volatile asm) but not against normal memory,
 * and a driver that uses them must add its own barrier. Unlike Linux the
 * store names its target as an output ("=m"), so the compiler also knows the
 * word was written when the "register" is ordinary memory, as in the unit
 * tests.
 */
#define build_mmio_read(name, size, type, reg, barrier)				\
static inline type name(const volatile void __iomem *addr)			\
{										\
	type ret;								\
										\
	asm volatile("mov" size " %1,%0"					\
		     : reg (ret)						\
		     : "m" (*(const volatile type __force *)addr) barrier);	\
	return ret;								\
}

#define build_mmio_write(name, size, type, reg, barrier)			\
static inline void name(type val, volatile void __iomem *addr)			\
{										\
	asm volatile("mov" size " %1,%0"					\
		     : "=m" (*(volatile type __force *)addr)			\
		     : reg (val) barrier);					\
}

build_mmio_read(readb, "b", u8, "=q", : "memory")
build_mmio_read(readw, "w", u16, "=r", : "memory")
build_mmio_read(readl, "l", u32, "=r", : "memory")
build_mmio_read(readq, "q", u64, "=r", : "memory")

build_mmio_read(__readb, "b", u8, "=q", )
build_mmio_read(__readw, "w", u16, "=r", )
build_mmio_read(__readl, "l", u32, "=r", )
build_mmio_read(__readq, "q", u64, "=r", )

build_mmio_write(writeb, "b", u8, "q", : "memory")
build_mmio_write(writew, "w", u16, "r", : "memory")
build_mmio_write(writel, "l", u32, "r", : "memory")
build_mmio_write(writeq, "q", u64, "r", : "memory")

build_mmio_write(__writeb, "b", u8, "q", )
build_mmio_write(__writew, "w", u16, "r", )
build_mmio_write(__writel, "l", u32, "r", )
build_mmio_write(__writeq, "q", u64, "r", )

#undef build_mmio_read
#undef build_mmio_write

/* Let drivers that test for them (#ifndef readq: lo/hi fallbacks) know we have them. */
#define readb readb
#define readw readw
#define readl readl
#define readq readq
#define writeb writeb
#define writew writew
#define writel writel
#define writeq writeq

#define readb_relaxed(a) __readb(a)
#define readw_relaxed(a) __readw(a)
#define readl_relaxed(a) __readl(a)
#define readq_relaxed(a) __readq(a)
#define writeb_relaxed(v, a) __writeb((v), (a))
#define writew_relaxed(v, a) __writew((v), (a))
#define writel_relaxed(v, a) __writel((v), (a))
#define writeq_relaxed(v, a) __writeq((v), (a))

#define __raw_readb __readb
#define __raw_readw __readw
#define __raw_readl __readl
#define __raw_readq __readq
#define __raw_writeb __writeb
#define __raw_writew __writew
#define __raw_writel __writel
#define __raw_writeq __writeq

/*
 * As in Linux these are out-of-line functions (lib/iomap.c; shim/iomap.c),
 * so a call is a compiler barrier anyway. A cookie below 0x40000 is a port
 * from ioport_map()/pci_iomap(), anything above a BAR's mapping.
 */
unsigned int ioread8(const volatile void __iomem *addr);
unsigned int ioread16(const volatile void __iomem *addr);
unsigned int ioread16be(const volatile void __iomem *addr);
unsigned int ioread32(const volatile void __iomem *addr);
unsigned int ioread32be(const volatile void __iomem *addr);
void iowrite8(u8 val, volatile void __iomem *addr);
void iowrite16(u16 val, volatile void __iomem *addr);
void iowrite16be(u16 val, volatile void __iomem *addr);
void iowrite32(u32 val, volatile void __iomem *addr);
void iowrite32be(u32 val, volatile void __iomem *addr);
void ioread8_rep(const volatile void __iomem *addr, void *dst, unsigned long count);
void ioread16_rep(const volatile void __iomem *addr, void *dst, unsigned long count);
void ioread32_rep(const volatile void __iomem *addr, void *dst, unsigned long count);
void iowrite8_rep(volatile void __iomem *addr, const void *src, unsigned long count);
void iowrite16_rep(volatile void __iomem *addr, const void *src, unsigned long count);
void iowrite32_rep(volatile void __iomem *addr, const void *src, unsigned long count);
void __iomem *ioport_map(unsigned long port, unsigned int nr);
void ioport_unmap(void __iomem *addr);

/* Byte by byte: a register block may not take wider or repeated accesses (ethtool -d). */
static inline void memcpy_fromio(void *dst, const volatile void __iomem *src, size_t count)
{
	const volatile u8 __iomem *s = (const volatile u8 __iomem *)src;
	u8 *d = (u8 *)dst;

	while (count--)
		*d++ = readb(s++);
}

static inline void memcpy_toio(volatile void __iomem *dst, const void *src, size_t count)
{
	volatile u8 __iomem *d = (volatile u8 __iomem *)dst;
	const u8 *s = (const u8 *)src;

	while (count--)
		writeb(*s++, d++);
}

/*
 * Port I/O through the VFIO device, one system call per access: a port
 * number names a device's I/O BAR and an offset (linux/pci.h).
 */
u8 inb(unsigned long port);
u16 inw(unsigned long port);
u32 inl(unsigned long port);
void outb(u8 v, unsigned long port);
void outw(u16 v, unsigned long port);
void outl(u32 v, unsigned long port);
void insb(unsigned long port, void *dst, unsigned long count);
void insw(unsigned long port, void *dst, unsigned long count);
void insl(unsigned long port, void *dst, unsigned long count);
void outsb(unsigned long port, const void *src, unsigned long count);
void outsw(unsigned long port, const void *src, unsigned long count);
void outsl(unsigned long port, const void *src, unsigned long count);

/* Only BARs can be mapped; a physical address means nothing here. */
void __iomem *ioremap(resource_size_t offset, unsigned long size);
void iounmap(volatile void __iomem *addr);
#define phys_to_virt(p) ((void *)0)

#endif
