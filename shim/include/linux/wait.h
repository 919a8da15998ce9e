/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Wait queues. A waiter tests its condition between nested passes of the
 * kernel's deferred work (shim/wait.c), which is where anything that could
 * make it true runs: wake_up has no one to wake.
 */
#ifndef SHIM_LINUX_WAIT_H
#define SHIM_LINUX_WAIT_H

#include <linux/types.h>
#include <linux/jiffies.h>

typedef struct {
	int unused;
} wait_queue_head_t;

#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name = { 0 }
#define init_waitqueue_head(wq) do { (void)(wq); } while (0)
#define wake_up(wq) do { (void)(wq); } while (0)
#define wake_up_all(wq) wake_up(wq)
#define wake_up_interruptible(wq) wake_up(wq)
#define wake_up_interruptible_all(wq) wake_up(wq)

/* One nested pass of interrupts, timers, work and NAPI, then a short sleep. */
void shim_wait_step(void);

/* As the kernel's: the jiffies left (at least 1) once @condition holds, 0 on timeout. */
#define wait_event_timeout(wq, condition, timeout) ({ \
	(void)(wq); \
	unsigned long __we_end = jiffies + (timeout); \
	long __we_ret; \
	for (;;) { \
		if (condition) { \
			__we_ret = time_before(jiffies, __we_end) ? (long)(__we_end - jiffies) : 1; \
			break; \
		} \
		if (!time_before(jiffies, __we_end)) { \
			__we_ret = (condition) ? 1 : 0; \
			break; \
		} \
		shim_wait_step(); \
	} \
	__we_ret; })
#define wait_event(wq, condition) do { (void)(wq); while (!(condition)) shim_wait_step(); } while (0)
#define wait_event_interruptible(wq, condition) ({ wait_event(wq, condition); 0; })
#define wait_event_interruptible_timeout(wq, condition, timeout) \
	wait_event_timeout(wq, condition, timeout)

#endif
