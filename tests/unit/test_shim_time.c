// SPDX-License-Identifier: GPL-2.0-only
/* The shim's jiffies and timers: the wrap the kernel also starts near, and timer order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/timer.h>

#include "internal.h"

static int fired[4];

static void count_fire(struct timer_list *t)
{
	fired[t->flags]++;
}

/* jiffies start 300 s before the wrap, so code comparing with < instead of time_after breaks here. */
static void test_jiffies_wrap(void **state)
{
	unsigned long now = jiffies, later = now + 600UL * HZ;

	assert_true(now > ULONG_MAX - 301UL * HZ);
	assert_true(later < now);			/* wrapped */
	assert_true(time_after(later, now));
	assert_true(time_before(now, later));
	assert_false(time_after(now, later));
	assert_true(time_after_eq(now, now));
	assert_int_equal(jiffies_to_msecs(msecs_to_jiffies(1500)), 1500);
}

static void test_jiffies_move(void **state)
{
	unsigned long a = jiffies;

	msleep(20);
	assert_true(time_after(jiffies, a));
	assert_true(time_before(jiffies, a + 5 * HZ));
}

static void test_timers_order_and_due(void **state)
{
	struct timer_list t[3];
	unsigned long now = jiffies;
	int i;

	for (i = 0; i < 3; i++)
		timer_setup(&t[i], count_fire, (unsigned int)i);
	memset(fired, 0, sizeof(fired));
	/* Across the wrap: due before, far after, and just due. */
	mod_timer(&t[0], now + 400UL * HZ);
	mod_timer(&t[1], now - 1);
	mod_timer(&t[2], now);
	assert_int_equal(shim_timers_next_ms(), 0);
	assert_int_equal(shim_timers_run(), 2);
	assert_int_equal(fired[1], 1);
	assert_int_equal(fired[2], 1);
	assert_int_equal(fired[0], 0);
	/* The one left is far away: the loop is told to come back within a second. */
	assert_int_equal(shim_timers_next_ms(), 1000);
	assert_int_equal(del_timer(&t[0]), 1);
	assert_int_equal(del_timer(&t[0]), 0);
	assert_int_equal(shim_timers_next_ms(), -1);
	assert_int_equal(shim_timers_run(), 0);
}

static void test_mod_timer_rearms(void **state)
{
	struct timer_list t;

	timer_setup(&t, count_fire, 3);
	fired[3] = 0;
	assert_int_equal(mod_timer(&t, jiffies + 10 * HZ), 0);
	assert_int_equal(mod_timer(&t, jiffies - 1), 1);	/* was pending: moved, not added twice */
	assert_int_equal(shim_timers_run(), 1);
	assert_int_equal(fired[3], 1);
	assert_false(timer_pending(&t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jiffies_wrap),
		cmocka_unit_test(test_jiffies_move),
		cmocka_unit_test(test_timers_order_and_due),
		cmocka_unit_test(test_mod_timer_rearms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
