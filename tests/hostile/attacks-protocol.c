// SPDX-License-Identifier: GPL-2.0-only
/*
 * Attack classes 3 (function pointers: opcodes it chose), 6 (denial of
 * service: never answering) and 8 (protocol violations): control replies to
 * requests never sent, twice, with the wrong opcode or an impossible status;
 * a state block full of garbage; ethtool counts beyond bounds; attaching to
 * devices it was not given or with regions that break the layout; closing
 * and reopening in a loop; received frames whose broken checksums it
 * claims to have verified; a TSO declaration that flips all the time.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/ethtool.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "doorbell.h"
#include "hostile.h"

/* Makes the stub post SET_MSGLEVEL and takes it off the ring unanswered. */
static int take_request(struct hostile *h, struct airlock_ctrl_msg *ret)
{
	int r = hostile_set_msglevel(h, 0x5);

	if (r < 0)
		return r;
	for (int i = 0; i < 200; i++) {
		r = airlock_ctrl_next(&h->ctrl, ret);
		if (r != -EAGAIN)
			return r;
		hostile_sleep_ms(5);
	}
	return -ETIMEDOUT;
}

enum bad_reply { UNSOLICITED, DUPLICATE, WRONG_OPCODE, BAD_STATUS };

static int bad_reply(const struct hostile_opts *o, enum bad_reply how)
{
	struct airlock_ctrl_msg req;
	struct hostile h;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	if (how == UNSOLICITED) {
		printf("replying to seq 0xdeadbeef, never sent\n");
		r = hostile_raw_reply(&h, 0xdeadbeef, AIRLOCK_CTRL_OPEN, 0);
		goto out;
	}
	r = take_request(&h, &req);
	if (r < 0) {
		fprintf(stderr, "hostile: no request: %s\n", strerror(-r));
		goto out;
	}
	switch (how) {
	case DUPLICATE:
		printf("answering seq %llu twice\n", (unsigned long long)req.seq);
		hostile_raw_reply(&h, req.seq, req.opcode, 0);
		r = hostile_raw_reply(&h, req.seq, req.opcode, 0);
		break;
	case WRONG_OPCODE:
		printf("answering seq %llu (opcode %u) as opcode %u\n",
		       (unsigned long long)req.seq, req.opcode, AIRLOCK_CTRL_NWAY_RESET);
		r = hostile_raw_reply(&h, req.seq, AIRLOCK_CTRL_NWAY_RESET, 0);
		break;
	default:
		printf("answering seq %llu with status 1\n", (unsigned long long)req.seq);
		r = hostile_raw_reply(&h, req.seq, req.opcode, 1);
		break;
	}
out:
	hostile_report(&h, 3000);
	return r;
}

static int ctrl_unsolicited(const struct hostile_opts *o)
{
	return bad_reply(o, UNSOLICITED);
}

static int ctrl_duplicate(const struct hostile_opts *o)
{
	return bad_reply(o, DUPLICATE);
}

static int ctrl_wrong_opcode(const struct hostile_opts *o)
{
	return bad_reply(o, WRONG_OPCODE);
}

static int ctrl_bad_status(const struct hostile_opts *o)
{
	return bad_reply(o, BAD_STATUS);
}

/*
 * Never answers (or answers -EIO): each request is a counted error after
 * its deadline, the carrier goes off and stays off for this instance, and
 * the kernel neither waits nor detaches. Checks itself.
 */
static int ctrl_unanswered(const struct hostile_opts *o, bool silent)
{
	const int n_req = silent ? 20 : 3;
	struct airlock_shadow s0, s1;
	struct hostile h;
	uint64_t t0;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	hostile_shadow(o->id, &s0);
	t0 = hostile_now_ms();
	for (int i = 0; i < n_req; i++)
		hostile_set_msglevel(&h, (uint32_t)i);
	printf("%d requests posted in %llu ms (the kernel must not wait)\n", n_req,
	       (unsigned long long)(hostile_now_ms() - t0));
	if (silent) {
		hostile_sleep_ms(3000);
	} else {
		for (int i = 0; i < 100; i++) {
			hostile_serve_ctrl(&h, -EIO);
			hostile_sleep_ms(10);
		}
	}
	hostile_shadow(o->id, &s1);
	printf("ctrl_errors +%llu (want %d), violations +%llu, carrier %lld, attached %u\n",
	       (unsigned long long)(s1.ctrl_errors - s0.ctrl_errors), n_req,
	       (unsigned long long)(s1.violations - s0.violations),
	       hostile_sysfs_ll(&h, "carrier"), s1.attached);
	if (s1.ctrl_errors - s0.ctrl_errors != (uint64_t)n_req || s1.violations != s0.violations ||
	    hostile_sysfs_ll(&h, "carrier") != 0 || !s1.attached)
		r = -EPROTO;
	if (hostile_report(&h, 0))
		r = -EPROTO;
	return r;
}

static int ctrl_silent(const struct hostile_opts *o)
{
	return ctrl_unanswered(o, true);
}

static int ctrl_error_status(const struct hostile_opts *o)
{
	return ctrl_unanswered(o, false);
}

static bool expect(const char *what, long long got, long long want)
{
	printf("%s: %lld (want %lld)%s\n", what, got, want, got == want ? "" : "  <-- WRONG");
	return got == want;
}

/*
 * link_up 7, a speed no NIC has, duplex 0x42, error counters that go
 * backwards, 2^32-1 ethtool stats with names that never end, an RX ring
 * size of 2^32-1 beside a good TX one (100); then held for --seconds so
 * that ethtool can read it meanwhile (hostile-protocol.sh checks -g: RX
 * not the garbage, TX 100). Checks itself.
 */
static int state_garbage(const struct hostile_opts *o)
{
	struct airlock_state *st;
	struct hostile h;
	long long last = 0, now;
	bool ok = true;
	uint64_t end;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	st = h.state;
	st->n_ethtool_stats = 0xffffffffU;
	memset(st->ethtool_names, 'A', sizeof(st->ethtool_names));
	st->rx_ring_size = 0xffffffffU;
	st->tx_ring_size = 100;
	/* Coalescing values, but not the one value that says they are the driver's. */
	st->coalesce_known = 2;
	st->coalesce.rx_usecs = 77;

	st->link_up = 7;
	hostile_idle(&h, 500);
	ok &= expect("carrier with link_up=7", hostile_sysfs_ll(&h, "carrier"), 0);

	st->link_up = 1;
	st->speed = 0xfffffffeU;
	st->duplex = 0x42;
	hostile_idle(&h, 500);
	ok &= expect("carrier with link_up=1", hostile_sysfs_ll(&h, "carrier"), 1);
	ok &= expect("speed for 0xfffffffe", hostile_sysfs_ll(&h, "speed"), -1);
	st->speed = 100000;
	hostile_idle(&h, 200);
	ok &= expect("speed for 100000", hostile_sysfs_ll(&h, "speed"), 100000);
	st->speed = 0xfffffffeU;

	/* Counters that go back and forth: what the kernel shows only grows. */
	end = hostile_now_ms() + o->seconds * 1000ULL;
	for (int i = 0; hostile_now_ms() < end; i++) {
		st->stats.rx_errors = i % 2 ? 10 : 1000;
		st->stats.tx_dropped = i % 2 ? ~0ULL : 0;
		hostile_idle(&h, 150);
		now = hostile_sysfs_ll(&h, "statistics/rx_errors");
		if (now < last) {
			printf("rx_errors went back: %lld -> %lld  <-- WRONG\n", last, now);
			ok = false;
		}
		last = now;
	}
	printf("rx_errors now %lld, never decreased: %s\n", last, ok ? "yes" : "no");
	if (hostile_report(&h, 0))
		ok = false;
	return ok ? 0 : -EPROTO;
}

struct scribbler {
	struct airlock_state *state;
	volatile bool stop;
};

static void *scribble_counts(void *arg)
{
	static const uint32_t counts[] = { 0, 3, 64, 65, 1000, 0xffffffffU };
	struct scribbler *s = arg;

	for (unsigned int i = 0; !s->stop; i++) {
		__atomic_store_n(&s->state->n_ethtool_stats, counts[i % 6], __ATOMIC_RELAXED);
		s->state->ethtool_names[i % AIRLOCK_MAX_ETHTOOL_STATS][i % 32] = (uint8_t)('B' + i % 20);
		s->state->ethtool_values[i % AIRLOCK_MAX_ETHTOOL_STATS] = i;
	}
	return NULL;
}

/* The stat count changes under ethtool's feet for --seconds (a second thread). */
static int ethtool_counts(const struct hostile_opts *o)
{
	struct scribbler s = { 0 };
	pthread_t t;
	struct hostile h;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	memset(h.state->ethtool_names, 'N', sizeof(h.state->ethtool_names));
	s.state = h.state;
	r = -pthread_create(&t, NULL, scribble_counts, &s);
	if (r == 0) {
		printf("flipping n_ethtool_stats for %u s\n", o->seconds);
		fflush(stdout);
		hostile_idle(&h, (int)o->seconds * 1000);
		s.stop = true;
		pthread_join(t, NULL);
	}
	hostile_report(&h, 0);
	return r;
}

/* ---- Attaching with what it was not given ---- */

static int try_attach(int dev, uint32_t id, int region, int kick, int bell)
{
	struct airlock_attach a = { .id = id, .region_fd = region, .kick_fd = kick,
				    .doorbell_fd = bell };

	return ioctl(dev, AIRLOCK_IOC_ATTACH, &a) < 0 ? -errno : 0;
}

/* A memfd of @size bytes holding @hdr at offset 0. */
static int region_fd(const struct airlock_region_hdr *hdr, uint64_t size)
{
	int fd = memfd_create("hostile-bad-region", MFD_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0 ||
	    pwrite(fd, hdr, sizeof(*hdr), 0) != (ssize_t)sizeof(*hdr)) {
		close(fd);
		return -EIO;
	}
	return fd;
}

struct bad_region {
	const char *what;
	int want;	/* -errno the kernel must answer */
	void (*mutate)(struct airlock_region_hdr *h, uint64_t *size);
};

static void m_magic(struct airlock_region_hdr *h, uint64_t *size) { h->magic ^= 1; }
static void m_version(struct airlock_region_hdr *h, uint64_t *size)
{
	h->abi_version = AIRLOCK_ABI_VERSION + 1;
}
static void m_no_queues(struct airlock_region_hdr *h, uint64_t *size) { h->n_queues = 0; }
static void m_many_bufs(struct airlock_region_hdr *h, uint64_t *size) { h->n_bufs = 0xffffffffU; }
static void m_npot_ring(struct airlock_region_hdr *h, uint64_t *size) { h->queues[0].rx.entries = 3; }
static void m_big_ring(struct airlock_region_hdr *h, uint64_t *size) { h->ctrl_req.entries = 8192; }
static void m_overlap(struct airlock_region_hdr *h, uint64_t *size)
{
	h->ctrl_rsp.offset = h->ctrl_req.offset;
}
static void m_pool_past_end(struct airlock_region_hdr *h, uint64_t *size)
{
	h->pool_offset = h->region_size;
}
static void m_size_lie(struct airlock_region_hdr *h, uint64_t *size) { *size += 4096; }
static void m_tiny(struct airlock_region_hdr *h, uint64_t *size) { *size = 100; }
static void m_unaligned(struct airlock_region_hdr *h, uint64_t *size) { *size += 100; }
static void m_ranges(struct airlock_region_hdr *h, uint64_t *size)
{
	h->queues[0].rx_bufs.first = h->queues[0].tx_bufs.first;
}
static void m_state_in_header(struct airlock_region_hdr *h, uint64_t *size)
{
	h->state_offset = 64;
}
static void m_reserved(struct airlock_region_hdr *h, uint64_t *size) { h->reserved1[1] = 1; }
static void m_second_queue(struct airlock_region_hdr *h, uint64_t *size)
{
	h->queues[1].tx.entries = 2;
}

static const struct bad_region bad_regions[] = {
	{ "bad magic", -EBADMSG, m_magic },
	{ "the next ABI version", -EPROTONOSUPPORT, m_version },
	{ "no queues", -ERANGE, m_no_queues },
	{ "n_bufs 2^32-1", -ERANGE, m_many_bufs },
	{ "ring of 3 entries", -EINVAL, m_npot_ring },
	{ "control ring of 8192", -ERANGE, m_big_ring },
	{ "control rings overlap", -EINVAL, m_overlap },
	{ "pool past the end", -EINVAL, m_pool_past_end },
	{ "region bigger than its header says", -EINVAL, m_size_lie },
	{ "region of 100 bytes", -EINVAL, m_tiny },
	{ "region not whole pages", -EINVAL, m_unaligned },
	{ "TX and RX buffers shared", -EINVAL, m_ranges },
	{ "state block inside the header", -EINVAL, m_state_in_header },
	{ "reserved field set", -EINVAL, m_reserved },
	{ "an unused queue not zero", -EINVAL, m_second_queue },
};

static bool check_errno(const char *what, int got, int want)
{
	printf("%-40s %-16s want %s%s\n", what, got ? strerrorname_np(-got) : "accepted",
	       strerrorname_np(-want), got == want ? "" : "  <-- WRONG");
	return got == want;
}

static int attach_bad_region(const struct hostile_opts *o)
{
	const struct airlock_region_params p = {
		.n_queues = 1, .ctrl_entries = HOSTILE_CTRL_ENTRIES,
		.queue_entries = HOSTILE_QUEUE_ENTRIES, .n_bufs = 2 * HOSTILE_QUEUE_ENTRIES,
		.buf_size = AIRLOCK_BUF_SIZE_JUMBO,
	};
	struct airlock_region_params small = p;
	struct airlock_region_hdr good, h;
	struct airlock_shadow s0, s1;
	int dev, kick, bell, pipefd[2], fd, r;
	bool ok = true;
	uint64_t size;

	if (airlock_region_layout(&p, &good) < 0 || hostile_shadow(o->id, &s0) < 0)
		return -EINVAL;
	dev = hostile_open_dev();
	kick = airlock_doorbell_new();
	bell = airlock_doorbell_new();
	if (dev < 0 || kick < 0 || bell < 0 || pipe2(pipefd, O_CLOEXEC) < 0)
		return -EMFILE;

	ok &= check_errno("region fd -1", try_attach(dev, o->id, -1, kick, bell), -EBADF);
	ok &= check_errno("region is a pipe", try_attach(dev, o->id, pipefd[0], kick, bell),
			  -EINVAL);
	ok &= check_errno("region is an eventfd", try_attach(dev, o->id, kick, kick, bell),
			  -EINVAL);
	for (size_t i = 0; i < sizeof(bad_regions) / sizeof(bad_regions[0]); i++) {
		h = good;
		size = good.region_size;
		bad_regions[i].mutate(&h, &size);
		fd = region_fd(&h, size);
		r = fd < 0 ? fd : try_attach(dev, o->id, fd, kick, bell);
		ok &= check_errno(bad_regions[i].what, r, bad_regions[i].want);
		if (fd >= 0)
			close(fd);
	}

	/* A sound region with 2 KiB buffers cannot carry the device's largest frame. */
	small.buf_size = AIRLOCK_BUF_SIZE_MIN;
	if (airlock_region_layout(&small, &h) == 0 && (fd = region_fd(&h, h.region_size)) >= 0) {
		ok &= check_errno("buffers smaller than max MTU", try_attach(dev, o->id, fd, kick, bell),
				  -EMSGSIZE);
		close(fd);
	}
	fd = region_fd(&good, good.region_size);
	ok &= check_errno("kick fd -1", try_attach(dev, o->id, fd, -1, bell), -EBADF);
	ok &= check_errno("kick fd a pipe", try_attach(dev, o->id, fd, pipefd[1], bell), -EINVAL);
	ok &= check_errno("doorbell fd a pipe", try_attach(dev, o->id, fd, kick, pipefd[0]),
			  -EINVAL);

	hostile_shadow(o->id, &s1);
	ok &= expect("attachments made by all that", (long long)(s1.generation - s0.generation), 0);
	ok &= expect("violations counted", (long long)(s1.violations - s0.violations), 0);
	/* The same file and device still take a sound region. */
	ok &= check_errno("the sound region", try_attach(dev, o->id, fd, kick, bell), 0);
	close(fd);
	close(pipefd[0]);
	close(pipefd[1]);
	close(dev);
	close(kick);
	close(bell);
	return ok ? 0 : -EPROTO;
}

/* Runs in a child that gave up root: everything but DETACH must be refused. */
static int unprivileged(int attached_dev, int idle_dev, uint32_t id)
{
	struct airlock_create c = { .name = "evil%d", .mac = { 2, 1, 2, 3, 4, 5 },
				    .min_mtu = 68, .max_mtu = 1500, .mtu = 1500, .n_queues = 1 };
	struct airlock_shadow sh = { .id = id };
	struct airlock_version v;
	bool ok = true;
	uint32_t uid = id;

	if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
		return 1;
	ok &= check_errno("unprivileged ATTACH", try_attach(idle_dev, id, 0, 0, 0), -EPERM);
	ok &= check_errno("unprivileged CREATE",
			  ioctl(idle_dev, AIRLOCK_IOC_CREATE, &c) < 0 ? -errno : 0, -EPERM);
	ok &= check_errno("unprivileged DESTROY",
			  ioctl(idle_dev, AIRLOCK_IOC_DESTROY, &uid) < 0 ? -errno : 0, -EPERM);
	ok &= check_errno("unprivileged GET_SHADOW",
			  ioctl(attached_dev, AIRLOCK_IOC_GET_SHADOW, &sh) < 0 ? -errno : 0, -EPERM);
	ok &= check_errno("unprivileged DETACH, nothing attached",
			  ioctl(idle_dev, AIRLOCK_IOC_DETACH) < 0 ? -errno : 0, -ENOTCONN);
	ok &= check_errno("GET_VERSION",
			  ioctl(idle_dev, AIRLOCK_IOC_GET_VERSION, &v) < 0 ? -errno : 0, 0);
	/* The one call a driver may make: give up its own attachment. */
	ok &= check_errno("unprivileged DETACH of its own",
			  ioctl(attached_dev, AIRLOCK_IOC_DETACH) < 0 ? -errno : 0, 0);
	return ok ? 0 : 1;
}

static int attach_foreign_id(const struct hostile_opts *o)
{
	static const uint32_t foreign[] = { AIRLOCK_MAX_DEVICES - 1, AIRLOCK_MAX_DEVICES,
					    0xffffffffU };
	struct airlock_shadow s0, s1, tmp;
	struct hostile h;
	int other, status, r;
	bool ok = true;
	pid_t child;

	hostile_shadow(o->id, &s0);
	r = hostile_attach(&h, o->id);
	if (r < 0)
		return r;
	other = hostile_open_dev();
	for (size_t i = 0; i < 3; i++) {
		char what[64];

		if (hostile_shadow(foreign[i], &tmp) == 0)
			continue;	/* exists here: not foreign */
		snprintf(what, sizeof(what), "ATTACH to device id %#x", foreign[i]);
		ok &= check_errno(what, try_attach(other, foreign[i], h.region.fd, h.kick_fd,
						   h.doorbell_fd), -ENODEV);
	}
	ok &= check_errno("ATTACH to a device already attached",
			  try_attach(other, o->id, h.region.fd, h.kick_fd, h.doorbell_fd), -EBUSY);
	ok &= check_errno("a second ATTACH on an attached file",
			  try_attach(h.dev_fd, o->id, h.region.fd, h.kick_fd, h.doorbell_fd),
			  -EBUSY);
	ok &= check_errno("unknown ioctl",
			  ioctl(other, _IO(AIRLOCK_IOC_MAGIC, 0x7f)) < 0 ? -errno : 0, -ENOTTY);
	fflush(stdout);

	child = fork();
	if (child == 0)
		_exit(unprivileged(h.dev_fd, other, o->id));
	if (child < 0 || waitpid(child, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		ok = false;
	hostile_shadow(o->id, &s1);
	ok &= expect("attached after the driver's own DETACH", s1.attached, 0);
	ok &= expect("violations counted", (long long)(s1.violations - s0.violations), 0);
	close(other);
	hostile_close(&h);
	return ok ? 0 : -EPROTO;
}

/*
 * Attaches and lets go, --seconds long or 200 times: closing at once,
 * mid-replay, with TX buffers lent, or after DETACH. Checks itself.
 */
static int reopen_loop(const struct hostile_opts *o)
{
	struct airlock_shadow s0, s1;
	uint64_t end = hostile_now_ms() + o->seconds * 1000ULL;
	struct hostile h;
	long long n = 0;
	bool ok = true;
	int r;

	hostile_shadow(o->id, &s0);
	for (; n < 200 && hostile_now_ms() < end; n++) {
		r = hostile_attach(&h, o->id);
		if (r < 0) {
			fprintf(stderr, "hostile: attach %lld: %s\n", n, strerror(-r));
			return r;
		}
		switch (n % 4) {
		case 1:
			hostile_serve_ctrl(&h, 0);
			break;
		case 2:
			if (hostile_until_carrier(&h, 2000) == 0)
				hostile_send_frames(&h, 4);
			break;
		case 3:
			if (ioctl(h.dev_fd, AIRLOCK_IOC_DETACH) < 0)
				ok &= check_errno("DETACH", -errno, 0);
			break;
		}
		hostile_close(&h);
	}
	hostile_shadow(o->id, &s1);
	printf("%lld attachments\n", n);
	ok &= expect("generations", (long long)(s1.generation - s0.generation), n);
	ok &= expect("attached at the end", s1.attached, 0);
	ok &= expect("violations counted", (long long)(s1.violations - s0.violations), 0);
	return ok ? 0 : -EPROTO;
}

/* One counter of the "Udp:" lines in this network namespace's /proc/net/snmp. */
static long long udp_snmp(const char *name)
{
	char names[512], values[512], *n, *v, *ns = NULL, *vs = NULL;
	long long ret = -1;
	FILE *f = fopen("/proc/net/snmp", "re");

	if (!f)
		return -1;
	while (fgets(names, sizeof(names), f) && fgets(values, sizeof(values), f)) {
		if (strncmp(names, "Udp: ", 5) || strncmp(values, "Udp: ", 5))
			continue;
		n = strtok_r(names + 5, " \n", &ns);
		v = strtok_r(values + 5, " \n", &vs);
		while (n && v && strcmp(n, name)) {
			n = strtok_r(NULL, " \n", &ns);
			v = strtok_r(NULL, " \n", &vs);
		}
		if (n && v)
			ret = strtoll(v, NULL, 10);
		break;
	}
	fclose(f);
	return ret;
}

static uint16_t csum_fold16(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t csum_add_bytes(uint32_t sum, const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	return sum;
}

/*
 * Posts a UDP datagram to port 9 of the proxy's address @dst (no one
 * listens there), from 192.0.2.99, with a correct UDP checksum or one off
 * by one, and either way flag bit 1, which once claimed "checksum
 * verified" (abi.h: reserved, ignored on RX): a driver's claim is never
 * trusted.
 */
#define CLAIM_CSUM_VERIFIED (1U << 1)

static int post_udp(struct hostile *h, const uint8_t mac[6], struct in_addr dst, bool broken)
{
	struct airlock_desc d = { .flags = CLAIM_CSUM_VERIFIED };
	static const char payload[] = "checksum, please";
	struct ether_header eh = { .ether_type = htons(ETHERTYPE_IP) };
	struct iphdr ip = { .version = 4, .ihl = 5, .ttl = 64, .protocol = IPPROTO_UDP };
	struct udphdr uh = { .source = htons(40000), .dest = htons(9) };
	uint8_t *p, pseudo[12];
	uint16_t sum;

	if (airlock_ring_space(&h->rx) <= 0)
		return -EAGAIN;
	/* Built aligned here, copied into the frame at its unaligned offsets. */
	memcpy(eh.ether_dhost, mac, 6);
	memcpy(eh.ether_shost, "\x02\x00\x5e\x00\x00\x01", 6);
	ip.tot_len = htons(sizeof(ip) + sizeof(uh) + sizeof(payload));
	ip.saddr = htonl(0xc0000263);	/* 192.0.2.99 */
	ip.daddr = dst.s_addr;
	ip.check = htons(csum_fold16(csum_add_bytes(0, &ip, sizeof(ip))));
	uh.len = htons(sizeof(uh) + sizeof(payload));
	memcpy(pseudo, &ip.saddr, 4);
	memcpy(pseudo + 4, &ip.daddr, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_UDP;
	memcpy(pseudo + 10, &uh.len, 2);
	sum = csum_fold16(csum_add_bytes(csum_add_bytes(csum_add_bytes(0, pseudo, sizeof(pseudo)),
							&uh, sizeof(uh)), payload, sizeof(payload)));
	/* 0 would mean "no checksum"; the broken one is neither 0 nor the good one. */
	sum = sum ?: 0xffff;
	if (broken)
		sum = sum == 0xffff ? 1 : sum + 1;
	uh.check = htons(sum);

	d.buf = h->q.rx_bufs.first + h->rx_next++ % h->q.rx_bufs.count;
	d.len = sizeof(eh) + sizeof(ip) + sizeof(uh) + sizeof(payload);
	p = airlock_region_buf(&h->region, d.buf);
	memcpy(p, &eh, sizeof(eh));
	memcpy(p + sizeof(eh), &ip, sizeof(ip));
	memcpy(p + sizeof(eh) + sizeof(ip), &uh, sizeof(uh));
	memcpy(p + sizeof(eh) + sizeof(ip) + sizeof(uh), payload, sizeof(payload));
	return hostile_post_rx_desc(h, &d);
}

/* The proxy's MAC (sysfs) and first IPv4 address (getifaddrs), or -errno. */
static int proxy_addrs(const struct hostile *h, uint8_t ret_mac[6], struct in_addr *ret_addr)
{
	struct ifaddrs *ifs, *a;
	unsigned int m[6];
	char path[96], line[32];
	int r = -EADDRNOTAVAIL, i;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/address", h->ifname);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	i = fgets(line, sizeof(line), f) &&
	    sscanf(line, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) == 6;
	fclose(f);
	if (!i)
		return -EIO;
	for (i = 0; i < 6; i++)
		ret_mac[i] = (uint8_t)m[i];
	if (getifaddrs(&ifs) < 0)
		return -errno;
	for (a = ifs; a; a = a->ifa_next)
		if (a->ifa_addr && a->ifa_addr->sa_family == AF_INET &&
		    !strcmp(a->ifa_name, h->ifname)) {
			*ret_addr = ((struct sockaddr_in *)a->ifa_addr)->sin_addr;
			r = 0;
			break;
		}
	freeifaddrs(ifs);
	return r;
}

/* The interface's TCP segmentation offload (ETHTOOL_GTSO): 0, 1, or -errno. */
static long long tso_on(const struct hostile *h)
{
	struct ethtool_value v = { .cmd = ETHTOOL_GTSO };
	struct ifreq ifr = { .ifr_data = (char *)&v };
	int r = hostile_if_ioctl(h->ifname, SIOCETHTOOL, &ifr);

	return r < 0 ? r : v.data != 0;
}

/*
 * The proxy offers TSO while the driver declares it and not otherwise,
 * whatever else the word holds; then the declaration flips every 10 ms for
 * --seconds (the netdev follows at most once per second). The kernel must
 * neither count a violation nor stall, and TSO must go with the driver:
 * the scenario checks it is off after. Checks itself.
 */
static int tso_flap(const struct hostile_opts *o)
{
	struct hostile h;
	uint64_t end;
	bool ok = true;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	ok &= expect("TSO before any declaration", tso_on(&h), 0);
	h.state->tx_offloads = 0xffffffffU;
	hostile_idle(&h, 1200);
	ok &= expect("TSO with every bit set", tso_on(&h), 1);
	h.state->tx_offloads = ~AIRLOCK_TX_OFFLOAD_TSO4;
	hostile_idle(&h, 1200);
	ok &= expect("TSO with every bit but TSO4", tso_on(&h), 0);

	end = hostile_now_ms() + o->seconds * 1000ULL;
	for (unsigned int i = 0; hostile_now_ms() < end; i++) {
		__atomic_store_n(&h.state->tx_offloads, i % 2 ? AIRLOCK_TX_OFFLOAD_TSO4 : 0,
				 __ATOMIC_RELAXED);
		hostile_idle(&h, 10);
	}
	h.state->tx_offloads = AIRLOCK_TX_OFFLOAD_TSO4;
	hostile_idle(&h, 1200);
	ok &= expect("TSO declared again after the flips", tso_on(&h), 1);
	ok &= expect("carrier after the flips", hostile_sysfs_ll(&h, "carrier"), 1);
	if (hostile_report(&h, 0))
		ok = false;
	return ok ? 0 : -EPROTO;
}

/*
 * The stub sums what it copies and believes no checksum claim: a datagram
 * with a broken UDP checksum, marked verified, is a checksum error to the
 * stack (Udp InCsumErrors), and a correct one still arrives (NoPorts: no
 * one listens on port 9). Runs in the proxy's network namespace, the proxy
 * up with an IPv4 address. Checks itself.
 */
static int rx_bad_csum(const struct hostile_opts *o)
{
	long long err0, err1, noport0, noport1;
	struct in_addr dst;
	struct hostile h;
	uint8_t mac[6];
	int r;

	r = hostile_begin(&h, o);
	if (r < 0)
		return r;
	r = proxy_addrs(&h, mac, &dst);
	if (r < 0) {
		fprintf(stderr, "rx-bad-csum: no MAC or IPv4 address on %s: %s\n", h.ifname,
			strerror(-r));
		hostile_close(&h);
		return r;
	}
	err0 = udp_snmp("InCsumErrors");
	noport0 = udp_snmp("NoPorts");
	r = post_udp(&h, mac, dst, true);
	if (r >= 0)
		r = post_udp(&h, mac, dst, false);
	hostile_kick(&h);
	hostile_idle(&h, 500);
	err1 = udp_snmp("InCsumErrors");
	noport1 = udp_snmp("NoPorts");
	printf("Udp InCsumErrors +%lld (want 1), NoPorts +%lld (want 1)\n", err1 - err0,
	       noport1 - noport0);
	if (hostile_report(&h, 0) || r < 0 || err0 < 0 || err1 - err0 != 1 ||
	    noport1 - noport0 != 1)
		return -EPROTO;
	return 0;
}

/* Sets or clears IFF_UP on the interface (SIOCSIFFLAGS, as ip link does): 0 or -errno. */
static int set_if_up(const char *ifname, bool up)
{
	struct ifreq ifr = { 0 };
	int r = hostile_if_ioctl(ifname, SIOCGIFFLAGS, &ifr);

	if (r < 0)
		return r;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return hostile_if_ioctl(ifname, SIOCSIFFLAGS, &ifr);
}

/* "ip link set up" in a thread: ndo_open waits for our answer meanwhile. */
struct opener {
	const char *ifname;
	int ret;
	uint64_t ms;
};

static void *open_thread(void *arg)
{
	struct opener *op = arg;
	uint64_t t0 = hostile_now_ms();

	op->ret = set_if_up(op->ifname, true);
	op->ms = hostile_now_ms() - t0;
	return NULL;
}

/*
 * Takes the interface down (answering its STOP), then up from a second
 * thread, and answers that OPEN with @status written raw. If @flip_tso, the
 * TSO declaration changes first and the doorbell rings, and the answer
 * comes 300 ms later: a stub whose reply path took rtnl for the TSO
 * follow-up would sit behind the rtnl ndo_open holds, and not see the
 * answer before its control timeout. Returns what "up" returned (0 or
 * -errno) and how long it took, or -EPROTO if the test itself failed.
 */
static int open_answered(struct hostile *h, int32_t status, bool flip_tso, uint64_t *ret_ms)
{
	struct opener op = { .ifname = h->ifname };
	pthread_t t;
	int64_t seq;

	if (set_if_up(h->ifname, false) < 0)
		return -EPROTO;
	hostile_idle(h, 100);	/* answers the STOP */
	if (pthread_create(&t, NULL, open_thread, &op))
		return -EPROTO;
	seq = hostile_wait_request(h, AIRLOCK_CTRL_OPEN, 3000);
	if (seq >= 0) {
		if (flip_tso) {
			__atomic_store_n(&h->state->tx_offloads,
					 h->state->tx_offloads ^ AIRLOCK_TX_OFFLOAD_TSO4,
					 __ATOMIC_RELEASE);
			hostile_kick(h);
			hostile_sleep_ms(300);
		}
		hostile_raw_reply(h, (uint64_t)seq, AIRLOCK_CTRL_OPEN, status);
	}
	pthread_join(t, NULL);
	*ret_ms = op.ms;
	if (seq < 0) {
		printf("no OPEN request came\n");
		return -EPROTO;
	}
	return op.ret;
}

static const char *errno_name(int e)
{
	const char *n = e ? strerrorname_np(e) : "success";

	return n ? n : "(no name)";
}

/*
 * OPEN answered with kernel-internal errnos (ERESTARTSYS, ERESTART_-
 * RESTARTBLOCK, EPROBE_DEFER, the ABI's last one) and, for comparison, a
 * standard one: "ip link set up" must see EIO for the former, the
 * driver's own errno for the latter, and the stub must count each EIO it
 * made. Before the fix, errno 512 ("Unknown error 512") reached user space.
 * Checks itself.
 */
static int ctrl_kernel_errno(const struct hostile_opts *o)
{
	static const struct {
		int32_t status;
		int want;
	} cases[] = {
		{ -512, -EIO },
		{ -516, -EIO },
		{ -517, -EIO },
		{ -AIRLOCK_CTRL_MAX_ERRNO, -EIO },
		{ -EBUSY, -EBUSY },
		{ -EHWPOISON, -EHWPOISON },
	};
	struct airlock_shadow s0, s1;
	struct hostile h;
	uint64_t ms;
	bool ok = true;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	hostile_shadow(o->id, &s0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char what[64];

		r = open_answered(&h, cases[i].status, false, &ms);
		if (r == -EPROTO && cases[i].want != -EPROTO) {
			ok = false;
			break;
		}
		snprintf(what, sizeof(what), "OPEN answered %d: up says", cases[i].status);
		printf("%-36s %s (errno %d) after %llu ms, want %s%s\n", what, errno_name(-r), -r,
		       (unsigned long long)ms, errno_name(-cases[i].want),
		       r == cases[i].want ? "" : "  <-- WRONG");
		ok &= r == cases[i].want;
	}
	hostile_shadow(o->id, &s1);
	ok &= expect("ctrl_bad_errno counted", (long long)(s1.ctrl_bad_errno - s0.ctrl_bad_errno),
		     4);
	ok &= expect("violations", (long long)(s1.violations - s0.violations), 0);
	/* Leave it up, as it came: the next driver's replay opens it. */
	r = open_answered(&h, 0, false, &ms);
	ok &= expect("up again, answered 0", r, 0);
	if (hostile_report(&h, 0))
		ok = false;
	return ok ? 0 : -EPROTO;
}

/*
 * The TSO declaration flips while the driver answers OPEN (see
 * open_answered): "up" must succeed, well within the control timeout,
 * and TSO follow once the open is done. Checks itself.
 */
static int open_tso_flip(const struct hostile_opts *o)
{
	struct hostile h;
	uint64_t ms;
	bool ok = true;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	for (int i = 0; i < 2; i++) {
		r = open_answered(&h, 0, true, &ms);
		printf("TSO %s while OPEN is answered: up says %s after %llu ms%s\n",
		       i ? "withdrawn" : "declared", errno_name(-r), (unsigned long long)ms,
		       r ? "  <-- WRONG" : "");
		ok &= r == 0;
		hostile_idle(&h, 1500);
		ok &= expect("TSO after the open", tso_on(&h), !i);
	}
	if (hostile_report(&h, 0))
		ok = false;
	return ok ? 0 : -EPROTO;
}

struct flipper {
	struct hostile *h;
	volatile bool stop;
	uint64_t flips;
};

/* Flips the TSO declaration and rings the doorbell, as fast as it can. */
static void *flip_tso_ring(void *arg)
{
	struct flipper *f = arg;

	while (!f->stop) {
		__atomic_store_n(&f->h->state->tx_offloads, f->flips & 1 ? AIRLOCK_TX_OFFLOAD_TSO4 : 0,
				 __ATOMIC_RELEASE);
		airlock_doorbell_kick(f->h->doorbell_fd);
		f->flips++;
	}
	return NULL;
}

/* An rtnetlink socket that hears every link event of this namespace. */
static int link_events_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	int size = 4 << 20;

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

/* Reads what is there: RTM_NEWLINK messages, or -ENOBUFS if some were lost. */
static long long link_events_drain(int fd)
{
	char buf[16384];
	long long n = 0;
	ssize_t len;

	while ((len = recv(fd, buf, sizeof(buf), 0)) > 0) {
		for (struct nlmsghdr *m = (struct nlmsghdr *)buf; NLMSG_OK(m, (size_t)len);
		     m = NLMSG_NEXT(m, len))
			n += m->nlmsg_type == RTM_NEWLINK;
	}
	if (len < 0 && errno == ENOBUFS)
		return -ENOBUFS;
	return n;
}

/* Runs "ip link show" (what an operator types): how long it took, ms. */
static uint64_t ip_link_show_ms(void)
{
	uint64_t t0 = hostile_now_ms();

	if (system("ip link show >/dev/null 2>&1") != 0)
		return UINT64_MAX;
	return hostile_now_ms() - t0;
}

/*
 * A second thread flips the TSO declaration and rings the doorbell,
 * nonstop, for --seconds: every doorbell reruns the service work, and a
 * stub that followed every flip made an rtnl section, NETDEV_FEAT_CHANGE
 * and an RTM_NEWLINK (for the proxy and every device stacked on it) per
 * doorbell. The netdev must change its features at most once per second:
 * link events (all of this namespace's, a VLAN on the proxy included) at
 * most 2 per second and a little slack, "ip link show" fast throughout,
 * the held-back changes counted. Checks itself.
 */
static int tso_storm(const struct hostile_opts *o)
{
	struct airlock_shadow s0, s1;
	struct flipper f = { 0 };
	uint64_t end, next_show = 0, show_max = 0, shows = 0, t0;
	long long events = 0, n, bound;
	bool ok = true, lost = false;
	struct hostile h;
	pthread_t t;
	int nl, r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	nl = link_events_socket();
	if (nl < 0) {
		hostile_close(&h);
		return nl;
	}
	hostile_idle(&h, 300);
	link_events_drain(nl);
	hostile_shadow(o->id, &s0);
	f.h = &h;
	if (pthread_create(&t, NULL, flip_tso_ring, &f)) {
		close(nl);
		hostile_close(&h);
		return -EAGAIN;
	}
	t0 = hostile_now_ms();
	end = t0 + o->seconds * 1000ULL;
	while (hostile_now_ms() < end) {
		struct pollfd p = { .fd = nl, .events = POLLIN };

		h.state->heartbeat++;
		hostile_serve_ctrl(&h, 0);
		hostile_serve_tx(&h, true);
		poll(&p, 1, 20);
		n = link_events_drain(nl);
		if (n < 0)
			lost = true;
		else
			events += n;
		if (hostile_now_ms() >= next_show) {
			uint64_t ms = ip_link_show_ms();

			show_max = ms > show_max ? ms : show_max;
			shows++;
			next_show = hostile_now_ms() + 250;
		}
	}
	f.stop = true;
	pthread_join(t, NULL);
	hostile_idle(&h, 200);
	n = link_events_drain(nl);
	events += n > 0 ? n : 0;
	close(nl);
	hostile_shadow(o->id, &s1);

	bound = 2LL * (o->seconds + 2);
	printf("tso-storm: %llu flips and doorbells in %u s, %lld link events (%.1f/s)%s\n",
	       (unsigned long long)f.flips, o->seconds, events,
	       (double)events * 1000 / (double)(hostile_now_ms() - t0),
	       lost ? ", and more lost (socket overrun)" : "");
	printf("ip link show: %llu runs, slowest %llu ms\n", (unsigned long long)shows,
	       (unsigned long long)show_max);
	if (lost || events > bound) {
		printf("link events: more than %lld  <-- WRONG\n", bound);
		ok = false;
	}
	if (show_max > 2000) {
		printf("ip link show took more than 2 s  <-- WRONG\n");
		ok = false;
	}
	printf("feat_changes_limited +%llu\n",
	       (unsigned long long)(s1.feat_changes_limited - s0.feat_changes_limited));
	if (s1.feat_changes_limited == s0.feat_changes_limited) {
		printf("no held-back change counted  <-- WRONG\n");
		ok = false;
	}
	ok &= expect("carrier after the storm", hostile_sysfs_ll(&h, "carrier"), 1);
	if (hostile_report(&h, 0))
		ok = false;
	return ok ? 0 : -EPROTO;
}

/* Adds (or deletes) multicast address 01:00:5e:7f:00:@n on the interface. */
static int multi(const char *ifname, uint8_t n, bool add)
{
	struct ifreq ifr = { 0 };

	ifr.ifr_hwaddr.sa_family = AF_UNSPEC;
	memcpy(ifr.ifr_hwaddr.sa_data, "\x01\x00\x5e\x7f\x00", 5);
	ifr.ifr_hwaddr.sa_data[5] = (char)n;
	return hostile_if_ioctl(ifname, add ? SIOCADDMULTI : SIOCDELMULTI, &ifr);
}

/* A request taken off the ring and not answered yet; SET_RX_MODE's list as first read. */
struct held {
	struct airlock_ctrl_msg req;
	int n;
	struct airlock_addr addrs[AIRLOCK_MAX_ADDRS];
};

struct holder {
	struct held held[HOSTILE_CTRL_ENTRIES];
	int n_held;
	int rx_modes;		/* SET_RX_MODE requests seen */
	/* The list of the last SET_RX_MODE seen, and its flags. */
	int last_n;
	struct airlock_addr last[AIRLOCK_MAX_ADDRS];
};

/* Takes every request off the ring; holds them unanswered if @hold, else answers them. */
static void take_all(struct hostile *h, struct holder *k, bool hold)
{
	struct airlock_ctrl_msg req;

	while (airlock_ctrl_next(&h->ctrl, &req) == 0) {
		struct held *e = &k->held[k->n_held];
		int n = 0;

		if (req.opcode == AIRLOCK_CTRL_SET_RX_MODE) {
			n = airlock_ctrl_rx_mode_addrs(&h->ctrl, &req, k->last, AIRLOCK_MAX_ADDRS);
			k->last_n = n < 0 ? 0 : n;
			k->rx_modes++;
		}
		if (hold && k->n_held < HOSTILE_CTRL_ENTRIES) {
			e->req = req;
			e->n = k->last_n;
			if (req.opcode == AIRLOCK_CTRL_SET_RX_MODE)
				memcpy(e->addrs, k->last, sizeof(e->addrs[0]) * (size_t)e->n);
			k->n_held++;
		} else {
			airlock_ctrl_reply(&h->ctrl, &req, 0);
			hostile_kick(h);
		}
	}
}

/* Answers every held request, oldest first. */
static void answer_held(struct hostile *h, struct holder *k)
{
	for (int i = 0; i < k->n_held; i++)
		airlock_ctrl_reply(&h->ctrl, &k->held[i].req, 0);
	k->n_held = 0;
	hostile_kick(h);
}

/* For @ms: takes requests (held or answered) and keeps the heartbeat. */
static void take_for(struct hostile *h, struct holder *k, bool hold, int ms)
{
	uint64_t end = hostile_now_ms() + (uint64_t)ms;

	do {
		h->state->heartbeat++;
		take_all(h, k, hold);
		hostile_sleep_ms(2);
	} while (hostile_now_ms() < end);
}

/* Held SET_RX_MODE requests whose slot no longer holds what it held when taken. */
static int slots_rewritten(struct hostile *h, struct holder *k)
{
	struct airlock_addr now[AIRLOCK_MAX_ADDRS];
	int bad = 0;

	for (int i = 0; i < k->n_held; i++) {
		struct held *e = &k->held[i];
		int n;

		if (e->req.opcode != AIRLOCK_CTRL_SET_RX_MODE)
			continue;
		n = airlock_ctrl_rx_mode_addrs(&h->ctrl, &e->req, now, AIRLOCK_MAX_ADDRS);
		if (n != e->n || memcmp(now, e->addrs, sizeof(now[0]) * (size_t)n)) {
			printf("slot %u of unanswered request seq %llu rewritten  <-- WRONG\n",
			       e->req.u.set_rx_mode.slot, (unsigned long long)e->req.seq);
			bad++;
		}
	}
	return bad;
}

/* 01:00:5e:7f:00:@n is in the last list the driver was sent. */
static bool last_has(const struct holder *k, uint8_t n)
{
	for (int i = 0; i < k->last_n; i++)
		if (!memcmp(k->last[i].addr, "\x01\x00\x5e\x7f\x00", 5) && k->last[i].addr[5] == n)
			return true;
	return false;
}

/*
 * rx-mode changes faster than the driver answers. First with every
 * request slot taken (16 msglevel requests held unanswered): the stub
 * cannot post the change (address 1 added, -EBUSY) and must post it once
 * there is room. Then three changes while the driver holds each
 * SET_RX_MODE unanswered: address 2 added, 3 added, 1 deleted (which
 * shifts the list, so that a slot rewritten for it differs from what its
 * unanswered request named): the stub must not rewrite an address slot
 * whose request has no reply (abi.h), so the third waits for a reply. At
 * the end the driver's last list holds 2 and 3 and not 1. Checks itself.
 */
static int rx_mode_burst(const struct hostile_opts *o)
{
	struct holder *k = calloc(1, sizeof(*k));
	struct hostile h;
	bool ok = true;
	int r, before;

	if (!k)
		return -ENOMEM;
	r = hostile_begin(&h, o);
	if (r < 0) {
		free(k);
		return r;
	}
	hostile_idle(&h, 300);

	/* The stub's table of outstanding requests full, then a change. */
	for (int i = 0; i < HOSTILE_CTRL_ENTRIES; i++)
		hostile_set_msglevel(&h, (uint32_t)i);
	take_for(&h, k, true, 50);
	printf("holding %d requests unanswered\n", k->n_held);
	multi(h.ifname, 1, true);
	take_for(&h, k, true, 300);
	printf("with the table full: %d SET_RX_MODE posted\n", k->rx_modes);
	answer_held(&h, k);
	take_for(&h, k, false, 500);
	printf("after the replies: %d SET_RX_MODE, the last with %d addresses\n", k->rx_modes,
	       k->last_n);
	if (!last_has(k, 1)) {
		printf("the change made while the table was full never reached the driver  <-- WRONG\n");
		ok = false;
	}

	/* Three changes, each request held unanswered: +2, +3, -1. */
	for (uint8_t n = 2; n <= 4; n++) {
		before = k->rx_modes;
		multi(h.ifname, n == 4 ? 1 : n, n != 4);
		for (int i = 0; i < 40 && k->rx_modes == before; i++)
			take_for(&h, k, true, 10);
		printf("%s %u: %d SET_RX_MODE posted, held unanswered\n", n == 4 ? "delete" : "add",
		       n == 4 ? 1 : n, k->rx_modes - before);
	}
	take_for(&h, k, true, 200);
	printf("%d requests held unanswered\n", k->n_held);
	if (slots_rewritten(&h, k))
		ok = false;
	answer_held(&h, k);
	take_for(&h, k, false, 500);
	printf("after the replies: the driver's last list has %d addresses\n", k->last_n);
	for (uint8_t n = 1; n <= 3; n++)
		if (last_has(k, n) != (n != 1)) {
			printf("01:00:5e:7f:00:%02x %s the driver's last list  <-- WRONG\n", n,
			       n == 1 ? "still in" : "missing from");
			ok = false;
		}
	for (uint8_t n = 2; n <= 3; n++)
		multi(h.ifname, n, false);
	hostile_idle(&h, 300);
	free(k);
	if (hostile_report(&h, 0))
		ok = false;
	return ok ? 0 : -EPROTO;
}

/*
 * A control ring of 2 entries, the ABI's least, with link up from the
 * start: the replay (MAC, MTU, features, msglevel, rx mode and, the
 * interface being up, OPEN; ring sizes and coalescing if ever set) does
 * not fit. Every request is answered with success at once. The stub must
 * post the rest as room comes, each with the REPLAY flag, count none of it
 * as an error, and keep the carrier off until the last one is answered.
 * Checks itself.
 */
static int replay_small_ring(const struct hostile_opts *o)
{
	const struct airlock_region_params p = {
		.n_queues = 1, .ctrl_entries = AIRLOCK_RING_MIN_ENTRIES,
		.queue_entries = HOSTILE_QUEUE_ENTRIES, .n_bufs = 2 * HOSTILE_QUEUE_ENTRIES,
		.buf_size = AIRLOCK_BUF_SIZE_JUMBO,
	};
	static const uint16_t must[] = {
		AIRLOCK_CTRL_SET_MAC, AIRLOCK_CTRL_SET_MTU, AIRLOCK_CTRL_SET_FEATURES,
		AIRLOCK_CTRL_SET_MSGLEVEL, AIRLOCK_CTRL_SET_RX_MODE, AIRLOCK_CTRL_OPEN,
	};
	struct airlock_shadow s0, s1;
	struct airlock_ctrl_msg req;
	int replays = 0, at_carrier = -1, plain = 0, r;
	uint32_t replay_ops = 0;
	uint64_t end, carrier_end = 0;
	struct hostile h;
	bool ok = true;

	r = hostile_shadow(o->id, &s0);
	if (r == 0)
		r = hostile_attach_params(&h, o->id, &p);
	if (r < 0)
		return r;
	if (!(s0.flags & AIRLOCK_SHADOW_UP))
		printf("the interface is down: no OPEN in the replay\n");
	__atomic_store_n(&h.state->link_up, 1, __ATOMIC_RELEASE);
	end = hostile_now_ms() + 5000;
	while (hostile_now_ms() < end && (!carrier_end || hostile_now_ms() < carrier_end)) {
		h.state->heartbeat++;
		if (at_carrier < 0 && hostile_sysfs_ll(&h, "carrier") == 1) {
			at_carrier = replays;
			carrier_end = hostile_now_ms() + 500;	/* anything more of the replay? */
		}
		while ((r = airlock_ctrl_next(&h.ctrl, &req)) == 0) {
			if (req.flags & AIRLOCK_CTRL_F_REPLAY) {
				replays++;
				replay_ops |= 1U << req.opcode;
			} else {
				plain++;
			}
			r = airlock_ctrl_reply(&h.ctrl, &req, 0);
			if (r < 0)
				break;
			hostile_kick(&h);
		}
		if (r != -EAGAIN) {
			printf("serving the control ring: %s\n", strerror(-r));
			ok = false;
			break;
		}
		hostile_serve_tx(&h, true);
		hostile_sleep_ms(5);
	}
	hostile_shadow(o->id, &s1);
	printf("replay requests %d (%d before the carrier came on), others %d, ctrl_errors +%llu\n",
	       replays, at_carrier, plain, (unsigned long long)(s1.ctrl_errors - s0.ctrl_errors));
	for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
		if (must[i] == AIRLOCK_CTRL_OPEN && !(s0.flags & AIRLOCK_SHADOW_UP))
			continue;
		if (!(replay_ops & (1U << must[i]))) {
			printf("no replayed control op %u  <-- WRONG\n", must[i]);
			ok = false;
		}
	}
	if (at_carrier < 0) {
		printf("no carrier within 5 s  <-- WRONG\n");
		ok = false;
	} else if (at_carrier != replays) {
		printf("carrier on with %d replay requests still to come  <-- WRONG\n",
		       replays - at_carrier);
		ok = false;
	}
	if (s1.ctrl_errors != s0.ctrl_errors) {
		printf("the replay counted as failed control calls  <-- WRONG\n");
		ok = false;
	}
	if (hostile_report(&h, 0))
		ok = false;
	return ok ? 0 : -EPROTO;
}

const struct hostile_attack hostile_attacks_protocol[] = {
	{ "ctrl-unsolicited", "control reply to a request never sent", ctrl_unsolicited },
	{ "ctrl-duplicate", "answers one control request twice", ctrl_duplicate },
	{ "ctrl-wrong-opcode", "answers a request with another opcode", ctrl_wrong_opcode },
	{ "ctrl-bad-status", "control reply with status 1", ctrl_bad_status },
	{ "ctrl-silent", "never answers 20 requests", ctrl_silent },
	{ "ctrl-error-status", "answers every request with -EIO", ctrl_error_status },
	{ "state-garbage", "link_up 7, huge speed, stats going backwards, endless names, ring size 2^32-1, coalesce_known 2",
	  state_garbage },
	{ "ethtool-counts", "n_ethtool_stats flips under ethtool for --seconds", ethtool_counts },
	{ "attach-bad-region", "ATTACH with regions and fds that break the layout",
	  attach_bad_region },
	{ "attach-foreign-id", "ATTACH to devices not given, twice, without privileges",
	  attach_foreign_id },
	{ "reopen-loop", "attach and close in a loop for --seconds", reopen_loop },
	{ "rx-bad-csum", "a UDP datagram with a broken checksum, marked verified",
	  rx_bad_csum },
	{ "tso-flap", "the TSO declaration flips every 10 ms for --seconds", tso_flap },
	{ "ctrl-kernel-errno", "answers OPEN with ERESTARTSYS and other kernel-internal errnos",
	  ctrl_kernel_errno },
	{ "open-tso-flip", "flips its TSO declaration while it answers OPEN", open_tso_flip },
	{ "tso-storm", "flips TSO and rings the doorbell nonstop for --seconds", tso_storm },
	{ "rx-mode-burst", "rx-mode changes faster than it answers, the table full too",
	  rx_mode_burst },
	{ "replay-small-ring", "a 2-entry control ring: the replay does not fit at once",
	  replay_small_ring },
	{ NULL, NULL, NULL },
};
