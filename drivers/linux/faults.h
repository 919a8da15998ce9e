/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device faults of a Linux driver's test build (airlock-host-DRIVER-faulty,
 * built with -DAIRLOCK_FAULT_INJECTION and the driver folder's faults.c):
 * on a signal, the process does to its device what a subverted driver
 * would (drivers/e1000/faults.c), and with the driver option
 * faults=PERIOD_MS,SEED it does so by itself at random times, like the
 * cable's test build (lib/faults/fault-plan.h). linux_faults_option()
 * sees each driver-options word first, linux_faults_prepare() runs before
 * the sandbox, linux_faults_open() once the device is open, the other two
 * on every loop round. The production build has none of it.
 */
#ifndef AIRLOCK_DRIVERS_LINUX_FAULTS_H
#define AIRLOCK_DRIVERS_LINUX_FAULTS_H

struct airlock_rt;
struct shim_pci_env;

#ifdef AIRLOCK_FAULT_INJECTION
/* 1 if @word was the test build's own option, 0 if it is a module parameter, or -errno. */
int linux_faults_option(struct airlock_rt *rt, const char *word);
int linux_faults_prepare(void);
int linux_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci);
/* Does a fault a signal asked for, or one that is due: 1 if it did, else 0. */
int linux_faults_poll(void);
/* A signal asked for a fault, or one is due: the loop must not sleep. */
int linux_faults_pending(void);
#else
static inline int linux_faults_option(struct airlock_rt *rt, const char *word)
{
	(void)rt;
	(void)word;
	return 0;
}

static inline int linux_faults_prepare(void)
{
	return 0;
}

static inline int linux_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci)
{
	(void)rt;
	(void)pci;
	return 0;
}

static inline int linux_faults_poll(void)
{
	return 0;
}

static inline int linux_faults_pending(void)
{
	return 0;
}
#endif

#endif
