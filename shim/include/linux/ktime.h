/* SPDX-License-Identifier: GPL-2.0-only */
/* ktime_t (nanoseconds) and timespec64, with the kernel's conversions. */
#ifndef SHIM_LINUX_KTIME_H
#define SHIM_LINUX_KTIME_H

#include <linux/types.h>
#include <linux/kernel.h>

typedef s64 ktime_t;

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

static inline s64 ktime_to_ns(ktime_t kt) { return kt; }
static inline ktime_t ns_to_ktime(u64 ns) { return (ktime_t)ns; }

static inline struct timespec64 ns_to_timespec64(s64 nsec)
{
	struct timespec64 ts = { .tv_sec = nsec / NSEC_PER_SEC, .tv_nsec = (long)(nsec % NSEC_PER_SEC) };

	if (ts.tv_nsec < 0) {
		ts.tv_sec--;
		ts.tv_nsec += NSEC_PER_SEC;
	}
	return ts;
}

static inline s64 timespec64_to_ns(const struct timespec64 *ts)
{
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

/* CLOCK_REALTIME, in nanoseconds (shim/time.c). */
ktime_t ktime_get_real(void);
/* CLOCK_MONOTONIC, in nanoseconds (shim/time.c). */
ktime_t ktime_get(void);

#endif
