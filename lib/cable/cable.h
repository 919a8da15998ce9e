/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The cable: the hardware-free "NIC" of the cable driver. Two cable driver
 * hosts, each serving one proxy netdev, share one memfd holding a frame
 * ring per direction, so traffic flows kernel -> stub -> host A -> cable ->
 * host B -> stub -> kernel with one process per device, like real NICs on
 * one wire. Either end may die and restart; frames on the cable then are
 * lost, as on a real wire. Each end trusts nothing the other wrote.
 *
 * Layout (fixed at compile time, so no geometry is ever read from shared
 * memory): a header page, then per direction d (frames sent by side d) an
 * SPSC ring of struct airlock_desc (ipc/ring.h) and a pool of
 * AIRLOCK_CABLE_BUFS buffers. The producer writes frame number i into
 * buffer i mod AIRLOCK_CABLE_BUFS; with twice as many buffers as ring
 * slots an honest producer never rewrites a frame its peer is copying.
 */
#ifndef AIRLOCK_CABLE_H
#define AIRLOCK_CABLE_H

#include <stddef.h>
#include <stdint.h>

#include <airlock/abi.h>

#include "ring.h"

#define AIRLOCK_CABLE_MAGIC		0x4c424143	/* "CABL" */
#define AIRLOCK_CABLE_VERSION		1
#define AIRLOCK_CABLE_ENTRIES		256
#define AIRLOCK_CABLE_BUFS		(2 * AIRLOCK_CABLE_ENTRIES)
#define AIRLOCK_CABLE_BUF_SIZE		9088	/* >= a 9000-MTU frame, 64-byte multiple */
#define AIRLOCK_CABLE_FRAME_MIN		14	/* an Ethernet header */
#define AIRLOCK_CABLE_FRAME_MAX		(AIRLOCK_MAX_MTU + AIRLOCK_FRAME_OVERHEAD)

struct airlock_cable_hdr {
	uint32_t magic;
	uint32_t version;
	uint64_t size;		/* of the whole memfd */
	uint32_t entries, n_bufs, buf_size, reserved;
};

/* One end's view: it produces on @out and consumes @in. */
struct airlock_cable {
	void *base;
	size_t size;
	struct airlock_ring out, in;
	unsigned char *out_pool, *in_pool;
	uint64_t resyncs;	/* the peer broke a ring's indices: we started over */
};

/* Bytes the memfd must have. */
size_t airlock_cable_size(void);

/*
 * Creates a sealed memfd laid out as an empty cable (the daemon does this
 * once per cable; hosts get it as AIRLOCK_HOST_FD_EXTRA and the option
 * "side=0" or "side=1"). Returns 0 and the fd (close-on-exec) or -errno.
 */
int airlock_cable_create(int *ret_fd);

/*
 * Takes end @side (0 or 1) of the cable mapped at @base (@size bytes):
 * checks the header against the compiled-in geometry and attaches to both
 * rings, starting over (indices made consistent, frames in flight lost)
 * where the other end left them broken. Returns 0, -EINVAL for a bad side
 * or size, -EPROTO for a foreign header.
 */
int airlock_cable_open(void *base, size_t size, unsigned int side, struct airlock_cable *ret);

/*
 * Sends one frame. Returns 1 if sent, 0 if the cable is full, -EINVAL for
 * a length outside [FRAME_MIN, FRAME_MAX], -EBADMSG if the peer broke the
 * ring's consumer index (the frame is lost).
 */
int airlock_cable_send(struct airlock_cable *c, const void *frame, size_t len);

/*
 * Receives one frame into @buf (@cap bytes). Returns its length, 0 if none,
 * -EPROTO for a descriptor out of bounds, -EMSGSIZE for a frame longer
 * than @cap (either way the frame is consumed and dropped), -EBADMSG if
 * the peer broke the ring's producer index (the ring starts over empty).
 */
int airlock_cable_recv(struct airlock_cable *c, void *buf, size_t cap);

#endif /* AIRLOCK_CABLE_H */
