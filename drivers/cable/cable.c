// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlock-host-cable: the cable driver, a NIC without hardware
 * (lib/cable/cable.h), on the driver runtime (runtime/runtime.h). It serves one proxy netdev: frames the kernel transmits go
 * onto its direction of the cable, frames from the other direction go to
 * the kernel. Link is up while the device is open (a cable is always
 * plugged in). Started by airlockd, or a test launcher, as
 *
 *   airlock-host-cable --name NAME --uid UID --gid GID --opt 'side=0|1 [OPTION...]'
 *
 * with the cable's memfd as AIRLOCK_HOST_FD_EXTRA. Options are words
 * separated by spaces; side= comes from the daemon, the rest from the
 * device's driver-options.
 *
 * The test build, airlock-host-cable-faulty (AIRLOCK_FAULT_INJECTION),
 * misbehaves on request, from its main loop:
 *   SIGUSR1  calls socket(): a forbidden system call, killed by seccomp
 *   SIGUSR2  stops heartbeating and spins forever
 *   SIGQUIT  writes through a NULL pointer: a real SIGSEGV
 *   SIGHUP   exits with status 3, no goodbye
 *   SIGPWR   stops transmitting (takes no more TX), heartbeats on
 *   SIGTTIN  allocates memory without bound, touching every page
 *   SIGXCPU  takes every frame and gives its buffer back, but sends none
 *            and counts none: a silently broken device, heartbeat on
 * and with the option faults=PERIOD_MS,SEED it injects faults by itself,
 * at random points of its work (faults.h; the damage is in fault-act.c).
 * The production build refuses that option.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cable.h"
#include "runtime.h"
#include "sandbox.h"
#ifdef AIRLOCK_FAULT_INJECTION
#include "fault-plan.h"
#include "faults.h"
#endif

#define RX_BATCH	32
#define PEER_GONE_MS	100	/* cable full this long: nobody drains it, drop */
#define BUSY_MS		1000	/* traffic this recent: poll the cable every 1 ms */
#define SPEED_MBPS	10000

enum cable_stat {
	ST_TX_FRAMES, ST_RX_FRAMES, ST_TX_DROPPED, ST_RX_DROPPED, ST_ERRORS, ST_REPLAYED,
	ST_MTU, ST_MAC, ST_RX_MODE,
	ST_COUNT,
};

static const char *const stat_names[ST_COUNT] = {
	[ST_TX_FRAMES] = "cable_tx_frames",
	[ST_RX_FRAMES] = "cable_rx_frames",
	[ST_TX_DROPPED] = "cable_tx_dropped",
	[ST_RX_DROPPED] = "cable_rx_dropped",
	[ST_ERRORS] = "cable_errors",	/* bad descriptors and broken indices from the peer */
	[ST_REPLAYED] = "cable_replayed",	/* control requests replayed after a restart */
	/* What this instance was told: a replay that lost something shows here. */
	[ST_MTU] = "cable_mtu",
	[ST_MAC] = "cable_mac",			/* the 6 bytes as one big-endian number */
	[ST_RX_MODE] = "cable_rx_mode",		/* AIRLOCK_RX_MODE_* */
};

struct cable_host {
	struct airlock_cable cable;
	unsigned int side;
	bool open;
	uint32_t mtu;
	uint8_t mac[AIRLOCK_ETH_ALEN];
	uint32_t msglevel;
	uint32_t rx_mode;
	uint64_t stats[ST_COUNT];
	uint64_t tx_bytes, rx_bytes;
	uint64_t full_since_ms;		/* 0: the cable had room last time */
	uint64_t last_work_ms;
	bool stats_dirty;
	unsigned char scratch[AIRLOCK_CABLE_FRAME_MAX];
#ifdef AIRLOCK_FAULT_INJECTION
	struct cable_faults faults;
#endif
};

static struct cable_host cable_host;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

#ifdef AIRLOCK_FAULT_INJECTION
static volatile sig_atomic_t fault;
static bool tx_stalled;	/* SIGPWR: TX is never consumed again */
static bool tx_silent;	/* SIGXCPU: TX consumed, never sent */

static void on_fault_signal(int sig)
{
	fault = sig;
}

static int fault_prepare(struct airlock_rt *rt)
{
	static const int sigs[] = { SIGUSR1, SIGUSR2, SIGQUIT, SIGHUP, SIGPWR, SIGTTIN, SIGXCPU };
	struct sigaction sa = { .sa_handler = on_fault_signal };

	/* Before the sandbox: rt_sigaction is not on the allowlist. */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return -errno;
	return 0;
}

static void fault_act(struct airlock_rt *rt)
{
	/* Both volatile: GCC drops a store through a NULL int * as dead. */
	volatile int *volatile nowhere = NULL;
	int sig = fault;

	fault = 0;
	switch (sig) {
	case SIGUSR1:
		airlock_rt_log(rt, "fault: socket()");
		socket(AF_UNIX, SOCK_DGRAM, 0);
		break;
	case SIGUSR2:
		airlock_rt_log(rt, "fault: spinning without heartbeat");
		for (;;)
			__asm__ __volatile__("" ::: "memory");
	case SIGQUIT:
		airlock_rt_log(rt, "fault: NULL write");
		*nowhere = 1;
		break;
	case SIGHUP:
		_exit(3);
	case SIGPWR:
		airlock_rt_log(rt, "fault: no more transmitting");
		tx_stalled = true;
		break;
	case SIGXCPU:
		airlock_rt_log(rt, "fault: frames taken, none sent");
		tx_silent = true;
		break;
	case SIGTTIN:
		airlock_rt_log(rt, "fault: allocating without bound");
		for (;;) {
			/* 1 MiB at a time, every page written: resident, not just reserved. */
			char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED)
				continue;
			memset(p, 0xa5, 1 << 20);
		}
	}
}

/* A fault due at @point, done now. Returns whether this instance broke the ABI. */
static bool fault_at(struct airlock_rt *rt, struct cable_host *c, enum cable_fault_point point,
		     const struct airlock_desc *held)
{
	if (cable_faults_due(&c->faults, point, now_ms()))
		cable_fault_act(&c->faults, rt, point, held, now_ms());
	return c->faults.doomed;
}
#endif

static void publish_stats(struct airlock_rt *rt, struct cable_host *c)
{
	struct airlock_stats *st = &airlock_rt_state(rt)->stats;
	uint64_t mac = 0;

	for (unsigned int i = 0; i < AIRLOCK_ETH_ALEN; i++)
		mac = mac << 8 | c->mac[i];
	c->stats[ST_MTU] = c->mtu;
	c->stats[ST_MAC] = mac;
	c->stats[ST_RX_MODE] = c->rx_mode;
	c->stats[ST_ERRORS] = c->stats[ST_ERRORS] > c->cable.resyncs ?
			      c->stats[ST_ERRORS] : c->cable.resyncs;
	for (unsigned int i = 0; i < ST_COUNT; i++)
		airlock_rt_stat_set(rt, i, c->stats[i]);
	st->tx_packets = c->stats[ST_TX_FRAMES];
	st->rx_packets = c->stats[ST_RX_FRAMES];
	st->tx_bytes = c->tx_bytes;
	st->rx_bytes = c->rx_bytes;
	st->tx_dropped = c->stats[ST_TX_DROPPED];
	st->rx_dropped = c->stats[ST_RX_DROPPED];
	st->rx_errors = c->stats[ST_ERRORS];
	c->stats_dirty = false;
}

/* "side=0|1 [faults=PERIOD_MS,SEED]": words separated by spaces, side= required. */
static int parse_options(struct airlock_rt *rt, struct cable_host *c)
{
	char opts[128], *save = NULL;
	bool have_side = false;

	if ((size_t)snprintf(opts, sizeof(opts), "%s", airlock_rt_driver_opt(rt)) >= sizeof(opts))
		return -EINVAL;
	for (char *w = strtok_r(opts, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (!strcmp(w, "side=0") || !strcmp(w, "side=1")) {
			c->side = (unsigned int)(w[5] - '0');
			have_side = true;
#ifdef AIRLOCK_FAULT_INJECTION
		} else if (!strncmp(w, "faults=", 7)) {
			uint32_t period;
			uint64_t seed;

			if (fault_plan_parse(w + 7, &period, &seed) < 0) {
				airlock_rt_log(rt, "faults=%s: not PERIOD_MS,SEED", w + 7);
				return -EINVAL;
			}
			cable_faults_init(&c->faults, period, seed, airlock_rt_instance(rt));
#endif
		} else {
			airlock_rt_log(rt, "unknown option '%s'", w);
			return -EINVAL;
		}
	}
	return have_side ? 0 : -EINVAL;
}

static int cable_probe(struct airlock_rt *rt, struct airlock_offer *offer)
{
	struct cable_host *c = airlock_rt_priv(rt);
	uint32_t hash = 2166136261u;	/* FNV-1a */
	size_t size;
	void *base;
	int r;

	r = parse_options(rt, c);
	if (r < 0)
		return r;
	base = airlock_rt_extra(rt, &size);
	r = airlock_cable_open(base, size, c->side, &c->cable);
	if (r < 0)
		return r;
	/* A stable MAC per device name: locally administered, unicast. */
	for (const char *p = airlock_rt_name(rt); *p; p++)
		hash = (hash ^ (uint8_t)*p) * 16777619u;
	offer->mac[0] = 0x02;
	offer->mac[1] = 0xa1;
	offer->mac[2] = (uint8_t)(hash >> 24);
	offer->mac[3] = (uint8_t)(hash >> 16);
	offer->mac[4] = (uint8_t)(hash >> 8);
	offer->mac[5] = (uint8_t)hash;
	offer->max_mtu = AIRLOCK_MAX_MTU;
	memcpy(c->mac, offer->mac, sizeof(c->mac));
	c->mtu = 1500;		/* until the kernel says (it always replays the MTU) */
	return 0;
}

static int cable_open(struct airlock_rt *rt)
{
	struct cable_host *c = airlock_rt_priv(rt);
	int r;

	r = airlock_rt_stats_names(rt, stat_names, ST_COUNT);
	if (r < 0)
		return r;
	c->open = false;
	airlock_rt_set_link(rt, false, 0, AIRLOCK_DUPLEX_UNKNOWN);
	publish_stats(rt, c);
#ifdef AIRLOCK_FAULT_INJECTION
	cable_faults_arm(&c->faults, now_ms());
#endif
	return 0;
}

static int cable_control_do(struct airlock_rt *rt, struct cable_host *c,
			    const struct airlock_ctrl_msg *req)
{
	struct airlock_addr addrs[AIRLOCK_MAX_ADDRS];

	switch (req->opcode) {
	case AIRLOCK_CTRL_OPEN:
		c->open = true;
		airlock_rt_set_link(rt, true, SPEED_MBPS, AIRLOCK_DUPLEX_FULL);
		return 0;
	case AIRLOCK_CTRL_STOP:
		c->open = false;
		airlock_rt_set_link(rt, false, 0, AIRLOCK_DUPLEX_UNKNOWN);
		return 0;
	case AIRLOCK_CTRL_SET_MAC:
		/* No filter on a cable: the stack drops what is not for it. */
		memcpy(c->mac, req->u.set_mac.addr, sizeof(c->mac));
		return 0;
	case AIRLOCK_CTRL_SET_MTU:
		/* ipc/ctrl.c checked it against the limits and buf_size. */
		c->mtu = req->u.set_mtu.mtu;
		return 0;
	case AIRLOCK_CTRL_SET_RX_MODE:
		/* Every frame is received anyway; read the list to validate it. */
		if (airlock_rt_rx_mode_addrs(rt, req, addrs, AIRLOCK_MAX_ADDRS) < 0)
			return -EINVAL;
		c->rx_mode = req->u.set_rx_mode.flags;
		return 0;
	case AIRLOCK_CTRL_SET_FEATURES:
		/* Checksums are complete on the cable; nothing to switch. */
		return 0;
	case AIRLOCK_CTRL_SET_RINGPARAM:
		if (req->u.set_ringparam.rx_pending > AIRLOCK_RING_MAX_ENTRIES ||
		    req->u.set_ringparam.tx_pending > AIRLOCK_RING_MAX_ENTRIES)
			return -EINVAL;
		return 0;
	case AIRLOCK_CTRL_SET_MSGLEVEL:
		c->msglevel = req->u.set_msglevel.msglevel;
		return 0;
	case AIRLOCK_CTRL_TX_TIMEOUT:
		airlock_rt_log(rt, "TX timeout reported by the kernel");
		return 0;
	case AIRLOCK_CTRL_NWAY_RESET:
		return 0;
	}
	return -EOPNOTSUPP;
}

static int cable_control(struct airlock_rt *rt, const struct airlock_ctrl_msg *req)
{
	struct cable_host *c = airlock_rt_priv(rt);
	int r;

#ifdef AIRLOCK_FAULT_INJECTION
	fault_at(rt, c, CABLE_POINT_CONTROL, NULL);
#endif
	if (req->flags & AIRLOCK_CTRL_F_REPLAY)
		c->stats[ST_REPLAYED]++;
	r = cable_control_do(rt, c, req);
	publish_stats(rt, c);
	return r;
}

/* Whether the cable has room, or has had none for so long that the far end is gone. */
static bool cable_blocked(struct cable_host *c, bool *ret_drop)
{
	int space = airlock_ring_space(&c->cable.out);
	uint64_t now;

	*ret_drop = false;
	/* A peer that broke the ring: send() starts it over. */
	if (space != 0) {
		c->full_since_ms = 0;
		return false;
	}
	now = now_ms();
	if (!c->full_since_ms)
		c->full_since_ms = now;
	/* Hold: the stub's queue stops and TCP waits, as on a busy wire. */
	if (now - c->full_since_ms < PEER_GONE_MS)
		return true;
	*ret_drop = true;	/* nobody drains the far end: frames go nowhere */
	return false;
}

/* Kernel -> cable: one frame, its buffer back at once (the cable copied it). */
static int cable_xmit(struct airlock_rt *rt, struct airlock_port *port, const struct airlock_desc *d,
		      void *frame, bool more)
{
	struct cable_host *c = airlock_rt_priv(rt);
	bool drop = !c->open;
	int r = 0;

#ifdef AIRLOCK_FAULT_INJECTION
	/* A stalled or doomed instance takes nothing more: the kernel must notice. */
	if (tx_stalled || c->faults.doomed)
		return -EBUSY;
	if (tx_silent)
		return airlock_port_tx_done(port, d->buf, d->id);
	/*
	 * After a fault that broke the ABI this frame still goes back below,
	 * whether the cable has room or not: after TX_RETURN's early return,
	 * that is the second return of one buffer the stub must catch.
	 */
	if (fault_at(rt, c, CABLE_POINT_TX_HELD, d))
		drop = true;
#endif
	if (!drop && cable_blocked(c, &drop))
		return -EBUSY;
	if (!drop)
		r = airlock_cable_send(&c->cable, frame, d->len);
	if (r == 1) {
		c->stats[ST_TX_FRAMES]++;
		c->tx_bytes += d->len;
	} else {
		c->stats[r != -EINVAL ? ST_TX_DROPPED : ST_ERRORS]++;
	}
	c->last_work_ms = now_ms();
	c->stats_dirty = true;
	return airlock_port_tx_done(port, d->buf, d->id);
}

/* Cable -> kernel. */
static int cable_rx(struct airlock_rt *rt, struct cable_host *c, struct airlock_port *port)
{
	struct airlock_desc d[RX_BATCH];
	unsigned int n = 0;
	int space, work = 0, r;

	space = airlock_port_rx_space(port);
	if (space < 0)
		return space;
	while (work < RX_BATCH) {
		uint32_t idx = 0;
		size_t cap;
		void *buf;

		if (!c->open) {
			/* Down: drain the cable so the peer does not stall on us. */
			r = airlock_cable_recv(&c->cable, c->scratch, sizeof(c->scratch));
			if (r == 0)
				break;
			work++;
			c->stats[r > 0 || r == -EMSGSIZE ? ST_RX_DROPPED : ST_ERRORS]++;
			continue;
		}
		if (n >= (unsigned int)space)
			break;	/* the kernel is behind: frames wait on the cable */
		buf = airlock_port_rx_buf(port, n, &idx);
		if (!buf)
			return -EBADMSG;
		/* What the kernel accepts: MTU plus headers, and the buffer. */
		cap = c->mtu + AIRLOCK_FRAME_OVERHEAD;
		if (cap > airlock_port_buf_size(port))
			cap = airlock_port_buf_size(port);
		r = airlock_cable_recv(&c->cable, buf, cap);
		if (r == 0)
			break;
		work++;
		if (r > 0) {
			d[n++] = (struct airlock_desc){ .buf = idx, .len = (uint16_t)r };
			c->stats[ST_RX_FRAMES]++;
			c->rx_bytes += (uint64_t)r;
		} else {
			c->stats[r == -EMSGSIZE ? ST_RX_DROPPED : ST_ERRORS]++;
		}
	}
	r = airlock_port_rx_post(port, d, n);
	return r < 0 ? r : work;
}

static int cable_poll(struct airlock_rt *rt)
{
	struct cable_host *c = airlock_rt_priv(rt);
	int rx;

#ifdef AIRLOCK_FAULT_INJECTION
	uint64_t now = now_ms();

	if (fault)
		fault_act(rt);
	if (c->faults.restore_state_ms && now >= c->faults.restore_state_ms && !c->faults.doomed) {
		/* The garbage had its time: the real state again, as at start. */
		c->faults.restore_state_ms = 0;
		if (airlock_rt_stats_names(rt, stat_names, ST_COUNT) < 0)
			return -EIO;
		airlock_rt_set_link(rt, c->open, SPEED_MBPS, AIRLOCK_DUPLEX_FULL);
		publish_stats(rt, c);
	}
	/*
	 * Broke the ABI: quiet from now on, no doorbell either. What a fault
	 * broke stays broken: serving on would overwrite it (the next RX post
	 * stores a sane producer index over a broken one), and the stub, which
	 * had not looked yet, would find nothing wrong with a driver that then
	 * serves nothing. It must find the damage by itself.
	 */
	if (c->faults.doomed || fault_at(rt, c, CABLE_POINT_POLL, NULL))
		return 0;
#endif
	rx = cable_rx(rt, c, airlock_rt_port(rt, 0));
	if (rx < 0)
		return rx;
	if (rx)
		c->last_work_ms = now_ms();
	if (rx || c->stats_dirty)
		publish_stats(rt, c);
	return rx;
}

/* Nothing rings us when the peer sends: poll the cable, fast while busy. */
static int cable_next_timeout_ms(struct airlock_rt *rt)
{
	struct cable_host *c = airlock_rt_priv(rt);

	return now_ms() - c->last_work_ms < BUSY_MS ? 1 : 10;
}

static const struct airlock_driver_ops cable_ops = {
	.name = "cable",
	.policy = AIRLOCK_SANDBOX_NO_HW,
	.maps = AIRLOCK_RT_MAP_EXTRA,
#ifdef AIRLOCK_FAULT_INJECTION
	.prepare = fault_prepare,
#endif
	.probe = cable_probe,
	.open = cable_open,
	.control = cable_control,
	.xmit = cable_xmit,
	.poll = cable_poll,
	.next_timeout_ms = cable_next_timeout_ms,
};

int main(int argc, char **argv)
{
	return airlock_runtime_main(argc, argv, &cable_ops, &cable_host);
}
