// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlock_runtime_main(): the life of a driver process (airlock/host.h).
 * Steps before the sandbox only touch what the daemon handed over and read
 * nothing a peer could have written; everything after runs confined.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <airlock/host.h>

#include "runtime-internal.h"
#include "sandbox.h"

/* Sealed memfds only: one that can shrink turns our accesses into SIGBUS. */
#define EXTRA_MAX_SIZE	(256ULL << 20)
/* Larger than any heap airlockd hands out; a bigger one is a mistake, not a need. */
#define HEAP_MAX_SIZE	(256ULL << 20)

static int set_nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

/* Before the sandbox: everything that needs fstat/fcntl or a fresh mapping. */
static int prepare(struct airlock_rt *rt)
{
	const char *what;
	int r;

	what = "region";
	r = airlock_region_map(AIRLOCK_HOST_FD_REGION, &rt->region);
	if (r < 0)
		goto fail;
	rt->state = airlock_region_state(&rt->region);
	what = "eventfds";
	r = set_nonblocking(AIRLOCK_HOST_FD_KICK);
	if (r >= 0)
		r = set_nonblocking(AIRLOCK_HOST_FD_DOORBELL);
	if (r < 0)
		goto fail;
	what = "DMA heap";
	if (rt->ops->maps & AIRLOCK_RT_MAP_HEAP) {
		r = airlock_memfd_map(AIRLOCK_HOST_FD_HEAP, 1, HEAP_MAX_SIZE, &rt->heap,
				      &rt->heap_size);
		if (r < 0)
			goto fail;
	}
	what = "extra memfd";
	if (rt->ops->maps & AIRLOCK_RT_MAP_EXTRA) {
		r = airlock_memfd_map(AIRLOCK_HOST_FD_EXTRA, 1, EXTRA_MAX_SIZE, &rt->extra,
				      &rt->extra_size);
		if (r < 0)
			goto fail;
	}
	what = "prepare";
	if (rt->ops->prepare) {
		r = rt->ops->prepare(rt);
		if (r < 0)
			goto fail;
	}
	return 0;
fail:
	airlock_rt_log(rt, "%s: %s", what, strerror(-r));
	return r;
}

static int confine(struct airlock_rt *rt)
{
	const struct airlock_sandbox_config sb = {
		.uid = rt->args.uid,
		.gid = rt->args.gid,
		.policy = (enum airlock_sandbox_policy)rt->ops->policy,
		.pci = rt->args.pci,
	};
	int r = airlock_sandbox_enter(&sb);

	if (r < 0) {
		airlock_rt_log(rt, "sandbox: %s", strerror(-r));
		return r;
	}
	airlock_rt_log(rt, "confined (uid %u, seccomp policy %s)", (unsigned int)sb.uid,
		       airlock_sandbox_policy_name(sb.policy));
	return 0;
}

/* After ATTACH: the control rings and one port per stub queue. */
static int attach(struct airlock_rt *rt)
{
	int r = airlock_ctrl_attach(&rt->region, &rt->ctrl);

	for (unsigned int i = 0; r >= 0 && i < rt->region.hdr.n_queues; i++) {
		r = rt_port_attach(&rt->ports[i], &rt->region, i);
		rt->n_ports = i + 1;
	}
	return r;
}

/* HELLO to SERVING. 0, 1 if the daemon went away first (nothing to serve), or -errno. */
static int start(struct airlock_rt *rt)
{
	struct airlock_offer offer = { 0 };
	int r;

	r = rt->ops->probe(rt, &offer);
	if (r < 0) {
		airlock_rt_log(rt, "probe: %s", strerror(-r));
		return r;
	}
	rt->probed = true;
	airlock_rt_log(rt, "%s probed, MAC %02x:%02x:%02x:%02x:%02x:%02x", rt->ops->name,
		       offer.mac[0], offer.mac[1], offer.mac[2], offer.mac[3], offer.mac[4],
		       offer.mac[5]);
	r = rt_handover_hello(rt, &offer);
	if (r == 0)
		r = rt_handover_wait_attach(rt);
	if (r == -EPIPE || r == -ECONNRESET || r == -ESHUTDOWN) {
		airlock_rt_log(rt, "the daemon went away before attaching");
		return 1;
	}
	if (r < 0) {
		airlock_rt_log(rt, "hand-over: %s", strerror(-r));
		return r;
	}
	r = attach(rt);
	if (r < 0) {
		airlock_rt_log(rt, "rings: %s", strerror(-r));
		return r;
	}
	r = rt->ops->open(rt);
	if (r < 0) {
		airlock_rt_log(rt, "open: %s", strerror(-r));
		return r;
	}
	r = rt_handover_serving(rt);
	if (r == -EPIPE) {	/* gone already: remove the driver as after a hang-up */
		rt->stopping = true;
		r = 0;
	}
	if (r < 0)
		airlock_rt_log(rt, "serving: %s", strerror(-r));
	return r;
}

int airlock_runtime_main(int argc, char **argv, const struct airlock_driver_ops *ops, void *priv)
{
	struct airlock_rt rt = {
		.ops = ops, .priv = priv, .stub_fd = -1, .epoll_fd = -1,
		.region = { .fd = -1 },
	};
	int r;

	if (airlock_host_args_parse(argc, argv, &rt.args) < 0)
		return 2;
	if (prepare(&rt) < 0 || confine(&rt) < 0)
		return 1;
	/* Confined from here on. */
	r = rt_loop_init(&rt);
	if (r < 0) {
		airlock_rt_log(&rt, "event loop: %s", strerror(-r));
		return 1;
	}
	r = start(&rt);
	if (r == 0) {
		airlock_rt_log(&rt, "serving %s", rt.args.name);
		r = rt_loop_run(&rt);
		if (r < 0)
			airlock_rt_log(&rt, "event loop: %s", strerror(-r));
		airlock_rt_log(&rt, "%llu loop rounds, %llu slept; the stub's doorbell rung %llu times",
			       (unsigned long long)rt.rounds, (unsigned long long)rt.sleeps,
			       (unsigned long long)rt.kicks);
		if (rt.busy_poll.max_us)
			airlock_rt_log(&rt, "busy polling: %llu windows found work, %llu ran out (last %u us of %u)",
				       (unsigned long long)rt.busy_poll.hits,
				       (unsigned long long)rt.busy_poll.misses,
				       rt.busy_poll.window_us, rt.busy_poll.max_us);
	}
	/* Also when the daemon went away before ATTACH: the driver removes itself. */
	if (rt.probed && ops->stop) {
		airlock_rt_log(&rt, "removing the driver");
		ops->stop(&rt);
	}
	for (unsigned int i = 0; i < rt.n_ports; i++)
		rt_rx_lend_free(&rt.ports[i]);
	/* Exit unmaps and closes the rest; the stub sees its file closed. */
	return r < 0 || rt.failed ? 1 : 0;
}
