/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Cycle counters turned into nanoseconds (kernel/time/timecounter.c), for
 * a NIC's hardware clock. Only PTP and hardware timestamping use them, and
 * both stay off in a driver process (linux/ptp_clock_kernel.h); the
 * arithmetic is the kernel's, so code that reads a timecounter still
 * gets numbers that make sense.
 */
#ifndef SHIM_LINUX_TIMECOUNTER_H
#define SHIM_LINUX_TIMECOUNTER_H

#include <linux/types.h>

#define CYCLECOUNTER_MASK(bits) (u64)((bits) < 64 ? ((1ULL << (bits)) - 1) : -1)

struct cyclecounter {
	u64 (*read)(const struct cyclecounter *cc);
	u64 mask;
	u32 mult;
	u32 shift;
};

struct timecounter {
	const struct cyclecounter *cc;
	u64 cycle_last;
	u64 nsec;
	u64 mask;
	u64 frac;
};

static inline u64 cyclecounter_cyc2ns(const struct cyclecounter *cc, u64 cycles, u64 mask,
				      u64 *frac)
{
	u64 ns = cycles * cc->mult + *frac;

	*frac = ns & mask;
	return ns >> cc->shift;
}

static inline void timecounter_adjtime(struct timecounter *tc, s64 delta)
{
	tc->nsec += delta;
}

static inline void timecounter_init(struct timecounter *tc, const struct cyclecounter *cc,
				    u64 start_tstamp)
{
	tc->cc = cc;
	tc->cycle_last = cc->read(cc);
	tc->nsec = start_tstamp;
	tc->mask = (1ULL << cc->shift) - 1;
	tc->frac = 0;
}

static inline u64 timecounter_read(struct timecounter *tc)
{
	u64 now = tc->cc->read(tc->cc);
	u64 delta = (now - tc->cycle_last) & tc->cc->mask;

	tc->cycle_last = now;
	tc->nsec += cyclecounter_cyc2ns(tc->cc, delta, tc->mask, &tc->frac);
	return tc->nsec;
}

static inline u64 timecounter_cyc2time(const struct timecounter *tc, u64 cycle_tstamp)
{
	u64 delta = (cycle_tstamp - tc->cycle_last) & tc->cc->mask;
	u64 frac = tc->frac;

	/* Behind the last read, as the kernel decides: half the counter's range. */
	if (delta > tc->cc->mask / 2) {
		delta = (tc->cycle_last - cycle_tstamp) & tc->cc->mask;
		return tc->nsec - ((delta * tc->cc->mult) >> tc->cc->shift);
	}
	return tc->nsec + cyclecounter_cyc2ns(tc->cc, delta, tc->mask, &frac);
}

#endif
