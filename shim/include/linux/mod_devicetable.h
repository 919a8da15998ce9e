/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_MOD_DEVICETABLE_H
#define SHIM_LINUX_MOD_DEVICETABLE_H

#include <linux/types.h>

#define PCI_ANY_ID (~0U)

struct pci_device_id {
	u32 vendor, device;
	u32 subvendor, subdevice;
	u32 class, class_mask;
	unsigned long driver_data;
	u32 override_only;
};

#endif
