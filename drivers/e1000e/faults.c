// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test build airlock-host-e1000e-faulty has no device fault of its own
 * yet: with faults=PERIOD_MS,SEED it dies the deaths every driver process
 * can die (drivers/linux/faults.c), nothing more.
 */
#include <stddef.h>

#include "faults.h"

const struct linux_device_fault linux_device_faults[] = {
	{ NULL, 0, NULL },	/* C has no empty arrays; the count says none */
};
const unsigned int linux_device_fault_count = 0;

int linux_device_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci)
{
	(void)rt;
	(void)pci;
	return 0;
}
