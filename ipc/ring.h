/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SPSC rings of the shared region, user side: small static inline helpers
 * over struct airlock_ring_hdr (see airlock/abi.h for the protocol).
 *
 * A struct airlock_ring is one side's private view of a ring: either its
 * producer or its consumer, never both. The side's own index lives here
 * and is only ever stored to shared memory, never read back, so the peer
 * rewriting it cannot make us overwrite or re-read slots. The peer's index
 * is read once per call and checked with the kernel's own checks
 * (airlock/ring_check.h): a fill level outside [0, entries] means the peer
 * is broken or hostile, reported as -EBADMSG.
 *
 * Entries are copied in and out (memcpy), so a peer rewriting a slot after
 * we dequeued it cannot change what we act on.
 */
#ifndef AIRLOCK_RING_H
#define AIRLOCK_RING_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <airlock/abi.h>
#include <airlock/ring_check.h>

enum airlock_ring_role {
	AIRLOCK_RING_PRODUCER,
	AIRLOCK_RING_CONSUMER,
};

struct airlock_ring {
	struct airlock_ring_hdr *hdr;
	unsigned char *slots;
	uint32_t mask;		/* entries - 1 */
	uint32_t entry_size;
	uint32_t own;		/* our index: producer's or consumer's */
};

static inline uint32_t airlock_ring_entries(const struct airlock_ring *r)
{
	return r->mask + 1;
}

/*
 * Attaches to the ring at @mem (a struct airlock_ring_hdr followed by
 * @entries slots of @entry_size bytes) as @role. Our own index starts from
 * what memory holds, so a restarted side picks up where the last one left;
 * the fill level is checked once here. Returns 0, -EINVAL for a bad
 * geometry, -EBADMSG if the indices in memory are inconsistent.
 */
static inline int airlock_ring_attach(void *mem, uint32_t entries, uint32_t entry_size,
				      enum airlock_ring_role role, struct airlock_ring *ret)
{
	struct airlock_ring_hdr *hdr = (struct airlock_ring_hdr *)mem;
	uint32_t prod, cons, fill;

	if (!mem || entries == 0 || (entries & (entries - 1)) || entry_size == 0)
		return -EINVAL;

	prod = __atomic_load_n(&hdr->producer, __ATOMIC_ACQUIRE);
	cons = __atomic_load_n(&hdr->consumer, __ATOMIC_ACQUIRE);
	if (airlock_check_consumable(prod, cons, entries, &fill) < 0)
		return -EBADMSG;

	ret->hdr = hdr;
	ret->slots = (unsigned char *)mem + AIRLOCK_RING_HDR_SIZE;
	ret->mask = entries - 1;
	ret->entry_size = entry_size;
	ret->own = role == AIRLOCK_RING_PRODUCER ? prod : cons;
	return 0;
}

/* Copies @n entries from @src into the slots from index @idx on, wrapping. */
static inline void airlock_ring_copy_in_(const struct airlock_ring *r, uint32_t idx,
					 const void *src, uint32_t n)
{
	uint32_t first = idx & r->mask;
	uint32_t chunk = airlock_ring_entries(r) - first;
	size_t es = r->entry_size;

	if (chunk > n)
		chunk = n;
	memcpy(r->slots + first * es, src, chunk * es);
	memcpy(r->slots, (const unsigned char *)src + chunk * es, (n - chunk) * es);
}

/* Copies @n entries from the slots from index @idx on into @dst, wrapping. */
static inline void airlock_ring_copy_out_(const struct airlock_ring *r, uint32_t idx,
					  void *dst, uint32_t n)
{
	uint32_t first = idx & r->mask;
	uint32_t chunk = airlock_ring_entries(r) - first;
	size_t es = r->entry_size;

	if (chunk > n)
		chunk = n;
	memcpy(dst, r->slots + first * es, chunk * es);
	memcpy((unsigned char *)dst + chunk * es, r->slots, (n - chunk) * es);
}

/* ---- Producer side ---- */

/* Free slots the producer may fill, or -EBADMSG. */
static inline int airlock_ring_space(const struct airlock_ring *r)
{
	/*
	 * Acquire pairs with the consumer's release store of its index: once
	 * we see a slot freed, the consumer's reads of it have completed and
	 * we may overwrite it.
	 */
	uint32_t cons = __atomic_load_n(&r->hdr->consumer, __ATOMIC_ACQUIRE);
	uint32_t room;
	int err = airlock_check_producible(cons, r->own, airlock_ring_entries(r), &room);

	return err < 0 ? err : (int)room;
}

/*
 * Enqueues up to @n entries from @src (an array of entry_size-byte
 * entries). Returns how many were enqueued (0 if full), or -EBADMSG.
 */
static inline int airlock_ring_enqueue(struct airlock_ring *r, const void *src, unsigned int n)
{
	int space = airlock_ring_space(r);

	if (space < 0)
		return space;
	if (n > (unsigned int)space)
		n = (unsigned int)space;
	if (n == 0)
		return 0;

	airlock_ring_copy_in_(r, r->own, src, n);
	r->own += n;
	/* Release: the slot writes above are visible before the new index. */
	__atomic_store_n(&r->hdr->producer, r->own, __ATOMIC_RELEASE);
	return (int)n;
}

/*
 * After enqueueing: whether the consumer asked to be woken (kick its
 * doorbell then). Call after every enqueue that may have been waited for.
 */
static inline bool airlock_ring_needs_wakeup(const struct airlock_ring *r)
{
	/*
	 * Full barrier between the release store of producer (in enqueue)
	 * and the load of flags: without it the store may still sit in our
	 * store buffer while we read a stale flag, and the consumer, reading
	 * the stale producer index, goes to sleep with nobody to wake it.
	 * Pairs with the fence in airlock_ring_prepare_sleep().
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return __atomic_load_n(&r->hdr->flags, __ATOMIC_RELAXED) & AIRLOCK_RING_NEED_WAKEUP;
}

/* ---- Consumer side ---- */

/* Entries ready to dequeue, or -EBADMSG. */
static inline int airlock_ring_count(const struct airlock_ring *r)
{
	/*
	 * Acquire pairs with the producer's release store: every slot below
	 * the index we see has been written.
	 */
	uint32_t prod = __atomic_load_n(&r->hdr->producer, __ATOMIC_ACQUIRE);
	uint32_t avail;
	int err = airlock_check_consumable(prod, r->own, airlock_ring_entries(r), &avail);

	return err < 0 ? err : (int)avail;
}

/*
 * Dequeues up to @n entries into @dst. Returns how many were dequeued (0
 * if empty), or -EBADMSG.
 */
static inline int airlock_ring_dequeue(struct airlock_ring *r, void *dst, unsigned int n)
{
	int avail = airlock_ring_count(r);

	if (avail < 0)
		return avail;
	if (n > (unsigned int)avail)
		n = (unsigned int)avail;
	if (n == 0)
		return 0;

	airlock_ring_copy_out_(r, r->own, dst, n);
	r->own += n;
	/* Release: our slot reads are complete before the producer may reuse them. */
	__atomic_store_n(&r->hdr->consumer, r->own, __ATOMIC_RELEASE);
	return (int)n;
}

/*
 * Before sleeping on the doorbell: sets NEED_WAKEUP, then re-checks the
 * ring. Returns 0 if the ring is still empty, so the caller may sleep
 * (and calls airlock_ring_wake_done() once woken); > 0 if entries arrived
 * meanwhile, the flag already cleared again, so the caller must not
 * sleep; -EBADMSG.
 */
static inline int airlock_ring_prepare_sleep(struct airlock_ring *r)
{
	int n;

	__atomic_store_n(&r->hdr->flags, AIRLOCK_RING_NEED_WAKEUP, __ATOMIC_RELAXED);
	/*
	 * Full barrier between the flag store and the re-read of producer,
	 * pairing with the one in airlock_ring_needs_wakeup(): either the
	 * producer sees the flag and kicks, or we see its entries here.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	n = airlock_ring_count(r);
	if (n != 0)
		__atomic_store_n(&r->hdr->flags, 0, __ATOMIC_RELAXED);
	return n;
}

/* After waking: stop asking for kicks while we are busy polling. */
static inline void airlock_ring_wake_done(struct airlock_ring *r)
{
	__atomic_store_n(&r->hdr->flags, 0, __ATOMIC_RELAXED);
}

#endif /* AIRLOCK_RING_H */
