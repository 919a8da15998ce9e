/* SPDX-License-Identifier: GPL-2.0-only */
/* Vendor ids, added as drivers need them. */
#ifndef SHIM_LINUX_PCI_IDS_H
#define SHIM_LINUX_PCI_IDS_H

#define PCI_VENDOR_ID_INTEL 0x8086
#define PCI_VENDOR_ID_VMWARE 0x15ad
#define PCI_VENDOR_ID_REALTEK 0x10ec
#define PCI_DEVICE_ID_REALTEK_8139 0x8139
#define PCI_VENDOR_ID_TTTECH 0x0357
#define PCI_DEVICE_ID_TTTECH_MC322 0x000a

#endif
