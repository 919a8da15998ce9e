/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Delays. udelay, ndelay and mdelay busy-wait as the kernel's (drivers
 * call them under spinlocks); msleep, usleep_range and fsleep sleep, and
 * while they do, interrupts, timers and work run (shim/wait.c).
 */
#ifndef SHIM_LINUX_DELAY_H
#define SHIM_LINUX_DELAY_H

#include <linux/types.h>

void shim_udelay(unsigned long usecs);
/* Sleeps at least @usecs, running the kernel's deferred work meanwhile (shim/wait.c). */
void shim_usleep(unsigned long usecs);
void msleep(unsigned int msecs);

#define udelay(u) shim_udelay(u)
#define ndelay(n) shim_udelay(((n) + 999) / 1000)
#define mdelay(m) shim_udelay((unsigned long)(m) * 1000)
#define usleep_range(min, max) shim_usleep(min)
#define fsleep(u) shim_usleep(u)

static inline unsigned long msleep_interruptible(unsigned int msecs)
{
	msleep(msecs);
	return 0;
}

/* The kernel's is in linux/sched.h; a driver sleeping @timeout jiffies (HZ 1000). */
static inline long schedule_timeout_uninterruptible(long timeout)
{
	if (timeout > 0)
		msleep((unsigned int)timeout);
	return 0;
}

#endif
