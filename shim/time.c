// SPDX-License-Identifier: GPL-2.0-only
/*
 * Jiffies, delays and timers. Timers sit on one list sorted by expiry; the
 * event loop runs the due ones (shim_timers_run) and sleeps until the next
 * (shim_timers_next_ms).
 */
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/delay.h>
#include <linux/timer.h>
#include <linux/ktime.h>

#include "env.h"
#include "internal.h"

static LIST_HEAD(timers);

unsigned long shim_jiffies(void)
{
	static uint64_t start_ns;
	uint64_t now = shim_env_now_coarse_ns();

	/*
	 * Drivers read jiffies on their data path (e1000 stamps every TX
	 * buffer): the coarse clock, like the kernel's tick-driven jiffies,
	 * costs no system call. Counted from the first read and started 5
	 * minutes before the wrap, as the kernel's INITIAL_JIFFIES, so that
	 * wrap-around code paths are not dead (counting from the system's
	 * boot would have wrapped long ago on any machine up for 5 minutes).
	 */
	if (!start_ns)
		start_ns = now ? now : 1;
	return (unsigned long)((now - start_ns) / (1000000000 / HZ)) + (unsigned long)(-300 * HZ);
}

/*
 * Short delays spin, as the kernel's udelay does: a nanosleep of a few
 * microseconds costs a timer wake-up and a reschedule (with the default
 * 50 us timer slack, under TCG far more), and e1000's microwire EEPROM
 * read delays on every clock edge, thousands of times per probe.
 */
#define SPIN_MAX_US 100

void shim_udelay(unsigned long usecs)
{
	uint64_t end;

	if (usecs > SPIN_MAX_US) {
		shim_env_sleep_us(usecs);
		return;
	}
	end = shim_env_now_ns() + (uint64_t)usecs * 1000;
	while (shim_env_now_ns() < end)
		cpu_relax();
}

ktime_t ktime_get(void)
{
	return (ktime_t)shim_env_now_ns();
}

ktime_t ktime_get_real(void)
{
	return (ktime_t)shim_env_realtime_ns();
}

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->flags = flags;
	t->pending = false;
	t->expires = 0;
}

int del_timer(struct timer_list *t)
{
	if (!t->pending)
		return 0;
	list_del(&t->entry);
	t->pending = false;
	return 1;
}

int mod_timer(struct timer_list *t, unsigned long expires)
{
	struct timer_list *pos;
	int was = del_timer(t);

	t->expires = expires;
	list_for_each_entry(pos, &timers, entry)
		if (time_before(expires, pos->expires))
			break;
	list_add_tail(&t->entry, &pos->entry);
	t->pending = true;
	return was;
}

void add_timer(struct timer_list *t)
{
	mod_timer(t, t->expires);
}

/*
 * The callbacks on the stack, innermost last: a driver waiting inside one
 * (shim/wait.c) must not have it run again under it, as the kernel never
 * runs a timer concurrently with itself. Pointers are only compared: a
 * callback may free its timer.
 */
static struct shim_running running_timers;

/* The first due timer not already running, or NULL. */
static struct timer_list *next_due(void)
{
	struct timer_list *t;

	list_for_each_entry(t, &timers, entry) {
		if (time_before(jiffies, t->expires))
			break;
		if (!shim_running_has(&running_timers, t))
			return t;
	}
	return NULL;
}

int shim_timers_run(void)
{
	struct timer_list *t;
	int n = 0;

	while ((t = next_due()) && shim_running_push(&running_timers, t) == 0) {
		del_timer(t);
		t->function(t);
		shim_running_pop(&running_timers);
		n++;
	}
	return n;
}

int shim_timers_next_ms(void)
{
	struct timer_list *t;
	long left;

	if (list_empty(&timers))
		return -1;
	t = list_first_entry(&timers, struct timer_list, entry);
	left = (long)(t->expires - jiffies);
	return left < 0 ? 0 : (int)min_t(long, left, 1000);
}
