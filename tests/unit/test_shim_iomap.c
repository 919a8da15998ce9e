// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port I/O's bookkeeping (shim/iomap.c) and the multicast hash's CRC
 * (shim/crc32.c), without a device:
 *  - a port number names one device's I/O BAR and an offset, and every
 *    window decodes back to what pci_resource_start() handed out; legacy
 *    ISA ports (a VLB probe's 0x300) name nothing;
 *  - an iomap cookie is a port or an MMIO address by lib/iomap.c's rule,
 *    and anything below both is a bad access that reads all ones;
 *  - ports of no device read all ones and cannot be claimed;
 *  - crc32_le and ether_crc give the standard check values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/pci.h>
#include <linux/crc32.h>
#include <linux/if_ether.h>

#include "internal.h"

static void test_port_windows_decode(void **state)
{
	static const unsigned int offs[] = { 0, 0x12, 0xff, SHIM_PIO_WINDOW - 1 };
	unsigned int index, off, i;
	int dev, bar, b;

	for (dev = 0; dev < SHIM_PIO_MAX_DEVICES; dev++) {
		for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
			for (i = 0; i < ARRAY_SIZE(offs); i++) {
				unsigned long port = SHIM_PCI_IO_PORT(dev, bar) + offs[i];

				/* x86's port space: what outw() of a u16 port could carry. */
				assert_true(port <= 0xffff);
				assert_int_equal(shim_pio_window(port, &index, &b, &off), 0);
				assert_int_equal(index, dev);
				assert_int_equal(b, bar);
				assert_int_equal(off, offs[i]);
			}
		}
	}
	/* Below the first window: the legacy ports pcnet32's VLB probe tries. */
	assert_int_equal(shim_pio_window(0x300, &index, &b, &off), -ENODEV);
	assert_int_equal(shim_pio_window(0, &index, &b, &off), -ENODEV);
	assert_int_equal(shim_pio_window(SHIM_PIO_BASE - 1, &index, &b, &off), -ENODEV);
	/* Past the last window, and past 16 bits. */
	assert_int_equal(shim_pio_window(SHIM_PCI_IO_PORT(SHIM_PIO_MAX_DEVICES, 0), &index, &b,
					 &off), -ENODEV);
	assert_int_equal(shim_pio_window(0x10000 + SHIM_PIO_BASE, &index, &b, &off), -ENODEV);
}

static void test_iomap_rule(void **state)
{
	unsigned long port = 0;
	int on_stack;
	void __iomem *cookie = ioport_map(SHIM_PCI_IO_PORT(0, 0) + 0x10, 0x10);

	/* A port becomes port + 0x10000 and comes back whole. */
	assert_int_equal((unsigned long)cookie, 0x10000 + SHIM_PCI_IO_PORT(0, 0) + 0x10);
	assert_int_equal(shim_iomap_kind(cookie, &port), SHIM_IO_PIO);
	assert_int_equal(port, SHIM_PCI_IO_PORT(0, 0) + 0x10);
	/* The highest port is still a port; beyond 16 bits ioport_map refuses. */
	assert_int_equal(shim_iomap_kind(ioport_map(0xffff, 1), &port), SHIM_IO_PIO);
	assert_int_equal(port, 0xffff);
	assert_null(ioport_map(0x10000, 1));
	/* From 0x40000 up, MMIO: a BAR's mapping, or here any object. */
	assert_int_equal(shim_iomap_kind((void *)0x40000UL, &port), SHIM_IO_MMIO);
	assert_int_equal(shim_iomap_kind(&on_stack, &port), SHIM_IO_MMIO);
	/* Below: neither. Port 0's cookie (0x10000) is one too, as in lib/iomap.c. */
	assert_int_equal(shim_iomap_kind((void *)0x10000UL, &port), SHIM_IO_BAD);
	assert_int_equal(shim_iomap_kind(NULL, &port), SHIM_IO_BAD);
	assert_int_equal(shim_iomap_kind((void *)0x300UL, &port), SHIM_IO_BAD);
}

static void test_no_device_reads_ones(void **state)
{
	void __iomem *cookie = ioport_map(SHIM_PCI_IO_PORT(0, 0), 0x20);

	/* No PCI function was handed over: nobody answers, as on an empty bus. */
	assert_int_equal(inb(0x300), 0xff);
	assert_int_equal(inw(SHIM_PCI_IO_PORT(0, 0) + 0x12), 0xffff);
	assert_int_equal(inl(SHIM_PCI_IO_PORT(1, 5)), 0xffffffff);
	outw(0x1234, SHIM_PCI_IO_PORT(0, 0) + 0x12);	/* goes nowhere, harms nothing */
	assert_int_equal(ioread8(cookie), 0xff);
	assert_int_equal(ioread16(cookie), 0xffff);
	assert_int_equal(ioread32(cookie), 0xffffffff);
	/* A bad cookie is refused without touching memory at it. */
	assert_int_equal(ioread32((void __iomem *)0x1000UL), 0xffffffff);
	iowrite32(0, (void __iomem *)0x1000UL);
	/* Nor can ports of no device be claimed: a VLB probe finds nothing. */
	assert_null(request_region(0x300, 0x20, "test"));
	assert_null(request_region(SHIM_PCI_IO_PORT(0, 0), 0x20, "test"));
}

static void test_iomap_mmio_side(void **state)
{
	u32 reg[4] = { 0 };

	/* The same calls on an MMIO cookie are plain loads and stores of that width. */
	iowrite32(0x11223344, &reg[1]);
	iowrite16(0x5566, &reg[2]);
	iowrite8(0x77, (u8 *)&reg[2] + 3);
	assert_int_equal(ioread32(&reg[1]), 0x11223344);
	assert_int_equal(ioread32(&reg[2]), 0x77005566);
	assert_int_equal(ioread16(&reg[1]), 0x3344);
	assert_int_equal(ioread8((u8 *)&reg[1] + 3), 0x11);
	iowrite32be(0x11223344, &reg[3]);
	assert_int_equal(reg[3], 0x44332211);
	assert_int_equal(ioread32be(&reg[3]), 0x11223344);
}

static void test_crc32(void **state)
{
	static const unsigned char check[] = "123456789";
	static const u8 mc[ETH_ALEN] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };

	/* The catalogue's check value of CRC-32 (IEEE). */
	assert_int_equal(crc32_le(~0U, check, 9) ^ ~0U, 0xcbf43926);
	assert_int_equal(crc32_le(~0U, check, 0), ~0U);
	/* ether_crc is the reflected CRC read MSB first, as the kernel defines it. */
	assert_int_equal(ether_crc(ETH_ALEN, mc), bitrev32(ether_crc_le(ETH_ALEN, mc)));
	assert_int_equal(bitrev32(0x00000001), 0x80000000);
	assert_int_equal(bitrev32(0x12345678), 0x1e6a2c48);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_windows_decode),
		cmocka_unit_test(test_iomap_rule),
		cmocka_unit_test(test_no_device_reads_ones),
		cmocka_unit_test(test_iomap_mmio_side),
		cmocka_unit_test(test_crc32),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
