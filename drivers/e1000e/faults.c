// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test build airlock-host-e1000e-faulty (drivers/linux/faults.h) has no
 * device fault of its own yet: every hook does nothing, and a faults=
 * option goes on to the module parameters, which refuse it by name.
 */
#include "faults.h"

int linux_faults_option(struct airlock_rt *rt, const char *word)
{
	(void)rt;
	(void)word;
	return 0;
}

int linux_faults_prepare(void)
{
	return 0;
}

int linux_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci)
{
	(void)rt;
	(void)pci;
	return 0;
}

int linux_faults_poll(void)
{
	return 0;
}

int linux_faults_pending(void)
{
	return 0;
}
