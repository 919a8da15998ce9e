/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the runtime: the process's one struct airlock_rt and its ports,
 * and the entry points between the runtime's files (main.c: the life of
 * the process; handover.c: airlockd's socket; loop.c: the event loop;
 * port.c: a stub queue; control.c: control requests; state.c: what the
 * driver asks of the runtime; log.c). Drivers see only runtime.h; a test
 * build's fault injection and the unit tests look inside.
 */
#ifndef AIRLOCK_RUNTIME_INTERNAL_H
#define AIRLOCK_RUNTIME_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "args.h"
#include "ctrl.h"
#include "region.h"
#include "ring.h"
#include "runtime.h"

#define RT_HEARTBEAT_DEFAULT_MS	100
#define RT_MAX_WATCH		16
/* TX frames handed to the driver per port and round (a batch: xmit_more). */
#define RT_TX_BATCH		64

struct airlock_port {
	struct airlock_region *region;
	struct airlock_ring tx;		/* we consume: frames to send */
	struct airlock_ring rx;		/* we produce: frames received */
	struct airlock_ring ret;	/* we produce: TX buffers back */
	struct airlock_buf_range tx_bufs, rx_bufs;
	/* A frame xmit refused with -EBUSY, offered again first. */
	struct airlock_desc held;
	bool holding;
	/* What we produced since the last flush, per ring the kernel consumes. */
	bool produced_rx, produced_ret;
	/* RX buffers lent to the driver (rx_lend.c); NULL: served by slot. */
	struct rt_rx_lend *lend;
};

struct rt_watch {
	int fd;				/* -1: free */
	void (*fn)(void *arg);
	void *arg;
};

/* loop.c's busy-poll window (its comment says how it adapts). */
struct busy_poll {
	uint32_t max_us, window_us;	/* max 0: off */
	uint64_t idle_since_us;		/* polling with nothing found since; 0: not */
	uint64_t hits, misses;		/* windows that found work, and that ran out */
};

struct airlock_rt {
	const struct airlock_driver_ops *ops;
	void *priv;
	struct airlock_host_args args;
	struct airlock_region region;
	struct airlock_state *state;
	struct airlock_ctrl ctrl;
	bool produced_rsp;
	struct airlock_port ports[AIRLOCK_MAX_QUEUES];
	unsigned int n_ports;
	void *extra, *heap;
	size_t extra_size, heap_size;
	int stub_fd;			/* the stub file from ATTACH: held, never used */
	int epoll_fd;
	struct rt_watch watch[RT_MAX_WATCH];
	bool probed;			/* the driver's probe succeeded: stop it at the end */
	bool stopping;			/* SHUTDOWN or the daemon gone: status 0 */
	bool failed;			/* the daemon broke the protocol: status 1 */
	uint64_t heartbeat;
	struct busy_poll busy_poll;
	uint64_t rounds, sleeps, kicks;	/* for the log at exit */
};

/* handover.c */
int rt_handover_hello(struct airlock_rt *rt, const struct airlock_offer *offer);
int rt_handover_wait_attach(struct airlock_rt *rt);
int rt_handover_serving(struct airlock_rt *rt);

/* loop.c */
int rt_loop_init(struct airlock_rt *rt);
/* Runs until stopped: 0, or -errno from the driver or a broken ring. */
int rt_loop_run(struct airlock_rt *rt);
void rt_heartbeat(struct airlock_rt *rt);
int rt_heartbeat_period_ms(const struct airlock_rt *rt);

/* port.c */
int rt_port_attach(struct airlock_port *p, struct airlock_region *region, unsigned int queue);
/* Hands TX frames to the driver's xmit: how many were taken, or -errno. */
int rt_port_tx_run(struct airlock_rt *rt, struct airlock_port *p, unsigned int budget);
/* Whether the kernel waits for what we produced since the last call. */
bool rt_port_flush(struct airlock_port *p);
/* Before sleeping: asks for kicks on the TX ring; > 0 if frames arrived meanwhile. */
int rt_port_prepare_sleep(struct airlock_port *p);
void rt_port_wake_done(struct airlock_port *p);

/* rx_lend.c: a lending port's side of airlock_port_rx_space, _rx_buf and _rx_post. */
int rt_rx_lend_space(struct airlock_port *p);
uint32_t rt_rx_lend_peek(const struct airlock_port *p, unsigned int k);
int rt_rx_lend_post(struct airlock_port *p, const struct airlock_desc *descs, unsigned int n);
/* After the driver's stop: it gives nothing back any more. */
void rt_rx_lend_free(struct airlock_port *p);

/* control.c */
/* Answers every pending control request: how many, or -errno (ring broken). */
int rt_control_run(struct airlock_rt *rt);
/* The one rule for a driver's answer: 0 or -errno the ABI carries, else -EIO. */
int rt_control_status(int status);

#endif /* AIRLOCK_RUNTIME_INTERNAL_H */
