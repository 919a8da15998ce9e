// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlock-host-dpdk: a DPDK poll-mode driver (PMD) behind the stub, on the
 * driver runtime (runtime/runtime.h, docs/dpdk.md). airlockd starts it as
 *
 *   airlock-host-dpdk --name NAME --pci BDF --uid UID --gid GID
 *       [--opt 'devargs=K=V,... vfio-intr=legacy|msi|msix zero-copy=on|off']
 *
 * (the words of driver-options, options.c)
 * without a VFIO device fd: the sandbox (AIRLOCK_SANDBOX_DPDK) gives the
 * process a root holding its own device's VFIO group and sysfs directory
 * only, EAL takes the device there (the PMD is whichever EAL probes for
 * it: net_e1000_em for the lab's e1000), and once the port runs the final
 * filter (AIRLOCK_SANDBOX_DPDK_RUN) goes on every thread: from then on no
 * DMA mapping, no open, no new thread.
 *
 * Data path, one port on stub queue 0. By default it copies:
 *   RX  rte_eth_rx_burst() -> each frame copied (its segments gathered)
 *       into the stub's next RX buffer -> the mbuf freed;
 *   TX  the stub's TX buffer copied into an mbuf, its buffer given back
 *       at once -> rte_eth_tx_burst() once per batch.
 * EAL's mbufs live in the memory EAL mapped for the device, the stub's
 * pool in airlockd's region, which is not in EAL's IOMMU space. With
 * zero-copy=on (zerocopy.c; opt-in because the lab showed no gain and it
 * pins the pool and shrinks the rings, docs/dpdk.md), before the final
 * filter the pool is registered with EAL as external memory and
 * DMA-mapped for the device, so
 *   RX  the PMD receives straight into the stub's RX buffers (an mbuf pool
 *       over the queue's rx_bufs); each frame is posted as {buffer, len},
 *       its mbuf freed once the stub has consumed the entry;
 *   TX  the stub's TX buffer is attached to an mbuf as an external buffer
 *       -> rte_eth_tx_burst() once per batch; the mbuf's free callback
 *       gives the buffer back on the return ring.
 * Each PMD ring is then kept small enough to leave the stub its share of
 * the queue's buffers (160 of 256 descriptors in the lab); a larger ring
 * (ethtool -G), the mapping refused or IOVA as PA copy again, logged.
 * The rings in use are published for ethtool -g either way. Idle, the
 * loop sleeps on the queue's RX interrupt (its VFIO eventfd in the
 * runtime's epoll); busy, it polls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/vfio.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_version.h>

#include "dpdk.h"
#include "sandbox.h"

/*
 * RX ring, TX ring, bursts in flight: the pool is made once, before the
 * final filter, so it bounds what ethtool -G may ask (set_ringparam).
 * 1535 leaves room for 512 + 512 (and up to 1471 descriptors in all);
 * with 16 KiB jumbo mbufs it takes 26 MB of EAL's 64 MiB.
 */
#define POOL_MBUFS		1535
#define POOL_CACHE		0	/* one lcore: no per-core cache needed */
#define RING_DESCS		256
/*
 * Frame bytes per mbuf when the PMD takes 9018-byte frames: MTU 9000
 * unscattered. 16384, not 9216: NICs size receive buffers in powers of two
 * (e1000: RCTL.BSIZE/BSEX), and a 9216-byte mbuf gets an 8192-byte buffer.
 */
#define JUMBO_ROOM		16384
#define JUMBO_FRAME		9018
#define STATS_PERIOD_MS		500
#define IDLE_TIMEOUT_MS		500	/* link and statistics while asleep */

static struct dpdk_host dpdk_host = { .rx_intr_fd = -1 };

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void drain_rx_intr(void *arg)
{
	struct dpdk_host *h = arg;
	uint64_t n;

	/* VFIO's eventfd, non-blocking: the count is of no interest. */
	if (read(h->rx_intr_fd, &n, sizeof(n)) < 0)
		return;
}

static int port_start(struct airlock_rt *rt, struct dpdk_host *h,
		      const struct rte_eth_dev_info *info)
{
	struct rte_eth_conf conf = { .rxmode = { .mtu = RTE_ETHER_MTU } };
	uint16_t nrx = RING_DESCS, ntx = RING_DESCS;
	int socket = rte_eth_dev_socket_id(h->port), r;

	if (socket < 0)
		socket = 0;
	h->socket = (unsigned int)socket;
	/* Jumbo frames in one mbuf when the PMD takes them: no scattered RX to gather. */
	h->data_room = info->max_rx_pktlen >= JUMBO_FRAME ? JUMBO_ROOM : 2048;
	h->pool = rte_pktmbuf_pool_create("airlock", POOL_MBUFS, POOL_CACHE, 0,
					  (uint16_t)(RTE_PKTMBUF_HEADROOM + h->data_room), socket);
	if (!h->pool) {
		airlock_rt_log(rt, "mbuf pool: %s", rte_strerror(rte_errno));
		return -rte_errno;
	}
	/* The RX interrupt if the PMD has one; else the loop polls every ms. */
	for (int intr = 1; intr >= 0; intr--) {
		const char *what = "configure";

		conf.intr_conf.rxq = (uint32_t)intr;
		r = rte_eth_dev_configure(h->port, 1, 1, &conf);
		if (r >= 0)
			r = rte_eth_dev_adjust_nb_rx_tx_desc(h->port, &nrx, &ntx);
		what = "RX queue";
		if (r >= 0)
			r = rte_eth_rx_queue_setup(h->port, 0, nrx, (unsigned int)socket, NULL, h->pool);
		what = "TX queue";
		if (r >= 0)
			r = rte_eth_tx_queue_setup(h->port, 0, ntx, (unsigned int)socket, NULL);
		what = "start";
		if (r >= 0)
			r = rte_eth_dev_start(h->port);
		if (r >= 0)
			break;
		airlock_rt_log(rt, "port %u: %s%s: %s", h->port, what,
			       intr ? " with the RX interrupt" : "", strerror(-r));
		if (!intr)
			return r;
	}
	h->nb_rx = nrx;
	h->nb_tx = ntx;
	if (conf.intr_conf.rxq) {
		h->rx_intr_fd = rte_eth_dev_rx_intr_ctl_q_get_fd(h->port, 0);
		if (h->rx_intr_fd >= 0 &&
		    airlock_rt_watch_fd(rt, h->rx_intr_fd, drain_rx_intr, h) < 0)
			h->rx_intr_fd = -1;
	}
	airlock_rt_log(rt, "port %u: %s, %u RX and %u TX descriptors, %u-byte mbufs, RX %s",
		       h->port, h->driver_name, nrx, ntx, h->data_room,
		       h->rx_intr_fd >= 0 ? "interrupt when idle" : "polled every ms");
	return 0;
}

static int dpdk_probe(struct airlock_rt *rt, struct airlock_offer *offer)
{
	struct dpdk_host *h = airlock_rt_priv(rt);
	char why[192];
	struct rte_eth_dev_info info;
	struct rte_ether_addr mac;
	uint16_t port, n = 0;
	int r;

	r = dpdk_options_parse(h, airlock_rt_driver_opt(rt), why, sizeof(why));
	if (r < 0) {
		airlock_rt_log(rt, "%s", why);
		return r;
	}
	r = dpdk_eal_start(rt, h->devargs, h->vfio_intr);
	if (r < 0)
		return r;
	RTE_ETH_FOREACH_DEV(port) {
		if (!n++)
			h->port = port;
	}
	if (n != 1) {
		airlock_rt_log(rt, "EAL found %u ports for %s; one expected", n, airlock_rt_pci(rt));
		return -ENODEV;
	}
	r = rte_eth_dev_info_get(h->port, &info);
	if (r >= 0)
		r = rte_eth_macaddr_get(h->port, &mac);
	if (r < 0)
		return r;
	snprintf(h->driver_name, sizeof(h->driver_name), "%s", info.driver_name);
	r = port_start(rt, h, &info);
	if (r < 0) {
		airlock_rt_log(rt, "port %u: %s", h->port, strerror(-r));
		return r;
	}
	/*
	 * zero-copy=on: the last chance to map DMA (failing, the data path
	 * copies, logged). Off, the stub's pool is neither mapped nor pinned.
	 */
	if (h->zc_on)
		(void)dpdk_zc_map(rt, h, info.device);
	r = dpdk_quirk_setup(rt, h);
	if (r < 0) {
		airlock_rt_log(rt, "%s: %s; RX polled", h->driver_name, strerror(-r));
		airlock_rt_unwatch_fd(rt, h->rx_intr_fd);
		h->rx_intr_fd = -1;
	}
	/* EAL is up and the port runs: what start-up needed is taken away (docs/sandbox.md). */
	r = airlock_sandbox_seccomp(AIRLOCK_SANDBOX_DPDK_RUN);
	if (r < 0) {
		airlock_rt_log(rt, "final seccomp filter: %s", strerror(-r));
		return r;
	}
	airlock_rt_log(rt, "confined (seccomp policy %s on every thread)",
		       airlock_sandbox_policy_name(AIRLOCK_SANDBOX_DPDK_RUN));
	memcpy(offer->mac, mac.addr_bytes, sizeof(offer->mac));
	offer->max_mtu = info.max_mtu < AIRLOCK_MAX_MTU ? info.max_mtu : AIRLOCK_MAX_MTU;
	if (offer->max_mtu > h->data_room - RTE_ETHER_HDR_LEN - RTE_ETHER_CRC_LEN)
		offer->max_mtu = h->data_room - RTE_ETHER_HDR_LEN - RTE_ETHER_CRC_LEN;
	offer->features = 0;
	return 0;
}

/* ethtool -i: the PMD's name, DPDK's version, the PCI function. */
static void drvinfo_copy(char *dst, const char *src)
{
	size_t i;

	memset(dst, 0, AIRLOCK_DRVINFO_LEN);
	for (i = 0; i < AIRLOCK_DRVINFO_LEN - 1 && src[i]; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
}

/* Ours, after the PMD's: how often its TX ring was full (dpdk.h). */
static const char *const own_stat_names[DPDK_OWN_STATS] = {
	"host_tx_ring_full", "host_tx_busy",
};

/* The PMD's extended statistics, as many as the state block holds with ours. */
static int xstats_setup(struct airlock_rt *rt, struct dpdk_host *h)
{
	struct rte_eth_xstat_name names[DPDK_STATS_MAX * 4];
	const char *ptrs[DPDK_STATS_MAX + DPDK_OWN_STATS];
	int n = rte_eth_xstats_get_names(h->port, names, DPDK_STATS_MAX * 4);

	if (n < 0)
		return n;
	if (n > DPDK_STATS_MAX * 4)
		n = DPDK_STATS_MAX * 4;
	h->n_xstats = 0;
	for (int i = 0; i < n && h->n_xstats < DPDK_STATS_MAX; i++) {
		snprintf(h->xstat_names[h->n_xstats], sizeof(h->xstat_names[0]), "%s", names[i].name);
		ptrs[h->n_xstats] = h->xstat_names[h->n_xstats];
		h->xstat_ids[h->n_xstats++] = (uint64_t)i;
	}
	for (unsigned int i = 0; i < DPDK_OWN_STATS; i++)
		ptrs[h->n_xstats + i] = own_stat_names[i];
	return airlock_rt_stats_names(rt, ptrs, h->n_xstats + DPDK_OWN_STATS);
}

static void stats_publish(struct airlock_rt *rt, struct dpdk_host *h)
{
	struct airlock_stats *st = &airlock_rt_state(rt)->stats;
	uint64_t values[DPDK_STATS_MAX];
	struct rte_eth_stats s;
	struct rte_eth_link link;

	if (rte_eth_link_get_nowait(h->port, &link) == 0)
		airlock_rt_set_link(rt, h->open && link.link_status == RTE_ETH_LINK_UP,
				    link.link_speed && link.link_speed != RTE_ETH_SPEED_NUM_UNKNOWN ?
				    link.link_speed : AIRLOCK_SPEED_UNKNOWN,
				    link.link_duplex == RTE_ETH_LINK_FULL_DUPLEX ?
				    AIRLOCK_DUPLEX_FULL : AIRLOCK_DUPLEX_HALF);
	if (rte_eth_xstats_get_by_id(h->port, h->xstat_ids, values, h->n_xstats) ==
	    (int)h->n_xstats)
		for (unsigned int i = 0; i < h->n_xstats; i++)
			airlock_rt_stat_set(rt, i, values[i]);
	airlock_rt_stat_set(rt, h->n_xstats, h->tx_ring_full);
	airlock_rt_stat_set(rt, h->n_xstats + 1, h->tx_busy);
	/* ethtool -g: the rings in use, which zero-copy may keep below those asked for. */
	airlock_rt_set_rings(rt, h->nb_rx, h->nb_tx);
	if (rte_eth_stats_get(h->port, &s) == 0) {
		st->rx_packets = s.ipackets;
		st->tx_packets = s.opackets;
		st->rx_bytes = s.ibytes;
		st->tx_bytes = s.obytes;
		st->rx_errors = s.ierrors;
		st->tx_errors = s.oerrors;
		st->rx_dropped = s.imissed + s.rx_nombuf + h->rx_dropped;
		st->tx_dropped = h->tx_dropped;
	}
	h->next_stats_ms = now_ms() + STATS_PERIOD_MS;
}

#ifdef AIRLOCK_DPDK_HOSTILE
/*
 * The test build's hostile PMD (airlock-host-dpdk-hostile, never
 * installed): once serving, with the final filter on, it tries what a
 * compromised PMD would: map more memory for its device's DMA
 * (VFIO_IOMMU_MAP_DMA on every descriptor, the container among them), or
 * open a VFIO container of its own. The filter must kill it at the first
 * call, and airlockd name the call.
 */
static void hostile_act(struct airlock_rt *rt, struct dpdk_host *h)
{
	static char victim[1 << 16] __attribute__((aligned(4096)));
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)victim, .iova = 1ULL << 32, .size = sizeof(victim),
	};

	if (!strcmp(h->hostile, "map-dma")) {
		airlock_rt_log(rt, "hostile: VFIO_IOMMU_MAP_DMA after start-up");
		for (int fd = 3; fd < 32; fd++)
			ioctl(fd, VFIO_IOMMU_MAP_DMA, &map);
	} else if (!strcmp(h->hostile, "open-vfio")) {
		airlock_rt_log(rt, "hostile: opening /dev/vfio/vfio after start-up");
		open("/dev/vfio/vfio", O_RDWR);
	}
	airlock_rt_log(rt, "hostile: %s was not stopped", h->hostile);
}
#endif

static int port_restart(struct airlock_rt *rt, struct dpdk_host *h, uint16_t nrx, uint16_t ntx,
			const char *why);

/*
 * Zero-copy once the rings are known (zerocopy.c): the port restarted, its
 * RX queue on the stub's RX buffers and its TX queue taking the stub's TX
 * buffers, each ring no larger than leaves the stub its share of them.
 * Failing, the data path copies (logged); the process goes on.
 */
static void zc_start(struct airlock_rt *rt, struct dpdk_host *h)
{
	uint16_t nrx, ntx;
	int r;

	(void)dpdk_zc_open(rt, h);
	if (!h->zc.rx && !h->zc.tx_ready)
		return;
	nrx = h->nb_rx < h->zc.rx_ring_max ? h->nb_rx : h->zc.rx_ring_max;
	ntx = h->nb_tx;
	if (h->zc.tx_ready && ntx > h->zc.tx_ring_max)
		ntx = h->zc.tx_ring_max;
	r = port_restart(rt, h, nrx, ntx, "zero-copy");
	if (r < 0)
		airlock_rt_log(rt, "port %u: restart for zero-copy: %s", h->port, strerror(-r));
}

static int dpdk_open(struct airlock_rt *rt)
{
	struct dpdk_host *h = airlock_rt_priv(rt);
	struct airlock_state *st = airlock_rt_state(rt);
	int r;

	drvinfo_copy(st->drv_name, h->driver_name);
	drvinfo_copy(st->drv_version, rte_version());
	drvinfo_copy(st->bus_info, airlock_rt_pci(rt));
	r = xstats_setup(rt, h);
	if (r < 0)
		return r;
	h->open = false;
	if (h->zc_on)
		zc_start(rt, h);
	stats_publish(rt, h);
#ifdef AIRLOCK_DPDK_HOSTILE
	if (*h->hostile)
		hostile_act(rt, h);
#endif
	return 0;
}

/* Unicast beyond the MAC, or multicast the PMD can't filter: promiscuous or all-multicast. */
static int set_rx_mode(struct airlock_rt *rt, struct dpdk_host *h,
		       const struct airlock_ctrl_msg *req)
{
	static struct airlock_addr addrs[AIRLOCK_MAX_ADDRS];
	static struct rte_ether_addr mc[AIRLOCK_MAX_ADDRS];	/* h->mc */
	uint32_t flags = req->u.set_rx_mode.flags;
	uint32_t n_uc = req->u.set_rx_mode.n_uc;
	bool promisc = flags & AIRLOCK_RX_MODE_PROMISC, allmulti = flags & AIRLOCK_RX_MODE_ALLMULTI;
	int n, r;

	n = airlock_rt_rx_mode_addrs(rt, req, addrs, AIRLOCK_MAX_ADDRS);
	if (n < 0 || (uint32_t)n < n_uc)
		return -EINVAL;
	if (n_uc)
		promisc = true;
	for (int i = (int)n_uc; i < n; i++)
		memcpy(mc[i - n_uc].addr_bytes, addrs[i].addr, RTE_ETHER_ADDR_LEN);
	h->mc = mc;
	h->n_mc = (uint32_t)(n - (int)n_uc);
	r = rte_eth_dev_set_mc_addr_list(h->port, mc, h->n_mc);
	if (r == -ENOTSUP && n > (int)n_uc)
		allmulti = true;
	r = promisc ? rte_eth_promiscuous_enable(h->port) : rte_eth_promiscuous_disable(h->port);
	if (r < 0)
		return r;
	r = allmulti ? rte_eth_allmulticast_enable(h->port) :
		       rte_eth_allmulticast_disable(h->port);
	return r == -ENOTSUP && !allmulti ? 0 : r;
}

static void tx_flush(struct dpdk_host *h);

/* Set up both queues with these sizes and start the port (it is stopped). */
static int queues_start(struct dpdk_host *h, uint16_t nrx, uint16_t ntx)
{
	/* The stub's RX buffers if they suffice for this ring, else EAL's mbufs. */
	struct rte_mempool *rx_pool = dpdk_zc_rx_queue_pool(h, nrx);
	/* Likewise TX: the stub's buffers attached, or copied into EAL's mbufs. */
	(void)dpdk_zc_tx_queue_mode(h, ntx);
	/* Setting a queue up again releases the old one: its ring and mbufs. */
	int r = rte_eth_rx_queue_setup(h->port, 0, nrx, h->socket, NULL, rx_pool);

	if (r >= 0)
		r = rte_eth_tx_queue_setup(h->port, 0, ntx, h->socket, NULL);
	if (r >= 0)
		r = rte_eth_dev_start(h->port);
	return r;
}

static bool ring_size_ok(const struct rte_eth_desc_lim *lim, uint32_t n)
{
	return n >= lim->nb_min && n <= lim->nb_max && (!lim->nb_align || n % lim->nb_align == 0);
}

/*
 * The port stopped, its queues set up again with @nrx and @ntx descriptors
 * and started (@why: ethtool -G, or zero-copy at open). This works
 * under the final filter because nothing new is mapped for DMA: with
 * --no-huge EAL's memory is one fixed segment mapped at start-up, the
 * PMD's rings (a memzone) and software rings come from its heap, and the
 * mbuf pools (EAL's, and the stub's RX buffers, zerocopy.c) are the ones
 * made before. Stopping the port frees the mbufs the PMD holds: TX mbufs
 * carrying the stub's buffers give them back then, once each. What the
 * PMD's stop and start reset is put back: ethdev's start restores the MAC,
 * promiscuous and all-multicast itself; the multicast list (the e1000
 * start clears its table), the MTU (re-set for PMDs that keep it in
 * registers only), the quirk's ITR and the RX interrupt (disarmed here;
 * the loop arms it again before it sleeps) are ours to restore. 0, or
 * the error with the old sizes back, or the error of that too (no port).
 */
static int port_restart(struct airlock_rt *rt, struct dpdk_host *h, uint16_t nrx, uint16_t ntx,
			const char *why)
{
	uint16_t old_rx = h->nb_rx, old_tx = h->nb_tx, mtu;
	int r, fd;

	r = rte_eth_dev_get_mtu(h->port, &mtu);
	if (r < 0)
		return r;
	tx_flush(h);
	if (h->rx_armed) {
		(void)rte_eth_dev_rx_intr_disable(h->port, 0);
		h->rx_armed = false;
	}
	r = rte_eth_dev_stop(h->port);
	if (r < 0)
		return r;
	r = queues_start(h, nrx, ntx);
	if (r < 0) {
		int r2;

		airlock_rt_log(rt, "port %u: %u RX and %u TX descriptors: %s; back to %u and %u",
			       h->port, nrx, ntx, strerror(-r), old_rx, old_tx);
		(void)rte_eth_dev_stop(h->port);	/* it may have started before failing */
		r2 = queues_start(h, old_rx, old_tx);
		if (r2 < 0) {
			/* No port left to serve: end, and airlockd starts the driver again. */
			airlock_rt_log(rt, "port %u: restart with the old sizes: %s", h->port, strerror(-r2));
			return r2;
		}
		nrx = old_rx;
		ntx = old_tx;
	}
	h->nb_rx = nrx;
	h->nb_tx = ntx;
	dpdk_quirk_after_start(h);
	if (rte_eth_dev_set_mtu(h->port, mtu) < 0 ||
	    (h->n_mc && rte_eth_dev_set_mc_addr_list(h->port, h->mc, h->n_mc) < 0))
		airlock_rt_log(rt, "port %u: MTU or multicast list not restored", h->port);
	/* Legacy INTx keeps its one eventfd; an MSI-X PMD might hand out another. */
	fd = rte_eth_dev_rx_intr_ctl_q_get_fd(h->port, 0);
	if (h->rx_intr_fd >= 0 && fd != h->rx_intr_fd) {
		airlock_rt_unwatch_fd(rt, h->rx_intr_fd);
		h->rx_intr_fd = fd >= 0 && airlock_rt_watch_fd(rt, fd, drain_rx_intr, h) >= 0 ? fd : -1;
	}
	/* Before the answer to ethtool -G: its caller's next ethtool -g sees them. */
	airlock_rt_set_rings(rt, h->nb_rx, h->nb_tx);
	airlock_rt_log(rt, "port %u: %u RX and %u TX descriptors (%s)", h->port, h->nb_rx,
		       h->nb_tx, why);
	if (h->zc.rx)
		airlock_rt_log(rt, "port %u: RX %s; TX %s", h->port, h->zc.rx_pmd ?
			       "zero-copy, received in place into the stub's buffers" :
			       "copied from EAL's mbufs into the stub's buffers (ring above zero-copy's, or the stub holds too many)",
			       h->zc.tx ? "zero-copy, the stub's buffers attached to mbufs" :
			       "copied into EAL's mbufs (ring above zero-copy's)");
	return r;
}

/*
 * ethtool -G, and the stub's replay of it into a restarted driver: the
 * port restarted with the new descriptor counts. EAL's mbuf pool, made at
 * start-up, bounds the request (it serves both rings when RX copies, and
 * the TX mbufs' headers always). 0 keeps a ring's size.
 */
static int set_ringparam(struct airlock_rt *rt, struct dpdk_host *h,
			 const struct airlock_ctrl_set_ringparam *p)
{
	uint32_t nrx = p->rx_pending ? p->rx_pending : h->nb_rx;
	uint32_t ntx = p->tx_pending ? p->tx_pending : h->nb_tx;
	struct rte_eth_dev_info info;
	int r;

	r = rte_eth_dev_info_get(h->port, &info);
	if (r < 0)
		return r;
	if (!ring_size_ok(&info.rx_desc_lim, nrx) || !ring_size_ok(&info.tx_desc_lim, ntx) ||
	    nrx + ntx + DPDK_RX_BURST + DPDK_TX_BURST > POOL_MBUFS) {
		airlock_rt_log(rt, "port %u: ring sizes %u RX, %u TX refused (RX %u..%u, TX %u..%u, multiples of %u/%u, together at most %u)",
			       h->port, nrx, ntx, info.rx_desc_lim.nb_min, info.rx_desc_lim.nb_max,
			       info.tx_desc_lim.nb_min, info.tx_desc_lim.nb_max,
			       info.rx_desc_lim.nb_align, info.tx_desc_lim.nb_align,
			       POOL_MBUFS - DPDK_RX_BURST - DPDK_TX_BURST);
		return -EINVAL;
	}
	if (nrx == h->nb_rx && ntx == h->nb_tx)
		return 0;
	return port_restart(rt, h, (uint16_t)nrx, (uint16_t)ntx, "ethtool -G");
}

static int dpdk_control(struct airlock_rt *rt, const struct airlock_ctrl_msg *req)
{
	struct dpdk_host *h = airlock_rt_priv(rt);
	struct rte_ether_addr mac;

	switch (req->opcode) {
	case AIRLOCK_CTRL_OPEN:
		h->open = true;
		stats_publish(rt, h);
		return 0;
	case AIRLOCK_CTRL_STOP:
		h->open = false;
		stats_publish(rt, h);
		return 0;
	case AIRLOCK_CTRL_SET_MAC:
		memcpy(mac.addr_bytes, req->u.set_mac.addr, RTE_ETHER_ADDR_LEN);
		return rte_eth_dev_default_mac_addr_set(h->port, &mac);
	case AIRLOCK_CTRL_SET_MTU:
		/* ipc/ctrl.c checked it against the offer; the PMD may still refuse. */
		return rte_eth_dev_set_mtu(h->port, (uint16_t)req->u.set_mtu.mtu);
	case AIRLOCK_CTRL_SET_RX_MODE:
		return set_rx_mode(rt, h, req);
	case AIRLOCK_CTRL_SET_FEATURES:
		return 0;	/* none offered */
	case AIRLOCK_CTRL_SET_MSGLEVEL:
		return 0;
	case AIRLOCK_CTRL_SET_RINGPARAM:
		return set_ringparam(rt, h, &req->u.set_ringparam);
	case AIRLOCK_CTRL_TX_TIMEOUT:
		airlock_rt_log(rt, "TX timeout reported by the kernel");
		return 0;
	}
	return -EOPNOTSUPP;
}

/*
 * The batch to the PMD. What its full ring refuses is dropped, as a NIC
 * drops, rather than held with the kernel's buffers; counted apart
 * (host_tx_ring_full in ethtool -S), because zero-copy's smaller ring
 * (zerocopy.c) was suspected of filling where the copying one does not:
 * measured, it did not (docs/dpdk.md).
 */
static void tx_flush(struct dpdk_host *h)
{
	uint16_t sent;

	if (!h->n_tx)
		return;
	sent = rte_eth_tx_burst(h->port, 0, h->tx, (uint16_t)h->n_tx);
	h->tx_ring_full += h->n_tx - sent;
	for (unsigned int i = sent; i < h->n_tx; i++) {
		rte_pktmbuf_free(h->tx[i]);
		h->tx_dropped++;
	}
	h->n_tx = 0;
}

/* The copying path: the frame in an mbuf of EAL's, the buffer free at once. */
static struct rte_mbuf *tx_copy(struct dpdk_host *h, const struct airlock_desc *d, const void *frame)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(h->pool);

	if (!m)
		return NULL;
	memcpy(rte_pktmbuf_mtod(m, void *), frame, d->len);
	m->data_len = d->len;
	m->pkt_len = d->len;
	return m;
}

static int dpdk_xmit(struct airlock_rt *rt, struct airlock_port *port, const struct airlock_desc *d,
		     void *frame, bool more)
{
	struct dpdk_host *h = airlock_rt_priv(rt);
	struct rte_mbuf *m;

	if (d->len > h->data_room || d->flags & AIRLOCK_DESC_F_GSO_TCPV4) {
		h->tx_dropped++;
		return -EMSGSIZE;
	}

	/* Zero-copy: the buffer comes back from the mbuf's free callback. */
	m = h->zc.tx ? dpdk_zc_tx_mbuf(h, port, d, frame) : tx_copy(h, d, frame);
	if (!m) {
		tx_flush(h);	/* mbufs come back as the PMD cleans its ring */
		h->tx_busy++;
		return -EBUSY;
	}
	h->tx[h->n_tx++] = m;
	if (!more || h->n_tx == DPDK_TX_BURST)
		tx_flush(h);
	return h->zc.tx ? 0 : airlock_port_tx_done(port, d->buf, d->id);
}

/* One burst into the stub's RX ring; frames the ring has no room for wait in the PMD's. */
static int rx_run(struct airlock_rt *rt, struct dpdk_host *h)
{
	struct airlock_port *p = airlock_rt_port(rt, 0);
	struct rte_mbuf *pkts[DPDK_RX_BURST];
	int space;
	uint16_t n, budget;

	if (h->zc.rx)
		return dpdk_zc_rx_run(h);
	space = airlock_port_rx_space(p);
	if (space < 0)
		return space;
	budget = dpdk_rx_budget(h, space);
	if (budget == 0)
		return 1;	/* the kernel is behind: poll again */
	n = rte_eth_rx_burst(h->port, 0, pkts, budget);
	for (uint16_t i = 0; i < n; i++) {
		const void *pieces[DPDK_MAX_SEGS];
		uint32_t lens[DPDK_MAX_SEGS];
		unsigned int k = 0;

		for (struct rte_mbuf *s = pkts[i]; s && k < DPDK_MAX_SEGS; s = s->next, k++) {
			pieces[k] = rte_pktmbuf_mtod(s, const void *);
			lens[k] = s->data_len;
		}
		if (!h->open || k == DPDK_MAX_SEGS || airlock_port_rx_copy(p, pieces, lens, k) < 0)
			h->rx_dropped++;
		rte_pktmbuf_free(pkts[i]);
	}
	return n;
}

/* One line each way when the first frame goes without a copy: what the lab checks. */
static void zc_first_frames(struct airlock_rt *rt, struct dpdk_host *h)
{
	if (h->zc.first_tx) {
		h->zc.first_tx = false;
		airlock_rt_log(rt, "zero-copy: first frame sent from the stub's TX buffer");
	}
	if (h->zc.first_rx) {
		h->zc.first_rx = false;
		airlock_rt_log(rt, "zero-copy: first frame received in place into the stub's RX buffer");
	}
}

static int dpdk_poll(struct airlock_rt *rt)
{
	struct dpdk_host *h = airlock_rt_priv(rt);
	int work;

	if (h->rx_armed) {
		rte_eth_dev_rx_intr_disable(h->port, 0);
		h->rx_armed = false;
	}
	tx_flush(h);
	dpdk_zc_tx_reclaim(h);
	work = rx_run(rt, h);
	if (now_ms() >= h->next_stats_ms)
		stats_publish(rt, h);
	zc_first_frames(rt, h);
	/* A TX buffer the return ring refused: the ring is broken, end. */
	return h->zc.err ? h->zc.err : work;
}

/*
 * The loop is about to sleep: arm the RX interrupt, then look once more at
 * the next descriptor, so a frame that came in before the arming is not
 * left until the next one.
 */
static int dpdk_pending(struct airlock_rt *rt)
{
	struct dpdk_host *h = airlock_rt_priv(rt);

	if (h->rx_intr_fd < 0 || h->rx_armed)
		return 0;
	dpdk_quirk_before_arm(h);
	if (rte_eth_dev_rx_intr_enable(h->port, 0) < 0)
		return 0;
	h->rx_armed = true;
	return rte_eth_rx_descriptor_status(h->port, 0, 0) == RTE_ETH_RX_DESC_DONE;
}

static int dpdk_next_timeout_ms(struct airlock_rt *rt)
{
	struct dpdk_host *h = airlock_rt_priv(rt);

	/* Zero-copy TX buffers still in the NIC, freed on demand: no interrupt says when. */
	if (h->zc.tx_out && h->zc.tx_cleanup)
		return 1;
	return h->rx_intr_fd >= 0 ? IDLE_TIMEOUT_MS : 1;
}

/* The PMD stops its DMA; airlockd resets the device once we are gone. */
static void dpdk_stop(struct airlock_rt *rt)
{
	struct dpdk_host *h = airlock_rt_priv(rt);
	int r;

	tx_flush(h);
	/* Frees what the PMD holds: TX mbufs give the stub's buffers back. */
	r = rte_eth_dev_stop(h->port);
	if (r < 0)
		airlock_rt_log(rt, "port %u: stop: %s", h->port, strerror(-r));
	airlock_rt_log(rt, "port %u: TX: %llu frames dropped, the PMD's ring full; %llu put off, no mbuf (-EBUSY)",
		       h->port, (unsigned long long)h->tx_ring_full, (unsigned long long)h->tx_busy);
	dpdk_zc_report(rt, h);
}

static const struct airlock_driver_ops dpdk_ops = {
	.name = "dpdk",
	.policy = AIRLOCK_SANDBOX_DPDK,
	.probe = dpdk_probe,
	.open = dpdk_open,
	.control = dpdk_control,
	.xmit = dpdk_xmit,
	.poll = dpdk_poll,
	.pending = dpdk_pending,
	.next_timeout_ms = dpdk_next_timeout_ms,
	.stop = dpdk_stop,
};

int main(int argc, char **argv)
{
	return airlock_runtime_main(argc, argv, &dpdk_ops, &dpdk_host);
}
