// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlock-wire: a hardware-free backend for airlock.ko. It serves two proxy
 * net_devices and forwards every frame one transmits to the other, so that
 * traffic between two network namespaces goes kernel -> stub -> this process
 * -> stub -> kernel. It answers every control request with success and
 * reports link up while the device is open. Every queue is served: a frame
 * sent on queue q of one device arrives on queue q of the other (modulo its
 * queue count, if the two differ).
 *
 *   airlock-wire create NAME [--mtu-max N] [--hold] [--ctrl-timeout-ms N]
 *                            [--queues N]   prints the device id and name
 *   airlock-wire destroy ID
 *   airlock-wire shadow ID                  prints the shadow state
 *   airlock-wire serve ID_A ID_B [--open-reply ERRNO|none] [--region-queues N]
 *                                           until SIGTERM/SIGINT
 *
 * --open-reply makes it a driver that fails to open (answers OPEN with
 * -ERRNO) or never answers OPEN, to test the stub's bounded ndo_open.
 * --region-queues lays out N queues whatever the devices have, to test
 * that the stub refuses a region that does not match.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <airlock/abi.h>

#include "ctrl.h"
#include "doorbell.h"
#include "region.h"
#include "ring.h"

#define BATCH 32

/* One queue of a device: the rings we consume (tx) and produce (rx, ret). */
struct queue {
	struct airlock_ring tx, rx, ret;
	struct airlock_buf_range rx_bufs;
};

struct side {
	uint32_t id;
	int dev_fd;		/* the /dev/airlock file of this attachment */
	int kick_fd;		/* kernel -> us */
	int doorbell_fd;	/* us -> kernel */
	struct airlock_region region;
	struct airlock_ctrl ctrl;
	uint32_t n_queues;
	struct queue queues[AIRLOCK_MAX_QUEUES];
	struct airlock_state *state;
	uint64_t forwarded, dropped;
};

static volatile sig_atomic_t stopping;

/* How OPEN is answered: 0, a negative errno, or never (OPEN_NO_REPLY). */
#define OPEN_NO_REPLY 1
static int open_reply;

/* Queues to lay out in each region; 0: as many as the device has. */
static uint32_t region_queues;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int open_dev(void)
{
	int fd = open("/dev/" AIRLOCK_DEVICE_NAME, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* The device's queue count, from its shadow: the region must match it. */
static int device_queues(uint32_t id, uint32_t *ret_n)
{
	struct airlock_shadow sh = { .id = id };
	int fd = open_dev(), r = 0;

	if (fd < 0)
		return fd;
	if (ioctl(fd, AIRLOCK_IOC_GET_SHADOW, &sh) < 0)
		r = -errno;
	close(fd);
	if (r < 0)
		return r;
	if (sh.n_queues < 1 || sh.n_queues > AIRLOCK_MAX_QUEUES)
		return -EPROTO;
	*ret_n = sh.n_queues;
	return 0;
}

static int side_attach(struct side *s, uint32_t id)
{
	struct airlock_region_params params = {
		.ctrl_entries = 64,
		.queue_entries = 256,
		.buf_size = AIRLOCK_BUF_SIZE_JUMBO,
	};
	struct airlock_attach att;
	int r;

	memset(s, 0, sizeof(*s));
	s->id = id;
	s->kick_fd = s->doorbell_fd = s->dev_fd = -1;
	r = device_queues(id, &s->n_queues);
	if (r < 0)
		return r;
	if (region_queues)
		s->n_queues = region_queues;
	params.n_queues = s->n_queues;
	/*
	 * Share 256 slots per direction among the queues (at least 64 each),
	 * and per queue and direction as many buffers as ring slots: more
	 * queues, not more memory to pin.
	 */
	while (params.queue_entries * s->n_queues > 256 && params.queue_entries > 64)
		params.queue_entries /= 2;
	params.n_bufs = 2 * params.queue_entries * s->n_queues;
	r = airlock_region_create(&params, &s->region);
	if (r < 0)
		return r;
	s->kick_fd = airlock_doorbell_new();
	s->doorbell_fd = airlock_doorbell_new();
	s->dev_fd = open_dev();
	if (s->kick_fd < 0 || s->doorbell_fd < 0 || s->dev_fd < 0)
		return -EIO;

	att = (struct airlock_attach){
		.id = id,
		.region_fd = s->region.fd,
		.kick_fd = s->kick_fd,
		.doorbell_fd = s->doorbell_fd,
	};
	if (ioctl(s->dev_fd, AIRLOCK_IOC_ATTACH, &att) < 0)
		return -errno;

	/* The kernel reset the rings at attach: take them from there. */
	r = airlock_ctrl_attach(&s->region, &s->ctrl);
	for (uint32_t i = 0; r >= 0 && i < s->n_queues; i++) {
		const struct airlock_queue_loc *loc = &s->region.hdr.queues[i];
		struct queue *q = &s->queues[i];

		r = airlock_region_ring(&s->region, &loc->tx, AIRLOCK_RING_CONSUMER, &q->tx);
		if (r >= 0)
			r = airlock_region_ring(&s->region, &loc->rx, AIRLOCK_RING_PRODUCER, &q->rx);
		if (r >= 0)
			r = airlock_region_ring(&s->region, &loc->ret, AIRLOCK_RING_PRODUCER,
						&q->ret);
		q->rx_bufs = loc->rx_bufs;
	}
	if (r < 0)
		return r;
	s->state = airlock_region_state(&s->region);
	s->state->speed = 1000;
	s->state->duplex = AIRLOCK_DUPLEX_FULL;
	strcpy(s->state->drv_name, "airlock-wire");
	strcpy(s->state->drv_version, "1");
	snprintf(s->state->bus_info, sizeof(s->state->bus_info), "wire:%u", s->id);
	s->state->n_ethtool_stats = 3;
	strcpy((char *)s->state->ethtool_names[0], "wire_forwarded");
	strcpy((char *)s->state->ethtool_names[1], "wire_dropped");
	/* What the last set_rx_mode asked: shows that the request arrived. */
	strcpy((char *)s->state->ethtool_names[2], "wire_rx_mode_flags");
	return 0;
}

static void side_close(struct side *s)
{
	if (s->dev_fd >= 0)
		close(s->dev_fd);
	if (s->kick_fd >= 0)
		close(s->kick_fd);
	if (s->doorbell_fd >= 0)
		close(s->doorbell_fd);
	airlock_region_unmap(&s->region);
}

/* Answers every pending control request; OPEN and STOP move the link. */
static int side_control(struct side *s)
{
	struct airlock_ctrl_msg req;
	int n = 0, r;

	while ((r = airlock_ctrl_next(&s->ctrl, &req)) == 0) {
		int status = 0;

		if (req.opcode == AIRLOCK_CTRL_OPEN) {
			if (open_reply == OPEN_NO_REPLY)
				continue;
			status = open_reply;
			if (!status)
				__atomic_store_n(&s->state->link_up, 1, __ATOMIC_RELEASE);
		} else if (req.opcode == AIRLOCK_CTRL_STOP) {
			__atomic_store_n(&s->state->link_up, 0, __ATOMIC_RELEASE);
		} else if (req.opcode == AIRLOCK_CTRL_SET_RX_MODE) {
			s->state->ethtool_values[2] = req.u.set_rx_mode.flags;
		}
		r = airlock_ctrl_reply(&s->ctrl, &req, status);
		if (r < 0)
			return r;
		n++;
	}
	if (r != -EAGAIN && r != -EPROTO)
		return r;
	if (n)
		airlock_doorbell_kick(s->doorbell_fd);
	return n;
}

/*
 * Moves up to BATCH frames from TX queue @qi of @from into the matching RX
 * queue of @to, and returns @from's TX buffers. RX buffer i serves RX slot
 * i: the kernel has consumed the slot, so the buffer is free, before we can
 * produce into it.
 */
static int queue_forward(struct side *from, struct side *to, uint32_t qi)
{
	struct queue *fq = &from->queues[qi], *tq = &to->queues[qi % to->n_queues];
	struct airlock_desc tx[BATCH], rx[BATCH];
	int n, space, i, out = 0, r;

	space = airlock_ring_space(&tq->rx);
	if (space < 0)
		return space;
	n = airlock_ring_count(&fq->tx);
	if (n <= 0)
		return n;
	if (n > BATCH)
		n = BATCH;
	/* A peer that is up but full: wait for it. One that is down: drop. */
	if (to->state->link_up) {
		if (space == 0)
			return 0;
		if (n > space)
			n = space;
	}
	n = airlock_ring_dequeue(&fq->tx, tx, (unsigned int)n);
	if (n < 0)
		return n;

	for (i = 0; i < n; i++) {
		uint32_t slot = tq->rx.own + out;
		uint32_t buf = tq->rx_bufs.first + (slot % tq->rx_bufs.count);
		void *src = airlock_region_buf(&from->region, tx[i].buf);
		void *dst = airlock_region_buf(&to->region, buf);

		if (!src || !dst || tx[i].len > from->region.hdr.buf_size ||
		    out >= space || !to->state->link_up) {
			from->dropped++;
			continue;
		}
		memcpy(dst, src, tx[i].len);
		rx[out] = (struct airlock_desc){ .buf = buf, .len = tx[i].len };
		out++;
	}
	if (out) {
		r = airlock_ring_enqueue(&tq->rx, rx, (unsigned int)out);
		if (r < 0)
			return r;
		from->forwarded += (uint64_t)r;
		if (airlock_ring_needs_wakeup(&tq->rx))
			airlock_doorbell_kick(to->doorbell_fd);
	}
	/* Every TX buffer goes back, sent or not; ret has room for all. */
	r = airlock_ring_enqueue(&fq->ret, tx, (unsigned int)n);
	if (r < 0)
		return r;
	if (airlock_ring_needs_wakeup(&fq->ret))
		airlock_doorbell_kick(from->doorbell_fd);
	from->state->ethtool_values[0] = from->forwarded;
	from->state->ethtool_values[1] = from->dropped;
	return n;
}

/* Every TX queue of @from, once; the work done or a negative errno. */
static int side_forward(struct side *from, struct side *to)
{
	int work = 0, r;

	for (uint32_t qi = 0; qi < from->n_queues; qi++) {
		r = queue_forward(from, to, qi);
		if (r < 0)
			return r;
		work += r;
	}
	return work;
}

/* Asks every ring we consume on @s for doorbells; 0 if all still empty. */
static int side_prepare_sleep(struct side *s)
{
	int n = airlock_ring_prepare_sleep(&s->ctrl.req);

	if (n < 0)
		return -EBADMSG;
	for (uint32_t i = 0; i < s->n_queues; i++) {
		int r = airlock_ring_prepare_sleep(&s->queues[i].tx);

		if (r < 0)
			return -EBADMSG;
		n += r;
	}
	return n;
}

static void side_wake_done(struct side *s)
{
	airlock_ring_wake_done(&s->ctrl.req);
	for (uint32_t i = 0; i < s->n_queues; i++)
		airlock_ring_wake_done(&s->queues[i].tx);
}

static int serve(uint32_t id_a, uint32_t id_b)
{
	struct side sides[2];
	struct pollfd pfd[2];
	int r, i;

	r = side_attach(&sides[0], id_a);
	if (r >= 0)
		r = side_attach(&sides[1], id_b);
	if (r < 0) {
		fprintf(stderr, "airlock-wire: attach: %s\n", strerror(-r));
		return 1;
	}
	fprintf(stderr, "airlock-wire: serving devices %u and %u (%u and %u queues)\n", id_a,
		id_b, sides[0].n_queues, sides[1].n_queues);

	while (!stopping) {
		int work = 0;

		for (i = 0; i < 2; i++) {
			sides[i].state->heartbeat++;
			r = side_control(&sides[i]);
			if (r < 0)
				goto broken;
			work += r;
			r = side_forward(&sides[i], &sides[!i]);
			if (r < 0)
				goto broken;
			work += r;
		}
		if (work)
			continue;

		r = side_prepare_sleep(&sides[0]);
		if (r == 0)
			r = side_prepare_sleep(&sides[1]);
		if (r < 0)
			goto broken;
		if (r == 0) {
			for (i = 0; i < 2; i++)
				pfd[i] = (struct pollfd){ .fd = sides[i].kick_fd, .events = POLLIN };
			/* Wake now and then anyway: heartbeat, and RX rings that were full. */
			poll(pfd, 2, 10);
			for (i = 0; i < 2; i++)
				airlock_doorbell_drain(sides[i].kick_fd);
		}
		for (i = 0; i < 2; i++)
			side_wake_done(&sides[i]);
	}
	side_close(&sides[0]);
	side_close(&sides[1]);
	return 0;

broken:
	fprintf(stderr, "airlock-wire: ring error: %s\n", strerror(-r));
	side_close(&sides[0]);
	side_close(&sides[1]);
	return 1;
}

static int create(const char *name, uint32_t mtu_max, uint32_t policy, uint32_t ctrl_timeout_ms,
		  uint32_t n_queues)
{
	struct airlock_create c = {
		.ctrl_timeout_ms = ctrl_timeout_ms,
		.mac = { 0x02, 0xa1, 0, 0, 0, 0 },
		.min_mtu = AIRLOCK_MIN_MTU,
		.max_mtu = mtu_max,
		.mtu = mtu_max < 1500 ? mtu_max : 1500,
		.n_queues = n_queues,
		.tx_policy = policy,
	};
	int fd = open_dev();

	if (fd < 0) {
		fprintf(stderr, "airlock-wire: /dev/airlock: %s\n", strerror(-fd));
		return 1;
	}
	if (strlen(name) >= sizeof(c.name)) {
		fprintf(stderr, "airlock-wire: name too long: %s\n", name);
		close(fd);
		return 1;
	}
	strcpy(c.name, name);
	/* A locally administered MAC that differs per name. */
	for (const char *p = name; *p; p++)
		c.mac[5 - (p - name) % 4] ^= (uint8_t)*p;
	if (ioctl(fd, AIRLOCK_IOC_CREATE, &c) < 0) {
		fprintf(stderr, "airlock-wire: create %s: %s\n", name, strerror(errno));
		close(fd);
		return 1;
	}
	printf("%u %s\n", c.id, c.ifname);
	close(fd);
	return 0;
}

static int simple_ioctl(unsigned long cmd, void *arg, const char *what)
{
	int fd = open_dev();
	int r = 0;

	if (fd < 0 || ioctl(fd, cmd, arg) < 0) {
		fprintf(stderr, "airlock-wire: %s: %s\n", what, strerror(fd < 0 ? -fd : errno));
		r = 1;
	}
	if (fd >= 0)
		close(fd);
	return r;
}

static int shadow(uint32_t id)
{
	struct airlock_shadow s = { .id = id };

	if (simple_ioctl(AIRLOCK_IOC_GET_SHADOW, &s, "shadow"))
		return 1;
	printf("ifname=%.*s ifindex=%d up=%u mac=%02x:%02x:%02x:%02x:%02x:%02x mtu=%u rx_mode=%#x n_uc=%u n_mc=%u "
	       "features=%#" PRIx64 " rx_pending=%u tx_pending=%u msglevel=%#x attached=%u "
	       "generation=%" PRIu64 " ctrl_errors=%" PRIu64 " violations=%" PRIu64
	       " tx_dropped_detached=%" PRIu64 " n_queues=%u ctrl_bad_errno=%" PRIu64
	       " feat_changes_limited=%" PRIu64 "\n",
	       (int)sizeof(s.ifname), s.ifname, s.ifindex, !!(s.flags & AIRLOCK_SHADOW_UP), s.mac[0], s.mac[1], s.mac[2], s.mac[3],
	       s.mac[4], s.mac[5], s.mtu, s.rx_mode, s.n_uc, s.n_mc, (uint64_t)s.features,
	       s.rx_pending, s.tx_pending, s.msglevel, s.attached, (uint64_t)s.generation,
	       (uint64_t)s.ctrl_errors, (uint64_t)s.violations,
	       (uint64_t)s.tx_dropped_detached, s.n_queues, (uint64_t)s.ctrl_bad_errno,
	       (uint64_t)s.feat_changes_limited);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: airlock-wire create NAME [--mtu-max N] [--hold] [--ctrl-timeout-ms N]\n"
			"                                [--queues N]\n"
			"       airlock-wire destroy ID | shadow ID\n"
			"       airlock-wire serve ID_A ID_B [--open-reply ERRNO|none]"
			" [--region-queues N]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };

	if (argc >= 3 && !strcmp(argv[1], "create")) {
		uint32_t mtu_max = AIRLOCK_MAX_MTU, policy = AIRLOCK_TX_POLICY_DROP, timeout = 0;
		uint32_t n_queues = 1;

		for (int i = 3; i < argc; i++) {
			if (!strcmp(argv[i], "--hold"))
				policy = AIRLOCK_TX_POLICY_HOLD;
			else if (!strcmp(argv[i], "--mtu-max") && i + 1 < argc)
				mtu_max = (uint32_t)strtoul(argv[++i], NULL, 10);
			else if (!strcmp(argv[i], "--ctrl-timeout-ms") && i + 1 < argc)
				timeout = (uint32_t)strtoul(argv[++i], NULL, 10);
			else if (!strcmp(argv[i], "--queues") && i + 1 < argc)
				n_queues = (uint32_t)strtoul(argv[++i], NULL, 10);
			else
				return usage();
		}
		return create(argv[2], mtu_max, policy, timeout, n_queues);
	}
	if (argc == 3 && !strcmp(argv[1], "destroy")) {
		uint32_t id = (uint32_t)strtoul(argv[2], NULL, 10);

		return simple_ioctl(AIRLOCK_IOC_DESTROY, &id, "destroy");
	}
	if (argc == 3 && !strcmp(argv[1], "shadow"))
		return shadow((uint32_t)strtoul(argv[2], NULL, 10));
	if (argc >= 4 && !strcmp(argv[1], "serve")) {
		for (int i = 4; i < argc; i++) {
			if (!strcmp(argv[i], "--open-reply") && i + 1 < argc) {
				i++;
				if (!strcmp(argv[i], "none"))
					open_reply = OPEN_NO_REPLY;
				else
					open_reply = -(int)strtoul(argv[i], NULL, 10);
			} else if (!strcmp(argv[i], "--region-queues") && i + 1 < argc) {
				region_queues = (uint32_t)strtoul(argv[++i], NULL, 10);
				if (region_queues < 1 || region_queues > AIRLOCK_MAX_QUEUES)
					return usage();
			} else {
				return usage();
			}
		}
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		return serve((uint32_t)strtoul(argv[2], NULL, 10),
			     (uint32_t)strtoul(argv[3], NULL, 10));
	}
	return usage();
}
