/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shared region: layout, validation, creation (supervisor side) and
 * mapping (driver side). airlock_region_check() is the reference for what
 * the kernel validates at attach.
 */
#ifndef AIRLOCK_REGION_H
#define AIRLOCK_REGION_H

#include <stddef.h>
#include <stdint.h>

#include <airlock/abi.h>
#include <airlock/region_check.h>

#include "ring.h"

/* What the creator chooses; everything else follows from it. */
struct airlock_region_params {
	uint32_t n_queues;	/* 1 .. AIRLOCK_MAX_QUEUES */
	uint32_t ctrl_entries;	/* each control ring, power of two */
	uint32_t queue_entries;	/* each TX, RX and return ring, power of two */
	uint32_t n_bufs;	/* split evenly: per queue, half TX half RX */
	uint32_t buf_size;	/* power of two */
};

/* A mapped region and the validated copy of its header. */
struct airlock_region {
	void *base;
	size_t size;
	int fd;				/* owned if >= 0 (airlock_region_create) */
	struct airlock_region_hdr hdr;	/* the copy to trust, never base's */
};

/*
 * Lays out a region for @p into *ret_hdr: every area 64-byte aligned, the
 * pool page aligned, region_size a whole number of pages. Returns 0,
 * -EINVAL for a zero, non-power-of-two or unevenly divisible parameter,
 * -ERANGE for one beyond the limits in airlock/abi.h (including more
 * buffers per queue than its rings have entries).
 */
int airlock_region_layout(const struct airlock_region_params *p,
			  struct airlock_region_hdr *ret_hdr);

/* airlock_region_check(), shared with the kernel: see airlock/region_check.h. */

/*
 * Copies the header at @base once, then checks the copy (the peer may be
 * rewriting the original meanwhile). On success stores the copy in
 * *ret_hdr if non-NULL. Errors as airlock_region_check().
 */
int airlock_region_validate(const void *base, size_t size, struct airlock_region_hdr *ret_hdr);

/*
 * Creates a sealed memfd (cannot shrink or grow) laid out for @p, maps it
 * shared and writes the header; rings, state and pool start zeroed.
 * Returns 0, layout errors, or -errno from the system calls.
 */
int airlock_region_create(const struct airlock_region_params *p, struct airlock_region *ret);

/*
 * Maps the region in memfd @fd and validates it. The fd must carry
 * F_SEAL_SHRINK and F_SEAL_GROW (else -EPERM): a region that can shrink
 * under the mapping turns accesses into SIGBUS. @fd stays the caller's and
 * may be closed once this returns. Errors as airlock_region_check(), or
 * -errno.
 */
int airlock_region_map(int fd, struct airlock_region *ret);

/*
 * Maps all of memfd @fd shared and read-write, after checking that it is
 * sealed against shrinking and growing (a file that can shrink under a
 * mapping turns accesses into SIGBUS) and that its size lies in
 * [@min_size, @max_size]. Returns 0, -EPERM (seals), -EMSGSIZE (too
 * small), -ERANGE (too large) or -errno. @fd stays the caller's.
 */
int airlock_memfd_map(int fd, uint64_t min_size, uint64_t max_size, void **ret_base,
		      size_t *ret_size);

/* Unmaps, closes an owned fd, and leaves @r empty. Safe on an empty one. */
void airlock_region_unmap(struct airlock_region *r);

/* Address of @offset inside the region (offsets from the validated header). */
static inline void *airlock_region_at(const struct airlock_region *r, uint64_t offset)
{
	return (unsigned char *)r->base + offset;
}

/* Buffer @idx of the pool, or NULL if out of range. */
void *airlock_region_buf(const struct airlock_region *r, uint32_t idx);

struct airlock_state *airlock_region_state(const struct airlock_region *r);

/* Address slot @slot, or NULL if out of range. */
struct airlock_addr_slot *airlock_region_addr_slot(const struct airlock_region *r, uint32_t slot);

/* Attaches to the ring at @loc (from r->hdr) as @role; errors as airlock_ring_attach(). */
int airlock_region_ring(const struct airlock_region *r, const struct airlock_ring_loc *loc,
			enum airlock_ring_role role, struct airlock_ring *ret);

#endif /* AIRLOCK_REGION_H */
