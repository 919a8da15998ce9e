/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The checks the kernel applies to values it reads from the shared region
 * after attach: ring fill levels, received and returned descriptors,
 * control reply status. Header-only and pure (no I/O, no locking, no
 * allocation), so airlock.ko and the user-space fuzzers (tests/fuzz/) run
 * the same code. Every argument is a private copy the caller has already
 * read once from shared memory; the geometry comes from the validated
 * header copy.
 */
#ifndef AIRLOCK_RING_CHECK_H
#define AIRLOCK_RING_CHECK_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#endif

#include <airlock/abi.h>

#define AIRLOCK_ETH_HLEN	14	/* the shortest frame the kernel accepts */

/*
 * Consumer: entries the producer published that we (at @local) have not
 * consumed. A fill level beyond @entries means the producer index jumped
 * ahead, went backwards or wrapped wrongly: -EBADMSG.
 */
static inline int airlock_check_consumable(__u32 producer, __u32 local, __u32 entries,
					   __u32 *ret_avail)
{
	__u32 avail = producer - local;

	if (avail > entries)
		return -EBADMSG;
	*ret_avail = avail;
	return 0;
}

/*
 * Producer: free slots from @local on. A consumer index ahead of ours (a
 * huge unsigned fill level) is garbage: -EBADMSG.
 */
static inline int airlock_check_producible(__u32 consumer, __u32 local, __u32 entries,
					   __u32 *ret_room)
{
	__u32 used = local - consumer;

	if (used > entries)
		return -EBADMSG;
	*ret_room = entries - used;
	return 0;
}

/* Buffer @buf is inside @range; its position in the range in *ret_rel. */
static inline bool airlock_check_buf(__u32 buf, const struct airlock_buf_range *range,
				     __u32 *ret_rel)
{
	__u32 rel = buf - range->first;

	if (buf < range->first || rel >= range->count)
		return false;
	*ret_rel = rel;
	return true;
}

/*
 * A received frame: -ERANGE if the buffer is not one of the driver's RX
 * buffers (an ABI violation), -EMSGSIZE for a length the kernel drops and
 * counts (shorter than an Ethernet header, longer than @max_len, or not
 * inside the buffer from its offset). 0: the kernel may copy len bytes
 * from offset in the buffer.
 */
static inline int airlock_check_rx_desc(const struct airlock_desc *d,
					const struct airlock_buf_range *rx_bufs,
					__u32 max_len, __u32 buf_size)
{
	__u32 rel;

	if (!airlock_check_buf(d->buf, rx_bufs, &rel))
		return -ERANGE;
	if (d->len < AIRLOCK_ETH_HLEN || d->len > max_len || d->offset > buf_size ||
	    d->len > buf_size - d->offset)
		return -EMSGSIZE;
	return 0;
}

/*
 * A returned TX buffer: -ERANGE if it is not in the TX range. Whether the
 * driver holds it (a second return, one never lent) is the caller's
 * ownership bit for *ret_rel.
 */
static inline int airlock_check_ret_desc(const struct airlock_desc *d,
					 const struct airlock_buf_range *tx_bufs, __u32 *ret_rel)
{
	return airlock_check_buf(d->buf, tx_bufs, ret_rel) ? 0 : -ERANGE;
}

/* A control reply's status: 0 or a negative errno no smaller than the ABI's bound. */
static inline bool airlock_check_ctrl_status(__s32 status)
{
	return status <= 0 && status >= -AIRLOCK_CTRL_MAX_ERRNO;
}

/*
 * A status that passed airlock_check_ctrl_status() as user space may see
 * it: 0 and the standard errnos as they are, a kernel-internal one
 * (ERESTARTSYS and the rest above AIRLOCK_CTRL_MAX_USER_ERRNO) as -EIO.
 * Both sides apply it: the driver runtime before it answers, the kernel
 * again on what it reads, and the kernel counts what it had to change.
 */
static inline __s32 airlock_ctrl_user_status(__s32 status)
{
	return status <= 0 && status >= -AIRLOCK_CTRL_MAX_USER_ERRNO ? status : -EIO;
}

/*
 * An ethtool -i string from the state block (@len bytes, already copied
 * out of shared memory): true if it is non-empty printable ASCII up to its
 * first NUL or its end. Then @ret (len + 1 bytes) gets it NUL-terminated.
 */
static inline bool airlock_check_drvinfo(const char *src, unsigned int len, char *ret)
{
	unsigned int i;

	for (i = 0; i < len && src[i]; i++)
		if (src[i] < 0x20 || src[i] > 0x7e)
			return false;
	if (!i)
		return false;
	for (len = 0; len < i; len++)
		ret[len] = src[len];
	ret[i] = '\0';
	return true;
}

#endif /* AIRLOCK_RING_CHECK_H */
