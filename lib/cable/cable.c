// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cable's shared memory: creation (daemon) and one end's use (host).
 * Every index and descriptor the other end wrote is read once, checked,
 * and only then used; the geometry is compiled in, never read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cable.h"

#define PAGE		4096UL
#define ALIGN_UP(x, a)	(((x) + (a) - 1) / (a) * (a))

_Static_assert((AIRLOCK_CABLE_ENTRIES & (AIRLOCK_CABLE_ENTRIES - 1)) == 0, "power of two");
_Static_assert((AIRLOCK_CABLE_BUFS & (AIRLOCK_CABLE_BUFS - 1)) == 0, "power of two");
_Static_assert(AIRLOCK_CABLE_BUF_SIZE >= AIRLOCK_CABLE_FRAME_MAX, "a buffer holds a frame");
_Static_assert(AIRLOCK_CABLE_BUF_SIZE % 64 == 0, "aligned buffers");

static size_t ring_bytes(void)
{
	return ALIGN_UP(AIRLOCK_RING_HDR_SIZE + AIRLOCK_CABLE_ENTRIES * AIRLOCK_DESC_SIZE, PAGE);
}

static size_t dir_bytes(void)
{
	return ring_bytes() + ALIGN_UP((size_t)AIRLOCK_CABLE_BUFS * AIRLOCK_CABLE_BUF_SIZE, PAGE);
}

static size_t dir_offset(unsigned int d)
{
	return PAGE + d * dir_bytes();
}

size_t airlock_cable_size(void)
{
	return dir_offset(2);
}

int airlock_cable_create(int *ret_fd)
{
	const int seals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;
	struct airlock_cable_hdr hdr = {
		.magic = AIRLOCK_CABLE_MAGIC,
		.version = AIRLOCK_CABLE_VERSION,
		.size = airlock_cable_size(),
		.entries = AIRLOCK_CABLE_ENTRIES,
		.n_bufs = AIRLOCK_CABLE_BUFS,
		.buf_size = AIRLOCK_CABLE_BUF_SIZE,
	};
	int fd, r;

	fd = memfd_create("airlock-cable", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)hdr.size) < 0)
		goto fail_errno;
	/* Rings and pools start zeroed: empty, indices 0. */
	if (pwrite(fd, &hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr))
		goto fail_errno;
	if (fcntl(fd, F_ADD_SEALS, seals) < 0)
		goto fail_errno;
	*ret_fd = fd;
	return 0;
fail_errno:
	r = errno ? -errno : -EIO;
	close(fd);
	return r;
}

/*
 * Makes a ring whose indices the other end broke consistent again, from
 * our side: a consumer skips to the producer (frames lost), a producer
 * starts over at the consumer. Only our own index is written.
 */
static void ring_resync(struct airlock_ring *r, enum airlock_ring_role role)
{
	if (role == AIRLOCK_RING_CONSUMER) {
		r->own = __atomic_load_n(&r->hdr->producer, __ATOMIC_ACQUIRE);
		__atomic_store_n(&r->hdr->consumer, r->own, __ATOMIC_RELEASE);
	} else {
		r->own = __atomic_load_n(&r->hdr->consumer, __ATOMIC_ACQUIRE);
		__atomic_store_n(&r->hdr->producer, r->own, __ATOMIC_RELEASE);
	}
}

static int ring_open(struct airlock_cable *c, unsigned int d, enum airlock_ring_role role,
		     struct airlock_ring *ret)
{
	void *mem = (unsigned char *)c->base + dir_offset(d);
	int r;

	r = airlock_ring_attach(mem, AIRLOCK_CABLE_ENTRIES, AIRLOCK_DESC_SIZE, role, ret);
	if (r != -EBADMSG)
		return r;
	/* Broken indices, the geometry is ours anyway: start over. */
	*ret = (struct airlock_ring){
		.hdr = mem,
		.slots = (unsigned char *)mem + AIRLOCK_RING_HDR_SIZE,
		.mask = AIRLOCK_CABLE_ENTRIES - 1,
		.entry_size = AIRLOCK_DESC_SIZE,
	};
	ring_resync(ret, role);
	c->resyncs++;
	return 0;
}

int airlock_cable_open(void *base, size_t size, unsigned int side, struct airlock_cable *ret)
{
	struct airlock_cable_hdr h;
	struct airlock_cable c;
	int r;

	if (!base || side > 1 || size != airlock_cable_size())
		return -EINVAL;
	/* One copy, then compare: the other end may be rewriting it. */
	memcpy(&h, base, sizeof(h));
	__asm__ __volatile__("" ::: "memory");
	if (h.magic != AIRLOCK_CABLE_MAGIC || h.version != AIRLOCK_CABLE_VERSION ||
	    h.size != size || h.entries != AIRLOCK_CABLE_ENTRIES ||
	    h.n_bufs != AIRLOCK_CABLE_BUFS || h.buf_size != AIRLOCK_CABLE_BUF_SIZE)
		return -EPROTO;

	memset(&c, 0, sizeof(c));
	c.base = base;
	c.size = size;
	r = ring_open(&c, side, AIRLOCK_RING_PRODUCER, &c.out);
	if (r >= 0)
		r = ring_open(&c, !side, AIRLOCK_RING_CONSUMER, &c.in);
	if (r < 0)
		return r;
	c.out_pool = (unsigned char *)base + dir_offset(side) + ring_bytes();
	c.in_pool = (unsigned char *)base + dir_offset(!side) + ring_bytes();
	*ret = c;
	return 0;
}

int airlock_cable_send(struct airlock_cable *c, const void *frame, size_t len)
{
	struct airlock_desc d;
	int space;

	if (len < AIRLOCK_CABLE_FRAME_MIN || len > AIRLOCK_CABLE_FRAME_MAX)
		return -EINVAL;
	space = airlock_ring_space(&c->out);
	if (space == -EBADMSG) {
		ring_resync(&c->out, AIRLOCK_RING_PRODUCER);
		c->resyncs++;
		return -EBADMSG;
	}
	if (space <= 0)
		return space;
	/* Our own index picks the buffer: nothing the peer wrote does. */
	d = (struct airlock_desc){
		.buf = c->out.own & (AIRLOCK_CABLE_BUFS - 1),
		.len = (uint16_t)len,
	};
	memcpy(c->out_pool + (size_t)d.buf * AIRLOCK_CABLE_BUF_SIZE, frame, len);
	/* Enqueue's release store publishes the frame with the descriptor. */
	return airlock_ring_enqueue(&c->out, &d, 1);
}

int airlock_cable_recv(struct airlock_cable *c, void *buf, size_t cap)
{
	struct airlock_desc d;
	int n;

	n = airlock_ring_dequeue(&c->in, &d, 1);
	if (n == -EBADMSG) {
		ring_resync(&c->in, AIRLOCK_RING_CONSUMER);
		c->resyncs++;
		return -EBADMSG;
	}
	if (n <= 0)
		return n;
	/* d is our private copy: checked once, then used. */
	if (d.buf >= AIRLOCK_CABLE_BUFS || d.len < AIRLOCK_CABLE_FRAME_MIN ||
	    d.len > AIRLOCK_CABLE_FRAME_MAX)
		return -EPROTO;
	if (d.len > cap)
		return -EMSGSIZE;
	memcpy(buf, c->in_pool + (size_t)d.buf * AIRLOCK_CABLE_BUF_SIZE, d.len);
	return d.len;
}
