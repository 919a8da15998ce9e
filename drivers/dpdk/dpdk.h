/* SPDX-License-Identifier: GPL-2.0-only */
/* The DPDK family (drivers/dpdk/): one ethdev port behind one stub queue. */
#ifndef AIRLOCK_DPDK_H
#define AIRLOCK_DPDK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime.h"

#define DPDK_EAL_MEM_MB		64	/* -m: within AIRLOCK_SANDBOX_DPDK_MEM_BYTES */
#define DPDK_RX_BURST		32
#define DPDK_TX_BURST		32
#define DPDK_MAX_SEGS		8	/* of one received frame, gathered into an RX buffer */
#define DPDK_OWN_STATS		2	/* ours after the PMD's xstats: the TX counters below */
#define DPDK_STATS_MAX		(AIRLOCK_MAX_ETHTOOL_STATS - DPDK_OWN_STATS)

struct rte_mempool;
struct rte_mbuf;
struct rte_ether_addr;
struct rte_device;
struct dpdk_zc_tx;

/* zerocopy.c: the stub's pool as the PMD's packet memory. */
struct dpdk_zc {
	bool mapped;			/* the pool is EAL external memory, DMA-mapped */
	bool tx_ready;			/* TX slots made */
	bool tx;			/* now: TX buffers go to the PMD attached to mbufs */
	bool tx_cleanup;		/* the PMD frees sent mbufs on demand */
	uint16_t tx_ring_max;		/* PMD TX ring that leaves the stub its share */
	bool rx;			/* rx_pool made: every RX buffer posted is one of its mbufs */
	bool rx_pmd;			/* the PMD's RX queue fills rx_pool's buffers itself */
	bool first_tx, first_rx;	/* the first frame each way went in place: log it */
	int err;			/* a TX buffer the return ring refused (a bug) */
	uint8_t *pool;			/* the stub's pool, pool_len bytes */
	size_t pool_len;
	uint64_t iova;			/* the pool's IOVA for the device */
	uint32_t buf_size, n_bufs;
	struct airlock_port *port;	/* stub queue 0 */
	/* TX: one slot per pool buffer (its shared info and descriptor id). */
	struct dpdk_zc_tx *txb;
	uint32_t tx_out;		/* attached, not given back yet */
	/* RX: the queue's rx_bufs as a pool of pinned external buffers. */
	struct rte_mempool *rx_pool;
	uint8_t *rx_base;
	uint32_t rx_first, rx_count;
	uint16_t rx_ring_max;		/* PMD RX ring that leaves the stub its share */
	struct rte_mbuf **held;		/* posted to the stub, by sequence % rx_count */
	uint32_t posted, released;	/* RX entries ever posted, and freed after the stub */
	uint64_t tx_inplace, rx_inplace, rx_copied;
};

struct dpdk_host {
	char devargs[96];		/* driver-options devargs=: PMD options for -a */
	char hostile[16];		/* test build: hostile=map-dma|open-vfio */
	char vfio_intr[8];		/* driver-options vfio-intr=: EAL's --vfio-intr, or "" */
	bool zc_on;			/* driver-options zero-copy=on (default off: copying) */
	uint16_t port;
	char driver_name[32];		/* the PMD, for ethtool -i */
	struct rte_mempool *pool;
	unsigned int socket;		/* NUMA socket of the queues */
	uint16_t nb_rx, nb_tx;		/* descriptors per ring now (ethtool -G) */
	/* The multicast list last set: a port restart (ring sizes) clears the PMD's. */
	struct rte_ether_addr *mc;	/* AIRLOCK_MAX_ADDRS entries */
	uint32_t n_mc;
	uint32_t data_room;		/* bytes of frame per mbuf */
	bool open;			/* the kernel's ndo_open .. ndo_stop */
	/* RX interrupt (idle) and polling (busy). */
	int rx_intr_fd;			/* -1: none, poll every ms */
	bool rx_armed;
	volatile uint32_t *icr;		/* net_e1000_em's ICR (quirk, see main.c), or NULL */
	volatile uint32_t *itr;		/* its ITR, cleared after every start (quirk.c) */
	/* Frames waiting for one tx_burst. */
	struct rte_mbuf *tx[DPDK_TX_BURST];
	unsigned int n_tx;
	/* Statistics: xstats ids that fit, their names. */
	unsigned int n_xstats;
	uint64_t xstat_ids[DPDK_STATS_MAX];
	char xstat_names[DPDK_STATS_MAX][64];
	uint64_t next_stats_ms;
	uint64_t rx_dropped, tx_dropped;
	/*
	 * Where TX stalls, measured (docs/dpdk.md; ethtool -S host_tx_*):
	 * frames rte_eth_tx_burst() did not take (the PMD's ring full:
	 * dropped, also in tx_dropped), and xmits put off for want of an mbuf.
	 */
	uint64_t tx_ring_full, tx_busy;
	struct dpdk_zc zc;
};

/*
 * options.c: driver-options (devargs=, vfio-intr=, zero-copy=) into @h.
 * 0, or -EINVAL with the reason in @why.
 */
int dpdk_options_parse(struct dpdk_host *h, const char *opts, char *why, size_t why_len);

/* eal.c: rte_eal_init() with the options docs/dpdk.md lists. 0 or -errno. */
int dpdk_eal_start(struct airlock_rt *rt, const char *devargs, const char *vfio_intr);

/* quirk.c: device-specific help the PMD needs to run behind the stub. */
int dpdk_quirk_setup(struct airlock_rt *rt, struct dpdk_host *h);
void dpdk_quirk_before_arm(struct dpdk_host *h);
void dpdk_quirk_after_start(struct dpdk_host *h);

/*
 * zerocopy.c. map: before the final filter, the pool as DMA memory (0, or
 * -errno and a log line: the copying path stays). open: after ATTACH, its
 * TX slots and RX mbuf pool (always 0: what fails is logged and copied).
 */
int dpdk_zc_map(struct airlock_rt *rt, struct dpdk_host *h, struct rte_device *dev);
int dpdk_zc_open(struct airlock_rt *rt, struct dpdk_host *h);
/* An mbuf carrying the TX descriptor's buffer itself, or NULL (none free). */
struct rte_mbuf *dpdk_zc_tx_mbuf(struct dpdk_host *h, struct airlock_port *port,
				 const struct airlock_desc *d, void *frame);
/* The port is stopped: whether its TX queue of @ntx descriptors takes the stub's buffers. */
bool dpdk_zc_tx_queue_mode(struct dpdk_host *h, uint16_t ntx);
/* Frees the mbufs the NIC has sent (if the PMD can): their stub buffers go back. */
void dpdk_zc_tx_reclaim(struct dpdk_host *h);
/* The port is stopped: the mempool its RX queue of @nrx descriptors uses now. */
struct rte_mempool *dpdk_zc_rx_queue_pool(struct dpdk_host *h, uint16_t nrx);
/* One RX burst (zc.rx): frames received, or -errno. */
int dpdk_zc_rx_run(struct dpdk_host *h);
void dpdk_zc_report(struct airlock_rt *rt, struct dpdk_host *h);

/*
 * Frames to take from the PMD in one burst with @space free in the stub's
 * RX ring: while the interface is down every burst is taken and dropped,
 * as a NIC would; 0 means the kernel is behind.
 */
static inline uint16_t dpdk_rx_budget(const struct dpdk_host *h, int space)
{
	if (!h->open)
		return DPDK_RX_BURST;
	return (uint16_t)(space < DPDK_RX_BURST ? space : DPDK_RX_BURST);
}

#endif
