/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The driver runtime: what every driver process does around its driver,
 * whatever the driver's family (docs/architecture.md). A family fills in
 * struct airlock_driver_ops and calls airlock_runtime_main() from main();
 * the runtime then
 *   - parses airlockd's command line and maps what it handed over
 *     (airlock/host.h: the region, the DMA heap, an extra memfd),
 *   - confines the process (sandbox/sandbox.h) before any driver code runs,
 *   - has the driver probe, says HELLO with what it offers, takes the stub
 *     file from ATTACH, attaches one port per stub queue, says SERVING,
 *   - runs one event loop: heartbeat, control requests (one status rule),
 *     TX descriptors handed to the driver's xmit, the driver's poll, the
 *     doorbells, epoll on the kick eventfd, the daemon's socket and the
 *     driver's own descriptors,
 *   - and on SHUTDOWN or the daemon's hang-up stops the driver and exits.
 *
 * This header uses only <stdint.h>, <stdbool.h> and the ring ABI, so that a
 * family's code compiled against the shim's kernel headers can include it.
 */
#ifndef AIRLOCK_RUNTIME_H
#define AIRLOCK_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <airlock/abi.h>

struct airlock_rt;
struct airlock_port;

/* What the driver offers the proxy airlockd creates for it (HELLO). */
struct airlock_offer {
	uint8_t mac[6];		/* the device's permanent address */
	uint32_t max_mtu;
	uint64_t features;	/* AIRLOCK_FEAT_* */
};

/* What the runtime maps before the sandbox, besides the region. */
#define AIRLOCK_RT_MAP_HEAP	(1U << 0)	/* AIRLOCK_HOST_FD_HEAP: the DMA heap */
#define AIRLOCK_RT_MAP_EXTRA	(1U << 1)	/* AIRLOCK_HOST_FD_EXTRA: a sealed memfd */

/*
 * A driver family's operations, in the order the runtime calls them.
 * Every int-returning op returns 0 (or a count where said) or -errno;
 * a negative value ends the process with status 1, after stop().
 */
struct airlock_driver_ops {
	const char *name;			/* for the log: "e1000", "cable" */
	int policy;				/* enum airlock_sandbox_policy */
	unsigned int maps;			/* AIRLOCK_RT_MAP_* */
	/* Optional, before the sandbox: set-up that reads nothing untrusted. */
	int (*prepare)(struct airlock_rt *rt);
	/* Confined: find and set up the device, fill the offer. */
	int (*probe)(struct airlock_rt *rt, struct airlock_offer *ret_offer);
	/* The ports are attached (rings fresh from the kernel's reset): serve them. */
	int (*open)(struct airlock_rt *rt);
	/* One control request, checked by ipc/ctrl.c: the status to reply (0 or -errno). */
	int (*control)(struct airlock_rt *rt, const struct airlock_ctrl_msg *req);
	/*
	 * One frame the kernel sends on @port: @frame is its pool buffer (d->len
	 * bytes, checked). 0: taken; the driver gives the buffer back with
	 * airlock_port_tx_done() once the device is done with it (at once, or
	 * later). -EBUSY: not now; the runtime offers the same frame again on a
	 * later round and takes no more from @port meanwhile. Other -errno: not
	 * sent; the runtime gives the buffer back. @more: another frame follows
	 * in this batch (Linux's netdev_xmit_more()).
	 */
	int (*xmit)(struct airlock_rt *rt, struct airlock_port *port, const struct airlock_desc *d,
		    void *frame, bool more);
	/* Device work (interrupts, receive, timers): > 0 if it did some, 0 if idle. */
	int (*poll)(struct airlock_rt *rt);
	/* Optional, before the loop sleeps: > 0 if work is pending (then it won't). */
	int (*pending)(struct airlock_rt *rt);
	/* Optional: ms until poll must run though nothing woke the loop (-1: never). */
	int (*next_timeout_ms)(struct airlock_rt *rt);
	/* Optional: the device is being removed (SHUTDOWN, the daemon gone, an error). */
	void (*stop)(struct airlock_rt *rt);
};

/* Runs the driver process around @ops. Returns the process exit status. */
int airlock_runtime_main(int argc, char **argv, const struct airlock_driver_ops *ops, void *priv);

/* ---- The runtime, for the driver ---- */

void *airlock_rt_priv(const struct airlock_rt *rt);
/* The device's name in airlockd's configuration. */
const char *airlock_rt_name(const struct airlock_rt *rt);
/* The PCI function ("0000:00:03.0"), or "" for a device without one. */
const char *airlock_rt_pci(const struct airlock_rt *rt);
/* The device's driver-options, words separated by spaces. */
const char *airlock_rt_driver_opt(const struct airlock_rt *rt);
/* airlockd's start count for this device: 1, 2, ...; 0 if unknown. */
uint32_t airlock_rt_instance(const struct airlock_rt *rt);
/* AIRLOCK_RT_MAP_EXTRA: the mapping. */
void *airlock_rt_extra(const struct airlock_rt *rt, size_t *ret_size);
/* AIRLOCK_RT_MAP_HEAP: the DMA heap, mapped here and in the device's IOMMU space. */
void *airlock_rt_heap(const struct airlock_rt *rt, size_t *ret_size, uint64_t *ret_iova);
/* Once attached: the region's packet pool, and its IOVA (0 if not in the device's IOMMU space). */
void *airlock_rt_pool(const struct airlock_rt *rt, size_t *ret_size, uint64_t *ret_iova);
/* The state block the kernel reads (stats, link, ethtool). */
struct airlock_state *airlock_rt_state(const struct airlock_rt *rt);

/* One line to airlockd's log (stderr), prefixed "host: ". */
__attribute__((format(printf, 2, 3)))
void airlock_rt_log(const struct airlock_rt *rt, const char *fmt, ...);

/* Calls @fn(@arg) from the loop whenever @fd is readable. */
int airlock_rt_watch_fd(struct airlock_rt *rt, int fd, void (*fn)(void *arg), void *arg);
int airlock_rt_unwatch_fd(struct airlock_rt *rt, int fd);
/*
 * Rings the kernel's doorbell now if something it sleeps on was produced
 * (RX frames, returned buffers, replies). The loop does this after every
 * round; a driver's poll may do it first, before work that need not delay
 * the kernel's receive.
 */
void airlock_rt_doorbell(struct airlock_rt *rt);

/*
 * The addresses a SET_RX_MODE request names (n_uc unicast, then n_mc
 * multicast), copied out of the region: the count, or -errno.
 */
int airlock_rt_rx_mode_addrs(struct airlock_rt *rt, const struct airlock_ctrl_msg *req,
			     struct airlock_addr *ret_addrs, size_t max);

/* Link, for the state block (the kernel's carrier follows it). */
void airlock_rt_set_link(struct airlock_rt *rt, bool up, uint32_t speed_mbps, uint8_t duplex);
/* The descriptors the device's rings have now, for ethtool -g (0: unsaid, the sizes asked for). */
void airlock_rt_set_rings(struct airlock_rt *rt, uint32_t rx, uint32_t tx);
/* The driver's interrupt coalescing now, for ethtool -c; NULL: it has none to show. */
void airlock_rt_set_coalesce(struct airlock_rt *rt, const struct airlock_coalesce *c);

/* Driver statistics for ethtool -S: names once after open, values any time. */
int airlock_rt_stats_names(struct airlock_rt *rt, const char *const *names, unsigned int n);
void airlock_rt_stat_set(struct airlock_rt *rt, unsigned int i, uint64_t value);

/* ---- A port: one stub queue (TX, RX and return rings), for the driver ---- */

unsigned int airlock_rt_n_ports(const struct airlock_rt *rt);
struct airlock_port *airlock_rt_port(const struct airlock_rt *rt, unsigned int i);

/* A TX buffer back to the kernel: the device is done with it. 0 or -errno (a bug). */
int airlock_port_tx_done(struct airlock_port *p, uint32_t buf, uint32_t id);

/*
 * Frames that may be received now: free RX slots whose buffers the kernel
 * has finished with (with fewer buffers than slots, a buffer serves every
 * count-th slot and is free only once the kernel consumed the slot before).
 * Returns the count or -EBADMSG.
 */
int airlock_port_rx_space(struct airlock_port *p);
/* The buffer for the @k-th frame from now (k < rx_space), buf_size bytes; its index. */
void *airlock_port_rx_buf(struct airlock_port *p, unsigned int k, uint32_t *ret_buf);
/* Hands @n received frames (from rx_buf, in order) to the kernel. 0 or -errno. */
int airlock_port_rx_post(struct airlock_port *p, const struct airlock_desc *descs, unsigned int n);
/*
 * Receives one frame gathered from @n pieces: copies it into the next RX
 * buffer and posts it. 0, -ENOBUFS (no room: the caller counts a drop),
 * -EMSGSIZE (larger than a buffer), or -EBADMSG.
 */
int airlock_port_rx_copy(struct airlock_port *p, const void *const *pieces, const uint32_t *lens,
			 unsigned int n);
uint32_t airlock_port_buf_size(const struct airlock_port *p);

/*
 * Lending RX buffers (runtime/rx_lend.c), for a driver whose device
 * receives into buffers it keeps on a ring: the frame is then posted where
 * it lies. Started once, before anything is posted, keeping @reserve
 * buffers for airlock_port_rx_copy. 0, -EBUSY, -ENOMEM or -EBADMSG.
 */
int airlock_port_rx_lend_start(struct airlock_port *p, unsigned int reserve);
bool airlock_port_rx_lending(const struct airlock_port *p);
/*
 * A free RX buffer (buf_size bytes), held once by the driver: 0, or
 * -ENOBUFS (only the reserve is left).
 */
int airlock_port_rx_lend(struct airlock_port *p, uint32_t *ret_buf, void **ret_addr);
/* One more hold on @buf (another fragment of it). 0, or -EINVAL if the driver holds none. */
int airlock_port_rx_hold(struct airlock_port *p, uint32_t buf);
/* One hold on @buf given back; the last makes it free once no entry names it. 0 or -EINVAL. */
int airlock_port_rx_unlend(struct airlock_port *p, uint32_t buf);
/*
 * Posts the frame of @len bytes at @offset in @buf, turning one of the
 * driver's holds into a ring entry; the buffer is free again once the
 * kernel has consumed every entry naming it and the driver holds none.
 * 0, -EINVAL (not held), -EMSGSIZE (not inside the buffer), -EBADMSG or
 * -ENOSPC (the ring is full: fragments take an entry each).
 */
int airlock_port_rx_post_lent(struct airlock_port *p, uint32_t buf, uint32_t offset, uint32_t len);

/* TX frames the kernel has posted that the runtime has not handed to xmit yet. */
unsigned int airlock_port_tx_pending(const struct airlock_port *p);

#endif /* AIRLOCK_RUNTIME_H */
