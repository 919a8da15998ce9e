// SPDX-License-Identifier: GPL-2.0-only
/*
 * A driver that waits lets the kernel run (shim/wait.c):
 *  - a timer due during msleep or usleep_range runs before it returns;
 *  - a timer that sleeps is not run again under itself, though it re-armed
 *    itself to be due: it runs again after it returned;
 *  - work runs during a wait, unless the waiter holds a mutex (rtnl);
 *  - under a spinlock a sleep runs nothing;
 *  - a completion completed by a timer ends wait_for_completion_timeout
 *    early with jiffies left; with nothing to complete it, it times out;
 *  - wait_event_timeout sees a condition a work item makes true;
 *  - udelay and mdelay busy-wait: nothing runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/rtnetlink.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "internal.h"

static int timer_runs, work_runs, nested_seen;
static struct completion done;

static void count_timer(struct timer_list *t)
{
	timer_runs++;
}

static void count_work(struct work_struct *w)
{
	work_runs++;
}

/* Drains what a test left, so the next starts empty. */
static int drain(void **state)
{
	msleep(30);
	while (shim_timers_run() + shim_work_run())
		;
	timer_runs = work_runs = nested_seen = 0;
	return 0;
}

static void test_msleep_runs_due_timer(void **state)
{
	struct timer_list t;

	timer_setup(&t, count_timer, 0);
	mod_timer(&t, jiffies + msecs_to_jiffies(5));
	msleep(60);
	assert_int_equal(timer_runs, 1);
	assert_false(timer_pending(&t));
}

static void test_usleep_range_runs_due_timer(void **state)
{
	struct timer_list t;

	timer_setup(&t, count_timer, 0);
	mod_timer(&t, jiffies);
	usleep_range(20000, 40000);
	assert_int_equal(timer_runs, 1);
}

static struct timer_list sleeper;

/* Re-arms itself to be due at once, then sleeps: the nested pass must not re-enter it. */
static void sleeping_timer(struct timer_list *t)
{
	timer_runs++;
	if (timer_runs == 1) {
		mod_timer(t, jiffies);
		msleep(20);
		nested_seen = timer_runs;
	}
}

static void test_timer_not_reentered(void **state)
{
	timer_setup(&sleeper, sleeping_timer, 0);
	mod_timer(&sleeper, jiffies);
	assert_int_equal(shim_timers_run(), 2);	/* itself, then its re-arm after it returned */
	assert_int_equal(nested_seen, 1);
	assert_int_equal(timer_runs, 2);
}

static void test_work_runs_unless_mutex_held(void **state)
{
	struct work_struct w;

	INIT_WORK(&w, count_work);
	schedule_work(&w);
	rtnl_lock();
	msleep(5);
	assert_int_equal(work_runs, 0);		/* a worker might need rtnl: left to the loop */
	rtnl_unlock();
	msleep(5);
	assert_int_equal(work_runs, 1);
}

static void test_nothing_runs_under_spinlock(void **state)
{
	DEFINE_SPINLOCK(lock);
	struct timer_list t;

	timer_setup(&t, count_timer, 0);
	mod_timer(&t, jiffies);
	spin_lock(&lock);
	msleep(5);
	spin_unlock(&lock);
	assert_int_equal(timer_runs, 0);
	msleep(1);
	assert_int_equal(timer_runs, 1);
}

static void complete_timer(struct timer_list *t)
{
	complete(&done);
}

static void test_completion_from_timer(void **state)
{
	struct timer_list t;
	unsigned long left;

	init_completion(&done);
	timer_setup(&t, complete_timer, 0);
	mod_timer(&t, jiffies + msecs_to_jiffies(10));
	left = wait_for_completion_timeout(&done, msecs_to_jiffies(2000));
	assert_true(left > 0);
	assert_true(left > msecs_to_jiffies(1000));	/* ended early, not at the timeout */
	assert_false(completion_done(&done));		/* the wait consumed it */

	assert_int_equal(wait_for_completion_timeout(&done, msecs_to_jiffies(20)), 0);
}

static void test_wait_event_sees_work(void **state)
{
	struct work_struct w;
	DECLARE_WAIT_QUEUE_HEAD(wq);
	long left;

	INIT_WORK(&w, count_work);
	schedule_work(&w);
	left = wait_event_timeout(wq, work_runs == 1, msecs_to_jiffies(2000));
	assert_true(left > (long)msecs_to_jiffies(1000));
	assert_int_equal(wait_event_timeout(wq, work_runs == 2, msecs_to_jiffies(10)), 0);
}

static void test_delays_busy_wait(void **state)
{
	struct timer_list t;

	timer_setup(&t, count_timer, 0);
	mod_timer(&t, jiffies);
	udelay(50);
	mdelay(5);
	assert_int_equal(timer_runs, 0);
	del_timer(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_msleep_runs_due_timer, drain),
		cmocka_unit_test_teardown(test_usleep_range_runs_due_timer, drain),
		cmocka_unit_test_teardown(test_timer_not_reentered, drain),
		cmocka_unit_test_teardown(test_work_runs_unless_mutex_held, drain),
		cmocka_unit_test_teardown(test_nothing_runs_under_spinlock, drain),
		cmocka_unit_test_teardown(test_completion_from_timer, drain),
		cmocka_unit_test_teardown(test_wait_event_sees_work, drain),
		cmocka_unit_test_teardown(test_delays_busy_wait, drain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
