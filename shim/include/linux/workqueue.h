/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Work items run by the host's event loop between other events, in the
 * order queued. Nothing runs concurrently, so the *_sync cancels only need
 * to dequeue: a work item is never half-run when another one cancels it.
 */
#ifndef SHIM_LINUX_WORKQUEUE_H
#define SHIM_LINUX_WORKQUEUE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/timer.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	struct list_head entry;
	work_func_t func;
	bool pending;
};

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
};

struct workqueue_struct;

void shim_init_work(struct work_struct *w, work_func_t fn);
void shim_init_delayed_work(struct delayed_work *dw, work_func_t fn);
#define INIT_WORK(w, fn) shim_init_work((w), (fn))
#define INIT_DELAYED_WORK(dw, fn) shim_init_delayed_work((dw), (fn))

bool schedule_work(struct work_struct *w);
bool schedule_delayed_work(struct delayed_work *dw, unsigned long delay);
bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dw, unsigned long delay);
bool cancel_work_sync(struct work_struct *w);
bool cancel_delayed_work(struct delayed_work *dw);
bool cancel_delayed_work_sync(struct delayed_work *dw);
void flush_scheduled_work(void);

#define queue_work(wq, w) schedule_work(w)
#define queue_delayed_work(wq, dw, d) schedule_delayed_work((dw), (d))
#define system_wq ((struct workqueue_struct *)0)

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}

static inline bool work_pending(const struct work_struct *w)
{
	return w->pending;
}

#define delayed_work_pending(dw) ((dw)->work.pending || (dw)->timer.pending)

#endif
