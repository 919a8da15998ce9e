// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event loop: one io_uring, a multishot poll per watched descriptor
 * (signalfd, timerfd, control socket, and per driver host its pidfd, socket
 * and log pipe). Each poll's user_data names what it watches: kind, device
 * and the host instance's generation, so a completion that arrives after
 * its instance is gone is recognised and dropped. Multishot polls fire on
 * wake-ups, not levels: every handler drains its descriptor.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "airlockd.h"

#define RING_ENTRIES	256

static uint64_t tag(enum loop_kind kind, unsigned int dev, uint32_t gen)
{
	return ((uint64_t)kind << 56) | ((uint64_t)(dev & 0xff) << 32) | gen;
}

static struct io_uring_sqe *get_sqe(struct daemon *d)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&d->ring);

	if (!sqe) {
		io_uring_submit(&d->ring);
		sqe = io_uring_get_sqe(&d->ring);
	}
	return sqe;
}

int loop_init(struct daemon *d)
{
	/*
	 * Completions run when we wait for them, not by interrupting whatever
	 * the daemon is doing (5.19+; older kernels get the default).
	 */
	if (io_uring_queue_init(RING_ENTRIES, &d->ring, IORING_SETUP_COOP_TASKRUN) == 0)
		return 0;
	return io_uring_queue_init(RING_ENTRIES, &d->ring, 0);
}

int loop_watch(struct daemon *d, int fd, enum loop_kind kind, unsigned int dev, uint32_t gen)
{
	struct io_uring_sqe *sqe = get_sqe(d);

	if (!sqe)
		return -EBUSY;
	io_uring_prep_poll_multishot(sqe, fd, POLLIN);
	io_uring_sqe_set_data64(sqe, tag(kind, dev, gen));
	return 0;
}

int loop_unwatch(struct daemon *d, enum loop_kind kind, unsigned int dev, uint32_t gen)
{
	struct io_uring_sqe *sqe = get_sqe(d);

	if (!sqe)
		return -EBUSY;
	io_uring_prep_poll_remove(sqe, tag(kind, dev, gen));
	/* Its own completion must not look like an event: tag it as nothing. */
	io_uring_sqe_set_data64(sqe, 0);
	/* Submit now: the caller is about to close the descriptor. */
	io_uring_submit(&d->ring);
	return 0;
}

static void on_signal(struct daemon *d)
{
	struct signalfd_siginfo si;

	while (read(d->signal_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			log_daemon("%s: stopping", strsignal((int)si.ssi_signo));
			d->stopping = true;
		}
	}
}

#define STATUS_PERIOD_NS	(500 * 1000000ULL)

int loop_set_tick(struct daemon *d, uint64_t ns)
{
	const struct itimerspec its = {
		.it_interval = { .tv_nsec = (long)ns },
		.it_value = { .tv_nsec = (long)ns },
	};

	if (timerfd_settime(d->timer_fd, 0, &its, NULL) < 0)
		return -errno;
	d->tick_ns = ns;
	return 0;
}

/* A tenth of the shortest heartbeat timeout, within the two bounds. */
static uint64_t slow_tick_ns(const struct daemon *d)
{
	uint64_t ns = LOOP_TICK_SLOW_MAX_NS;
	size_t i;

	for (i = 0; i < d->n_devices; i++) {
		uint64_t t = (uint64_t)d->devices[i].cfg->heartbeat_timeout_ms * 1000000 / 10;

		if (t < ns)
			ns = t;
	}
	return ns < LOOP_TICK_FAST_NS ? LOOP_TICK_FAST_NS : ns;
}

/*
 * After every batch of events: a crash, a HELLO or a control command may
 * have given a device something to time. 200 wake-ups a second while
 * nothing needs them cost airlockd 12-15% of a vCPU under TCG beside an
 * iperf3 run (docs/performance.md).
 */
static void retune_tick(struct daemon *d)
{
	uint64_t ns = slow_tick_ns(d);
	size_t i;

	for (i = 0; i < d->n_devices; i++)
		if (supervise_needs_fast_tick(&d->devices[i]))
			ns = LOOP_TICK_FAST_NS;
	if (ns != d->tick_ns && loop_set_tick(d, ns) < 0)
		log_daemon("timerfd_settime: %s", strerror(errno));
}

static void on_timer(struct daemon *d)
{
	uint64_t expirations, now;
	size_t i;

	while (read(d->timer_fd, &expirations, sizeof(expirations)) == sizeof(expirations))
		;
	now = now_ns();
	for (i = 0; i < d->n_devices; i++)
		supervise_tick(&d->devices[i], now);
	notify_watchdog(d, now);
	if (now - d->last_status_ns >= STATUS_PERIOD_NS) {
		d->last_status_ns = now;
		notify_status(d);
	}
}

/* Whether the poll that fired is still the one we want; re-arms it if it ended. */
static bool current(struct daemon *d, struct io_uring_cqe *cqe, enum loop_kind kind,
		    struct device *dev, uint32_t gen)
{
	int fd = -1;

	if (dev) {
		if (!dev->running || dev->in.gen != gen)
			return false;
		fd = kind == LOOP_PIDFD ? dev->in.pidfd : kind == LOOP_SOCK ? dev->in.sock :
									       dev->in.log_fd;
	} else {
		fd = kind == LOOP_SIGNAL ? d->signal_fd : kind == LOOP_TIMER ? d->timer_fd :
										 d->control_fd;
	}
	if (fd < 0)
		return false;
	/* The kernel ends a multishot poll on errors or overflow: arm it again. */
	if (!(cqe->flags & IORING_CQE_F_MORE))
		loop_watch(d, fd, kind, dev ? dev->idx : 0, gen);
	return cqe->res >= 0;
}

static void dispatch(struct daemon *d, struct io_uring_cqe *cqe)
{
	uint64_t data = io_uring_cqe_get_data64(cqe);
	enum loop_kind kind = (enum loop_kind)(data >> 56);
	unsigned int idx = (unsigned int)(data >> 32) & 0xff;
	uint32_t gen = (uint32_t)data;
	struct device *dev = NULL;

	if (!data)
		return;
	if (kind >= LOOP_PIDFD) {
		if (idx >= d->n_devices)
			return;
		dev = &d->devices[idx];
	}
	if (!current(d, cqe, kind, dev, gen))
		return;
	switch (kind) {
	case LOOP_SIGNAL:
		on_signal(d);
		break;
	case LOOP_TIMER:
		on_timer(d);
		break;
	case LOOP_CONTROL:
		control_on_accept(d);
		break;
	case LOOP_PIDFD:
		supervise_on_pidfd(dev);
		break;
	case LOOP_SOCK:
		supervise_on_sock(dev);
		break;
	case LOOP_LOG:
		supervise_on_log(dev, cqe->res & (POLLHUP | POLLERR));
		break;
	}
}

int loop_run(struct daemon *d)
{
	struct io_uring_cqe *cqe;
	unsigned int head, n;
	int r;

	while (!d->stopping) {
		r = io_uring_submit_and_wait(&d->ring, 1);
		if (r < 0 && r != -EINTR)
			return r;
		n = 0;
		io_uring_for_each_cqe(&d->ring, head, cqe) {
			dispatch(d, cqe);
			n++;
		}
		io_uring_cq_advance(&d->ring, n);
		retune_tick(d);
	}
	return 0;
}
