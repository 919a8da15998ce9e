/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test build's device faults (faults.c): SIGUSR1 wild DMA, SIGUSR2 wild
 * MMIO. host_faults_signals() before the sandbox, host_faults_hooks() once
 * the device is open. Compiled only into airlock-host-DRIVER-faulty.
 */
#ifndef AIRLOCK_HOST_FAULTS_H
#define AIRLOCK_HOST_FAULTS_H

#include <errno.h>

struct shim_pci_env;

#ifdef AIRLOCK_FAULT_INJECTION
int host_faults_signals(void);
int host_faults_hooks(struct shim_pci_env *pci);
#else
static inline int host_faults_signals(void)
{
	return 0;
}

static inline int host_faults_hooks(struct shim_pci_env *pci)
{
	(void)pci;
	return 0;
}
#endif

#endif
