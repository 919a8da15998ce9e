// SPDX-License-Identifier: GPL-2.0-only
/*
 * Configuration the driver refuses, answers late or never answers: the
 * kernel's setters whose caller must hear the driver (MTU, MAC, ring
 * sizes) against a driver that says no. Each value is set from a second
 * thread, as ip and ethtool set it, while this one answers the request
 * raw; then the caller's errno, the kernel's value and the carrier are
 * checked. The stub before: every set returned 0 at once, the kernel kept
 * the refused value, and the refusal kept the carrier off for good, since
 * the next driver was replayed the same value and refused it too.
 */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hostile.h"

static int set_mtu(const char *ifname, long mtu)
{
	struct ifreq ifr = { .ifr_mtu = (int)mtu };

	return hostile_if_ioctl(ifname, SIOCSIFMTU, &ifr);
}

/* A locally administered MAC whose last byte is @last. */
static int set_mac(const char *ifname, long last)
{
	struct ifreq ifr = { 0 };

	ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	memcpy(ifr.ifr_hwaddr.sa_data, "\x02\xc0\x0f\x1e\x00", 5);
	ifr.ifr_hwaddr.sa_data[5] = (char)last;
	return hostile_if_ioctl(ifname, SIOCSIFHWADDR, &ifr);
}

static int get_rings(const char *ifname, struct ethtool_ringparam *ring)
{
	struct ifreq ifr = { 0 };

	memset(ring, 0, sizeof(*ring));
	ring->cmd = ETHTOOL_GRINGPARAM;
	ifr.ifr_data = (char *)ring;
	return hostile_if_ioctl(ifname, SIOCETHTOOL, &ifr);
}

/* RX and TX ring sizes both @n, as "ethtool -G IF rx N tx N". */
static int set_rings(const char *ifname, long n)
{
	struct ethtool_ringparam ring;
	struct ifreq ifr = { 0 };
	int r = get_rings(ifname, &ring);

	if (r < 0)
		return r;
	ring.cmd = ETHTOOL_SRINGPARAM;
	ring.rx_pending = (uint32_t)n;
	ring.tx_pending = (uint32_t)n;
	ifr.ifr_data = (char *)&ring;
	return hostile_if_ioctl(ifname, SIOCETHTOOL, &ifr);
}

/* The kernel's value for what @set sets, as a number. */
static long long current_value(const struct hostile *h, int (*set)(const char *, long))
{
	struct ethtool_ringparam ring;
	struct ifreq ifr = { 0 };

	if (set == set_mtu)
		return hostile_sysfs_ll(h, "mtu");
	if (set == set_mac) {
		if (hostile_if_ioctl(h->ifname, SIOCGIFHWADDR, &ifr) < 0)
			return -1;
		return (unsigned char)ifr.ifr_hwaddr.sa_data[5];
	}
	if (get_rings(h->ifname, &ring) < 0)
		return -1;
	return ring.rx_pending;
}

struct setter {
	int (*set)(const char *ifname, long arg);
	const char *ifname;
	long arg;
	int ret;
	uint64_t ms;
};

static void *setter_thread(void *arg)
{
	struct setter *s = arg;
	uint64_t t0 = hostile_now_ms();

	s->ret = s->set(s->ifname, s->arg);
	s->ms = hostile_now_ms() - t0;
	return NULL;
}

struct config_case {
	const char *what;
	int (*set)(const char *ifname, long arg);
	uint16_t opcode;
	long value;
	int32_t status;		/* the answer */
	int delay_ms;		/* before it; -1: never */
	int want;		/* what the caller must get */
};

/*
 * Runs one case: the setter in a thread, its request answered raw. Checks
 * the caller's errno and that the kernel's value changed exactly when the
 * driver said yes. Returns true if all was right.
 */
static bool run_case(struct hostile *h, const struct config_case *c)
{
	struct setter s = { .set = c->set, .ifname = h->ifname, .arg = c->value };
	long long before = current_value(h, c->set), after;
	bool ok = true;
	pthread_t t;
	int64_t seq;

	if (pthread_create(&t, NULL, setter_thread, &s))
		return false;
	seq = hostile_wait_request(h, c->opcode, 3000);
	if (seq >= 0 && c->delay_ms >= 0) {
		hostile_sleep_ms(c->delay_ms);
		hostile_raw_reply(h, (uint64_t)seq, c->opcode, c->status);
	}
	pthread_join(t, NULL);
	after = current_value(h, c->set);
	if (seq < 0) {
		printf("%s: no request came (the caller got %d after %llu ms)  <-- WRONG\n", c->what,
		       s.ret, (unsigned long long)s.ms);
		return false;
	}
	ok &= s.ret == c->want;
	ok &= after == (c->want ? before : c->value);
	printf("%s: the caller got %d after %llu ms (want %d); value %lld -> %lld%s\n", c->what,
	       s.ret, (unsigned long long)s.ms, c->want, before, after, ok ? "" : "  <-- WRONG");
	return ok;
}

/* The carrier after a moment of good service: 1 if on. */
static long long carrier_after(struct hostile *h)
{
	hostile_idle(h, 300);
	return hostile_sysfs_ll(h, "carrier");
}

/*
 * MTU, MAC and ring sizes refused with the errnos a driver gives, then
 * accepted (at once and 300 ms late), then never answered. A refusal
 * leaves the carrier on; a set never answered ends in ETIMEDOUT with the
 * old value, and the carrier off (the driver's state is unknown: the next
 * instance gets the old value replayed). Checks itself.
 */
static int config_refused(const struct hostile_opts *o)
{
	static const struct config_case refusals[] = {
		{ "MTU 2000, refused EINVAL", set_mtu, AIRLOCK_CTRL_SET_MTU, 2000, -EINVAL, 0, -EINVAL },
		{ "MAC ..:07, refused EADDRNOTAVAIL", set_mac, AIRLOCK_CTRL_SET_MAC, 7, -EADDRNOTAVAIL,
		  0, -EADDRNOTAVAIL },
		{ "rings 128, refused EOPNOTSUPP", set_rings, AIRLOCK_CTRL_SET_RINGPARAM, 128,
		  -EOPNOTSUPP, 0, -EOPNOTSUPP },
		{ "MTU 2000, accepted", set_mtu, AIRLOCK_CTRL_SET_MTU, 2000, 0, 0, 0 },
		{ "MTU 1500, accepted 300 ms late", set_mtu, AIRLOCK_CTRL_SET_MTU, 1500, 0, 300, 0 },
		{ "MAC ..:09, accepted", set_mac, AIRLOCK_CTRL_SET_MAC, 9, 0, 0, 0 },
		{ "rings 128, accepted", set_rings, AIRLOCK_CTRL_SET_RINGPARAM, 128, 0, 0, 0 },
	};
	static const struct config_case silence = {
		"MTU 3000, never answered", set_mtu, AIRLOCK_CTRL_SET_MTU, 3000, 0, -1, -ETIMEDOUT,
	};
	struct airlock_shadow s0, s1;
	struct hostile h;
	bool ok = true;
	int r = hostile_begin(&h, o);

	if (r < 0)
		return r;
	hostile_shadow(o->id, &s0);
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		ok &= run_case(&h, &refusals[i]);
		if (carrier_after(&h) != 1) {
			printf("carrier off after \"%s\"  <-- WRONG\n", refusals[i].what);
			ok = false;
		}
	}
	hostile_shadow(o->id, &s1);
	printf("ctrl_errors +%llu (want 3: the refusals), violations +%llu\n",
	       (unsigned long long)(s1.ctrl_errors - s0.ctrl_errors),
	       (unsigned long long)(s1.violations - s0.violations));
	ok &= s1.ctrl_errors - s0.ctrl_errors == 3 && s1.violations == s0.violations;
	ok &= run_case(&h, &silence);
	if (hostile_report(&h, 0))
		ok = false;
	return ok ? 0 : -EPROTO;
}

const struct hostile_attack hostile_attacks_config[] = {
	{ "config-refused", "refuses MTU, MAC and ring sizes, answers late, then not at all",
	  config_refused },
	{ NULL, NULL, NULL },
};
