// SPDX-License-Identifier: GPL-2.0-only
/* rtnl and the interrupt-context flag: the only global locking state there is. */
#include <linux/kernel.h>
#include <linux/rtnetlink.h>
#include <linux/irqflags.h>

#include "internal.h"

int shim_spinlocks_held;
int shim_mutexes_held;
static struct mutex rtnl_mutex;
static int irq_depth;

void rtnl_lock(void)
{
	mutex_lock(&rtnl_mutex);
}

void rtnl_unlock(void)
{
	mutex_unlock(&rtnl_mutex);
}

int rtnl_trylock(void)
{
	return mutex_trylock(&rtnl_mutex);
}

int rtnl_is_locked(void)
{
	return mutex_is_locked(&rtnl_mutex);
}

int shim_in_interrupt(void)
{
	return irq_depth > 0;
}

void shim_irq_enter(void)
{
	irq_depth++;
}

void shim_irq_exit(void)
{
	irq_depth--;
}
