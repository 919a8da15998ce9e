// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test builds' shared fault plan (fault-plan.h). The schedule half is
 * pure computation, so the unit tests check it outside a sandbox.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fault-plan.h"

#define PERIOD_MIN_MS	10
#define PERIOD_MAX_MS	3600000

int fault_plan_parse(const char *value, uint32_t *ret_period_ms, uint64_t *ret_seed)
{
	unsigned long long period, seed;
	char *end;

	if (!value || *value < '0' || *value > '9')
		return -EINVAL;
	errno = 0;
	period = strtoull(value, &end, 10);
	if (errno || *end != ',' || period < PERIOD_MIN_MS || period > PERIOD_MAX_MS)
		return -EINVAL;
	value = end + 1;
	if (*value < '0' || *value > '9')
		return -EINVAL;
	seed = strtoull(value, &end, 0);
	if (errno || *end)
		return -EINVAL;
	*ret_period_ms = (uint32_t)period;
	*ret_seed = seed;
	return 0;
}

/* splitmix64: spreads seed and instance over the whole state. */
static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t fault_plan_rng_init(uint64_t seed, uint32_t instance)
{
	uint64_t rng = splitmix64(seed ^ splitmix64(instance));

	return rng ? rng : 1;	/* xorshift stays at 0 */
}

uint64_t fault_plan_random(uint64_t *rng)
{
	*rng ^= *rng >> 12;
	*rng ^= *rng << 25;
	*rng ^= *rng >> 27;
	return *rng * 0x2545f4914f6cdd1dULL;
}

uint64_t fault_plan_delay_ms(uint64_t *rng, uint32_t period_ms)
{
	return period_ms / 2 + fault_plan_random(rng) % ((uint64_t)period_ms + 1);
}

void fault_die(enum fault_death how)
{
	/* Both volatile: GCC drops a store through a NULL int * as dead. */
	volatile int *volatile nowhere = NULL;

	switch (how) {
	case FAULT_DIE_SEGV:
		*nowhere = 1;
		break;
	case FAULT_DIE_ABORT:
		abort();
	case FAULT_DIE_TRAP:
		__builtin_trap();
	case FAULT_DIE_EXIT:
		_exit(3);
	case FAULT_DIE_HANG:
		for (;;)
			__asm__ __volatile__("" ::: "memory");
	case FAULT_DIE_SYSCALL:
		socket(AF_UNIX, SOCK_DGRAM, 0);
		break;
	}
}
