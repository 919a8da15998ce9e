// SPDX-License-Identifier: GPL-2.0-only
/*
 * Receive memory from the stub's RX buffers. The driver's receive
 * allocations (netdev_alloc_frag: the buffers e1000 keeps on its RX ring,
 * and the heads of netdev_alloc_skb and napi_alloc_skb) are buffers the
 * port lends (runtime/rx_lend.c), so the device receives into the buffer
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
 * Buffers kept free for frames received into the driver's own memory: a
 * copybreak, a heap fragment. The stub's NAPI budget: one poll's worth.
 */
#define RX_LEND_RESERVE 64
/* e1000's errata 23 (82545, 82546): a receive buffer must not cross 64 KiB. */
#define RX_LEND_BOUNDARY (64u * 1024)

static struct {
	struct airlock_port *port;
	unsigned char *pool;
	size_t pool_size;
	uint64_t pool_iova;
	uint32_t buf_size;
} rl;

static bool crosses_boundary(uint64_t start, size_t len)
{
	return ((start ^ (start + len - 1)) & ~(uint64_t)(RX_LEND_BOUNDARY - 1)) != 0;
}

/* Whether @size bytes at @off in a buffer at @va / @iova stay inside it and cross no boundary. */
static bool fits_at(uintptr_t va, uint64_t iova, size_t off, size_t size)
{
	return off + size <= rl.buf_size && !crosses_boundary(va + off, size) &&
	       !crosses_boundary(iova + off, size);
}

/*
 * A lent buffer, or NULL. The fragment starts where its @size bytes cross
 * no 64 KiB boundary of address or IOVA: the kernel's allocator seldom
 * hands a driver one that does, and e1000 on an 82545 refuses it (with
 * 64 KiB buffers at one phase, it would refuse every one). A buffer holds
 * at most one boundary of each, so the fragment fits at its start, at the
 * address's boundary or at the IOVA's, whenever it is at most half a
 * buffer.
 */
static void *lend_take(unsigned int size)
{
	unsigned char *addr;
	uint64_t iova;
	size_t at[3];
	uint32_t buf;
	void *base;

	if (!rl.port || size == 0 || size > rl.buf_size)
		return NULL;
	if (airlock_port_rx_lend(rl.port, &buf, &base) < 0)
		return NULL;
	addr = base;
	iova = rl.pool_iova + (uint64_t)(addr - rl.pool);
	at[0] = 0;
	at[1] = (size_t)(-(uintptr_t)addr & (RX_LEND_BOUNDARY - 1));
	at[2] = (size_t)(-iova & (RX_LEND_BOUNDARY - 1));
	for (unsigned int i = 0; i < 3; i++)
		if (fits_at((uintptr_t)addr, iova, at[i], size))
			return addr + at[i];
	airlock_port_rx_unlend(rl.port, buf);
	return NULL;
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
