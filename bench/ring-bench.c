// SPDX-License-Identifier: GPL-2.0-only
/*
 * ring-bench: what one trip over an airlock ring costs, next to the things
 * it replaces or competes with (a function call, a system call, a pipe, an
 * eventfd, a unix socket), all measured in one run on one machine.
 *
 * Two processes share one memfd region (created, then fork) and are pinned
 * to two CPUs when there are two, or both to CPU 0 with --same-cpu: a
 * wake-up then needs no inter-processor interrupt, which is how much of a
 * cross-CPU wake-up is the IPI (under TCG, an emulated one). Each row runs for an equal slice of
 * --seconds. Round trips are one message there and one back; one-way rows
 * stream entries in batches and report the cost per entry.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "doorbell.h"
#include "region.h"
#include "ring.h"

#define STOP_ID		UINT32_MAX
#define RING_ENTRIES	1024
#define CHECK_EVERY	64	/* iterations between clock reads */

static double slice_s;
static int n_cpus;
static int child_cpu = 1;
static bool pinned;

/* Shared with the children, outside the region so it needs no ABI. */
struct shared {
	volatile uint64_t line __attribute__((aligned(64)));	/* cache-line ping-pong */
	uint64_t received __attribute__((aligned(64)));
	uint64_t out_of_order;
};

static struct shared *sh;
static struct airlock_region region;
static struct airlock_ring tx_prod, tx_cons, rx_prod, rx_cons;
static int bell_child, bell_parent;	/* eventfds: wake the child / the parent */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "ring-bench: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

static void pin(int cpu)
{
	cpu_set_t set;

	if (n_cpus < 2)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) == 0)
		pinned = true;
}

/* Busy-wait step: a pause on two CPUs, a yield when we would starve the peer. */
static inline void relax(void)
{
	if (n_cpus < 2 || child_cpu == 0)
		sched_yield();
	else
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#else
		__asm__ volatile("" ::: "memory");
#endif
}

/* ---- in-process references ---- */

static __attribute__((noinline)) uint64_t plain_call(uint64_t x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 1;
}

static double bench_call(void)
{
	double t0 = now_s(), end = t0 + slice_s, t1;
	uint64_t n = 0, acc = 0;

	do {
		for (int i = 0; i < 4096; i++)
			acc = plain_call(acc);
		n += 4096;
	} while ((t1 = now_s()) < end);
	if (acc != n)
		die("plain_call", EIO);
	return (t1 - t0) * 1e9 / (double)n;
}

static double bench_getpid(void)
{
	double t0 = now_s(), end = t0 + slice_s, t1;
	uint64_t n = 0;

	do {
		for (int i = 0; i < CHECK_EVERY; i++)
			syscall(SYS_getpid);	/* not a cached libc value */
		n += CHECK_EVERY;
	} while ((t1 = now_s()) < end);
	return (t1 - t0) * 1e9 / (double)n;
}

/* ---- two processes ---- */

static pid_t spawn(void (*child)(void *), void *arg)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork", errno);
	if (pid == 0) {
		pin(child_cpu);
		child(arg);
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) < 0)
		die("waitpid", errno);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("child failed", EIO);
}

/* Times round trips of @once until the slice is over; @once(i) does one. */
static double time_round_trips(void (*once)(uint64_t))
{
	double t0, end, t1;
	uint64_t n = 0;

	for (uint64_t i = 0; i < 1000; i++)	/* warm caches and the peer */
		once(i);
	t0 = now_s();
	end = t0 + slice_s;
	do {
		for (int i = 0; i < CHECK_EVERY; i++)
			once(n + (uint64_t)i);
		n += CHECK_EVERY;
	} while ((t1 = now_s()) < end);
	return (t1 - t0) * 1e9 / (double)n;
}

/*
 * Cache line: the parent writes an odd value, the child answers with the
 * next even one; LINE_STOP (odd) ends the child.
 */
#define LINE_STOP	UINT64_MAX

static void line_child(void *arg)
{
	for (;;) {
		uint64_t v = sh->line;

		if (v == LINE_STOP)
			return;
		if (v & 1)
			sh->line = v + 1;
		else
			relax();
	}
}

static uint64_t line_val;

static void line_once(uint64_t i)
{
	uint64_t v = line_val + 1;

	sh->line = v;
	while (sh->line != v + 1)
		relax();
	line_val = v + 1;
}

static double bench_cache_line(void)
{
	pid_t pid;
	double ns;

	sh->line = 0;
	line_val = 0;
	pid = spawn(line_child, NULL);
	ns = time_round_trips(line_once);
	sh->line = LINE_STOP;
	reap(pid);
	return ns;
}

/* Rings: the parent sends on queue 0's TX ring, the child echoes on its RX ring. */
static void ring_send(struct airlock_ring *r, const struct airlock_desc *d, int bell)
{
	int n;

	while ((n = airlock_ring_enqueue(r, d, 1)) == 0)
		relax();
	if (n < 0)
		die("enqueue", n);
	if (bell >= 0 && airlock_ring_needs_wakeup(r)) {
		n = airlock_doorbell_kick(bell);
		if (n < 0)
			die("kick", n);
	}
}

static void ring_recv(struct airlock_ring *r, struct airlock_desc *d, int bell)
{
	int n;

	while ((n = airlock_ring_dequeue(r, d, 1)) == 0) {
		if (bell < 0) {
			relax();
			continue;
		}
		n = airlock_ring_prepare_sleep(r);
		if (n < 0)
			break;
		if (n > 0)
			continue;
		n = airlock_doorbell_wait(bell, -1);
		if (n < 0 && n != -EINTR)
			die("doorbell wait", n);
		airlock_ring_wake_done(r);
	}
	if (n < 0)
		die("dequeue", n);
}

struct ring_mode {
	int bell_child, bell_parent;	/* -1: busy polling */
};

static const struct ring_mode *ring_mode;

static void ring_echo_child(void *arg)
{
	const struct ring_mode *m = arg;
	struct airlock_desc d;

	do {
		ring_recv(&tx_cons, &d, m->bell_child);
		ring_send(&rx_prod, &d, m->bell_parent);
	} while (d.id != STOP_ID);
}

static void ring_once(uint64_t i)
{
	struct airlock_desc d = { .id = (uint32_t)i % STOP_ID };

	ring_send(&tx_prod, &d, ring_mode->bell_child);
	ring_recv(&rx_cons, &d, ring_mode->bell_parent);
	if (d.id != (uint32_t)i % STOP_ID)
		die("ring echo", EIO);
}

static double bench_ring_rtt(const struct ring_mode *m)
{
	struct airlock_desc stop = { .id = STOP_ID };
	pid_t pid;
	double ns;

	ring_mode = m;
	pid = spawn(ring_echo_child, (void *)m);
	ns = time_round_trips(ring_once);
	ring_send(&tx_prod, &stop, m->bell_child);
	ring_recv(&rx_cons, &stop, m->bell_parent);
	reap(pid);
	return ns;
}

/* One way: the parent streams batches, the child drains and checks order. */
static void stream_child(void *arg)
{
	unsigned int batch = *(unsigned int *)arg;
	struct airlock_desc d[256];
	uint64_t expect = 0, bad = 0;

	for (;;) {
		int n = airlock_ring_dequeue(&tx_cons, d, batch);

		if (n < 0)
			die("stream dequeue", n);
		if (n == 0) {
			relax();
			continue;
		}
		for (int i = 0; i < n; i++) {
			if (d[i].id == STOP_ID) {
				sh->received = expect;
				sh->out_of_order = bad;
				ring_send(&rx_prod, &d[i], -1);
				return;
			}
			bad += d[i].id != (uint32_t)expect;
			expect++;
		}
	}
}

static double bench_stream(unsigned int batch)
{
	struct airlock_desc d[256], stop = { .id = STOP_ID };
	uint64_t sent = 0;
	double t0, end, t1;
	pid_t pid;

	pid = spawn(stream_child, &batch);
	t0 = now_s();
	end = t0 + slice_s;
	do {
		for (int k = 0; k < CHECK_EVERY; k++) {
			unsigned int done = 0;

			for (unsigned int i = 0; i < batch; i++)
				d[i].id = (uint32_t)(sent + i);
			while (done < batch) {
				int n = airlock_ring_enqueue(&tx_prod, d + done, batch - done);

				if (n < 0)
					die("stream enqueue", n);
				if (n == 0)
					relax();
				done += (unsigned int)n;
			}
			sent += batch;
		}
	} while (now_s() < end);
	ring_send(&tx_prod, &stop, -1);
	ring_recv(&rx_cons, &stop, -1);
	t1 = now_s();
	reap(pid);
	if (sh->received != sent || sh->out_of_order)
		die("stream lost or reordered entries", EIO);
	return (t1 - t0) * 1e9 / (double)sent;
}

/* File-descriptor round trips: pipes, eventfds, a unix socket pair. */
struct fd_pair {
	int to_child, from_parent;	/* parent writes, child reads */
	int to_parent, from_child;	/* child writes, parent reads */
	size_t len;			/* 1 byte, or 8 for eventfd */
};

static const struct fd_pair *fds;

static void fd_write(int fd, uint64_t v, size_t len)
{
	if (write(fd, &v, len) != (ssize_t)len)
		die("write", errno);
}

static uint64_t fd_read(int fd, size_t len)
{
	uint64_t v = 0;

	if (read(fd, &v, len) != (ssize_t)len)
		die("read", errno);
	return v;
}

static void fd_echo_child(void *arg)
{
	const struct fd_pair *p = arg;

	for (;;) {
		uint64_t v = fd_read(p->from_parent, p->len);

		fd_write(p->to_parent, v, p->len);
		if (v == 2)
			return;
	}
}

static void fd_once(uint64_t i)
{
	/* 1: ping; 2: stop. eventfd adds writes up, so only one is in flight. */
	fd_write(fds->to_child, 1, fds->len);
	if (fd_read(fds->from_child, fds->len) != 1)
		die("fd echo", EIO);
}

static double bench_fds(const struct fd_pair *p)
{
	pid_t pid;
	double ns;

	fds = p;
	pid = spawn(fd_echo_child, (void *)p);
	ns = time_round_trips(fd_once);
	fd_write(p->to_child, 2, p->len);
	fd_read(p->from_child, p->len);
	reap(pid);
	return ns;
}

static double bench_pipe(void)
{
	int a[2], b[2];
	double ns;

	if (pipe2(a, O_CLOEXEC) < 0 || pipe2(b, O_CLOEXEC) < 0)
		die("pipe", errno);
	ns = bench_fds(&(struct fd_pair){ a[1], a[0], b[1], b[0], 1 });
	close(a[0]), close(a[1]), close(b[0]), close(b[1]);
	return ns;
}

static double bench_eventfd(void)
{
	int a = eventfd(0, EFD_CLOEXEC), b = eventfd(0, EFD_CLOEXEC);
	double ns;

	if (a < 0 || b < 0)
		die("eventfd", errno);
	ns = bench_fds(&(struct fd_pair){ a, a, b, b, 8 });
	close(a), close(b);
	return ns;
}

static double bench_unix(void)
{
	int sv[2];
	double ns;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		die("socketpair", errno);
	ns = bench_fds(&(struct fd_pair){ sv[0], sv[1], sv[1], sv[0], 1 });
	close(sv[0]), close(sv[1]);
	return ns;
}

/* ---- main ---- */

static void setup_region(void)
{
	const struct airlock_region_params p = {
		.n_queues = 1, .ctrl_entries = 2, .queue_entries = RING_ENTRIES,
		.n_bufs = 2, .buf_size = AIRLOCK_BUF_SIZE_MIN,
	};
	const struct airlock_queue_loc *q;
	int r;

	r = airlock_region_create(&p, &region);
	if (r < 0)
		die("region", r);
	q = &region.hdr.queues[0];
	/* Both sides' handles, attached before fork: each process uses its own pair. */
	if ((r = airlock_region_ring(&region, &q->tx, AIRLOCK_RING_PRODUCER, &tx_prod)) < 0 ||
	    (r = airlock_region_ring(&region, &q->tx, AIRLOCK_RING_CONSUMER, &tx_cons)) < 0 ||
	    (r = airlock_region_ring(&region, &q->rx, AIRLOCK_RING_PRODUCER, &rx_prod)) < 0 ||
	    (r = airlock_region_ring(&region, &q->rx, AIRLOCK_RING_CONSUMER, &rx_cons)) < 0)
		die("ring", r);
	bell_child = airlock_doorbell_new();
	bell_parent = airlock_doorbell_new();
	if (bell_child < 0 || bell_parent < 0)
		die("doorbell", bell_child < 0 ? bell_child : bell_parent);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap", errno);
}

/*
 * The parent and every child re-attach after each child exits: the
 * handles' private indices go stale in the parent while a child runs, so
 * re-read them from the (consistent, drained) shared ring.
 */
static void resync(void)
{
	const struct airlock_queue_loc *q = &region.hdr.queues[0];

	airlock_region_ring(&region, &q->tx, AIRLOCK_RING_PRODUCER, &tx_prod);
	airlock_region_ring(&region, &q->tx, AIRLOCK_RING_CONSUMER, &tx_cons);
	airlock_region_ring(&region, &q->rx, AIRLOCK_RING_PRODUCER, &rx_prod);
	airlock_region_ring(&region, &q->rx, AIRLOCK_RING_CONSUMER, &rx_cons);
}

static void row(const char *name, double ns, double ref, const char *extra)
{
	printf("| %-44s | %10.1f | %8.2fx | %-17s |\n", name, ns, ns / ref, extra);
	fflush(stdout);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: ring-bench [--seconds S] [--same-cpu]\n"
		   "  --seconds S  total measuring time, split evenly over the rows (default 3)\n"
		   "  --same-cpu   both processes on CPU 0 (default: parent on CPU 0, child on CPU 1)\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 's' },
		{ "same-cpu", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const unsigned int batches[] = { 1, 8, 32, 256 };
	const struct ring_mode busy = { -1, -1 };
	struct ring_mode sleepy;
	double seconds = 3.0, call, getpid_ns, line, ring_busy, ring_sleep, pipe_ns, efd, unx;
	double stream[4];
	char buf[64];
	int c;

	while ((c = getopt_long(argc, argv, "s:ch", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			child_cpu = 0;
			break;
		case 's':
			seconds = strtod(optarg, NULL);
			if (!(seconds > 0 && seconds <= 600)) {
				usage(stderr);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	n_cpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	slice_s = seconds / 12;
	setup_region();
	sleepy = (struct ring_mode){ bell_child, bell_parent };
	pin(0);

	call = bench_call();
	getpid_ns = bench_getpid();
	line = bench_cache_line();
	ring_busy = bench_ring_rtt(&busy);
	resync();
	ring_sleep = bench_ring_rtt(&sleepy);
	resync();
	for (int i = 0; i < 4; i++) {
		stream[i] = bench_stream(batches[i]);
		resync();
	}
	pipe_ns = bench_pipe();
	efd = bench_eventfd();
	unx = bench_unix();

	printf("ring-bench: %d CPUs online, %s, %.3f s per row, ring of %d x %d-byte entries\n\n",
	       n_cpus, !pinned ? "not pinned" :
	       child_cpu ? "parent on CPU 0, child on CPU 1" : "both on CPU 0",
	       slice_s, RING_ENTRIES, AIRLOCK_DESC_SIZE);
	printf("| %-44s | %10s | %9s | %-17s |\n", "operation", "ns/op", "vs ring", "throughput");
	printf("|%s|%s|%s|%s|\n", "----------------------------------------------", "-----------:",
	       "----------:", "-------------------");
	row("plain function call", call, ring_busy, "");
	row("getpid() system call", getpid_ns, ring_busy, "");
	row("shared cache line ping-pong, round trip", line, ring_busy, "");
	row("ring round trip, busy polling", ring_busy, ring_busy, "");
	row("ring round trip, need_wakeup + eventfd", ring_sleep, ring_busy, "");
	row("pipe round trip", pipe_ns, ring_busy, "");
	row("eventfd round trip", efd, ring_busy, "");
	row("unix socket round trip", unx, ring_busy, "");
	for (int i = 0; i < 4; i++) {
		char name[64];

		snprintf(name, sizeof(name), "ring one-way, batch %u (per entry)", batches[i]);
		snprintf(buf, sizeof(buf), "%.1f M entries/s", 1e3 / stream[i]);
		row(name, stream[i], ring_busy, buf);
	}
	airlock_region_unmap(&region);
	return 0;
}
