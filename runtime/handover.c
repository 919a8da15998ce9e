// SPDX-License-Identifier: GPL-2.0-only
/*
 * The driver's side of airlockd's hand-over (airlock/host.h): HELLO with
 * what the driver offers, ATTACH with the stub file, SERVING, and while
 * serving the daemon's socket, whose SHUTDOWN or hang-up ends the loop.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <airlock/host.h>

#include "doorbell.h"
#include "runtime-internal.h"
#include "proto.h"

int rt_handover_hello(struct airlock_rt *rt, const struct airlock_offer *offer)
{
	struct airlock_host_msg m = {
		.type = AIRLOCK_HOST_HELLO,
		.mtu_max = offer->max_mtu,
		.features = offer->features,
	};

	memcpy(m.mac, offer->mac, sizeof(m.mac));
	return airlock_host_send(AIRLOCK_HOST_FD_DAEMON, &m, -1);
}

/*
 * Reads one message: 0 and the message, -EAGAIN, -ESHUTDOWN (told to go),
 * -ECONNRESET (the daemon hung up), or -EPROTO.
 */
static int daemon_recv(struct airlock_rt *rt, struct airlock_host_msg *ret, int *ret_fd)
{
	int r = airlock_host_recv(AIRLOCK_HOST_FD_DAEMON, ret, ret_fd);

	if (r == -EAGAIN || r == -ECONNRESET)
		return r;
	if (r < 0) {
		airlock_rt_log(rt, "daemon socket: %s", strerror(-r));
		return r == -EPROTO ? r : -ECONNRESET;
	}
	if (ret->type == AIRLOCK_HOST_SHUTDOWN) {
		if (ret_fd && *ret_fd >= 0)
			close(*ret_fd);
		airlock_rt_log(rt, "shutdown");
		return -ESHUTDOWN;
	}
	return 0;
}

/*
 * HELLO sent: waits for ATTACH, heartbeating meanwhile. 0 and rt->stub_fd,
 * -ESHUTDOWN or -ECONNRESET if told or left to go first, or -EPROTO.
 */
int rt_handover_wait_attach(struct airlock_rt *rt)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = AIRLOCK_HOST_FD_DAEMON };
	struct airlock_host_msg m;
	int ep, r;

	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return -errno;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, AIRLOCK_HOST_FD_DAEMON, &ev) < 0) {
		r = -errno;
		goto out;
	}
	for (;;) {
		int fd = -1;

		rt_heartbeat(rt);
		if (epoll_wait(ep, &ev, 1, rt_heartbeat_period_ms(rt)) < 0 && errno != EINTR) {
			r = -errno;
			goto out;
		}
		r = daemon_recv(rt, &m, &fd);
		if (r == -EAGAIN)
			continue;
		if (r < 0)
			goto out;
		if (m.type == AIRLOCK_HOST_ATTACH && fd >= 0) {
			rt->stub_fd = fd;
			goto out;
		}
		if (fd >= 0)
			close(fd);
		airlock_rt_log(rt, "unexpected message type %u before ATTACH", m.type);
		r = -EPROTO;
		goto out;
	}
out:
	close(ep);
	return r;
}

/* The daemon's socket while serving: SHUTDOWN or its hang-up end the loop. */
static void on_daemon(void *arg)
{
	struct airlock_rt *rt = arg;
	struct airlock_host_msg m;
	int r = daemon_recv(rt, &m, NULL);

	if (r == -EAGAIN)
		return;
	if (r == 0) {
		airlock_rt_log(rt, "message type %u out of turn", m.type);
		rt->failed = true;
	} else if (r == -EPROTO) {
		rt->failed = true;
	} else {
		if (r == -ECONNRESET)
			airlock_rt_log(rt, "the daemon hung up");
		rt->stopping = true;
	}
	/* Unwatched: a hung-up socket stays readable and would spin the loop. */
	airlock_rt_unwatch_fd(rt, AIRLOCK_HOST_FD_DAEMON);
}

int rt_handover_serving(struct airlock_rt *rt)
{
	struct airlock_host_msg m = { .type = AIRLOCK_HOST_SERVING };
	int r;

	r = airlock_rt_watch_fd(rt, AIRLOCK_HOST_FD_DAEMON, on_daemon, rt);
	if (r < 0)
		return r;
	return airlock_host_send(AIRLOCK_HOST_FD_DAEMON, &m, -1);
}
