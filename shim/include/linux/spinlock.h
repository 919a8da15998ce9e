/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spinlocks. All driver code runs on the host's one event-loop thread, and
 * interrupt handlers run from that loop, never on top of other driver code:
 * nothing can contend. A lock is a depth counter, and taking one that is
 * already held, which in the kernel would deadlock, stops the process.
 */
#ifndef SHIM_LINUX_SPINLOCK_H
#define SHIM_LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/bug.h>
#include <linux/irqflags.h>

/* How many are held: a wait under one services nothing (shim/wait.c). */
extern int shim_spinlocks_held;

typedef struct {
	int held;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name) { 0 }
#define DEFINE_SPINLOCK(name) spinlock_t name = __SPIN_LOCK_UNLOCKED(name)

static inline void spin_lock_init(spinlock_t *l)
{
	l->held = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	BUG_ON(l->held);
	l->held = 1;
	shim_spinlocks_held++;
}

static inline void spin_unlock(spinlock_t *l)
{
	BUG_ON(!l->held);
	l->held = 0;
	shim_spinlocks_held--;
}

static inline int spin_trylock(spinlock_t *l)
{
	if (l->held)
		return 0;
	l->held = 1;
	shim_spinlocks_held++;
	return 1;
}

#define spin_lock_irqsave(l, flags) do { (flags) = 0; spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) do { (void)(flags); spin_unlock(l); } while (0)
#define spin_lock_irq(l) spin_lock(l)
#define spin_unlock_irq(l) spin_unlock(l)
#define spin_lock_bh(l) spin_lock(l)
#define spin_unlock_bh(l) spin_unlock(l)
#define spin_is_locked(l) ((l)->held)

#endif
