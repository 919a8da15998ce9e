/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * airlock-hostile: a driver process that attaches to airlock.ko like a real
 * one and then breaks the ABI on purpose, one attack per run. This header
 * holds the attachment (built from the ipc/ library) and the well-behaved
 * steps an attack uses to get the stub to the point it wants to attack.
 */
#ifndef AIRLOCK_HOSTILE_H
#define AIRLOCK_HOSTILE_H

#include <stdbool.h>
#include <stdint.h>

#include <net/if.h>

#include <airlock/abi.h>

#include "ctrl.h"
#include "region.h"
#include "ring.h"

/* Small, so that hoarding empties the pool quickly; jumbo-sized buffers. */
#define HOSTILE_QUEUE_ENTRIES	64
#define HOSTILE_CTRL_ENTRIES	16

/* One attachment: what a driver process holds. */
struct hostile {
	uint32_t id;
	int dev_fd;		/* the /dev/airlock file of this attachment */
	int kick_fd;		/* kernel -> us */
	int doorbell_fd;	/* us -> kernel */
	struct airlock_region region;
	struct airlock_ctrl ctrl;
	struct airlock_ring tx;	/* we consume */
	struct airlock_ring rx;	/* we produce */
	struct airlock_ring ret;	/* we produce */
	struct airlock_state *state;
	struct airlock_queue_loc q;	/* queue 0, from the validated header */
	char ifname[AIRLOCK_IFNAMSIZ];
	uint64_t generation;	/* the stub's count for this attachment */
	uint32_t seen_ops;	/* bit per control opcode received */
	uint32_t rx_next;	/* RX buffer to use next */
};

/* Options every attack gets. */
struct hostile_opts {
	uint32_t id;		/* the device to attack */
	unsigned int seconds;	/* for attacks that run for a while */
	uint64_t seed;		/* for the random ones */
};

struct hostile_attack {
	const char *name;
	const char *what;	/* one line for `list` and the log */
	int (*run)(const struct hostile_opts *o);	/* 0 done, <0 -errno */
};

extern const struct hostile_attack hostile_attacks_bounds[];
extern const struct hostile_attack hostile_attacks_protocol[];
extern const struct hostile_attack hostile_attacks_race[];
extern const struct hostile_attack hostile_attacks_config[];

/* ---- attachment.c ---- */

int hostile_open_dev(void);
/* Creates a region and attaches it to device @id. */
int hostile_attach(struct hostile *h, uint32_t id);
/* The same with a region of other sizes (a 2-entry control ring, say). */
int hostile_attach_params(struct hostile *h, uint32_t id, const struct airlock_region_params *p);
/* Closes the attachment's file (the kernel detaches) and frees everything. */
void hostile_close(struct hostile *h);
int hostile_shadow(uint32_t id, struct airlock_shadow *ret);

/* Answers every pending control request with @status; OPEN sets link up. */
int hostile_serve_ctrl(struct hostile *h, int status);
/* Takes every TX descriptor and, if @give_back, returns its buffer. */
int hostile_serve_tx(struct hostile *h, bool give_back);
/* Serves like a good driver until the carrier is on; -ETIMEDOUT after @ms. */
int hostile_until_carrier(struct hostile *h, int ms);
/* Posts one RX frame of @len bytes in the next RX buffer, as a good driver would. */
int hostile_post_rx(struct hostile *h, uint16_t len);
/* The same frame @offset bytes into its buffer (abi.h: RX). */
int hostile_post_rx_at(struct hostile *h, uint16_t offset, uint16_t len);
/* Writes one raw descriptor at the RX ring's next slot and publishes it. */
int hostile_post_rx_desc(struct hostile *h, const struct airlock_desc *d);
int hostile_post_ret_desc(struct hostile *h, const struct airlock_desc *d);
void hostile_kick(struct hostile *h);

/* Attaches and serves until the carrier is on, logging what fails. */
int hostile_begin(struct hostile *h, const struct hostile_opts *o);
/* Waits up to @ms for a detach, prints the outcome, closes. 1 if detached. */
int hostile_report(struct hostile *h, int ms);
/* Writes a control reply as it is, bypassing the library's checks. */
int hostile_raw_reply(struct hostile *h, uint64_t seq, uint16_t opcode, int32_t status);
/* Answers every request but @opcode with 0 until @opcode comes; its seq, or -ETIMEDOUT. */
int64_t hostile_wait_request(struct hostile *h, uint16_t opcode, int ms);
/* One ioctl on interface @ifname (@ifr's name is filled in), as ip and ethtool make it: 0 or -errno. */
int hostile_if_ioctl(const char *ifname, unsigned long request, struct ifreq *ifr);
/* ethtool set_msglevel on the interface: makes the stub post a control request. */
int hostile_set_msglevel(const struct hostile *h, uint32_t level);

/* Waits up to @ms for the kernel to end this attachment; elapsed ms or -ETIMEDOUT. */
int hostile_wait_detached(struct hostile *h, int ms);
/* Like a good driver for @ms (answers, returns TX), unless detached first. */
void hostile_idle(struct hostile *h, int ms);

/* /sys/class/net/IF/NAME of the attached interface as a number, or -1. */
long long hostile_sysfs_ll(const struct hostile *h, const char *name);
/* Sends @n broadcast frames out of the interface (AF_PACKET): drives xmit. */
int hostile_send_frames(const struct hostile *h, int n);

uint64_t hostile_now_ms(void);
void hostile_sleep_ms(int ms);

/* A pseudo-random 64-bit value (xorshift64*), reproducible from the seed. */
uint64_t hostile_rand(uint64_t *state);

#endif /* AIRLOCK_HOSTILE_H */
