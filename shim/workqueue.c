// SPDX-License-Identifier: GPL-2.0-only
/* Work items and delayed work, run by the event loop in queueing order (see linux/workqueue.h). */
#include <linux/kernel.h>
#include <linux/workqueue.h>

#include "internal.h"

static LIST_HEAD(work_queue);

void shim_init_work(struct work_struct *w, work_func_t fn)
{
	INIT_LIST_HEAD(&w->entry);
	w->func = fn;
	w->pending = false;
}

static void delayed_work_timer(struct timer_list *t)
{
	struct delayed_work *dw = from_timer(dw, t, timer);

	schedule_work(&dw->work);
}

void shim_init_delayed_work(struct delayed_work *dw, work_func_t fn)
{
	shim_init_work(&dw->work, fn);
	timer_setup(&dw->timer, delayed_work_timer, 0);
}

bool schedule_work(struct work_struct *w)
{
	if (w->pending)
		return false;
	w->pending = true;
	list_add_tail(&w->entry, &work_queue);
	return true;
}

bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay)
{
	if (dw->work.pending || timer_pending(&dw->timer))
		return false;
	if (delay == 0)
		return schedule_work(&dw->work);
	mod_timer(&dw->timer, jiffies + delay);
	return true;
}

bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw, unsigned long delay)
{
	bool was = cancel_delayed_work(dw);

	schedule_delayed_work(dw, delay);
	return was;
}

bool cancel_work_sync(struct work_struct *w)
{
	if (!w->pending)
		return false;
	list_del(&w->entry);
	w->pending = false;
	return true;
}

bool cancel_delayed_work(struct delayed_work *dw)
{
	bool timer = del_timer(&dw->timer);
	bool queued = cancel_work_sync(&dw->work);

	return timer || queued;
}

bool cancel_delayed_work_sync(struct delayed_work *dw)
{
	return cancel_delayed_work(dw);
}

/* The items on the stack (see time.c's running_timers): an item queued again while it runs waits. */
static struct shim_running running_work;

static struct work_struct *next_work(void)
{
	struct work_struct *w;

	list_for_each_entry(w, &work_queue, entry)
		if (!shim_running_has(&running_work, w))
			return w;
	return NULL;
}

int shim_work_run(void)
{
	struct work_struct *w;
	int n = 0;

	while ((w = next_work()) && shim_running_push(&running_work, w) == 0) {
		list_del(&w->entry);
		w->pending = false;
		w->func(w);
		shim_running_pop(&running_work);
		n++;
	}
	return n;
}

void flush_scheduled_work(void)
{
	shim_work_run();
}
