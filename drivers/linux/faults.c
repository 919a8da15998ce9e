// SPDX-License-Identifier: GPL-2.0-only
/*
 * When a Linux driver's test build does its device faults (faults.h): on
 * the signal a fault names, between two rounds of the event loop, under
 * whatever traffic is flowing; and with faults=PERIOD_MS,SEED one fault
 * every PERIOD/2..3*PERIOD/2 ms at the top of a loop round, drawn from the
 * driver's device faults and the deaths every driver process can die
 * (segv, abort, trap, exit, hang, syscall), each logged as
 * "fault: KIND at poll" for the campaign (bench/lab/campaign.py). A fault
 * is at most one loop wake-up late: the loop wakes for the driver's own
 * timers (e1000's watchdog every 2 s). Nothing tells the driver, the
 * daemon or the stub: they must notice and recover by themselves.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fault-plan.h"
#include "faults.h"
#include "runtime.h"

static const struct {
	const char *name;
	enum fault_death how;
} deaths[] = {
	{ "segv", FAULT_DIE_SEGV },
	{ "abort", FAULT_DIE_ABORT },
	{ "trap", FAULT_DIE_TRAP },
	{ "exit", FAULT_DIE_EXIT },
	{ "hang", FAULT_DIE_HANG },
	{ "syscall", FAULT_DIE_SYSCALL },
};

#define DEATH_COUNT (sizeof(deaths) / sizeof(deaths[0]))

static volatile sig_atomic_t pending;

static struct {
	struct airlock_rt *rt;
	bool enabled;
	uint32_t period_ms;
	uint32_t instance;
	uint64_t rng;
	uint64_t due_ms;		/* CLOCK_MONOTONIC ms of the next fault; 0: not armed */
	unsigned int injected;
} plan;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int linux_faults_option(struct airlock_rt *rt, const char *word)
{
	uint64_t seed;

	if (strncmp(word, "faults=", 7))
		return 0;
	if (fault_plan_parse(word + 7, &plan.period_ms, &seed) < 0) {
		airlock_rt_log(rt, "faults=%s: not PERIOD_MS,SEED", word + 7);
		return -EINVAL;
	}
	plan.enabled = true;
	plan.instance = airlock_rt_instance(rt);
	plan.rng = fault_plan_rng_init(seed, plan.instance);
	return 1;
}

static void on_fault_signal(int sig)
{
	pending = sig;
}

int linux_faults_prepare(void)
{
	struct sigaction sa = { .sa_handler = on_fault_signal };

	/* Before the sandbox: rt_sigaction is not on the allowlist. */
	for (unsigned int i = 0; i < linux_device_fault_count; i++)
		if (linux_device_faults[i].signal &&
		    sigaction(linux_device_faults[i].signal, &sa, NULL) < 0)
			return -errno;
	return 0;
}

int linux_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci)
{
	int r = linux_device_faults_open(rt, pci);

	if (r < 0)
		return r;
	plan.rt = rt;
	if (plan.enabled)
		plan.due_ms = now_ms() + fault_plan_delay_ms(&plan.rng, plan.period_ms);
	return 0;
}

static void inject(const struct linux_device_fault *fault)
{
	int r = fault->inject();

	if (r < 0)
		fprintf(stderr, "host: fault: %s not done: %s\n", fault->name, strerror(-r));
}

/* The next scheduled fault, now: the device's kinds first, then the deaths. */
static void scheduled_fault(void)
{
	unsigned int kind = fault_plan_random(&plan.rng) % (linux_device_fault_count + DEATH_COUNT);
	bool device = kind < linux_device_fault_count;
	const char *name = device ? linux_device_faults[kind].name :
				    deaths[kind - linux_device_fault_count].name;

	airlock_rt_log(plan.rt, "fault: %s at poll (instance %u, fault %u)", name, plan.instance,
		       ++plan.injected);
	if (device) {
		inject(&linux_device_faults[kind]);
	} else {
		fault_die(deaths[kind - linux_device_fault_count].how);
		/* A socket() the sandbox let through: hang, so that someone notices. */
		fault_die(FAULT_DIE_HANG);
	}
	plan.due_ms = now_ms() + fault_plan_delay_ms(&plan.rng, plan.period_ms);
}

static bool fault_due(void)
{
	return plan.due_ms && now_ms() >= plan.due_ms;
}

int linux_faults_poll(void)
{
	int sig = pending;

	if (!sig && fault_due()) {
		scheduled_fault();
		return 1;
	}
	if (!sig)
		return 0;
	pending = 0;
	for (unsigned int i = 0; i < linux_device_fault_count; i++)
		if (linux_device_faults[i].signal == sig)
			inject(&linux_device_faults[i]);
	return 1;
}

int linux_faults_pending(void)
{
	/* No deadline needed: a signal interrupts the loop's epoll_wait. */
	return pending || fault_due() ? 1 : 0;
}
