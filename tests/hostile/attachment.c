// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hostile driver's attachment and its well-behaved steps, built from the
 * ipc/ library the real drivers use: an attack first behaves (answers the
 * replay, reports link up, returns TX buffers) and then misbehaves in one
 * precise way.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "doorbell.h"
#include "hostile.h"

/* IEEE 802 local experimental ethertype: the stack drops it unread. */
#define HOSTILE_ETHERTYPE	0x88b5

static const struct airlock_region_params hostile_params = {
	.n_queues = 1,
	.ctrl_entries = HOSTILE_CTRL_ENTRIES,
	.queue_entries = HOSTILE_QUEUE_ENTRIES,
	.n_bufs = 2 * HOSTILE_QUEUE_ENTRIES,
	.buf_size = AIRLOCK_BUF_SIZE_JUMBO,
};

uint64_t hostile_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void hostile_sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

uint64_t hostile_rand(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

int hostile_open_dev(void)
{
	int fd = open("/dev/" AIRLOCK_DEVICE_NAME, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int hostile_shadow(uint32_t id, struct airlock_shadow *ret)
{
	struct airlock_shadow s = { .id = id };
	int fd = hostile_open_dev();
	int r = 0;

	if (fd < 0)
		return fd;
	if (ioctl(fd, AIRLOCK_IOC_GET_SHADOW, &s) < 0)
		r = -errno;
	close(fd);
	if (r == 0)
		*ret = s;
	return r;
}

int hostile_attach(struct hostile *h, uint32_t id)
{
	return hostile_attach_params(h, id, &hostile_params);
}

int hostile_attach_params(struct hostile *h, uint32_t id, const struct airlock_region_params *p)
{
	struct airlock_attach att;
	struct airlock_shadow sh;
	int r;

	memset(h, 0, sizeof(*h));
	h->id = id;
	h->dev_fd = h->kick_fd = h->doorbell_fd = -1;
	h->region.fd = -1;
	r = airlock_region_create(p, &h->region);
	if (r < 0)
		return r;
	h->kick_fd = airlock_doorbell_new();
	h->doorbell_fd = airlock_doorbell_new();
	h->dev_fd = hostile_open_dev();
	if (h->kick_fd < 0 || h->doorbell_fd < 0 || h->dev_fd < 0) {
		r = h->dev_fd < 0 ? h->dev_fd : -EMFILE;
		goto fail;
	}
	att = (struct airlock_attach){
		.id = id,
		.region_fd = h->region.fd,
		.kick_fd = h->kick_fd,
		.doorbell_fd = h->doorbell_fd,
	};
	if (ioctl(h->dev_fd, AIRLOCK_IOC_ATTACH, &att) < 0) {
		r = -errno;
		goto fail;
	}

	/* The kernel reset the rings and posted its replay: take them from there. */
	h->q = h->region.hdr.queues[0];
	r = airlock_ctrl_attach(&h->region, &h->ctrl);
	if (r >= 0)
		r = airlock_region_ring(&h->region, &h->q.tx, AIRLOCK_RING_CONSUMER, &h->tx);
	if (r >= 0)
		r = airlock_region_ring(&h->region, &h->q.rx, AIRLOCK_RING_PRODUCER, &h->rx);
	if (r >= 0)
		r = airlock_region_ring(&h->region, &h->q.ret, AIRLOCK_RING_PRODUCER, &h->ret);
	if (r >= 0)
		r = hostile_shadow(id, &sh);
	if (r < 0)
		goto fail;
	memcpy(h->ifname, sh.ifname, sizeof(h->ifname));
	h->ifname[sizeof(h->ifname) - 1] = '\0';
	h->generation = sh.generation;
	h->state = airlock_region_state(&h->region);
	h->state->speed = 1000;
	h->state->duplex = AIRLOCK_DUPLEX_FULL;
	return 0;

fail:
	hostile_close(h);
	return r;
}

void hostile_close(struct hostile *h)
{
	if (h->dev_fd >= 0)
		close(h->dev_fd);
	if (h->kick_fd >= 0)
		close(h->kick_fd);
	if (h->doorbell_fd >= 0)
		close(h->doorbell_fd);
	airlock_region_unmap(&h->region);
	h->dev_fd = h->kick_fd = h->doorbell_fd = -1;
}

void hostile_kick(struct hostile *h)
{
	airlock_doorbell_kick(h->doorbell_fd);
}

int hostile_serve_ctrl(struct hostile *h, int status)
{
	struct airlock_ctrl_msg req;
	int n = 0, r;

	while ((r = airlock_ctrl_next(&h->ctrl, &req)) == 0) {
		h->seen_ops |= 1U << (req.opcode & 31);
		if (req.opcode == AIRLOCK_CTRL_OPEN)
			__atomic_store_n(&h->state->link_up, 1, __ATOMIC_RELEASE);
		else if (req.opcode == AIRLOCK_CTRL_STOP)
			__atomic_store_n(&h->state->link_up, 0, __ATOMIC_RELEASE);
		r = airlock_ctrl_reply(&h->ctrl, &req, status);
		if (r < 0)
			return r;
		n++;
	}
	if (r != -EAGAIN && r != -EPROTO)
		return r;
	if (n)
		hostile_kick(h);
	return n;
}

int hostile_serve_tx(struct hostile *h, bool give_back)
{
	struct airlock_desc d[HOSTILE_QUEUE_ENTRIES];
	int n, r;

	n = airlock_ring_dequeue(&h->tx, d, HOSTILE_QUEUE_ENTRIES);
	if (n <= 0 || !give_back)
		return n;
	r = airlock_ring_enqueue(&h->ret, d, (unsigned int)n);
	if (r < 0)
		return r;
	hostile_kick(h);
	return n;
}

long long hostile_sysfs_ll(const struct hostile *h, const char *name)
{
	char path[128], buf[32];
	long long v = -1;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", h->ifname, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		if (sscanf(buf, "%lld", &v) != 1)
			v = -1;
	}
	return v;
}

int hostile_until_carrier(struct hostile *h, int ms)
{
	uint64_t end = hostile_now_ms() + (uint64_t)ms;
	int r;

	while (hostile_now_ms() < end) {
		h->state->heartbeat++;
		r = hostile_serve_ctrl(h, 0);
		if (r >= 0)
			r = hostile_serve_tx(h, true);
		if (r < 0)
			return r;
		if (hostile_sysfs_ll(h, "carrier") == 1)
			return 0;
		hostile_sleep_ms(5);
	}
	return -ETIMEDOUT;
}

void hostile_idle(struct hostile *h, int ms)
{
	uint64_t end = hostile_now_ms() + (uint64_t)ms, next_check = 0;
	struct airlock_shadow sh;

	while (hostile_now_ms() < end) {
		h->state->heartbeat++;
		if (hostile_serve_ctrl(h, 0) < 0 || hostile_serve_tx(h, true) < 0)
			break;
		if (hostile_now_ms() >= next_check) {
			if (hostile_shadow(h->id, &sh) < 0 || !sh.attached ||
			    sh.generation != h->generation)
				break;
			next_check = hostile_now_ms() + 50;
		}
		hostile_sleep_ms(5);
	}
}

/* Fills RX buffer @buf with a broadcast frame of @len bytes. */
/* A broadcast frame of @len bytes at @offset in buffer @buf, if it fits there. */
static void hostile_fill_frame(struct hostile *h, uint32_t buf, uint32_t offset, uint16_t len)
{
	unsigned char *p = airlock_region_buf(&h->region, buf);
	struct ether_header eh;

	if (offset > h->region.hdr.buf_size || len > h->region.hdr.buf_size - offset)
		return;
	p += offset;
	memset(eh.ether_dhost, 0xff, ETH_ALEN);
	memcpy(eh.ether_shost, "\x02\x00\x5e\x00\x00\x01", ETH_ALEN);
	eh.ether_type = htons(HOSTILE_ETHERTYPE);
	memset(p, 0, len);
	memcpy(p, &eh, len < sizeof(eh) ? len : sizeof(eh));
}

int hostile_post_rx_desc(struct hostile *h, const struct airlock_desc *d)
{
	int r = airlock_ring_enqueue(&h->rx, d, 1);

	if (r < 0)
		return r;
	return r == 1 ? 0 : -EAGAIN;
}

int hostile_post_rx_at(struct hostile *h, uint16_t offset, uint16_t len)
{
	struct airlock_desc d = { .offset = offset, .len = len };

	d.buf = h->q.rx_bufs.first + h->rx_next % h->q.rx_bufs.count;
	/* The slot we produce into was consumed, so this buffer is ours again. */
	if (airlock_ring_space(&h->rx) <= 0)
		return -EAGAIN;
	hostile_fill_frame(h, d.buf, offset, len <= AIRLOCK_BUF_SIZE_JUMBO ? len : 64);
	h->rx_next++;
	return hostile_post_rx_desc(h, &d);
}

int hostile_post_rx(struct hostile *h, uint16_t len)
{
	return hostile_post_rx_at(h, 0, len);
}

int hostile_post_ret_desc(struct hostile *h, const struct airlock_desc *d)
{
	int r = airlock_ring_enqueue(&h->ret, d, 1);

	if (r < 0)
		return r;
	return r == 1 ? 0 : -EAGAIN;
}

int hostile_wait_detached(struct hostile *h, int ms)
{
	uint64_t start = hostile_now_ms();
	struct airlock_shadow sh;

	for (;;) {
		if (hostile_shadow(h->id, &sh) == 0 &&
		    (!sh.attached || sh.generation != h->generation))
			return (int)(hostile_now_ms() - start);
		if (hostile_now_ms() - start > (uint64_t)ms)
			return -ETIMEDOUT;
		hostile_sleep_ms(10);
	}
}

int hostile_send_frames(const struct hostile *h, int n)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned char frame[60] = { 0 };
	struct ether_header eh;
	int fd, i, sent = 0;

	sll.sll_ifindex = (int)if_nametoindex(h->ifname);
	if (!sll.sll_ifindex)
		return -errno;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(eh.ether_dhost, 0xff, ETH_ALEN);
	memcpy(eh.ether_shost, "\x02\x00\x5e\x00\x00\x02", ETH_ALEN);
	eh.ether_type = htons(HOSTILE_ETHERTYPE);
	memcpy(frame, &eh, sizeof(eh));
	sll.sll_halen = ETH_ALEN;
	memset(sll.sll_addr, 0xff, ETH_ALEN);
	for (i = 0; i < n; i++)
		if (sendto(fd, frame, sizeof(frame), MSG_DONTWAIT, (struct sockaddr *)&sll,
			   sizeof(sll)) == (ssize_t)sizeof(frame))
			sent++;
	close(fd);
	return sent;
}

int hostile_begin(struct hostile *h, const struct hostile_opts *o)
{
	int r = hostile_attach(h, o->id);

	if (r < 0) {
		fprintf(stderr, "hostile: attach to device %u: %s\n", o->id, strerror(-r));
		return r;
	}
	r = hostile_until_carrier(h, 10000);
	if (r < 0) {
		fprintf(stderr, "hostile: %s: no carrier as a good driver: %s\n", h->ifname,
			strerror(-r));
		hostile_close(h);
		return r;
	}
	printf("attached to %s (generation %llu), carrier on\n", h->ifname,
	       (unsigned long long)h->generation);
	return 0;
}

int hostile_report(struct hostile *h, int ms)
{
	int t = hostile_wait_detached(h, ms);

	if (t >= 0)
		printf("outcome: detached by the kernel after %d ms\n", t);
	else
		printf("outcome: still attached after %d ms\n", ms);
	fflush(stdout);
	hostile_close(h);
	return t >= 0;
}

int hostile_if_ioctl(const char *ifname, unsigned long request, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", ifname);
	if (ioctl(fd, request, ifr) < 0)
		r = -errno;
	close(fd);
	return r;
}

int hostile_set_msglevel(const struct hostile *h, uint32_t level)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_SMSGLVL, .data = level };
	struct ifreq ifr = { .ifr_data = (char *)&ev };

	return hostile_if_ioctl(h->ifname, SIOCETHTOOL, &ifr);
}

int hostile_raw_reply(struct hostile *h, uint64_t seq, uint16_t opcode, int32_t status)
{
	struct airlock_ctrl_msg m = { .seq = seq, .opcode = opcode, .status = status };
	int n = airlock_ring_enqueue(&h->ctrl.rsp, &m, 1);

	hostile_kick(h);
	return n == 1 ? 0 : -ENOSPC;
}

int64_t hostile_wait_request(struct hostile *h, uint16_t opcode, int ms)
{
	uint64_t end = hostile_now_ms() + (uint64_t)ms;
	struct airlock_ctrl_msg req;

	while (hostile_now_ms() < end) {
		while (airlock_ctrl_next(&h->ctrl, &req) == 0) {
			if (req.opcode == opcode)
				return (int64_t)req.seq;
			airlock_ctrl_reply(&h->ctrl, &req, 0);
			hostile_kick(h);
		}
		h->state->heartbeat++;
		hostile_sleep_ms(2);
	}
	return -ETIMEDOUT;
}
