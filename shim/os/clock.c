// SPDX-License-Identifier: GPL-2.0-only
/* Monotonic time and sleeping for the kernel-API half. */
#include <errno.h>
#include <time.h>

#include "../env.h"

uint64_t shim_env_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * The coarse clock is read from the vDSO's data page without touching the
 * clocksource: no system call even where the fine clock needs one (the
 * lab's TCG guest runs on the HPET, whose every read is a syscall plus an
 * emulated MMIO access). Its tick-sized steps are all jiffies need.
 */
uint64_t shim_env_now_coarse_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void shim_env_sleep_us(uint64_t usecs)
{
	struct timespec ts = {
		.tv_sec = (time_t)(usecs / 1000000),
		.tv_nsec = (long)(usecs % 1000000) * 1000,
	};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

uint64_t shim_env_realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}
