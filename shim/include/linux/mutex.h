/* SPDX-License-Identifier: GPL-2.0-only */
/* Mutexes: like spinlocks (see spinlock.h), a held one taken again stops the process. */
#ifndef SHIM_LINUX_MUTEX_H
#define SHIM_LINUX_MUTEX_H

#include <linux/types.h>
#include <linux/bug.h>

/* How many are held (rtnl too): a wait under one defers work and NAPI (shim/wait.c). */
extern int shim_mutexes_held;

struct mutex {
	int held;
};

#define DEFINE_MUTEX(name) struct mutex name = { 0 }

static inline void mutex_init(struct mutex *m)
{
	m->held = 0;
}

static inline void mutex_lock(struct mutex *m)
{
	BUG_ON(m->held);
	m->held = 1;
	shim_mutexes_held++;
}

static inline void mutex_unlock(struct mutex *m)
{
	BUG_ON(!m->held);
	m->held = 0;
	shim_mutexes_held--;
}

static inline int mutex_trylock(struct mutex *m)
{
	if (m->held)
		return 0;
	m->held = 1;
	shim_mutexes_held++;
	return 1;
}

static inline int mutex_is_locked(struct mutex *m)
{
	return m->held;
}

#define mutex_lock_interruptible(m) (mutex_lock(m), 0)
#define mutex_destroy(m) do { } while (0)

#endif
