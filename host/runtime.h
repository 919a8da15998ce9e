/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The driver host runtime: what every driver host program does around its
 * driver. airlock_host_main() parses the arguments (args.h), maps the
 * region, confines the process (sandbox.h), says HELLO, takes the stub
 * file from ATTACH, attaches to the rings, says SERVING and runs the serve
 * loop: heartbeat, control requests, the driver's poll, epoll on the kick
 * eventfd, the daemon socket and the driver's own descriptors. It returns
 * the exit status: 0 after SHUTDOWN or when the daemon hangs up.
 *
 * Runtime code is the host program's own, so it logs (stderr, a pipe to
 * the daemon's log), prefixed with the driver's name.
 */
#ifndef AIRLOCK_HOST_RUNTIME_H
#define AIRLOCK_HOST_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <airlock/host.h>

#include "args.h"
#include "ctrl.h"
#include "region.h"
#include "ring.h"
#include "sandbox.h"

#define AIRLOCK_HOST_HEARTBEAT_DEFAULT_MS	100
#define AIRLOCK_HOST_MAX_WATCH			8

struct airlock_host;

struct airlock_host_driver {
	const char *name;			/* log prefix */
	enum airlock_sandbox_policy policy;
	bool map_extra;		/* map AIRLOCK_HOST_FD_EXTRA (a sealed memfd) before confining */
	/*
	 * Before confining, optional: set-up that reads nothing untrusted
	 * (signal handlers of a test build, say).
	 */
	int (*prepare)(struct airlock_host *h);
	/* Confined: find the device, fill HELLO's mac and mtu_max. */
	int (*probe)(struct airlock_host *h, struct airlock_host_msg *hello);
	/* Rings attached (fresh from the kernel's reset): start the device. */
	int (*start)(struct airlock_host *h);
	/* One control request (already checked by ipc/ctrl.c): 0 or -errno to reply. */
	int (*control)(struct airlock_host *h, const struct airlock_ctrl_msg *req);
	/* Moves frames both ways. Returns > 0 if it did work, 0 if idle, -errno to die. */
	int (*poll)(struct airlock_host *h);
	/* Optional: ms until poll must run again though nothing kicked (-1: none). */
	int (*idle_ms)(struct airlock_host *h);
	/* Optional: the device is being removed (SHUTDOWN or the daemon gone). */
	void (*stop)(struct airlock_host *h);
};

/* The stub's queue 0, from the driver's side. */
struct airlock_host_queue {
	struct airlock_ring tx;		/* we consume: frames to send */
	struct airlock_ring rx;		/* we produce: frames received */
	struct airlock_ring ret;	/* we produce: TX buffers back */
	struct airlock_buf_range rx_bufs;
	bool tx_kick, rx_kick;		/* the kernel asked for a doorbell */
};

struct airlock_host {
	const struct airlock_host_driver *drv;
	struct airlock_host_args args;
	struct airlock_region region;
	struct airlock_ctrl ctrl;
	struct airlock_host_queue q;
	struct airlock_state *state;
	void *extra;			/* map_extra: the mapping, and its size */
	size_t extra_size;
	int stub_fd;			/* the stub file from ATTACH: held, never used */
	int epoll_fd;
	unsigned int n_watch;
	void *priv;			/* the driver's */
};

/* Runs a host program around @drv. Returns the process exit status. */
int airlock_host_main(int argc, char **argv, const struct airlock_host_driver *drv, void *priv);

/* One line to the daemon's log (stderr), prefixed "DRIVER[NAME]: ". */
__attribute__((format(printf, 2, 3)))
void airlock_host_log(const struct airlock_host *h, const char *fmt, ...);

/* Wakes the serve loop when @fd is readable (the driver drains it in poll). */
int airlock_host_watch_fd(struct airlock_host *h, int fd);

/* ---- The stub's rings, for poll ---- */

/* Takes up to @max frames to send. Returns how many, or -EBADMSG. */
int airlock_host_tx_take(struct airlock_host *h, struct airlock_desc *descs, unsigned int max);

/* The payload of TX descriptor @d if its buffer and length are valid, else NULL. */
const void *airlock_host_tx_frame(struct airlock_host *h, const struct airlock_desc *d);

/* Gives TX buffers back (flags may carry AIRLOCK_DESC_F_TX_DROPPED). 0 or -errno. */
int airlock_host_tx_return(struct airlock_host *h, const struct airlock_desc *descs, unsigned int n);

/*
 * How many frames may be received now: free RX slots whose buffers the
 * kernel has finished with. Returns the count or -EBADMSG.
 */
int airlock_host_rx_space(struct airlock_host *h);

/* The buffer for the @k-th frame from now (k < airlock_host_rx_space()); size buf_size. */
void *airlock_host_rx_buf(struct airlock_host *h, unsigned int k, uint32_t *ret_index);

/* Hands @n received frames to the kernel, in order. 0 or -errno. */
int airlock_host_rx_post(struct airlock_host *h, const struct airlock_desc *descs, unsigned int n);

/* Rings the kernel's doorbell if a ring we produced on asked for it. */
void airlock_host_flush(struct airlock_host *h);

/* Link, for the state block (the kernel reads it for the carrier). */
void airlock_host_set_link(struct airlock_host *h, bool up, uint32_t speed_mbps);

/* Driver statistics for ethtool -S: names once at start, values any time. */
int airlock_host_stats_names(struct airlock_host *h, const char *const *names, unsigned int n);
void airlock_host_stat_set(struct airlock_host *h, unsigned int i, uint64_t value);

#endif /* AIRLOCK_HOST_RUNTIME_H */
