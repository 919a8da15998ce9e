/* SPDX-License-Identifier: GPL-2.0-only */
/* Vendor ids, added as drivers need them. */
#ifndef SHIM_LINUX_PCI_IDS_H
#define SHIM_LINUX_PCI_IDS_H

#define PCI_VENDOR_ID_INTEL 0x8086
#define PCI_VENDOR_ID_VMWARE 0x15ad

#endif
