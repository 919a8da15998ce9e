// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attack class 9 from inside a running hosted driver, for the test build
 * airlock-host-e1000-faulty only (drivers/linux/faults.h): on a signal the
 * process does to its device what a subverted driver would, between two
 * rounds of its event loop, under whatever traffic is flowing.
 *   SIGUSR1  wild DMA: the device's TX descriptor ring is moved to an IOVA
 *            that nothing was ever mapped at; the device fetches from
 *            there and the IOMMU must refuse it
 *   SIGUSR2  wild MMIO: random values into random registers of its own BAR0,
 *            from a seed that differs per instance (airlockd's start count),
 *            so that each restart's attack is a new one, and each run of a
 *            scenario the same
 *   SIGPWR   neighbour DMA: the TX descriptor ring is moved to the first
 *            IOVA past this driver's own pool and heap, where airlockd
 *            maps the next device's memory; in this device's IOMMU space
 *            nothing must be there
 * With the driver option faults=PERIOD_MS,SEED (lib/faults/fault-plan.h)
 * it also injects by itself, one fault every PERIOD/2..3*PERIOD/2 ms at the
 * top of a loop round (the loop wakes at least every 2 s for e1000's
 * watchdog timer, so a fault is at most that late): the three above,
 * tx-off (the transmitter disabled in TCTL), and the deaths every driver
 * process can die (segv, abort, trap, exit, hang, syscall), each logged
 * as "fault: KIND at poll" for the campaign (bench/lab/campaign.py).
 * Nothing tells the driver, the daemon or the stub: they must notice and
 * recover by themselves (the e1000's own watchdog and reset, the stub's TX
 * watchdog, airlockd's TX-stuck or hang checks, a restart).
 * Registers: Intel 8254x Software Developer's Manual, section 13.4.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "env.h"
#include "fault-plan.h"
#include "faults.h"
#include "runtime.h"

#define E1000_TCTL	0x0400	/* 13.4.33 transmit control */
#define E1000_TCTL_EN	(1u << 1)
#define E1000_TDBAL	0x3800	/* 13.4.38 TX descriptor base, low */
#define E1000_TDBAH	0x3804
#define MMIO_WRITES	2000
/* Far past everything the daemon maps (heap and region sit in the first GiBs). */
#define WILD_IOVA	(1ULL << 37)

static volatile sig_atomic_t pending;

/* airlockd's IOVA alignment (daemon/device.c): where the next mapping starts. */
#define IOVA_ALIGN	(2ULL << 20)

static struct {
	struct airlock_rt *rt;
	volatile uint32_t *bar0;
	uint64_t bar0_size;
	uint32_t seed;
	uint64_t neighbour_iova;	/* past our own pool and heap */
} f;

/* The faults the test build injects by itself (faults=PERIOD_MS,SEED). */
enum e1000_fault {
	FAULT_WILD_DMA,
	FAULT_NEIGHBOUR_DMA,
	FAULT_WILD_MMIO,
	FAULT_TX_OFF,
	FAULT_SEGV,
	FAULT_ABORT,
	FAULT_TRAP,
	FAULT_EXIT,
	FAULT_HANG,
	FAULT_SYSCALL,
	FAULT_COUNT,
};

static const char *const fault_names[FAULT_COUNT] = {
	[FAULT_WILD_DMA] = "wild-dma",
	[FAULT_NEIGHBOUR_DMA] = "neighbour-dma",
	[FAULT_WILD_MMIO] = "wild-mmio",
	[FAULT_TX_OFF] = "tx-off",
	[FAULT_SEGV] = "segv",
	[FAULT_ABORT] = "abort",
	[FAULT_TRAP] = "trap",
	[FAULT_EXIT] = "exit",
	[FAULT_HANG] = "hang",
	[FAULT_SYSCALL] = "syscall",
};

static const enum fault_death fault_deaths[FAULT_COUNT] = {
	[FAULT_SEGV] = FAULT_DIE_SEGV,
	[FAULT_ABORT] = FAULT_DIE_ABORT,
	[FAULT_TRAP] = FAULT_DIE_TRAP,
	[FAULT_EXIT] = FAULT_DIE_EXIT,
	[FAULT_HANG] = FAULT_DIE_HANG,
	[FAULT_SYSCALL] = FAULT_DIE_SYSCALL,
};

static struct {
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
	if (sigaction(SIGUSR1, &sa, NULL) < 0 || sigaction(SIGUSR2, &sa, NULL) < 0 ||
	    sigaction(SIGPWR, &sa, NULL) < 0)
		return -errno;
	return 0;
}

static uint32_t xorshift32(void)
{
	f.seed ^= f.seed << 13;
	f.seed ^= f.seed >> 17;
	f.seed ^= f.seed << 5;
	return f.seed;
}

static void tx_ring_to(uint64_t iova, const char *what)
{
	fprintf(stderr, "host: fault: TX descriptor ring moved to IOVA %#llx (%s)\n",
		(unsigned long long)iova, what);
	f.bar0[E1000_TDBAH / 4] = (uint32_t)(iova >> 32);
	f.bar0[E1000_TDBAL / 4] = (uint32_t)iova;
}

static void wild_mmio(void)
{
	fprintf(stderr, "host: fault: %d random writes over BAR0 (seed %#x)\n", MMIO_WRITES, f.seed);
	for (int i = 0; i < MMIO_WRITES; i++) {
		uint32_t off = (xorshift32() % (uint32_t)f.bar0_size) & ~3U;

		f.bar0[off / 4] = xorshift32();
	}
}

/* The next scheduled fault, now. */
static void scheduled_fault(void)
{
	enum e1000_fault kind = (enum e1000_fault)(fault_plan_random(&plan.rng) % FAULT_COUNT);

	airlock_rt_log(f.rt, "fault: %s at poll (instance %u, fault %u)", fault_names[kind],
		       plan.instance, ++plan.injected);
	switch (kind) {
	case FAULT_WILD_DMA:
		tx_ring_to(WILD_IOVA, "never mapped");
		break;
	case FAULT_NEIGHBOUR_DMA:
		tx_ring_to(f.neighbour_iova, "past our own memory: the next device's");
		break;
	case FAULT_WILD_MMIO:
		wild_mmio();
		break;
	case FAULT_TX_OFF:
		f.bar0[E1000_TCTL / 4] &= ~E1000_TCTL_EN;
		break;
	default:
		fault_die(fault_deaths[kind]);
		/* A socket() the sandbox let through: hang, so that someone notices. */
		fault_die(FAULT_DIE_HANG);
		break;
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
	if (sig == SIGUSR1)
		tx_ring_to(WILD_IOVA, "never mapped");
	else if (sig == SIGPWR)
		tx_ring_to(f.neighbour_iova, "past our own memory: the next device's");
	else
		wild_mmio();
	return 1;
}

int linux_faults_pending(void)
{
	/* No deadline needed: the signal interrupts the loop's epoll_wait. */
	return pending || fault_due() ? 1 : 0;
}

int linux_faults_open(struct airlock_rt *rt, struct shim_pci_env *pci)
{
	uint64_t heap_iova, pool_iova, end;
	size_t heap_size, pool_size;
	bool io;
	void *bar;
	int r;

	airlock_rt_heap(rt, &heap_size, &heap_iova);
	airlock_rt_pool(rt, &pool_size, &pool_iova);
	end = heap_iova + heap_size > pool_iova + pool_size ? heap_iova + heap_size :
							      pool_iova + pool_size;
	f.neighbour_iova = (end + IOVA_ALIGN - 1) & ~(IOVA_ALIGN - 1);

	f.rt = rt;
	r = shim_env_pci_bar(pci, 0, &f.bar0_size, &io);
	if (r == 0 && (io || f.bar0_size < 0x4000))
		r = -ENODEV;	/* not an 8254x's memory BAR */
	if (r == 0)
		r = shim_env_pci_bar_map(pci, 0, &bar);
	if (r < 0)
		return r;
	f.bar0 = bar;
	f.seed = 0x2a1c0de5 + airlock_rt_instance(rt) * 0x9e3779b9u;
	if (!f.seed)
		f.seed = 1;	/* xorshift32 stays at 0 */
	if (plan.enabled)
		plan.due_ms = now_ms() + fault_plan_delay_ms(&plan.rng, plan.period_ms);
	return 0;
}
