/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device faults of a Linux driver's test build (airlock-host-DRIVER-faulty,
 * built with -DAIRLOCK_FAULT_INJECTION, this folder's faults.c and the
 * driver folder's faults.c). The driver's folder says what each of its
 * faults does to its device (linux_device_faults[]); faults.c here decides
 * when: on the fault's signal (the scenarios), or by itself at random times
 * with the driver option faults=PERIOD_MS,SEED (the campaign,
 * lib/faults/fault-plan.h), where it also draws the deaths every driver
 * process can die. main.c calls the linux_faults_* hooks:
 * linux_faults_option() sees each driver-options word first,
 * linux_faults_prepare() runs before the sandbox, linux_faults_open() once
 * the device is open, the other two on every loop round. The production
 * build has none of it.
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

/* One thing a driver's test build can do to its own device. */
struct linux_device_fault {
	const char *name;	/* as the campaign reads it: "wild-dma" */
	int signal;		/* asks for it by hand (SIGUSR1...), or 0 */
	int (*inject)(void);	/* 0, or -errno if it could not be done */
};

/* The driver folder's faults.c: its faults, and where it finds its device. */
extern const struct linux_device_fault linux_device_faults[];
extern const unsigned int linux_device_fault_count;
int linux_device_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci);
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
