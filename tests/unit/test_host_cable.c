// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two real airlock-host-cable processes, spawned confined (namespaces,
 * empty root, seccomp) through airlock_host_spawn(), joined by a cable;
 * this test plays the daemon (HELLO, ATTACH, SHUTDOWN) and the kernel
 * (control requests, TX, RX, doorbells) on ordinary memfd regions. Needs
 * root for the namespaces: skipped (77) without.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

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
	struct airlock_region region;
	int kick, doorbell, sock, pid, pidfd;
	struct airlock_ring req, rsp, tx, rx, ret;
	uint64_t seq;
};

static struct end ends[2];
static int cable_fd = -1;

static void msleep(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void recv_type(struct end *e, uint32_t type, struct airlock_host_msg *ret)
{
	struct pollfd p = { .fd = e->sock, .events = POLLIN };
	struct airlock_host_msg m;

	assert_int_equal(poll(&p, 1, 10000), 1);
	assert_int_equal(airlock_host_recv(e->sock, &m, NULL), 0);
	assert_int_equal(m.type, type);
	if (ret)
		*ret = m;
}

static void start_end(struct end *e, unsigned int side, const char *name)
{
	const struct airlock_region_params params = {
		.n_queues = 1, .ctrl_entries = 16, .queue_entries = 64, .n_bufs = 128,
		.buf_size = AIRLOCK_BUF_SIZE_JUMBO,
	};
	struct airlock_host_args a = { .uid = 65534, .gid = 65534, .heartbeat_ms = 40 };
	struct airlock_host_spawn s;
	int sv[2], r;
	char **argv;
	const char *bin = getenv("AIRLOCK_HOST_CABLE");

	assert_non_null(bin);
	assert_int_equal(airlock_region_create(&params, &e->region), 0);
	e->kick = airlock_doorbell_new();
	e->doorbell = airlock_doorbell_new();
	assert_true(e->kick >= 0 && e->doorbell >= 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	e->sock = sv[0];

	snprintf(a.name, sizeof(a.name), "%s", name);
	snprintf(a.driver_opt, sizeof(a.driver_opt), "side=%u", side);
	assert_int_equal(airlock_host_args_format(&a, bin, &argv), 0);
	airlock_host_spawn_init(&s, bin, argv);
	s.fds[AIRLOCK_HOST_FD_LOG] = STDERR_FILENO;
	s.fds[AIRLOCK_HOST_FD_DAEMON] = sv[1];
	s.fds[AIRLOCK_HOST_FD_REGION] = e->region.fd;
	s.fds[AIRLOCK_HOST_FD_KICK] = e->kick;
	s.fds[AIRLOCK_HOST_FD_DOORBELL] = e->doorbell;
	s.fds[AIRLOCK_HOST_FD_EXTRA] = cable_fd;
	r = airlock_host_spawn(&s, &e->pid, &e->pidfd);
	airlock_host_args_free(argv);
	close(sv[1]);
	assert_int_equal(r, 0);

	const struct airlock_region_hdr *h = &e->region.hdr;

	assert_int_equal(airlock_region_ring(&e->region, &h->ctrl_req, AIRLOCK_RING_PRODUCER, &e->req), 0);
	assert_int_equal(airlock_region_ring(&e->region, &h->ctrl_rsp, AIRLOCK_RING_CONSUMER, &e->rsp), 0);
	assert_int_equal(airlock_region_ring(&e->region, &h->queues[0].tx, AIRLOCK_RING_PRODUCER, &e->tx), 0);
	assert_int_equal(airlock_region_ring(&e->region, &h->queues[0].rx, AIRLOCK_RING_CONSUMER, &e->rx), 0);
	assert_int_equal(airlock_region_ring(&e->region, &h->queues[0].ret, AIRLOCK_RING_CONSUMER, &e->ret), 0);
}

static int exit_status(struct end *e)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	assert_int_equal(waitid((idtype_t)P_PIDFD, (id_t)e->pidfd, &si, WEXITED), 0);
	return si.si_code == CLD_EXITED ? si.si_status : 1000 + si.si_status;
}

/* Posts a control request and waits for its reply; returns the status. */
static int control(struct end *e, uint16_t op, uint16_t flags, const void *payload, size_t len)
{
	struct airlock_ctrl_msg m = { .seq = ++e->seq, .opcode = op, .flags = flags };
	struct airlock_ctrl_msg rsp;

	if (len)
		memcpy(m.u.raw, payload, len);
	assert_int_equal(airlock_ring_enqueue(&e->req, &m, 1), 1);
	airlock_doorbell_kick(e->kick);
	for (int i = 0; i < 5000; i++) {
		if (airlock_ring_dequeue(&e->rsp, &rsp, 1) == 1) {
			assert_int_equal(rsp.seq, m.seq);
			assert_int_equal(rsp.opcode, op);
			return rsp.status;
		}
		msleep(1);
	}
	fail_msg("no reply to opcode %u", op);
	return 1;
}

/* utime + stime of process @pid, in clock ticks (proc(5)). */
static long cpu_ticks(int pid)
{
	char path[64], buf[1024], *p;
	unsigned long utime, stime;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n > 0);
	buf[n] = '\0';
	/* After "(comm) ": state is field 3, utime 14, stime 15. */
	p = strrchr(buf, ')');
	assert_non_null(p);
	assert_int_equal(sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
				&utime, &stime), 2);
	return (long)(utime + stime);
}

static struct airlock_state *state(struct end *e)
{
	return airlock_region_state(&e->region);
}

static void test_cable_pair(void **unused)
{
	struct airlock_host_msg hello[2];
	const struct airlock_ctrl_set_mtu mtu = { .mtu = 9000 };
	unsigned char frame[1000];
	struct airlock_desc d = { .len = sizeof(frame), .id = 77 }, got;
	uint64_t hb;
	long ticks;
	int n = 0, devnull;

	if (geteuid() != 0)
		skip();
	assert_int_equal(airlock_cable_create(&cable_fd), 0);
	start_end(&ends[0], 0, "cab0");
	start_end(&ends[1], 1, "cab1");

	for (int i = 0; i < 2; i++) {
		recv_type(&ends[i], AIRLOCK_HOST_HELLO, &hello[i]);
		assert_int_equal(hello[i].mac[0], 0x02);
		assert_int_equal(hello[i].mtu_max, 9000);
		devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
		assert_int_equal(airlock_host_send(ends[i].sock,
			&(struct airlock_host_msg){ .type = AIRLOCK_HOST_ATTACH }, devnull), 0);
		close(devnull);
		recv_type(&ends[i], AIRLOCK_HOST_SERVING, NULL);
	}
	assert_memory_not_equal(hello[0].mac, hello[1].mac, 6);

	for (int i = 0; i < 2; i++) {
		assert_int_equal(control(&ends[i], AIRLOCK_CTRL_SET_MTU, AIRLOCK_CTRL_F_REPLAY, &mtu, sizeof(mtu)), 0);
		assert_int_equal(control(&ends[i], AIRLOCK_CTRL_OPEN, AIRLOCK_CTRL_F_REPLAY, NULL, 0), 0);
		assert_int_equal(state(&ends[i])->link_up, 1);
		assert_int_equal(control(&ends[i], AIRLOCK_CTRL_NWAY_RESET, 0, NULL, 0), 0);
	}
	/* A malformed request gets -EINVAL, and the host lives on. */
	assert_int_equal(control(&ends[0], AIRLOCK_CTRL_SET_MTU, 0,
				 &(struct airlock_ctrl_set_mtu){ .mtu = 20 }, 4), -EINVAL);

	/* A frame from end 0's kernel arrives at end 1's kernel. */
	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (unsigned char)(i * 7);
	d.buf = ends[0].region.hdr.queues[0].tx_bufs.first;
	memcpy(airlock_region_buf(&ends[0].region, d.buf), frame, sizeof(frame));
	assert_int_equal(airlock_ring_enqueue(&ends[0].tx, &d, 1), 1);
	airlock_doorbell_kick(ends[0].kick);
	for (int i = 0; i < 5000 && n == 0; i++) {
		n = airlock_ring_dequeue(&ends[1].rx, &got, 1);
		if (!n)
			msleep(1);
	}
	assert_int_equal(n, 1);
	assert_int_equal(got.len, sizeof(frame));
	assert_memory_equal(airlock_region_buf(&ends[1].region, got.buf), frame, sizeof(frame));
	/* Its TX buffer came back, and the frame counts as sent. */
	n = 0;
	for (int i = 0; i < 5000 && n == 0; i++) {
		n = airlock_ring_dequeue(&ends[0].ret, &got, 1);
		if (!n)
			msleep(1);
	}
	assert_int_equal(n, 1);
	assert_int_equal(got.id, 77);
	assert_string_equal((char *)state(&ends[0])->ethtool_names[0], "cable_tx_frames");
	assert_int_equal(state(&ends[0])->ethtool_values[0], 1);

	/* Heartbeat moves while idle. */
	hb = state(&ends[1])->heartbeat;
	msleep(200);
	assert_true(state(&ends[1])->heartbeat > hb);

	/*
	 * The loop never reads its kick eventfd (runtime/loop.c): watched
	 * level-triggered, a kick's count would wake it for ever, a spinning
	 * host. Three kicks, then 500 ms idle: a few rounds, not a vCPU's
	 * 50 ticks (measured spinning: 16 in 300 ms on a loaded machine).
	 */
	ticks = cpu_ticks(ends[1].pid);
	for (int i = 0; i < 3; i++)
		airlock_doorbell_kick(ends[1].kick);
	msleep(500);
	ticks = cpu_ticks(ends[1].pid) - ticks;
	assert_true(ticks < sysconf(_SC_CLK_TCK) / 20);

	/* SHUTDOWN ends one, a closed socket the other: both exit 0. */
	assert_int_equal(airlock_host_send(ends[0].sock,
		&(struct airlock_host_msg){ .type = AIRLOCK_HOST_SHUTDOWN }, -1), 0);
	assert_int_equal(exit_status(&ends[0]), 0);
	close(ends[1].sock);
	assert_int_equal(exit_status(&ends[1]), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cable_pair),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
