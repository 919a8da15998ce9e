// SPDX-License-Identifier: GPL-2.0-only
/*
 * cable-pair: does airlockd's part for two cable driver hosts, without
 * airlockd (tests/vm/scenarios/cable.sh): one cable, a region and
 * eventfds per proxy, airlock_host_spawn(), HELLO, the stub attachment
 * (AIRLOCK_IOC_ATTACH) handed over in ATTACH, SERVING. Then it waits; on
 * SIGTERM/SIGINT it sends SHUTDOWN and checks both hosts exit 0.
 *
 *   cable-pair HOST_BINARY ID_A ID_B     prints "serving PID_A PID_B"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <airlock/abi.h>

#include "args.h"
#include "cable.h"
#include "doorbell.h"
#include "proto.h"
#include "region.h"
#include "spawn.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

struct end {
	uint32_t id;
	struct airlock_region region;
	int kick, doorbell, sock, pidfd;
	pid_t pid;
};

static int fail(const char *what, int err)
{
	fprintf(stderr, "cable-pair: %s: %s\n", what, strerror(err < 0 ? -err : err));
	return 1;
}

static int start(struct end *e, const char *bin, unsigned int side, int cable)
{
	const struct airlock_region_params params = {
		.n_queues = 1, .ctrl_entries = 64, .queue_entries = 256, .n_bufs = 512,
		.buf_size = AIRLOCK_BUF_SIZE_JUMBO,
	};
	struct airlock_host_args a = { .uid = 65534, .gid = 65534, .heartbeat_ms = 100 };
	struct airlock_host_spawn s;
	char **argv;
	int sv[2], r;

	r = airlock_region_create(&params, &e->region);
	if (r < 0)
		return r;
	e->kick = airlock_doorbell_new();
	e->doorbell = airlock_doorbell_new();
	if (e->kick < 0 || e->doorbell < 0)
		return -EMFILE;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	e->sock = sv[0];
	snprintf(a.name, sizeof(a.name), "cable%u", side);
	snprintf(a.driver_opt, sizeof(a.driver_opt), "side=%u", side);
	r = airlock_host_args_format(&a, bin, &argv);
	if (r < 0)
		return r;
	airlock_host_spawn_init(&s, bin, argv);
	s.fds[AIRLOCK_HOST_FD_LOG] = STDERR_FILENO;
	s.fds[AIRLOCK_HOST_FD_DAEMON] = sv[1];
	s.fds[AIRLOCK_HOST_FD_REGION] = e->region.fd;
	s.fds[AIRLOCK_HOST_FD_KICK] = e->kick;
	s.fds[AIRLOCK_HOST_FD_DOORBELL] = e->doorbell;
	s.fds[AIRLOCK_HOST_FD_EXTRA] = cable;
	r = airlock_host_spawn(&s, &e->pid, &e->pidfd);
	airlock_host_args_free(argv);
	close(sv[1]);
	return r;
}

static int expect(struct end *e, uint32_t type, int timeout_ms)
{
	struct pollfd p = { .fd = e->sock, .events = POLLIN };
	struct airlock_host_msg m;
	int r;

	if (poll(&p, 1, timeout_ms) != 1)
		return -ETIMEDOUT;
	r = airlock_host_recv(e->sock, &m, NULL);
	if (r < 0)
		return r;
	return m.type == type ? 0 : -EPROTO;
}

/* The stub attachment, made here and handed over: the host only holds it. */
static int attach(struct end *e)
{
	struct airlock_attach att = {
		.id = e->id, .region_fd = e->region.fd, .kick_fd = e->kick, .doorbell_fd = e->doorbell,
	};
	struct airlock_host_msg m = { .type = AIRLOCK_HOST_ATTACH };
	int dev, r;

	dev = open("/dev/" AIRLOCK_DEVICE_NAME, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return -errno;
	if (ioctl(dev, AIRLOCK_IOC_ATTACH, &att) < 0) {
		r = -errno;
		close(dev);
		return r;
	}
	r = airlock_host_send(e->sock, &m, dev);
	close(dev);
	return r;
}

static int exit_status(struct end *e)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid((idtype_t)P_PIDFD, (id_t)e->pidfd, &si, WEXITED) < 0)
		return -1;
	return si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
}

int main(int argc, char **argv)
{
	struct end ends[2] = { 0 };
	struct pollfd pfd[3];
	sigset_t sigs;
	int cable, sfd, r, rc = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: cable-pair HOST_BINARY ID_A ID_B\n");
		return 2;
	}
	ends[0].id = (uint32_t)strtoul(argv[2], NULL, 10);
	ends[1].id = (uint32_t)strtoul(argv[3], NULL, 10);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	sfd = signalfd(-1, &sigs, SFD_CLOEXEC);

	r = airlock_cable_create(&cable);
	if (r < 0)
		return fail("cable", r);
	for (unsigned int i = 0; i < 2; i++) {
		r = start(&ends[i], argv[1], i, cable);
		if (r < 0)
			return fail("spawn", r);
		r = expect(&ends[i], AIRLOCK_HOST_HELLO, 10000);
		if (r < 0)
			return fail("hello", r);
		r = attach(&ends[i]);
		if (r < 0)
			return fail("attach", r);
		r = expect(&ends[i], AIRLOCK_HOST_SERVING, 10000);
		if (r < 0)
			return fail("serving", r);
	}
	printf("serving %d %d\n", (int)ends[0].pid, (int)ends[1].pid);
	fflush(stdout);

	pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = ends[0].pidfd, .events = POLLIN };
	pfd[2] = (struct pollfd){ .fd = ends[1].pidfd, .events = POLLIN };
	while (poll(pfd, 3, -1) < 0 && errno == EINTR)
		;
	if (pfd[1].revents || pfd[2].revents) {
		fprintf(stderr, "cable-pair: a host ended on its own\n");
		rc = 1;
	}
	for (int i = 0; i < 2; i++) {
		int st;

		airlock_host_send(ends[i].sock, &(struct airlock_host_msg){ .type = AIRLOCK_HOST_SHUTDOWN }, -1);
		st = exit_status(&ends[i]);
		fprintf(stderr, "cable-pair: host %d exit status %d\n", (int)ends[i].pid, st);
		if (st != 0)
			rc = 1;
	}
	return rc;
}
