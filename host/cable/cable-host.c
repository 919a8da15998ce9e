// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlock-host-cable: the driver host of the cable, a NIC without hardware
 * (cable.h). It serves one proxy netdev: frames the kernel transmits go
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
 * and with the option faults=PERIOD_MS,SEED it injects faults by itself,
 * at random points of its loop (faults.h; the damage is in fault-act.c).
 * The production build refuses that option.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cable.h"
#include "doorbell.h"
#include "runtime.h"
#ifdef AIRLOCK_FAULT_INJECTION
#include "faults.h"
#endif

#define BATCH		32
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
	uint64_t full_since_ms;		/* 0: the cable had room last time */
	uint64_t last_work_ms;
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

static void on_fault_signal(int sig)
{
	fault = sig;
}

static int fault_prepare(struct airlock_host *h)
{
	static const int sigs[] = { SIGUSR1, SIGUSR2, SIGQUIT, SIGHUP, SIGPWR };
	struct sigaction sa = { .sa_handler = on_fault_signal };

	/* Before the sandbox: rt_sigaction is not on the allowlist. */
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return -errno;
	return 0;
}

static void fault_act(struct airlock_host *h)
{
	/* Both volatile: GCC drops a store through a NULL int * as dead. */
	volatile int *volatile nowhere = NULL;
	int sig = fault;

	fault = 0;
	switch (sig) {
	case SIGUSR1:
		airlock_host_log(h, "fault: socket()");
		socket(AF_UNIX, SOCK_DGRAM, 0);
		break;
	case SIGUSR2:
		airlock_host_log(h, "fault: spinning without heartbeat");
		for (;;)
			__asm__ __volatile__("" ::: "memory");
	case SIGQUIT:
		airlock_host_log(h, "fault: NULL write");
		*nowhere = 1;
		break;
	case SIGHUP:
		_exit(3);
	case SIGPWR:
		airlock_host_log(h, "fault: no more transmitting");
		tx_stalled = true;
		break;
	}
}
#endif

static void publish_stats(struct airlock_host *h, struct cable_host *c)
{
	uint64_t mac = 0;

	for (unsigned int i = 0; i < AIRLOCK_ETH_ALEN; i++)
		mac = mac << 8 | c->mac[i];
	c->stats[ST_MTU] = c->mtu;
	c->stats[ST_MAC] = mac;
	c->stats[ST_RX_MODE] = c->rx_mode;
	c->stats[ST_ERRORS] = c->stats[ST_ERRORS] > c->cable.resyncs ?
			      c->stats[ST_ERRORS] : c->cable.resyncs;
	for (unsigned int i = 0; i < ST_COUNT; i++)
		airlock_host_stat_set(h, i, c->stats[i]);
	h->state->stats.tx_packets = c->stats[ST_TX_FRAMES];
	h->state->stats.rx_packets = c->stats[ST_RX_FRAMES];
	h->state->stats.tx_dropped = c->stats[ST_TX_DROPPED];
	h->state->stats.rx_dropped = c->stats[ST_RX_DROPPED];
	h->state->stats.rx_errors = c->stats[ST_ERRORS];
}

/* "side=0|1 [faults=PERIOD_MS,SEED]": words separated by spaces, side= required. */
static int parse_options(struct airlock_host *h, struct cable_host *c)
{
	char opts[AIRLOCK_HOST_OPT_MAX], *save = NULL;
	bool have_side = false;

	snprintf(opts, sizeof(opts), "%s", h->args.driver_opt);
	for (char *w = strtok_r(opts, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (!strcmp(w, "side=0") || !strcmp(w, "side=1")) {
			c->side = (unsigned int)(w[5] - '0');
			have_side = true;
#ifdef AIRLOCK_FAULT_INJECTION
		} else if (!strncmp(w, "faults=", 7)) {
			uint32_t period;
			uint64_t seed;

			if (cable_faults_parse(w + 7, &period, &seed) < 0) {
				airlock_host_log(h, "faults=%s: not PERIOD_MS,SEED", w + 7);
				return -EINVAL;
			}
			cable_faults_init(&c->faults, period, seed, h->args.instance);
#endif
		} else {
			airlock_host_log(h, "unknown option '%s'", w);
			return -EINVAL;
		}
	}
	return have_side ? 0 : -EINVAL;
}

static int cable_probe(struct airlock_host *h, struct airlock_host_msg *hello)
{
	struct cable_host *c = h->priv;
	uint32_t hash = 2166136261u;	/* FNV-1a */
	int r;

	r = parse_options(h, c);
	if (r < 0)
		return r;
	r = airlock_cable_open(h->extra, h->extra_size, c->side, &c->cable);
	if (r < 0)
		return r;
	/* A stable MAC per device name: locally administered, unicast. */
	for (const char *p = h->args.name; *p; p++)
		hash = (hash ^ (uint8_t)*p) * 16777619u;
	hello->mac[0] = 0x02;
	hello->mac[1] = 0xa1;
	hello->mac[2] = (uint8_t)(hash >> 24);
	hello->mac[3] = (uint8_t)(hash >> 16);
	hello->mac[4] = (uint8_t)(hash >> 8);
	hello->mac[5] = (uint8_t)hash;
	hello->mtu_max = AIRLOCK_MAX_MTU;
	memcpy(c->mac, hello->mac, sizeof(c->mac));
	c->mtu = 1500;		/* until the kernel says (it always replays the MTU) */
	return 0;
}

static int cable_start(struct airlock_host *h)
{
	struct cable_host *c = h->priv;
	int r;

	r = airlock_host_stats_names(h, stat_names, ST_COUNT);
	if (r < 0)
		return r;
	c->open = false;
	airlock_host_set_link(h, false, 0);
	publish_stats(h, c);
#ifdef AIRLOCK_FAULT_INJECTION
	cable_faults_arm(&c->faults, now_ms());
#endif
	return 0;
}

static int cable_control_do(struct airlock_host *h, struct cable_host *c,
			    const struct airlock_ctrl_msg *req)
{
	struct airlock_addr addrs[AIRLOCK_MAX_ADDRS];

	switch (req->opcode) {
	case AIRLOCK_CTRL_OPEN:
		c->open = true;
		airlock_host_set_link(h, true, SPEED_MBPS);
		return 0;
	case AIRLOCK_CTRL_STOP:
		c->open = false;
		airlock_host_set_link(h, false, 0);
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
		if (airlock_ctrl_rx_mode_addrs(&h->ctrl, req, addrs, AIRLOCK_MAX_ADDRS) < 0)
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
		airlock_host_log(h, "TX timeout reported by the kernel");
		return 0;
	case AIRLOCK_CTRL_NWAY_RESET:
		return 0;
	}
	return -EOPNOTSUPP;
}

static int cable_control(struct airlock_host *h, const struct airlock_ctrl_msg *req)
{
	struct cable_host *c = h->priv;
	int r;

#ifdef AIRLOCK_FAULT_INJECTION
	if (cable_faults_due(&c->faults, CABLE_POINT_CONTROL, now_ms()))
		cable_fault_act(&c->faults, h, CABLE_POINT_CONTROL, NULL, 0, now_ms());
#endif
	if (req->flags & AIRLOCK_CTRL_F_REPLAY)
		c->stats[ST_REPLAYED]++;
	r = cable_control_do(h, c, req);
	publish_stats(h, c);
	return r;
}

/* RFC 1071 sum of @len bytes, not folded. */
static uint32_t csum_add(const unsigned char *p, size_t len, uint32_t sum)
{
	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

/*
 * CSUM_PARTIAL: the kernel left the L4 checksum to us, with the
 * pseudo-header sum in the field. Done on a private copy: the TX buffer
 * stays as lent. Returns the frame to send, or NULL if the offsets lie.
 */
static const void *tx_checksum(struct cable_host *c, const void *frame, const struct airlock_desc *d)
{
	size_t field = (size_t)d->csum_start + d->csum_offset;
	uint32_t sum;
	uint16_t folded;

	if (d->csum_start >= d->len || field + 2 > d->len)
		return NULL;
	memcpy(c->scratch, frame, d->len);
	sum = csum_add(c->scratch + d->csum_start, d->len - d->csum_start, 0);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	folded = (uint16_t)~sum;
	if (!folded)
		folded = 0xffff;
	c->scratch[field] = (uint8_t)(folded >> 8);
	c->scratch[field + 1] = (uint8_t)folded;
	return c->scratch;
}

/* Kernel -> cable. */
static int cable_tx(struct airlock_host *h, struct cable_host *c)
{
	struct airlock_desc d[BATCH];
	bool drop = !c->open;
	int space, n;

	space = airlock_ring_space(&c->cable.out);
	if (space < 0)
		space = BATCH;	/* the peer broke the ring: send() starts it over */
	if (space == 0 && !drop) {
		uint64_t now = now_ms();

		if (!c->full_since_ms)
			c->full_since_ms = now;
		/* Hold: the stub's queue stops and TCP waits, as on a busy wire. */
		if (now - c->full_since_ms < PEER_GONE_MS)
			return 0;
		drop = true;	/* nobody drains the far end: frames go nowhere */
	} else if (space > 0) {
		c->full_since_ms = 0;
	}

	n = airlock_host_tx_take(h, d, drop ? BATCH : (unsigned int)(space < BATCH ? space : BATCH));
	if (n <= 0)
		return n;
#ifdef AIRLOCK_FAULT_INJECTION
	if (cable_faults_due(&c->faults, CABLE_POINT_TX_HELD, now_ms()))
		cable_fault_act(&c->faults, h, CABLE_POINT_TX_HELD, d, (unsigned int)n, now_ms());
#endif
	for (int i = 0; i < n; i++) {
		const void *frame = airlock_host_tx_frame(h, &d[i]);
		int r = 0;

		if (frame && (d[i].flags & AIRLOCK_DESC_F_CSUM_PARTIAL))
			frame = tx_checksum(c, frame, &d[i]);
		if (frame && !drop)
			r = airlock_cable_send(&c->cable, frame, d[i].len);
		if (r == 1) {
			c->stats[ST_TX_FRAMES]++;
			h->state->stats.tx_bytes += d[i].len;
			d[i].flags = 0;
		} else {
			c->stats[frame && r != -EINVAL ? ST_TX_DROPPED : ST_ERRORS]++;
			d[i].flags = AIRLOCK_DESC_F_TX_DROPPED;
		}
		d[i].len = 0;
	}
	/* Every buffer goes back, sent or not. */
	return airlock_host_tx_return(h, d, (unsigned int)n) < 0 ? -EBADMSG : n;
}

/* Cable -> kernel. */
static int cable_rx(struct airlock_host *h, struct cable_host *c)
{
	struct airlock_desc d[BATCH];
	unsigned int n = 0;
	int space, work = 0, r;

	space = airlock_host_rx_space(h);
	if (space < 0)
		return space;
	while (work < BATCH) {
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
		buf = airlock_host_rx_buf(h, n, &idx);
		if (!buf)
			return -EBADMSG;
		/* What the kernel accepts: MTU plus headers, and the buffer. */
		cap = c->mtu + AIRLOCK_FRAME_OVERHEAD;
		if (cap > h->region.hdr.buf_size)
			cap = h->region.hdr.buf_size;
		r = airlock_cable_recv(&c->cable, buf, cap);
		if (r == 0)
			break;
		work++;
		if (r > 0) {
			d[n++] = (struct airlock_desc){ .buf = idx, .len = (uint16_t)r };
			c->stats[ST_RX_FRAMES]++;
			h->state->stats.rx_bytes += (uint64_t)r;
		} else {
			c->stats[r == -EMSGSIZE ? ST_RX_DROPPED : ST_ERRORS]++;
		}
	}
	r = airlock_host_rx_post(h, d, n);
	return r < 0 ? r : work;
}

static int cable_poll(struct airlock_host *h)
{
	struct cable_host *c = h->priv;
	int tx, rx;

#ifdef AIRLOCK_FAULT_INJECTION
	uint64_t now = now_ms();

	if (fault)
		fault_act(h);
	/*
	 * Broke the ABI: quiet from now on, no doorbell either. The stub must
	 * find the damage by itself (its service work looks every 100 ms).
	 */
	if (c->faults.doomed)
		return 0;
	if (c->faults.restore_state_ms && now >= c->faults.restore_state_ms) {
		/* The garbage had its time: the real state again, as at start. */
		c->faults.restore_state_ms = 0;
		if (airlock_host_stats_names(h, stat_names, ST_COUNT) < 0)
			return -EIO;
		airlock_host_set_link(h, c->open, c->open ? SPEED_MBPS : 0);
		publish_stats(h, c);
	}
	if (cable_faults_due(&c->faults, CABLE_POINT_POLL, now))
		cable_fault_act(&c->faults, h, CABLE_POINT_POLL, NULL, 0, now);
	/*
	 * What a fault broke stays broken: serving on would overwrite it (the
	 * next RX post stores a sane producer index over a broken one), and
	 * the stub, which had not looked yet, would find nothing wrong with a
	 * driver that then serves nothing.
	 */
	if (c->faults.doomed)
		return 0;
	tx = tx_stalled ? 0 : cable_tx(h, c);
#else
	tx = cable_tx(h, c);
#endif
	if (tx < 0)
		return tx;
#ifdef AIRLOCK_FAULT_INJECTION
	if (c->faults.doomed)
		return 0;	/* a fault at TX_HELD: the same */
#endif
	rx = cable_rx(h, c);
	if (rx < 0)
		return rx;
	if (tx || rx) {
		c->last_work_ms = now_ms();
		publish_stats(h, c);
	}
	return tx + rx;
}

/* Nothing rings us when the peer sends: poll the cable, fast while busy. */
static int cable_idle_ms(struct airlock_host *h)
{
	struct cable_host *c = h->priv;

	return now_ms() - c->last_work_ms < BUSY_MS ? 1 : 10;
}

static const struct airlock_host_driver cable_driver = {
	.name = "cable",
	.policy = AIRLOCK_SANDBOX_NO_HW,
	.map_extra = true,
#ifdef AIRLOCK_FAULT_INJECTION
	.prepare = fault_prepare,
#endif
	.probe = cable_probe,
	.start = cable_start,
	.control = cable_control,
	.poll = cable_poll,
	.idle_ms = cable_idle_ms,
};

int main(int argc, char **argv)
{
	return airlock_host_main(argc, argv, &cable_driver, &cable_host);
}
