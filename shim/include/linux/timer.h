/* SPDX-License-Identifier: GPL-2.0-only */
/* Timers: callbacks run by the host's event loop once their jiffy has passed. */
#ifndef SHIM_LINUX_TIMER_H
#define SHIM_LINUX_TIMER_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/jiffies.h>

struct timer_list {
	struct list_head entry;		/* on the pending list while armed */
	unsigned long expires;
	void (*function)(struct timer_list *t);
	u32 flags;
	bool pending;
};

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
int mod_timer(struct timer_list *t, unsigned long expires);
void add_timer(struct timer_list *t);
int del_timer(struct timer_list *t);
#define del_timer_sync(t) del_timer(t)
#define timer_delete_sync(t) del_timer(t)
#define timer_delete(t) del_timer(t)

static inline int timer_pending(const struct timer_list *t)
{
	return t->pending;
}

#define from_timer(var, callback_timer, timer_fieldname) \
	container_of(callback_timer, __typeof__(*var), timer_fieldname)

#endif
