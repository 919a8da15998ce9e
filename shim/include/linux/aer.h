/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCIe Advanced Error Reporting, as with CONFIG_PCIEAER off: the host's
 * AER driver and VFIO own the device's error reporting.
 */
#ifndef SHIM_LINUX_AER_H
#define SHIM_LINUX_AER_H

struct pci_dev;

static inline int pci_enable_pcie_error_reporting(struct pci_dev *dev) { return -EINVAL; }
static inline int pci_disable_pcie_error_reporting(struct pci_dev *dev) { return -EINVAL; }
static inline int pci_aer_clear_nonfatal_status(struct pci_dev *dev) { return -EINVAL; }

#endif
