/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Completions. A waiter runs interrupts, timers and work while it waits
 * (shim/wait.c), so whatever completes it can run on the one thread.
 */
#ifndef SHIM_LINUX_COMPLETION_H
#define SHIM_LINUX_COMPLETION_H

#include <linux/types.h>

struct completion {
	unsigned int done;	/* UINT_MAX after complete_all */
};

#define DECLARE_COMPLETION(name) struct completion name = { 0 }
#define DECLARE_COMPLETION_ONSTACK(name) DECLARE_COMPLETION(name)

static inline void init_completion(struct completion *c)
{
	c->done = 0;
}

static inline void reinit_completion(struct completion *c)
{
	c->done = 0;
}

static inline bool completion_done(struct completion *c)
{
	return c->done != 0;
}

void complete(struct completion *c);
void complete_all(struct completion *c);
void wait_for_completion(struct completion *c);
/* Jiffies left (at least 1) once completed, 0 on timeout. */
unsigned long wait_for_completion_timeout(struct completion *c, unsigned long timeout);
#define wait_for_completion_interruptible(c) (wait_for_completion(c), 0)
#define wait_for_completion_interruptible_timeout(c, t) ((long)wait_for_completion_timeout((c), (t)))

#endif
