// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlock_host_main(): the life of a driver host (airlock/host.h). Steps
 * before the sandbox only touch what the daemon handed over and read
 * nothing a peer could have written; everything after runs confined.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doorbell.h"
#include "proto.h"
#include "runtime.h"

/* Sealed memfds only: one that can shrink turns our accesses into SIGBUS. */
#define EXTRA_MAX_SIZE	(256ULL << 20)
#define MAX_EVENTS	(2 + AIRLOCK_HOST_MAX_WATCH)

void airlock_host_log(const struct airlock_host *h, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	ssize_t w;
	int n, m;

	n = snprintf(line, sizeof(line), "%s[%s]: ", h->drv->name, h->args.name);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - 1 - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* One write per line (the daemon's log pipe sees whole lines), no stdio. */
	w = write(AIRLOCK_HOST_FD_LOG, line, (size_t)n);
	(void)w;
}

static int map_extra(struct airlock_host *h)
{
	return airlock_memfd_map(AIRLOCK_HOST_FD_EXTRA, 1, EXTRA_MAX_SIZE, &h->extra,
				 &h->extra_size);
}

static int set_nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

/* Before the sandbox: everything that needs fstat/fcntl or a fresh mapping. */
static int prepare(struct airlock_host *h)
{
	int r;

	r = airlock_region_map(AIRLOCK_HOST_FD_REGION, &h->region);
	if (r < 0) {
		airlock_host_log(h, "region: %s", strerror(-r));
		return r;
	}
	h->state = airlock_region_state(&h->region);
	r = set_nonblocking(AIRLOCK_HOST_FD_KICK);
	if (r >= 0)
		r = set_nonblocking(AIRLOCK_HOST_FD_DOORBELL);
	if (r < 0) {
		airlock_host_log(h, "eventfds: %s", strerror(-r));
		return r;
	}
	if (h->drv->map_extra) {
		r = map_extra(h);
		if (r < 0) {
			airlock_host_log(h, "extra memfd: %s", strerror(-r));
			return r;
		}
	}
	if (h->drv->prepare) {
		r = h->drv->prepare(h);
		if (r < 0) {
			airlock_host_log(h, "prepare: %s", strerror(-r));
			return r;
		}
	}
	return 0;
}

int airlock_host_watch_fd(struct airlock_host *h, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	if (h->n_watch >= AIRLOCK_HOST_MAX_WATCH)
		return -ENOSPC;
	if (epoll_ctl(h->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	h->n_watch++;
	return 0;
}

static void heartbeat(struct airlock_host *h)
{
	static uint64_t beats;

	/* Our own count, stored whole: nobody else's writes are read back. */
	__atomic_store_n(&h->state->heartbeat, ++beats, __ATOMIC_RELAXED);
}

static int heartbeat_ms(const struct airlock_host *h)
{
	uint32_t ms = h->args.heartbeat_ms ? h->args.heartbeat_ms : AIRLOCK_HOST_HEARTBEAT_DEFAULT_MS;

	/* Wake at twice the rate asked, so one late wakeup misses no deadline. */
	return ms >= 2 ? (int)(ms / 2) : 1;
}

enum daemon_event { DAEMON_NOTHING, DAEMON_ATTACH, DAEMON_GONE, DAEMON_ERROR };

/* Reads what the daemon sent. *ret_fd: the stub file of an ATTACH. */
static enum daemon_event daemon_read(struct airlock_host *h, bool want_attach, int *ret_fd)
{
	struct airlock_host_msg m;
	int fd = -1, r;

	for (;;) {
		r = airlock_host_recv(AIRLOCK_HOST_FD_DAEMON, &m, &fd);
		if (r == -EAGAIN)
			return DAEMON_NOTHING;
		if (r == -ECONNRESET)
			return DAEMON_GONE;
		if (r < 0) {
			airlock_host_log(h, "daemon socket: %s", strerror(-r));
			return r == -EPROTO ? DAEMON_ERROR : DAEMON_GONE;
		}
		if (m.type == AIRLOCK_HOST_SHUTDOWN) {
			if (fd >= 0)
				close(fd);
			airlock_host_log(h, "shutdown");
			return DAEMON_GONE;
		}
		if (m.type == AIRLOCK_HOST_ATTACH && want_attach && fd >= 0) {
			*ret_fd = fd;
			return DAEMON_ATTACH;
		}
		if (fd >= 0)
			close(fd);
		airlock_host_log(h, "unexpected message type %u", m.type);
		return DAEMON_ERROR;
	}
}

/* HELLO sent: waits for ATTACH, heartbeating meanwhile. */
static enum daemon_event wait_attach(struct airlock_host *h)
{
	struct epoll_event ev[MAX_EVENTS];

	for (;;) {
		enum daemon_event e;
		int n;

		heartbeat(h);
		n = epoll_wait(h->epoll_fd, ev, MAX_EVENTS, heartbeat_ms(h));
		if (n < 0 && errno != EINTR) {
			airlock_host_log(h, "epoll: %s", strerror(errno));
			return DAEMON_ERROR;
		}
		e = daemon_read(h, true, &h->stub_fd);
		if (e != DAEMON_NOTHING)
			return e;
		if (n > 0)
			airlock_doorbell_drain(AIRLOCK_HOST_FD_KICK);
	}
}

static int attach_rings(struct airlock_host *h)
{
	const struct airlock_queue_loc *q = &h->region.hdr.queues[0];
	int r;

	/* The kernel reset the rings at attach: take the indices from there. */
	r = airlock_ctrl_attach(&h->region, &h->ctrl);
	if (r >= 0)
		r = airlock_region_ring(&h->region, &q->tx, AIRLOCK_RING_CONSUMER, &h->q.tx);
	if (r >= 0)
		r = airlock_region_ring(&h->region, &q->rx, AIRLOCK_RING_PRODUCER, &h->q.rx);
	if (r >= 0)
		r = airlock_region_ring(&h->region, &q->ret, AIRLOCK_RING_PRODUCER, &h->q.ret);
	h->q.rx_bufs = q->rx_bufs;
	return r;
}

/* Answers every pending control request. Returns how many, or -errno. */
static int serve_control(struct airlock_host *h)
{
	struct airlock_ctrl_msg req;
	int n = 0, r;

	for (;;) {
		int status;

		r = airlock_ctrl_next(&h->ctrl, &req);
		if (r == -EAGAIN)
			break;
		if (r == -EPROTO) {	/* malformed: already answered -EINVAL */
			airlock_host_log(h, "malformed control request refused");
			n++;
			continue;
		}
		if (r < 0)
			return r;
		status = h->drv->control(h, &req);
		if (status > 0 || status < -AIRLOCK_CTRL_MAX_ERRNO)
			status = -EIO;
		r = airlock_ctrl_reply(&h->ctrl, &req, status);
		if (r < 0)
			return r;
		n++;
	}
	/* Replies are rare and the kernel waits on them: always ring. */
	if (n)
		airlock_doorbell_kick(AIRLOCK_HOST_FD_DOORBELL);
	return n;
}

static int sleep_timeout(struct airlock_host *h)
{
	int t = heartbeat_ms(h);

	if (h->drv->idle_ms) {
		int d = h->drv->idle_ms(h);

		if (d >= 0 && d < t)
			t = d;
	}
	return t;
}

static int serve(struct airlock_host *h)
{
	struct epoll_event ev[MAX_EVENTS];

	for (;;) {
		int work, r, n, timeout = 0;
		bool armed = false;

		heartbeat(h);
		work = serve_control(h);
		if (work < 0) {
			airlock_host_log(h, "control ring: %s", strerror(-work));
			return 1;
		}
		r = h->drv->poll(h);
		airlock_host_flush(h);
		if (r < 0) {
			airlock_host_log(h, "driver: %s", strerror(-r));
			return 1;
		}
		work += r;

		if (!work) {
			int a = airlock_ring_prepare_sleep(&h->ctrl.req);
			int b = airlock_ring_prepare_sleep(&h->q.tx);

			if (a < 0 || b < 0) {
				airlock_host_log(h, "ring indices corrupt");
				return 1;
			}
			armed = true;
			if (a == 0 && b == 0)
				timeout = sleep_timeout(h);
		}
		n = epoll_wait(h->epoll_fd, ev, MAX_EVENTS, timeout);
		if (n < 0 && errno != EINTR) {
			airlock_host_log(h, "epoll: %s", strerror(errno));
			return 1;
		}
		for (int i = 0; i < n; i++) {
			if (ev[i].data.fd == AIRLOCK_HOST_FD_DAEMON) {
				enum daemon_event e = daemon_read(h, false, NULL);

				if (e == DAEMON_GONE)
					return 0;
				if (e == DAEMON_ERROR)
					return 1;
			} else if (ev[i].data.fd == AIRLOCK_HOST_FD_KICK) {
				airlock_doorbell_drain(AIRLOCK_HOST_FD_KICK);
			}
		}
		if (armed) {
			airlock_ring_wake_done(&h->ctrl.req);
			airlock_ring_wake_done(&h->q.tx);
		}
	}
}

static int setup_epoll(struct airlock_host *h)
{
	struct epoll_event kick = { .events = EPOLLIN, .data.fd = AIRLOCK_HOST_FD_KICK };
	struct epoll_event sock = { .events = EPOLLIN | EPOLLRDHUP, .data.fd = AIRLOCK_HOST_FD_DAEMON };

	h->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (h->epoll_fd < 0)
		return -errno;
	if (epoll_ctl(h->epoll_fd, EPOLL_CTL_ADD, AIRLOCK_HOST_FD_KICK, &kick) < 0 ||
	    epoll_ctl(h->epoll_fd, EPOLL_CTL_ADD, AIRLOCK_HOST_FD_DAEMON, &sock) < 0)
		return -errno;
	return 0;
}

int airlock_host_main(int argc, char **argv, const struct airlock_host_driver *drv, void *priv)
{
	struct airlock_host h = { .drv = drv, .priv = priv, .stub_fd = -1, .epoll_fd = -1 };
	struct airlock_host_msg msg;
	struct airlock_sandbox_config sb;
	enum daemon_event e;
	int r, status = 1;

	if (airlock_host_args_parse(argc, argv, &h.args) < 0)
		return 2;
	if (prepare(&h) < 0)
		return 1;

	sb = (struct airlock_sandbox_config){
		.uid = h.args.uid, .gid = h.args.gid, .policy = drv->policy,
	};
	r = airlock_sandbox_enter(&sb);
	if (r < 0) {
		airlock_host_log(&h, "sandbox: %s", strerror(-r));
		return 1;
	}
	/* Confined from here on. */
	r = setup_epoll(&h);
	if (r < 0) {
		airlock_host_log(&h, "epoll: %s", strerror(-r));
		return 1;
	}

	memset(&msg, 0, sizeof(msg));
	msg.type = AIRLOCK_HOST_HELLO;
	r = drv->probe(&h, &msg);
	if (r < 0) {
		airlock_host_log(&h, "probe: %s", strerror(-r));
		return 1;
	}
	msg.type = AIRLOCK_HOST_HELLO;
	r = airlock_host_send(AIRLOCK_HOST_FD_DAEMON, &msg, -1);
	if (r < 0) {
		airlock_host_log(&h, "hello: %s", strerror(-r));
		return r == -EPIPE ? 0 : 1;
	}

	e = wait_attach(&h);
	if (e == DAEMON_GONE)
		status = 0;
	if (e != DAEMON_ATTACH)
		goto out;

	r = attach_rings(&h);
	if (r < 0) {
		airlock_host_log(&h, "rings: %s", strerror(-r));
		goto out;
	}
	r = drv->start ? drv->start(&h) : 0;
	if (r < 0) {
		airlock_host_log(&h, "start: %s", strerror(-r));
		goto out;
	}
	memset(&msg, 0, sizeof(msg));
	msg.type = AIRLOCK_HOST_SERVING;
	r = airlock_host_send(AIRLOCK_HOST_FD_DAEMON, &msg, -1);
	if (r < 0) {
		status = r == -EPIPE ? 0 : 1;
		goto out_stop;
	}
	airlock_host_log(&h, "serving");
	status = serve(&h);
out_stop:
	if (drv->stop)
		drv->stop(&h);
out:
	/* Exit unmaps and closes the rest; the stub sees its file closed. */
	return status;
}
