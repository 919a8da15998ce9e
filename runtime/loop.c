// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event loop: one thread, epoll over the kick eventfd, the daemon's
 * socket and the driver's own descriptors (its interrupts), and rounds of
 * work in between: heartbeat, control requests, TX frames to the driver,
 * the driver's poll, doorbells. When a round finds no work, the loop asks
 * for kicks on the rings it consumes and sleeps until a descriptor fires,
 * the driver's next deadline or the next heartbeat.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <airlock/host.h>

#include "doorbell.h"
#include "runtime-internal.h"

/*
 * While rounds find work, look at the descriptors only every this many
 * rounds: each look is a system call, the dearest thing the loop does
 * (under the lab's TCG far dearer than a round of polling), and a busy
 * driver has masked its interrupt and the stub sends no doorbells to a
 * polling consumer, so the descriptors rarely have anything to say.
 */
#define BUSY_ROUNDS_PER_FD_CHECK 8

/*
 * Busy polling (--busy-poll-us, the device's busy-poll-us): after the last
 * round that found work, keep polling for a window before sleeping, so a
 * reply or the next request that comes within it costs no sleep and no
 * wake-up (device interrupt -> eventfd -> this process, or the stub's
 * doorbell -> this process): what NAPI busy polling does for a socket.
 * The window adapts between the configured one and a sixteenth of it: it
 * halves each time it ends with nothing found (traffic too sparse for
 * polling to pay: an idle device spins one short window and sleeps) and
 * doubles each time work arrives within it.
 */
#define BUSY_POLL_MIN_SHIFT	4

void rt_heartbeat(struct airlock_rt *rt)
{
	/* Our own count, stored whole: nobody else's writes are read back. */
	__atomic_store_n(&rt->state->heartbeat, ++rt->heartbeat, __ATOMIC_RELEASE);
}

int rt_heartbeat_period_ms(const struct airlock_rt *rt)
{
	uint32_t ms = rt->args.heartbeat_ms ? rt->args.heartbeat_ms : RT_HEARTBEAT_DEFAULT_MS;

	/* Wake at twice the rate asked, so one late wakeup misses no deadline. */
	return ms >= 2 ? (int)(ms / 2) : 1;
}

/* @fn NULL: the descriptor only wakes the loop. */
static int watch_fd(struct airlock_rt *rt, int fd, uint32_t events, void (*fn)(void *arg),
		    void *arg)
{
	struct epoll_event ev = { .events = events };
	unsigned int i;

	for (i = 0; i < RT_MAX_WATCH && rt->watch[i].fd >= 0; i++)
		;
	if (i == RT_MAX_WATCH)
		return -ENOSPC;
	ev.data.u32 = i;
	if (epoll_ctl(rt->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	rt->watch[i] = (struct rt_watch){ fd, fn, arg };
	return 0;
}

int rt_loop_init(struct airlock_rt *rt)
{
	for (unsigned int i = 0; i < RT_MAX_WATCH; i++)
		rt->watch[i].fd = -1;
	rt->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (rt->epoll_fd < 0)
		return -errno;
	/*
	 * Edge-triggered, and never read: each kick the stub sends is one
	 * wake-up, and the counter it leaves behind costs nothing, where
	 * draining it was a read() per wake-up (17 µs of an exchange in the
	 * lab's traces). The kernel's counter saturates rather than blocks.
	 * No handler: the round after the wake-up looks at the rings.
	 */
	return watch_fd(rt, AIRLOCK_HOST_FD_KICK, EPOLLIN | EPOLLET, NULL, NULL);
}

int airlock_rt_watch_fd(struct airlock_rt *rt, int fd, void (*fn)(void *arg), void *arg)
{
	return watch_fd(rt, fd, EPOLLIN, fn, arg);
}

int airlock_rt_unwatch_fd(struct airlock_rt *rt, int fd)
{
	for (unsigned int i = 0; i < RT_MAX_WATCH; i++) {
		if (rt->watch[i].fd != fd)
			continue;
		epoll_ctl(rt->epoll_fd, EPOLL_CTL_DEL, fd, NULL);
		rt->watch[i].fd = -1;
		return 0;
	}
	return -ENOENT;
}

/* Waits up to @timeout_ms for the descriptors and calls their handlers. */
static int dispatch(struct airlock_rt *rt, int timeout_ms)
{
	struct epoll_event evs[RT_MAX_WATCH];
	int n;

	if (timeout_ms != 0)
		rt->sleeps++;
	n = epoll_wait(rt->epoll_fd, evs, RT_MAX_WATCH, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		struct rt_watch *w = &rt->watch[evs[i].data.u32];

		if (w->fd >= 0 && w->fn)
			w->fn(w->arg);
	}
	return 0;
}

/* One round of work: how much was done, or -errno. */
static int round_work(struct airlock_rt *rt)
{
	int work, r;

	rt_heartbeat(rt);
	work = rt_control_run(rt);
	if (work < 0)
		return work;
	for (unsigned int i = 0; i < rt->n_ports; i++) {
		r = rt_port_tx_run(rt, &rt->ports[i], RT_TX_BATCH);
		if (r < 0)
			return r;
		work += r;
	}
	r = rt->ops->poll(rt);
	if (r < 0)
		return r;
	airlock_rt_doorbell(rt);
	return work + r;
}

void airlock_rt_doorbell(struct airlock_rt *rt)
{
	bool kick;

	/* One doorbell for everything the kernel waits for. */
	kick = rt->produced_rsp && airlock_ring_needs_wakeup(&rt->ctrl.rsp);
	rt->produced_rsp = false;
	for (unsigned int i = 0; i < rt->n_ports; i++)
		kick |= rt_port_flush(&rt->ports[i]);
	if (kick) {
		rt->kicks++;
		airlock_doorbell_kick(AIRLOCK_HOST_FD_DOORBELL);
	}
}

/* Before sleeping: asks for kicks; > 0 if work arrived meanwhile, or -errno. */
static int prepare_sleep(struct airlock_rt *rt)
{
	int pending = rt->ops->pending ? rt->ops->pending(rt) : 0;
	int r;

	if (pending)
		return pending;
	r = airlock_ring_prepare_sleep(&rt->ctrl.req);
	for (unsigned int i = 0; r == 0 && i < rt->n_ports; i++)
		r = rt_port_prepare_sleep(&rt->ports[i]);
	return r;
}

static void wake_done(struct airlock_rt *rt)
{
	airlock_ring_wake_done(&rt->ctrl.req);
	for (unsigned int i = 0; i < rt->n_ports; i++)
		rt_port_wake_done(&rt->ports[i]);
}

static int sleep_timeout(struct airlock_rt *rt)
{
	int t = rt_heartbeat_period_ms(rt);

	if (rt->ops->next_timeout_ms) {
		int d = rt->ops->next_timeout_ms(rt);

		if (d >= 0 && d < t)
			t = d;
	}
	return t;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* After a round that found work: a window that was running paid off. */
static void busy_poll_hit(struct busy_poll *bp)
{
	if (!bp->idle_since_us)
		return;
	bp->idle_since_us = 0;
	bp->hits++;
	if (bp->window_us < bp->max_us)
		bp->window_us = bp->window_us * 2 < bp->max_us ? bp->window_us * 2 : bp->max_us;
}

/* After a round that found nothing: whether to keep polling. */
static bool busy_poll_continue(struct busy_poll *bp)
{
	uint64_t now;

	if (!bp->max_us)
		return false;
	now = now_us();
	if (!bp->idle_since_us) {
		bp->idle_since_us = now;
		return true;
	}
	if (now - bp->idle_since_us < bp->window_us)
		return true;
	/* The window ran out: sleep, and try a shorter one next time. */
	bp->idle_since_us = 0;
	bp->misses++;
	if (bp->window_us > bp->max_us >> BUSY_POLL_MIN_SHIFT)
		bp->window_us /= 2;
	return false;
}

int rt_loop_run(struct airlock_rt *rt)
{
	unsigned int busy_rounds = 0;

	rt->busy_poll.max_us = rt->busy_poll.window_us = rt->args.busy_poll_us;
	while (!rt->stopping && !rt->failed) {
		int work, r;

		rt->rounds++;
		work = round_work(rt);
		if (work < 0)
			return work;
		if (work) {
			busy_poll_hit(&rt->busy_poll);
			if (++busy_rounds % BUSY_ROUNDS_PER_FD_CHECK)
				continue;
			r = dispatch(rt, 0);
			if (r < 0)
				return r;
			continue;
		}
		if (busy_poll_continue(&rt->busy_poll)) {
			/* The device's interrupt may be all there is to see. */
			r = dispatch(rt, 0);
			if (r < 0)
				return r;
			continue;
		}
		r = prepare_sleep(rt);
		if (r < 0) {
			airlock_rt_log(rt, "ring indices corrupt");
			return r;
		}
		r = dispatch(rt, r > 0 ? 0 : sleep_timeout(rt));
		wake_done(rt);
		if (r < 0)
			return r;
	}
	return 0;
}
