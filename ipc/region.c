// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "region.h"

/* The layout both sides compile against; the kernel checks the same with BUILD_BUG_ON. */
_Static_assert(sizeof(struct airlock_ring_hdr) == AIRLOCK_RING_HDR_SIZE, "ring header");
_Static_assert(offsetof(struct airlock_ring_hdr, consumer) == 64, "indices on separate lines");
_Static_assert(AIRLOCK_RING_HDR_SIZE % AIRLOCK_REGION_ALIGN == 0, "slots stay aligned");
_Static_assert(sizeof(struct airlock_desc) == AIRLOCK_DESC_SIZE, "descriptor");
_Static_assert(sizeof(struct airlock_ctrl_msg) == AIRLOCK_CTRL_MSG_SIZE, "control message");
_Static_assert(offsetof(struct airlock_ctrl_msg, u) == 16, "control payload");
_Static_assert(sizeof(struct airlock_addr) == 8, "address");
_Static_assert(sizeof(struct airlock_state) == AIRLOCK_STATE_SIZE, "state block");
_Static_assert(offsetof(struct airlock_state, stats) == 64, "stats on their own line");
_Static_assert(offsetof(struct airlock_state, ethtool_names) == 192, "ethtool names");
_Static_assert(sizeof(struct airlock_queue_loc) == 64, "queue location");
_Static_assert(sizeof(struct airlock_region_hdr) == AIRLOCK_REGION_HDR_SIZE, "region header");
_Static_assert(offsetof(struct airlock_region_hdr, ctrl_req) == 96, "region header layout");
_Static_assert(AIRLOCK_BUF_SIZE_MAX <= UINT16_MAX + 1, "desc.len holds any length");
_Static_assert(AIRLOCK_MAX_MTU + AIRLOCK_FRAME_OVERHEAD <= AIRLOCK_BUF_SIZE_JUMBO, "jumbo fits");

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

static uint64_t ring_bytes(uint32_t entries, uint32_t entry_size)
{
	return AIRLOCK_RING_HDR_SIZE + (uint64_t)entries * entry_size;
}

/* Places a ring at *off and advances *off past it, keeping the alignment. */
static void place_ring(struct airlock_ring_loc *loc, uint64_t *off, uint32_t entries,
		       uint32_t entry_size)
{
	loc->offset = *off;
	loc->entries = entries;
	loc->entry_size = entry_size;
	*off = align_up(*off + ring_bytes(entries, entry_size), AIRLOCK_REGION_ALIGN);
}

int airlock_region_layout(const struct airlock_region_params *p,
			  struct airlock_region_hdr *ret_hdr)
{
	struct airlock_region_hdr h = { 0 };
	uint32_t per_queue;
	uint64_t off;
	int r;

	if (!p || p->n_queues == 0 || !is_pow2(p->ctrl_entries) ||
	    !is_pow2(p->queue_entries) || !is_pow2(p->buf_size) || p->n_bufs == 0)
		return -EINVAL;
	if (p->n_queues > AIRLOCK_MAX_QUEUES || p->n_bufs > AIRLOCK_MAX_BUFS ||
	    p->ctrl_entries < AIRLOCK_RING_MIN_ENTRIES ||
	    p->ctrl_entries > AIRLOCK_CTRL_MAX_ENTRIES ||
	    p->queue_entries < AIRLOCK_RING_MIN_ENTRIES ||
	    p->queue_entries > AIRLOCK_RING_MAX_ENTRIES ||
	    p->buf_size < AIRLOCK_BUF_SIZE_MIN || p->buf_size > AIRLOCK_BUF_SIZE_MAX)
		return -ERANGE;
	if (p->n_bufs % (2 * p->n_queues))
		return -EINVAL;
	per_queue = p->n_bufs / (2 * p->n_queues);
	if (per_queue > p->queue_entries)
		return -ERANGE;

	h.magic = AIRLOCK_REGION_MAGIC;
	h.abi_version = AIRLOCK_ABI_VERSION;
	h.hdr_size = sizeof(h);
	h.n_queues = p->n_queues;
	h.n_bufs = p->n_bufs;
	h.buf_size = p->buf_size;

	off = align_up(sizeof(h), AIRLOCK_REGION_ALIGN);
	place_ring(&h.ctrl_req, &off, p->ctrl_entries, AIRLOCK_CTRL_MSG_SIZE);
	place_ring(&h.ctrl_rsp, &off, p->ctrl_entries, AIRLOCK_CTRL_MSG_SIZE);
	for (uint32_t q = 0; q < p->n_queues; q++) {
		struct airlock_queue_loc *ql = &h.queues[q];

		place_ring(&ql->tx, &off, p->queue_entries, AIRLOCK_DESC_SIZE);
		place_ring(&ql->rx, &off, p->queue_entries, AIRLOCK_DESC_SIZE);
		place_ring(&ql->ret, &off, p->queue_entries, AIRLOCK_DESC_SIZE);
		ql->tx_bufs.first = 2 * q * per_queue;
		ql->tx_bufs.count = per_queue;
		ql->rx_bufs.first = (2 * q + 1) * per_queue;
		ql->rx_bufs.count = per_queue;
	}

	h.state_offset = off;
	h.state_size = sizeof(struct airlock_state);
	off = align_up(off + h.state_size, AIRLOCK_REGION_ALIGN);
	h.addr_offset = off;
	h.addr_size = AIRLOCK_ADDR_AREA_SIZE;
	off = align_up(off + h.addr_size, AIRLOCK_POOL_ALIGN);
	h.pool_offset = off;
	h.pool_size = (uint64_t)p->n_bufs * p->buf_size;
	h.region_size = align_up(off + h.pool_size, AIRLOCK_POOL_ALIGN);

	/* The limits bound every term above, so this is the only check left. */
	if (h.region_size > AIRLOCK_REGION_MAX_SIZE)
		return -ERANGE;
	/* What we produce must pass what the kernel will check. */
	r = airlock_region_check(&h, h.region_size);
	if (r < 0)
		return r;
	*ret_hdr = h;
	return 0;
}

int airlock_region_validate(const void *base, size_t size, struct airlock_region_hdr *ret_hdr)
{
	struct airlock_region_hdr h;
	int r;

	if (!base || size < sizeof(h))
		return -EMSGSIZE;
	/*
	 * Read once: the checks and the caller see the same bytes. The
	 * compiler barrier keeps the compiler from re-reading base in place
	 * of the copy.
	 */
	memcpy(&h, base, sizeof(h));
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	r = airlock_region_check(&h, size);
	if (r < 0)
		return r;
	if (ret_hdr)
		*ret_hdr = h;
	return 0;
}

int airlock_region_create(const struct airlock_region_params *p, struct airlock_region *ret)
{
	struct airlock_region_hdr h;
	void *base;
	int fd, r;

	r = airlock_region_layout(p, &h);
	if (r < 0)
		return r;

	fd = memfd_create("airlock-region", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)h.region_size) < 0)
		goto fail_errno;
	/* The kernel pins these pages and the driver maps them: fix the size. */
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) < 0)
		goto fail_errno;
	base = mmap(NULL, h.region_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED)
		goto fail_errno;

	memcpy(base, &h, sizeof(h));
	ret->base = base;
	ret->size = h.region_size;
	ret->fd = fd;
	ret->hdr = h;
	return 0;

fail_errno:
	r = -errno;
	close(fd);
	return r;
}

int airlock_memfd_map(int fd, uint64_t min_size, uint64_t max_size, void **ret_base,
		      size_t *ret_size)
{
	const int need = F_SEAL_SHRINK | F_SEAL_GROW;
	struct stat st;
	void *base;
	int seals;

	seals = fcntl(fd, F_GET_SEALS);
	if (seals < 0)
		return -errno;
	if ((seals & need) != need)
		return -EPERM;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_size < 0 || (uint64_t)st.st_size < min_size)
		return -EMSGSIZE;
	if ((uint64_t)st.st_size > max_size)
		return -ERANGE;
	base = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED)
		return -errno;
	*ret_base = base;
	*ret_size = (size_t)st.st_size;
	return 0;
}

int airlock_region_map(int fd, struct airlock_region *ret)
{
	struct airlock_region_hdr h;
	size_t size;
	void *base;
	int r;

	r = airlock_memfd_map(fd, sizeof(h), AIRLOCK_REGION_MAX_SIZE, &base, &size);
	if (r < 0)
		return r;
	r = airlock_region_validate(base, size, &h);
	if (r < 0) {
		munmap(base, size);
		return r;
	}
	ret->base = base;
	ret->size = size;
	ret->fd = -1;
	ret->hdr = h;
	return 0;
}

void airlock_region_unmap(struct airlock_region *r)
{
	if (r->base)
		munmap(r->base, r->size);
	if (r->fd >= 0)
		close(r->fd);
	r->base = NULL;
	r->size = 0;
	r->fd = -1;
}

void *airlock_region_buf(const struct airlock_region *r, uint32_t idx)
{
	if (idx >= r->hdr.n_bufs)
		return NULL;
	return airlock_region_at(r, r->hdr.pool_offset + (uint64_t)idx * r->hdr.buf_size);
}

struct airlock_state *airlock_region_state(const struct airlock_region *r)
{
	return airlock_region_at(r, r->hdr.state_offset);
}

struct airlock_addr_slot *airlock_region_addr_slot(const struct airlock_region *r, uint32_t slot)
{
	if (slot >= AIRLOCK_ADDR_SLOTS)
		return NULL;
	return airlock_region_at(r, r->hdr.addr_offset + slot * sizeof(struct airlock_addr_slot));
}

int airlock_region_ring(const struct airlock_region *r, const struct airlock_ring_loc *loc,
			enum airlock_ring_role role, struct airlock_ring *ret)
{
	return airlock_ring_attach(airlock_region_at(r, loc->offset), loc->entries,
				   loc->entry_size, role, ret);
}
