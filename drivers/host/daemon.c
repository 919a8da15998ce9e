// SPDX-License-Identifier: GPL-2.0-only
/*
 * Daemon mode: the host airlockd starts (airlock/host.h). The descriptors
 * are already open at their fixed numbers: the VFIO device, the DMA heap
 * and the region are mapped into the daemon's container at the IOVAs on
 * the command line. open() maps what needs fstat/fcntl and then confines
 * the process (sandbox/sandbox.h, VFIO policy) before the driver's
 * module_init runs; attach() says HELLO with the MAC the driver read from
 * the EEPROM and takes the stub file from ATTACH; serving() says SERVING
 * and watches the daemon's socket, whose SHUTDOWN or hang-up stops the
 * loop for a clean remove.
 *
 * The host is the init of its PID namespace: no signal handlers, SIGTERM
 * from outside does nothing. The shim beats the state block's heartbeat
 * on every loop round (shim/netdev.c); this file only makes sure the loop
 * wakes often enough for the heartbeat the daemon asked for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <airlock/host.h>

#include "args.h"
#include "env.h"
#include "proto.h"
#include "region.h"
#include "sandbox.h"
#include "source.h"

/* Larger than any heap airlockd hands out; a bigger one is a mistake, not a need. */
#define HEAP_MAX_SIZE (256ULL << 20)

static struct {
	struct airlock_host_args args;
	struct shim_port *port;		/* mapped before the sandbox, until attach() hands it on */
	int stub_fd;			/* the stub file from ATTACH: held, never used */
	bool failed;			/* the daemon broke the protocol */
} dm = { .stub_fd = -1 };

/* --opt "NAME=VALUE NAME=VALUE": the driver's module parameters. */
static int set_params(char *opts)
{
	char *save = NULL, *tok;
	int r;

	for (tok = strtok_r(opts, " ,", &save); tok; tok = strtok_r(NULL, " ,", &save)) {
		r = shim_param_set(tok);
		if (r < 0) {
			fprintf(stderr, "host: module parameter %s: %s\n", tok, strerror(-r));
			return r;
		}
	}
	return 0;
}

static int dm_parse(int argc, char **argv, const char **ret_bdf)
{
	char opts[AIRLOCK_HOST_OPT_MAX];
	int r;

	r = airlock_host_args_parse(argc, argv, &dm.args);
	if (r < 0)
		return r;
	if (!*dm.args.pci || !dm.args.region_iova || !dm.args.heap_iova) {
		fprintf(stderr, "host: --pci, --region-iova and --heap-iova are required\n");
		return -EINVAL;
	}
	snprintf(opts, sizeof(opts), "%s", dm.args.driver_opt);
	r = set_params(opts);
	if (r < 0)
		return r;
	*ret_bdf = dm.args.pci;
	return 0;
}

/* The heap memfd, mapped whole: sealed, so our DMA pages cannot SIGBUS. */
static int map_heap(void **ret_base, size_t *ret_size)
{
	return airlock_memfd_map(AIRLOCK_HOST_FD_HEAP, 1, HEAP_MAX_SIZE, ret_base, ret_size);
}

static int set_nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

static int dm_open(const char *bdf, struct host_device *ret)
{
	const struct airlock_sandbox_config sb = {
		.uid = dm.args.uid,
		.gid = dm.args.gid,
		.policy = AIRLOCK_SANDBOX_VFIO,
	};
	void *heap = NULL;
	size_t heap_size = 0;
	int r;

	(void)bdf;
	/* Before the sandbox: the calls it forbids (fcntl, fstat), on fds the daemon made. */
	r = map_heap(&heap, &heap_size);
	if (r < 0) {
		fprintf(stderr, "host: DMA heap: %s\n", strerror(-r));
		return r;
	}
	r = shim_port_map(AIRLOCK_HOST_FD_REGION, &dm.port);
	if (r < 0) {
		fprintf(stderr, "host: region: %s\n", strerror(-r));
		goto fail;
	}
	r = set_nonblocking(AIRLOCK_HOST_FD_KICK);
	if (r == 0)
		r = set_nonblocking(AIRLOCK_HOST_FD_DOORBELL);
	if (r < 0) {
		fprintf(stderr, "host: eventfds: %s\n", strerror(-r));
		goto fail;
	}
	r = airlock_sandbox_enter(&sb);
	if (r < 0) {
		fprintf(stderr, "host: sandbox: %s\n", strerror(-r));
		goto fail;
	}
	fprintf(stderr, "host: confined (uid %u, seccomp policy %s)\n", (unsigned int)sb.uid,
		airlock_sandbox_policy_name(sb.policy));
	ret->vfio_fd = AIRLOCK_HOST_FD_VFIO;
	ret->heap = heap;
	ret->heap_size = heap_size;
	ret->heap_iova = dm.args.heap_iova;
	return 0;
fail:
	shim_port_close(dm.port);
	dm.port = NULL;
	munmap(heap, heap_size);
	return r;
}

/* Waits for ATTACH: 0 and dm.stub_fd, -ECONNRESET if told to go first, or -errno. */
static int wait_attach(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = AIRLOCK_HOST_FD_DAEMON };
	struct airlock_host_msg m;
	int ep, fd = -1, r;

	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return -errno;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, AIRLOCK_HOST_FD_DAEMON, &ev) < 0) {
		r = -errno;
		goto out;
	}
	for (;;) {
		/* Nobody watches the heartbeat before ATTACH: no timeout needed. */
		if (epoll_wait(ep, &ev, 1, -1) < 0 && errno != EINTR) {
			r = -errno;
			goto out;
		}
		r = airlock_host_recv(AIRLOCK_HOST_FD_DAEMON, &m, &fd);
		if (r == -EAGAIN)
			continue;
		if (r < 0)
			goto out;
		if (m.type == AIRLOCK_HOST_ATTACH && fd >= 0) {
			dm.stub_fd = fd;
			r = 0;
			goto out;
		}
		if (fd >= 0)
			close(fd);
		fd = -1;
		if (m.type == AIRLOCK_HOST_SHUTDOWN) {
			r = -ECONNRESET;
			goto out;
		}
		fprintf(stderr, "host: unexpected message type %u before ATTACH\n", m.type);
		r = -EPROTO;
		goto out;
	}
out:
	close(ep);
	return r;
}

static int dm_attach(const struct host_offer *offer, struct host_attachment *ret)
{
	struct airlock_host_msg hello = {
		.type = AIRLOCK_HOST_HELLO,
		.mtu_max = offer->max_mtu,
		.features = offer->features,
	};
	int r;

	memcpy(hello.mac, offer->mac, 6);
	r = airlock_host_send(AIRLOCK_HOST_FD_DAEMON, &hello, -1);
	if (r == -EPIPE)
		r = -ECONNRESET;
	if (r == 0)
		r = wait_attach();
	/* The mapping is the caller's from here on, attached or not. */
	ret->port = dm.port;
	dm.port = NULL;
	if (r < 0)
		return r;
	ret->region_fd = AIRLOCK_HOST_FD_REGION;
	ret->kick_fd = AIRLOCK_HOST_FD_KICK;
	ret->doorbell_fd = AIRLOCK_HOST_FD_DOORBELL;
	ret->region_iova = dm.args.region_iova;
	snprintf(ret->ifname, sizeof(ret->ifname), "%.15s", dm.args.name);
	return 0;
}

/* The daemon's socket while serving: SHUTDOWN or its hang-up end the loop. */
static void on_daemon(void *arg)
{
	struct airlock_host_msg m;
	int r;

	(void)arg;
	for (;;) {
		r = airlock_host_recv(AIRLOCK_HOST_FD_DAEMON, &m, NULL);
		if (r == -EAGAIN)
			return;
		if (r == -ECONNRESET) {
			fprintf(stderr, "host: the daemon hung up\n");
		} else if (r < 0 || m.type != AIRLOCK_HOST_SHUTDOWN) {
			fprintf(stderr, "host: daemon socket: %s\n",
				r < 0 ? strerror(-r) : "message out of turn");
			dm.failed = true;
		} else {
			fprintf(stderr, "host: shutdown\n");
		}
		/* Unwatched: a hung-up socket stays readable and would spin the loop. */
		shim_loop_del_fd(AIRLOCK_HOST_FD_DAEMON);
		shim_loop_stop();
		return;
	}
}

static int no_work(void *arg)
{
	(void)arg;
	return 0;
}

/* Wakes the loop at twice the heartbeat rate asked for (the shim beats every round). */
static int heartbeat_timeout_ms(void *arg)
{
	uint32_t ms = dm.args.heartbeat_ms ? dm.args.heartbeat_ms : 100;

	(void)arg;
	return ms >= 2 ? (int)(ms / 2) : 1;
}

static int dm_serving(struct shim_port *port)
{
	static const struct shim_loop_hooks beat = {
		.poll = no_work,
		.next_timeout_ms = heartbeat_timeout_ms,
	};
	struct airlock_host_msg m = { .type = AIRLOCK_HOST_SERVING };
	int r;

	(void)port;
	r = shim_loop_add_hooks(&beat);
	if (r == 0)
		r = shim_loop_add_fd(AIRLOCK_HOST_FD_DAEMON, on_daemon, NULL);
	if (r == 0)
		r = airlock_host_send(AIRLOCK_HOST_FD_DAEMON, &m, -1);
	if (r == -EPIPE) {	/* gone already: remove the driver as after a hang-up */
		shim_loop_stop();
		r = 0;
	}
	return r;
}

static int dm_result(void)
{
	return dm.failed ? -EPROTO : 0;
}

/* After the driver's remove: closing the stub file ends the attachment. */
static void dm_close(void)
{
	if (dm.stub_fd >= 0)
		close(dm.stub_fd);
	dm.stub_fd = -1;
	shim_port_close(dm.port);
	dm.port = NULL;
}

const struct host_source host_source_daemon = {
	.name = "daemon",
	.parse = dm_parse,
	.open = dm_open,
	.attach = dm_attach,
	.serving = dm_serving,
	.result = dm_result,
	.close = dm_close,
};
