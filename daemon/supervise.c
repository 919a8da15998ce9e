// SPDX-License-Identifier: GPL-2.0-only
/*
 * Driver host instances: spawn, the HELLO/ATTACH hand-over, the host's log,
 * heartbeat and replay watching on the timer tick, and what happens when
 * an instance ends: classify, count against the budget, back off, restart
 * or quarantine. Recovery timing is taken here (recovery/timing.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "airlockd.h"
#include "args.h"
#include "doorbell.h"
#include "proto.h"
#include "spawn.h"

/* A driver's log lines passed on per device: a burst per interval, the rest counted. */
#define LOG_LINES_BURST		100
#define LOG_LINES_INTERVAL_MS	1000
/* TX frames the driver must have taken, none sent meanwhile, before it counts as stalled. */
#define STALL_MIN_FRAMES	8
#define START_TIMEOUT_NS	(20ULL * 1000000000)	/* spawn -> HELLO, TCG and ASan included */
#define STOP_TIMEOUT_NS		(3ULL * 1000000000)	/* SHUTDOWN -> exit */
#define TRAFFIC_WAIT_NS		(30ULL * 1000000000)	/* give up measuring traffic */
#define DETACH_CHECK_NS		(50ULL * 1000000)	/* how often to ask the stub (one ioctl) */
#define HB_OWN_GAP_MIN_NS	(4 * LOOP_TICK_SLOW_MAX_NS)	/* recovery/heartbeat.h */
#define TX_STUCK_WINDOW_NS	(12ULL * 1000000000)	/* two watchdog timeouts this close: stuck */

static int pidfd_signal(int pidfd, int sig)
{
	return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 ? -errno : 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static struct recovery_policy policy_of(const struct device *dev)
{
	return (struct recovery_policy){
		.backoff_initial_ms = dev->cfg->backoff_initial_ms,
		.backoff_max_ms = dev->cfg->backoff_max_ms,
		.budget_crashes = dev->cfg->budget_crashes,
		.budget_window_ms = dev->cfg->budget_window_ms,
	};
}

static void instance_clear(struct instance *in)
{
	memset(in, 0, sizeof(*in));
	in->pidfd = in->sock = in->log_fd = in->kick_fd = in->doorbell_fd = -1;
}

int supervise_start(struct device *dev)
{
	const struct config_device *c = dev->cfg;
	struct daemon *d = dev->d;
	struct instance *in = &dev->in;
	struct airlock_host_args a = {
		.uid = c->uid,
		.gid = c->gid,
		.pool_iova = dev->pool_iova,
		.heap_iova = dev->heap_iova,
		/* Beat four times per deadline: one late beat is no hang. */
		.heartbeat_ms = c->heartbeat_timeout_ms / 4 ? c->heartbeat_timeout_ms / 4 : 1,
		.busy_poll_us = c->busy_poll_us,
	};
	struct airlock_host_spawn s = { 0 };
	int sv[2] = { -1, -1 }, logp[2] = { -1, -1 };
	char path[PATH_MAX + 128], **argv = NULL;
	int r, i;

	if (dev->running)
		return -EBUSY;
	instance_clear(in);
	device_reset_region(dev);
	snprintf(a.name, sizeof(a.name), "%s", c->name);
	snprintf(a.pci, sizeof(a.pci), "%s", c->pci);
	a.instance = dev->gen_counter + 1;
	if (c->driver == CONFIG_DRIVER_CABLE)
		snprintf(a.driver_opt, sizeof(a.driver_opt), "side=%u%s%s", c->cable_side,
			 *c->driver_options ? " " : "", c->driver_options);
	else
		snprintf(a.driver_opt, sizeof(a.driver_opt), "%s", c->driver_options);
	snprintf(path, sizeof(path), "%s/%s", d->cfg->host_dir, config_host_binary(c));

	in->kick_fd = airlock_doorbell_new();
	in->doorbell_fd = airlock_doorbell_new();
	if (in->kick_fd < 0 || in->doorbell_fd < 0) {
		r = in->kick_fd < 0 ? in->kick_fd : in->doorbell_fd;
		goto fail;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0 ||
	    pipe2(logp, O_CLOEXEC) < 0) {
		r = -errno;
		goto fail;
	}
	if (fcntl(sv[0], F_SETFL, O_NONBLOCK) < 0 || fcntl(logp[0], F_SETFL, O_NONBLOCK) < 0) {
		r = -errno;
		goto fail;
	}
	r = airlock_host_args_format(&a, path, &argv);
	if (r < 0)
		goto fail;

	/* DPDK: EAL opens the group itself (device.c: device_vfio_release). */
	if (c->driver == CONFIG_DRIVER_DPDK)
		device_vfio_release(dev);
	airlock_host_spawn_init(&s, path, argv);
	/* Restart time starts here: the clone and exec are part of it. */
	in->spawned_ns = now_ns();
	s.fds[AIRLOCK_HOST_FD_LOG] = logp[1];
	s.fds[AIRLOCK_HOST_FD_DAEMON] = sv[1];
	s.fds[AIRLOCK_HOST_FD_REGION] = dev->region.fd;
	s.fds[AIRLOCK_HOST_FD_KICK] = in->kick_fd;
	s.fds[AIRLOCK_HOST_FD_DOORBELL] = in->doorbell_fd;
	s.fds[AIRLOCK_HOST_FD_VFIO] = dev->vfio_fd;
	s.fds[AIRLOCK_HOST_FD_HEAP] = dev->heap_fd;
	s.fds[AIRLOCK_HOST_FD_EXTRA] = dev->cable ? dev->cable->fd : -1;
	s.cgroup_fd = dev->cgroup_fd;
	in->oom_kills_at_start = cgroup_oom_kills(dev);
	r = airlock_host_spawn(&s, &in->pid, &in->pidfd);
	airlock_host_args_free(argv);
	argv = NULL;
	if (r < 0)
		goto fail;

	close(sv[1]);
	close(logp[1]);
	in->sock = sv[0];
	in->log_fd = logp[0];
	in->gen = ++dev->gen_counter;
	in->exec_ns = now_ns();
	dev->running = true;
	dev->state = DEV_STARTING;
	loop_watch(d, in->pidfd, LOOP_PIDFD, dev->idx, in->gen);
	loop_watch(d, in->sock, LOOP_SOCK, dev->idx, in->gen);
	loop_watch(d, in->log_fd, LOOP_LOG, dev->idx, in->gen);
	log_dev(dev, "driver host %s started, pid %d", config_host_binary(c), (int)in->pid);
	return 0;

fail:
	airlock_host_args_free(argv);
	for (i = 0; i < 2; i++) {
		close_fd(&sv[i]);
		close_fd(&logp[i]);
	}
	close_fd(&in->kick_fd);
	close_fd(&in->doorbell_fd);
	log_dev(dev, "cannot start driver host %s: %s", path, strerror(-r));
	return r;
}

/* Kills the instance; the first reason given is the one recorded. */
void supervise_kill(struct device *dev, enum recovery_kill why)
{
	if (!dev->running)
		return;
	if (dev->in.kill == RECOVERY_KILL_NONE)
		dev->in.kill = why;
	pidfd_signal(dev->in.pidfd, SIGKILL);
}

void supervise_stop(struct device *dev)
{
	struct airlock_host_msg m = { .type = AIRLOCK_HOST_SHUTDOWN };

	if (!dev->running) {
		if (dev->cur)
			recovery_record_finish(dev->cur);
		dev->cur = NULL;
		dev->state = DEV_STOPPED;
		return;
	}
	dev->in.kill = RECOVERY_KILL_STOP;
	dev->state = DEV_STOPPING;
	dev->stop_deadline_ns = now_ns() + STOP_TIMEOUT_NS;
	if (airlock_host_send(dev->in.sock, &m, -1) < 0)
		pidfd_signal(dev->in.pidfd, SIGKILL);
}

static void log_dropped(struct device *dev, uint64_t dropped)
{
	if (dropped)
		log_dev(dev, "%llu lines of the driver's log dropped (more than %u in %u ms)",
			(unsigned long long)dropped, LOG_LINES_BURST, LOG_LINES_INTERVAL_MS);
}

/* One of the host's lines, unless it has logged too much lately (ratelimit.h). */
static void log_host_line(struct device *dev, const char *line, size_t n)
{
	uint64_t dropped;
	bool pass = recovery_ratelimit_pass(&dev->log_limit, now_ns() / 1000000, LOG_LINES_BURST,
					    LOG_LINES_INTERVAL_MS, &dropped);

	log_dropped(dev, dropped);
	if (pass)
		log_dev(dev, "[%d] %.*s", (int)dev->in.pid, (int)n, line);
}

/* One daemon log line per host line, prefixed with the device. */
static void log_lines(struct device *dev, bool flush)
{
	struct instance *in = &dev->in;
	char *nl;

	while ((nl = memchr(in->logbuf, '\n', in->loglen))) {
		size_t n = (size_t)(nl - in->logbuf);

		log_host_line(dev, in->logbuf, n);
		memmove(in->logbuf, nl + 1, in->loglen - n - 1);
		in->loglen -= n + 1;
	}
	/* A line longer than the buffer, or the last one without newline. */
	if (in->loglen && (flush || in->loglen == sizeof(in->logbuf))) {
		log_host_line(dev, in->logbuf, in->loglen);
		in->loglen = 0;
	}
}

void supervise_on_log(struct device *dev, bool hup)
{
	struct instance *in = &dev->in;
	ssize_t n;

	(void)hup;	/* EOF comes as a read of 0 once the pipe is drained */
	if (in->log_fd < 0)
		return;
	do {
		n = read(in->log_fd, in->logbuf + in->loglen, sizeof(in->logbuf) - in->loglen);
		if (n > 0) {
			in->loglen += (size_t)n;
			log_lines(dev, false);
		}
	} while (n > 0 || (n < 0 && errno == EINTR));
	if (n < 0 && errno == EAGAIN)
		return;
	log_lines(dev, true);
	loop_unwatch(dev->d, LOOP_LOG, dev->idx, in->gen);
	close_fd(&in->log_fd);
}

static void on_hello(struct device *dev, const struct airlock_host_msg *m)
{
	struct instance *in = &dev->in;
	struct airlock_host_msg att = { .type = AIRLOCK_HOST_ATTACH };
	struct airlock_shadow sh;
	uint64_t now = now_ns();
	int fd, r;

	in->hello_ns = now;
	if (dev->cur) {
		dev->cur->us[RECOVERY_PHASE_RESTART] = (int64_t)((now - in->spawned_ns) / 1000);
		dev->cur->spawn_us = (int64_t)((in->exec_ns - in->spawned_ns) / 1000);
	}
	if (dev->proxy_id < 0) {
		r = device_create_proxy(dev, m->mac, m->mtu_max, m->features);
		if (r < 0) {
			log_dev(dev, "cannot create the proxy %s: %s", dev->cfg->interface, strerror(-r));
			supervise_kill(dev, RECOVERY_KILL_PROTOCOL);
			return;
		}
		log_dev(dev, "proxy %s created (id %d, MAC %02x:%02x:%02x:%02x:%02x:%02x)", dev->ifname,
			dev->proxy_id, m->mac[0], m->mac[1], m->mac[2], m->mac[3], m->mac[4], m->mac[5]);
	}
	r = device_shadow(dev, &sh);
	if (r < 0) {
		log_dev(dev, "proxy id %d is gone: %s", dev->proxy_id, strerror(-r));
		dev->proxy_id = -1;
		supervise_kill(dev, RECOVERY_KILL_PROTOCOL);
		return;
	}
	in->shadow_up = sh.flags & AIRLOCK_SHADOW_UP;
	in->violations_at_attach = sh.violations;
	in->tx_timeouts_seen = sh.tx_timeouts;
	in->tx_timeout_ns = 0;
	snprintf(dev->ifname, sizeof(dev->ifname), "%.*s", (int)sizeof(sh.ifname), sh.ifname);

	r = device_attach_file(dev, &fd);
	if (r < 0) {
		log_dev(dev, "ATTACH to %s: %s", dev->ifname, strerror(-r));
		supervise_kill(dev, RECOVERY_KILL_PROTOCOL);
		return;
	}
	r = airlock_host_send(in->sock, &att, fd);
	close(fd);	/* the host holds the attachment now; its exit ends it */
	if (r < 0) {
		supervise_kill(dev, RECOVERY_KILL_PROTOCOL);
		return;
	}
	in->attach_ns = now_ns();
	recovery_heartbeat_start(&in->hb,
				 __atomic_load_n(&device_state_block(dev)->heartbeat, __ATOMIC_RELAXED),
				 in->attach_ns);
	dev->state = DEV_REPLAYING;
	log_dev(dev, "driver pid %d probed, attached to %s (generation %llu)", (int)in->pid,
		dev->ifname, (unsigned long long)sh.generation + 1);
}

void supervise_on_sock(struct device *dev)
{
	struct airlock_host_msg m;
	int r;

	while (dev->running && dev->in.sock >= 0) {
		r = airlock_host_recv(dev->in.sock, &m, NULL);
		if (r == -EAGAIN)
			return;
		if (r < 0) {
			if (r != -ECONNRESET) {
				log_dev(dev, "driver pid %d: bad message: %s", (int)dev->in.pid, strerror(-r));
				supervise_kill(dev, RECOVERY_KILL_PROTOCOL);
			}
			/* Closed: the pidfd tells how it ended. */
			loop_unwatch(dev->d, LOOP_SOCK, dev->idx, dev->in.gen);
			close_fd(&dev->in.sock);
			return;
		}
		if (m.type == AIRLOCK_HOST_HELLO && dev->state == DEV_STARTING) {
			on_hello(dev, &m);
		} else if (m.type == AIRLOCK_HOST_SERVING && dev->state >= DEV_REPLAYING) {
			log_dev(dev, "driver pid %d serving", (int)dev->in.pid);
		} else {
			log_dev(dev, "driver pid %d: message %u out of turn", (int)dev->in.pid, m.type);
			supervise_kill(dev, RECOVERY_KILL_PROTOCOL);
			return;
		}
	}
}

static void instance_end(struct device *dev)
{
	struct daemon *d = dev->d;
	struct instance *in = &dev->in;

	loop_unwatch(d, LOOP_PIDFD, dev->idx, in->gen);
	if (in->sock >= 0)
		loop_unwatch(d, LOOP_SOCK, dev->idx, in->gen);
	if (in->log_fd >= 0) {
		/* The pipe keeps what it wrote last; say it before it goes. */
		supervise_on_log(dev, false);
		log_lines(dev, true);
		loop_unwatch(d, LOOP_LOG, dev->idx, in->gen);
	}
	log_dropped(dev, recovery_ratelimit_flush(&dev->log_limit));
	close_fd(&in->pidfd);
	close_fd(&in->sock);
	close_fd(&in->log_fd);
	close_fd(&in->kick_fd);
	close_fd(&in->doorbell_fd);
	dev->running = false;
	/*
	 * The driver may have left its device mid-DMA: quiesce it now, not when
	 * the next one starts. It stays so through backoff, quarantine and a
	 * stop: nobody turns bus mastering on again but the next driver's probe.
	 */
	if (dev->cfg->driver == CONFIG_DRIVER_DPDK)
		device_vfio_take(dev);
	if (dev->vfio_fd >= 0)
		device_quiesce(dev);
}

/* @hang_ms: how long the heartbeat was silent or the data path stalled, if that is how we noticed, else 0. */
static void on_crash(struct device *dev, const char *reason, enum recovery_cause cause,
		     uint32_t hang_ms)
{
	const struct recovery_policy p = policy_of(dev);
	uint64_t now = now_ns();
	uint32_t delay = 0;
	size_t n;
	int r;

	dev->restarts++;
	snprintf(dev->last_reason, sizeof(dev->last_reason), "%s", reason);
	/* A recovery that never saw traffic ends here, its unknowns unknown. */
	if (dev->cur)
		recovery_record_finish(dev->cur);
	dev->cur = recovery_history_add(&dev->history, realtime_us(), reason);
	dev->cur->us[RECOVERY_PHASE_DETECT] = (int64_t)hang_ms * 1000;
	dev->detected_ns = now;

	r = recovery_budget_crash(&dev->budget, &p, now / 1000000, &delay);
	if (r < 0) {
		n = recovery_budget_count(&dev->budget, &p, now / 1000000);
		snprintf(dev->quarantine_reason, sizeof(dev->quarantine_reason),
			 "%zu crashes within %u ms (budget %u); last: %s", n, p.budget_window_ms,
			 p.budget_crashes, reason);
		dev->state = DEV_QUARANTINED;
		dev->cur = NULL;
		log_dev(dev, "quarantined: %s", dev->quarantine_reason);
		return;
	}
	dev->state = DEV_BACKOFF;
	dev->restart_at_ns = now + (uint64_t)delay * 1000000;
	log_dev(dev, "restart %u in %u ms", dev->restarts, delay);
}

void supervise_on_pidfd(struct device *dev)
{
	struct instance *in = &dev->in;
	struct recovery_exit e = { .syscall_nr = -1 };
	enum recovery_cause cause;
	enum recovery_kill in_kill;
	char reason[RECOVERY_REASON_MAX], name[64];
	siginfo_t si = { 0 };

	if (!dev->running)
		return;
	if (waitid(P_PIDFD, (id_t)in->pidfd, &si, WEXITED | WNOHANG) < 0 || si.si_pid == 0)
		return;	/* not yet: a spurious wake-up */
	e.code = si.si_code;
	e.status = si.si_status;
	e.kill = in->kill;
	e.hang_ms = in->hang_ms;
	e.stalled_frames = in->stalled_frames;
	e.oom_killed = cgroup_oom_kills(dev) > in->oom_kills_at_start;
	e.memory_max = dev->cfg->memory_max;
	if (si.si_code != CLD_EXITED && si.si_status == SIGSYS && dev->d->kmsg_fd >= 0) {
		e.syscall_nr = kmsg_find_seccomp(dev->d->kmsg_fd, in->pid, name, sizeof(name));
		e.syscall_name = e.syscall_nr >= 0 && *name ? name : NULL;
	}
	cause = recovery_classify(&e, reason, sizeof(reason));
	log_dev(dev, "driver pid %d ended: %s", (int)in->pid, reason);
	in_kill = in->kill;
	instance_end(dev);

	if (cause == RECOVERY_STOPPED || dev->state == DEV_STOPPING || dev->d->stopping) {
		if (dev->cur)
			recovery_record_finish(dev->cur);
		dev->cur = NULL;
		dev->state = DEV_STOPPED;
		if (dev->restart_pending && !dev->d->stopping) {
			dev->restart_pending = false;
			if (supervise_start(dev) < 0)
				log_dev(dev, "restart failed: driver host does not start");
		}
		return;
	}
	/* Detection took as long as the silence (a hang) or the stall. */
	on_crash(dev, reason, cause,
		 in_kill == RECOVERY_KILL_HANG || in_kill == RECOVERY_KILL_STALLED ||
		 in_kill == RECOVERY_KILL_DEAF ? e.hang_ms : 0);
}

static void restart_now(struct device *dev, uint64_t now)
{
	int r;

	if (dev->cur)
		dev->cur->us[RECOVERY_PHASE_BACKOFF] = (int64_t)((now - dev->detected_ns) / 1000);
	r = supervise_start(dev);
	if (r < 0) {
		snprintf(dev->quarantine_reason, sizeof(dev->quarantine_reason),
			 "cannot start the driver host: %s", strerror(-r));
		dev->state = DEV_QUARANTINED;
		log_dev(dev, "quarantined: %s", dev->quarantine_reason);
	}
}

static uint32_t ring_producer(const struct device *dev, const struct airlock_ring_loc *loc)
{
	const struct airlock_ring_hdr *h = airlock_region_at(&dev->region, loc->offset);

	return __atomic_load_n(&h->producer, __ATOMIC_ACQUIRE);
}

static uint32_t ring_consumer(const struct device *dev, const struct airlock_ring_loc *loc)
{
	const struct airlock_ring_hdr *h = airlock_region_at(&dev->region, loc->offset);

	return __atomic_load_n(&h->consumer, __ATOMIC_ACQUIRE);
}

/* Frames the driver moved since attach: received into the kernel, or taken to send. */
static uint64_t frames_moved(const struct device *dev)
{
	const struct airlock_queue_loc *q = &dev->region.hdr.queues[0];

	return (uint64_t)ring_producer(dev, &q->rx) + ring_consumer(dev, &q->tx);
}

/*
 * Replay is done when every request the stub posted at attach is answered
 * (the response ring caught up with the request ring) and, if the
 * interface is up, the driver reports link: the stub's own condition for
 * carrier on. These indices are the driver's to write, so this is a
 * measurement, never a decision the kernel depends on.
 */
static bool replay_done(const struct device *dev)
{
	const struct airlock_region_hdr *h = &dev->region.hdr;
	uint32_t link = __atomic_load_n(&device_state_block(dev)->link_up, __ATOMIC_ACQUIRE);

	if (ring_producer(dev, &h->ctrl_rsp) != ring_producer(dev, &h->ctrl_req))
		return false;
	return link == 1 || !dev->in.shadow_up;
}

/*
 * Whether @w's count stayed at @progress for @timeout_ns while the driver
 * took at least STALL_MIN_FRAMES frames to send: then the instance's
 * hang_ms and stalled_frames say how long and how many, for the log and
 * the classification.
 */
static bool liveness_lost(struct instance *in, struct liveness_window *w, uint64_t progress,
			  uint32_t taken, uint64_t now, uint64_t timeout_ns)
{
	if (!w->since_ns || progress != w->progress) {
		*w = (struct liveness_window){ .since_ns = now, .progress = progress, .taken = taken };
		return false;
	}
	if (now - w->since_ns < timeout_ns || taken - w->taken < STALL_MIN_FRAMES)
		return false;
	in->hang_ms = (uint32_t)((now - w->since_ns) / 1000000);
	in->stalled_frames = taken - w->taken;
	return true;
}

/*
 * Data-path liveness: a driver that heartbeats and takes the frames the
 * kernel sends, but whose device sends none of them (a device silently
 * broken by wild register writes, say). Under load only: the driver took
 * at least STALL_MIN_FRAMES TX frames off the ring since it last counted
 * one sent or dropped (its state block's statistics), and stall-timeout-ms
 * passed. An idle device is never stalled, and a driver that takes nothing
 * is the TX watchdog's (TX stuck). The counts are the driver's word: this
 * catches a broken driver or device, not a lying one, which could only
 * keep itself running.
 */
static void check_stall(struct device *dev, uint64_t now)
{
	const struct airlock_stats *st = &device_state_block(dev)->stats;
	struct instance *in = &dev->in;
	uint64_t timeout_ns = (uint64_t)dev->cfg->stall_timeout_ms * 1000000;
	uint32_t taken = ring_consumer(dev, &dev->region.hdr.queues[0].tx);
	uint64_t sent = __atomic_load_n(&st->tx_packets, __ATOMIC_RELAXED) +
			__atomic_load_n(&st->tx_dropped, __ATOMIC_RELAXED) +
			__atomic_load_n(&st->tx_errors, __ATOMIC_RELAXED);

	if (!timeout_ns || in->kill != RECOVERY_KILL_NONE ||
	    !liveness_lost(in, &in->stall, sent, taken, now, timeout_ns))
		return;
	log_dev(dev, "driver pid %d: stalled: %u frames taken in %u ms, none sent, killing it",
		(int)in->pid, in->stalled_frames, in->hang_ms);
	supervise_kill(dev, RECOVERY_KILL_STALLED);
}

/*
 * Receive liveness: a driver whose device sends the frames the kernel
 * gives it but receives none, for deaf-timeout-ms. Wild register writes
 * can do that (QEMU's e1000, in the lab: it counts every frame sent, none
 * reaches the peer, none comes in, and nothing in the driver notices).
 * Under load only: at least STALL_MIN_FRAMES frames taken to send since
 * the last frame received. A healthy link with unicast traffic always
 * receives something within a minute, the default: the kernel reconfirms
 * its IPv4 and IPv6 neighbours (ARP, ND) every 15-45 s while it sends,
 * and the answers come back. A host that only sends multicast or
 * broadcast on a link where nothing ever answers turns this off (0).
 */
static void check_deaf(struct device *dev, uint64_t now)
{
	const struct airlock_queue_loc *q = &dev->region.hdr.queues[0];
	struct instance *in = &dev->in;
	uint64_t timeout_ns = (uint64_t)dev->cfg->deaf_timeout_ms * 1000000;
	uint32_t received = ring_producer(dev, &q->rx);
	uint32_t taken = ring_consumer(dev, &q->tx);

	if (!timeout_ns || in->kill != RECOVERY_KILL_NONE ||
	    !liveness_lost(in, &in->deaf, received, taken, now, timeout_ns))
		return;
	log_dev(dev, "driver pid %d: deaf: %u frames sent in %u ms, none received, killing it",
		(int)in->pid, in->stalled_frames, in->hang_ms);
	supervise_kill(dev, RECOVERY_KILL_DEAF);
}

/*
 * What the driver process was doing when it missed its heartbeat, for the
 * log: its scheduler state and wait channel, and the system call it is
 * in (number first; "running" if none): a process in R that never
 * returns to its loop, one asleep in a wait of its own (clock_nanosleep:
 * 230), or one blocked in the kernel are three different bugs.
 */
static void describe_process(pid_t pid, char *buf, size_t size)
{
	char path[64], stat[512], wchan[64] = "?", sc[64] = "?", *p;
	FILE *f;

	snprintf(buf, size, "state unknown");
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return;
	p = fgets(stat, sizeof(stat), f);
	fclose(f);
	/* "PID (COMM) STATE ...": COMM may hold anything, the state follows its last ')'. */
	p = p ? strrchr(stat, ')') : NULL;
	if (!p || p[1] != ' ' || !p[2])
		return;
	snprintf(path, sizeof(path), "/proc/%d/wchan", (int)pid);
	f = fopen(path, "re");
	if (f) {
		if (!fgets(wchan, sizeof(wchan), f))
			snprintf(wchan, sizeof(wchan), "?");
		fclose(f);
	}
	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	f = fopen(path, "re");
	if (f) {
		if (fgets(sc, sizeof(sc), f))
			sc[strcspn(sc, " \n")] = 0;
		fclose(f);
	}
	snprintf(buf, size, "state %c, wchan %s, syscall %s", p[2], wchan, sc);
}

/* Heartbeat verdicts: recovery/heartbeat.h (why our own gaps get a new window). */
static void check_heartbeat(struct device *dev, uint64_t now)
{
	struct instance *in = &dev->in;
	uint64_t hb = __atomic_load_n(&device_state_block(dev)->heartbeat, __ATOMIC_RELAXED);
	uint64_t silent = now - in->hb.changed_ns, gap = 0;
	char what[160];

	switch (recovery_heartbeat_check(&in->hb, hb, now,
					 (uint64_t)dev->cfg->heartbeat_timeout_ms * 1000000,
					 HB_OWN_GAP_MIN_NS, &gap)) {
	case RECOVERY_HB_ALIVE:
		break;
	case RECOVERY_HB_OWN_GAP:
		log_dev(dev, "airlockd did not run for %llu ms (driver pid %d silent for %llu ms): its heartbeat gets a new window",
			(unsigned long long)(gap / 1000000), (int)in->pid,
			(unsigned long long)(silent / 1000000));
		break;
	case RECOVERY_HB_HUNG:
		if (in->kill != RECOVERY_KILL_NONE)
			break;
		in->hang_ms = (uint32_t)(gap / 1000000);
		describe_process(in->pid, what, sizeof(what));
		log_dev(dev, "driver pid %d: no heartbeat for %u ms (last beat %llu; %s), killing it",
			(int)in->pid, in->hang_ms, (unsigned long long)hb, what);
		supervise_kill(dev, RECOVERY_KILL_HANG);
		break;
	}
}

/*
 * What the stub saw that the process's liveness does not show; looked at
 * now and then from the shadow:
 * - The stub ends an attachment that broke the ring ABI, but the process
 *   lives on, serving rings nobody reads: replace a driver the stub gave
 *   up on. Only a new violation counts: a driver that exited also leaves
 *   the device detached, and its pidfd tells why.
 * - A driver that heartbeats but transmits nothing: the netdev watchdog
 *   times out a stopped TX queue (every 5 s) and the stub forwards that to
 *   the driver, whose own recovery (a reset) gets one period to work. A
 *   second timeout within TX_STUCK_WINDOW_NS means it did not: replace
 *   it. Timeouts far apart are transient stalls the driver got over.
 */
static bool tx_stuck(struct instance *in, const struct airlock_shadow *sh, uint64_t now)
{
	bool again;

	if (sh->tx_timeouts == in->tx_timeouts_seen)
		return false;
	again = sh->tx_timeouts - in->tx_timeouts_seen >= 2 ||
		(in->tx_timeout_ns && now - in->tx_timeout_ns < TX_STUCK_WINDOW_NS);
	in->tx_timeouts_seen = sh->tx_timeouts;
	in->tx_timeout_ns = now;
	return again;
}

static void check_stub_view(struct device *dev, uint64_t now)
{
	struct instance *in = &dev->in;
	struct airlock_shadow sh;

	if (!dev->running || in->kill != RECOVERY_KILL_NONE ||
	    now - in->shadow_checked_ns < DETACH_CHECK_NS)
		return;
	in->shadow_checked_ns = now;
	if (device_shadow(dev, &sh) < 0)
		return;
	if (!sh.attached && sh.violations != in->violations_at_attach) {
		log_dev(dev, "driver pid %d: detached by the stub for an ABI violation (%llu so far), killing it",
			(int)in->pid, (unsigned long long)sh.violations);
		supervise_kill(dev, RECOVERY_KILL_VIOLATION);
	} else if (tx_stuck(in, &sh, now)) {
		log_dev(dev, "driver pid %d: TX stuck (a second watchdog timeout within %llu s), killing it",
			(int)in->pid, TX_STUCK_WINDOW_NS / 1000000000);
		supervise_kill(dev, RECOVERY_KILL_TX_STUCK);
	}
}

static void log_recovery(struct device *dev, const struct recovery_record *r)
{
	log_dev(dev, "recovered in %.1f ms: detect %.1f, backoff %.1f, restart %.1f (spawn %.1f), replay %.1f, traffic %.1f",
		r->us[RECOVERY_PHASE_TOTAL] / 1000.0, r->us[RECOVERY_PHASE_DETECT] / 1000.0,
		r->us[RECOVERY_PHASE_BACKOFF] / 1000.0, r->us[RECOVERY_PHASE_RESTART] / 1000.0,
		r->spawn_us / 1000.0, r->us[RECOVERY_PHASE_REPLAY] / 1000.0,
		r->us[RECOVERY_PHASE_TRAFFIC] / 1000.0);
}

bool supervise_needs_fast_tick(const struct device *dev)
{
	switch (dev->state) {
	case DEV_BACKOFF:
	case DEV_STARTING:
	case DEV_REPLAYING:
	case DEV_STOPPING:
		return true;
	case DEV_RUNNING:
		return dev->cur != NULL;	/* the first frame after a recovery */
	case DEV_STOPPED:
	case DEV_QUARANTINED:
		break;
	}
	return false;
}

void supervise_tick(struct device *dev, uint64_t now)
{
	struct instance *in = &dev->in;

	switch (dev->state) {
	case DEV_BACKOFF:
		if (now >= dev->restart_at_ns)
			restart_now(dev, now);
		break;
	case DEV_STARTING:
		if (now - in->spawned_ns > START_TIMEOUT_NS && in->kill == RECOVERY_KILL_NONE) {
			log_dev(dev, "driver pid %d sent no HELLO in %llu s, killing it", (int)in->pid,
				START_TIMEOUT_NS / 1000000000);
			supervise_kill(dev, RECOVERY_KILL_START_TIMEOUT);
		}
		break;
	case DEV_REPLAYING:
		check_heartbeat(dev, now);
		check_stub_view(dev, now);
		if (dev->running && in->kill == RECOVERY_KILL_NONE && replay_done(dev)) {
			in->replayed_ns = now;
			in->packets_at_replay = frames_moved(dev);
			dev->state = DEV_RUNNING;
			if (dev->cur)
				dev->cur->us[RECOVERY_PHASE_REPLAY] = (int64_t)((now - in->attach_ns) / 1000);
			log_dev(dev, "%s replayed in %.1f ms, serving", dev->ifname,
				(now - in->attach_ns) / 1e6);
		}
		break;
	case DEV_RUNNING:
		check_heartbeat(dev, now);
		check_stall(dev, now);
		check_deaf(dev, now);
		check_stub_view(dev, now);
		if (!dev->cur)
			break;
		if (frames_moved(dev) != in->packets_at_replay) {
			dev->cur->us[RECOVERY_PHASE_TRAFFIC] = (int64_t)((now - in->replayed_ns) / 1000);
			recovery_record_finish(dev->cur);
			log_recovery(dev, dev->cur);
			dev->cur = NULL;
		} else if (now - in->replayed_ns > TRAFFIC_WAIT_NS) {
			recovery_record_finish(dev->cur);
			dev->cur = NULL;
		}
		break;
	case DEV_STOPPING:
		if (dev->running && now > dev->stop_deadline_ns)
			pidfd_signal(in->pidfd, SIGKILL);
		break;
	case DEV_STOPPED:
	case DEV_QUARANTINED:
		break;
	}
}

/* Clean stop of the daemon: ask every host to go, wait a little, then kill. */
void supervise_shutdown_all(struct daemon *d)
{
	uint64_t deadline = now_ns() + STOP_TIMEOUT_NS;
	struct pollfd pfd;
	size_t i;

	for (i = 0; i < d->n_devices; i++)
		supervise_stop(&d->devices[i]);
	for (i = 0; i < d->n_devices; i++) {
		struct device *dev = &d->devices[i];
		uint64_t now;

		while (dev->running) {
			now = now_ns();
			if (now >= deadline) {
				pidfd_signal(dev->in.pidfd, SIGKILL);
				deadline = now + STOP_TIMEOUT_NS;
			}
			pfd = (struct pollfd){ .fd = dev->in.pidfd, .events = POLLIN };
			poll(&pfd, 1, (int)((deadline - now) / 1000000) + 1);
			supervise_on_log(dev, false);
			supervise_on_pidfd(dev);
		}
	}
}

const char *dev_state_name(enum dev_state s)
{
	static const char *const names[] = {
		[DEV_STOPPED] = "stopped",
		[DEV_STARTING] = "starting",
		[DEV_REPLAYING] = "replaying",
		[DEV_RUNNING] = "running",
		[DEV_BACKOFF] = "backoff",
		[DEV_QUARANTINED] = "quarantined",
		[DEV_STOPPING] = "stopping",
	};

	return (unsigned int)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}
