/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the drivers' test builds (airlock-host-*-faulty) share to inject
 * faults by themselves: the option faults=PERIOD_MS,SEED, one random
 * stream per seed and instance (the same seed gives the same faults, each
 * restart new ones), the delay to the next fault, and the ways a driver
 * process dies. Each driver draws its own kinds and does its own damage
 * (drivers/cable/faults.c, drivers/e1000/faults.c). Never in a production
 * binary.
 */
#ifndef AIRLOCK_FAULT_PLAN_H
#define AIRLOCK_FAULT_PLAN_H

#include <stdint.h>

/* "PERIOD_MS,SEED": PERIOD_MS from 10 to 3600000, SEED decimal or 0x hex; -EINVAL otherwise. */
int fault_plan_parse(const char *value, uint32_t *ret_period_ms, uint64_t *ret_seed);

/* A random stream's state for @seed and airlockd's @instance count; never 0. */
uint64_t fault_plan_rng_init(uint64_t seed, uint32_t instance);

/* The next number of the stream (xorshift64*). */
uint64_t fault_plan_random(uint64_t *rng);

/* A delay to the next fault: uniform in PERIOD/2 .. 3*PERIOD/2 ms. */
uint64_t fault_plan_delay_ms(uint64_t *rng, uint32_t period_ms);

/* How a driver process dies, as a buggy driver does. */
enum fault_death {
	FAULT_DIE_SEGV,		/* a store through NULL: SIGSEGV */
	FAULT_DIE_ABORT,	/* abort(), as after a failed assertion */
	FAULT_DIE_TRAP,		/* an undefined instruction (ud2, like BUG()): SIGILL */
	FAULT_DIE_EXIT,		/* _exit(3) without a word */
	FAULT_DIE_HANG,		/* spins without heartbeat: killed by the daemon */
	FAULT_DIE_SYSCALL,	/* socket(): killed by seccomp */
};

/*
 * Dies that way. Returns only if the process survived it (a socket() the
 * sandbox let through): the caller then must stop serving anyway.
 */
void fault_die(enum fault_death how);

#endif
