/* SPDX-License-Identifier: GPL-2.0-only */
/* Jiffies: a millisecond count (HZ = 1000) from CLOCK_MONOTONIC_COARSE on each read. */
#ifndef SHIM_LINUX_JIFFIES_H
#define SHIM_LINUX_JIFFIES_H

#include <linux/types.h>

#define HZ 1000

unsigned long shim_jiffies(void);
#define jiffies shim_jiffies()
#define jiffies_64 ((u64)shim_jiffies())

#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_after_jiffies(a) time_before(jiffies, a)

static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return m;
}

static inline unsigned long usecs_to_jiffies(unsigned int u)
{
	return (u + 999) / 1000;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)j;
}

static inline unsigned long round_jiffies(unsigned long j)
{
	return j;
}

#define round_jiffies_relative(j) (j)

#endif
