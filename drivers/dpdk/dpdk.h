/* SPDX-License-Identifier: GPL-2.0-only */
/* The DPDK family (drivers/dpdk/): one ethdev port behind one stub queue. */
#ifndef AIRLOCK_DPDK_H
#define AIRLOCK_DPDK_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime.h"

#define DPDK_EAL_MEM_MB		64	/* -m: within AIRLOCK_SANDBOX_DPDK_MEM_BYTES */
#define DPDK_RX_BURST		32
#define DPDK_TX_BURST		32
#define DPDK_MAX_SEGS		8	/* of one received frame, gathered into an RX buffer */
#define DPDK_STATS_MAX		AIRLOCK_MAX_ETHTOOL_STATS

struct rte_mempool;
struct rte_mbuf;
struct rte_ether_addr;

struct dpdk_host {
	char devargs[96];		/* driver-options devargs=: PMD options for -a */
	char hostile[16];		/* test build: hostile=map-dma|open-vfio */
	char vfio_intr[8];		/* driver-options vfio-intr=: EAL's --vfio-intr, or "" */
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
};

/* eal.c: rte_eal_init() with the options docs/dpdk.md lists. 0 or -errno. */
int dpdk_eal_start(struct airlock_rt *rt, const char *devargs, const char *vfio_intr);

/* quirk.c: device-specific help the PMD needs to run behind the stub. */
int dpdk_quirk_setup(struct airlock_rt *rt, struct dpdk_host *h);
void dpdk_quirk_before_arm(struct dpdk_host *h);
void dpdk_quirk_after_start(struct dpdk_host *h);

#endif
