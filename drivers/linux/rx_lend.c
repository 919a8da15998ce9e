// SPDX-License-Identifier: GPL-2.0-only
/*
 * Receive memory from the stub's RX buffers. The driver's receive
 * allocations (netdev_alloc_frag: the buffers e1000 keeps on its RX ring,
 * and the heads of netdev_alloc_skb and napi_alloc_skb) are fragments of
 * buffers the port lends (runtime/rx_lend.c), so the device receives into the buffer
 * the frame is posted from, and netif_receive_skb posts it where it lies
 * instead of copying it out of the DMA heap. The pool is already a DMA
 * window of the device (TX frames are read from it), so nothing new
 * becomes reachable by the device. When the port has only its reserve
 * left, or the size does not fit a buffer, the shim falls back on the
 * heap and that frame is copied as before.
 *
 * The kernel still copies every frame out of the pool and checksums it in
 * the same pass (kmod-stub/netdev.c: airlock_rx_one): the driver and its
 * device could always write the pool, so this changes nothing the kernel
 * trusts (docs/security.md, "Receiving in place").
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "env.h"
#include "linux.h"

/*
 * Buffers kept free for frames received into the driver's own memory (a
 * heap fragment, page frags). The stub's NAPI budget: one poll's worth.
 */
#define RX_LEND_RESERVE 64
/* e1000's errata 23 (82545, 82546): a receive buffer must not cross 64 KiB. */
#define RX_LEND_BOUNDARY (64u * 1024)
/* Fragments start on a cache line, as SKB_DATA_ALIGN'd kernel ones. */
#define RX_FRAG_ALIGN 64u

static struct {
	struct airlock_port *port;
	unsigned char *pool;
	size_t pool_size;
	uint64_t pool_iova;
	uint32_t buf_size;
	/* The buffer fragments are carved from (held once for that), and where the next may start. */
	bool carving;
	uint32_t cur_buf;
	unsigned char *cur_addr;
	size_t cursor;
} rl;

static bool crosses_boundary(uint64_t start, size_t len)
{
	return ((start ^ (start + len - 1)) & ~(uint64_t)(RX_LEND_BOUNDARY - 1)) != 0;
}

/* From @off to the next boundary of @base + @off. */
static size_t to_boundary(uint64_t base, size_t off)
{
	return off + (RX_LEND_BOUNDARY - ((base + off) & (RX_LEND_BOUNDARY - 1)));
}

/*
 * Where @size bytes may start in the buffer being carved, at or after
 * @from, or -1 if they do not fit. They cross no 64 KiB boundary of
 * address or IOVA: the kernel's allocator seldom hands a driver such a
 * fragment, and e1000 on an 82545 refuses one. A buffer holds at most one
 * boundary of each, so two moves at most.
 */
static long place(size_t from, size_t size)
{
	uint64_t va = (uintptr_t)rl.cur_addr;
	uint64_t iova = rl.pool_iova + (uint64_t)(rl.cur_addr - rl.pool);
	size_t off = (from + RX_FRAG_ALIGN - 1) & ~(size_t)(RX_FRAG_ALIGN - 1);

	for (int moves = 0; moves < 3; moves++) {
		if (off + size > rl.buf_size)
			return -1;
		if (crosses_boundary(va + off, size))
			off = to_boundary(va, off);
		else if (crosses_boundary(iova + off, size))
			off = to_boundary(iova, off);
		else
			return (long)off;
	}
	return -1;
}

/* Done carving the current buffer: it is free once its fragments are. */
static void retire(void)
{
	if (rl.carving)
		airlock_port_rx_unlend(rl.port, rl.cur_buf);
	rl.carving = false;
}

/*
 * A fragment carved from a lent buffer, or NULL (the heap then). Carving,
 * as the kernel's page_frag allocator does, keeps the device's receive
 * ring (256 fragments of e1000's 2.5 KiB in some 10 buffers of 64 KiB) to
 * a few of the port's buffers; a buffer each would take them all.
 */
static void *lend_take(unsigned int size)
{
	void *base;
	long off = -1;

	if (!rl.port || size == 0 || size > rl.buf_size)
		return NULL;
	if (rl.carving)
		off = place(rl.cursor, size);
	if (off < 0) {
		retire();
		if (airlock_port_rx_lend(rl.port, &rl.cur_buf, &base) < 0)
			return NULL;
		rl.carving = true;
		rl.cur_addr = base;
		off = place(0, size);
		if (off < 0) {
			retire();
			return NULL;
		}
	}
	if (airlock_port_rx_hold(rl.port, rl.cur_buf) < 0)
		return NULL;
	rl.cursor = (size_t)off + size;
	return rl.cur_addr + off;
}

/* The pool buffer @p lies in, or -EINVAL if it is not the pool's. */
static int64_t pool_buf(const void *p)
{
	const unsigned char *c = p;

	if (!rl.port || c < rl.pool || (size_t)(c - rl.pool) >= rl.pool_size)
		return -EINVAL;
	return (int64_t)((size_t)(c - rl.pool) / rl.buf_size);
}

static int lend_give_back(void *addr)
{
	int64_t buf = pool_buf(addr);

	return buf < 0 ? (int)buf : airlock_port_rx_unlend(rl.port, (uint32_t)buf);
}

static const struct shim_frag_lender lender = {
	.take = lend_take,
	.give_back = lend_give_back,
};

int linux_rx_lend_open(struct airlock_rt *rt, struct airlock_port *port)
{
	int r = 0;

	if (!airlock_port_rx_lending(port))
		r = airlock_port_rx_lend_start(port, RX_LEND_RESERVE);
	if (r < 0)
		return r;
	rl.pool = airlock_rt_pool(rt, &rl.pool_size, &rl.pool_iova);
	rl.buf_size = airlock_port_buf_size(port);
	rl.port = port;
	rl.carving = false;
	shim_dma_set_frag_lender(&lender);
	return 0;
}

int linux_rx_lend_post(const void *head, const void *frame, uint32_t len)
{
	const unsigned char *f = frame, *start;
	int64_t buf = pool_buf(head);
	int r;

	if (buf < 0)
		return 0;	/* the heap's: copied */
	start = rl.pool + (size_t)buf * rl.buf_size;
	if (f < start || (size_t)(f - start) > rl.buf_size || len > rl.buf_size - (size_t)(f - start))
		return -EFAULT;
	r = airlock_port_rx_post_lent(rl.port, (uint32_t)buf, (uint32_t)(f - start), len);
	return r < 0 ? r : 1;
}
