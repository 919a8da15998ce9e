// SPDX-License-Identifier: GPL-2.0-only
/*
 * Waiting as a kernel thread waits. In the kernel a driver sleeping in
 * msleep, usleep_range, wait_for_completion or wait_event lets the rest
 * of the kernel run: its interrupt handlers, timers, work and NAPI. Here
 * everything runs on the one loop thread, so a wait runs them itself: it
 * sleeps in steps of at most WAIT_STEP_US and between steps makes a
 * nested pass of the kernel's deferred work (e1000e's MSI self-test,
 * e100's and any probe that waits for its own interrupt need this).
 *
 * What a nested pass may run, as in the kernel:
 *  - nothing at all under a spinlock or in an interrupt handler (the
 *    kernel would not sleep there: "scheduling while atomic"), where a
 *    wait is only a delay;
 *  - interrupt handlers and timers always, except one already on the
 *    stack (shim/irq.c, time.c: the kernel never runs a handler or a
 *    timer concurrently with itself; its event waits for later);
 *  - work and NAPI only while no mutex (rtnl included) is held: in the
 *    kernel a worker that needs the waiter's mutex would block until the
 *    waiter drops it, and a pass cannot tell which ones would, so it
 *    leaves them all to the loop. A NAPI poll is never re-entered.
 * udelay, ndelay and mdelay spin or sleep without a pass, as the kernel's
 * busy-wait (drivers call them under spinlocks).
 */
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/pci.h>
#include <linux/completion.h>
#include <linux/wait.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>

#include "env.h"
#include "internal.h"

/* Under TCG each pass costs a read per interrupt vector: 1 ms keeps that small and timers on time. */
#define WAIT_STEP_US 1000

int shim_kernel_nested_run(void)
{
	unsigned int i;
	int n = 0;

	if (shim_in_interrupt() || shim_spinlocks_held)
		return 0;
	for (i = 0; i < shim_pci_device_count(); i++) {
		struct pci_dev *dev = shim_pci_device_at(i);

		n += shim_env_pci_irq_poll(dev->env, shim_irq_vector_busy);
	}
	n += shim_timers_run();
	if (!shim_mutexes_held)
		n += shim_work_run() + shim_napi_run();
	return n;
}

/* Until @deadline_ns or @done(@arg); whether it was done. */
static bool wait_until(uint64_t deadline_ns, bool (*done)(void *arg), void *arg)
{
	for (;;) {
		uint64_t now;

		if (done && done(arg))
			return true;
		shim_kernel_nested_run();
		if (done && done(arg))
			return true;
		now = shim_env_now_ns();
		if (now >= deadline_ns)
			return false;
		shim_udelay((unsigned long)min_t(uint64_t, (deadline_ns - now + 999) / 1000,
						 WAIT_STEP_US));
	}
}

void shim_usleep(unsigned long usecs)
{
	wait_until(shim_env_now_ns() + (uint64_t)usecs * 1000, NULL, NULL);
}

void msleep(unsigned int msecs)
{
	shim_usleep((unsigned long)msecs * 1000);
}

void shim_wait_step(void)
{
	shim_kernel_nested_run();
	shim_udelay(WAIT_STEP_US);
}

/* ---- completions (kernel/sched/completion.c) ---- */

static bool completion_ready(void *arg)
{
	return completion_done(arg);
}

static void completion_take(struct completion *c)
{
	if (c->done != UINT_MAX)	/* complete_all stays complete */
		c->done--;
}

unsigned long wait_for_completion_timeout(struct completion *c, unsigned long timeout)
{
	unsigned long end = jiffies + timeout;
	uint64_t deadline = shim_env_now_ns() + (uint64_t)jiffies_to_msecs(timeout) * 1000000;

	if (!wait_until(deadline, completion_ready, c))
		return 0;
	completion_take(c);
	/* As the kernel's: at least 1 when completed, even at the last jiffy. */
	return time_before(jiffies, end) ? end - jiffies : 1;
}

void wait_for_completion(struct completion *c)
{
	wait_until(UINT64_MAX, completion_ready, c);
	completion_take(c);
}

void complete(struct completion *c)
{
	if (c->done != UINT_MAX)
		c->done++;
}

void complete_all(struct completion *c)
{
	c->done = UINT_MAX;
}
