// SPDX-License-Identifier: GPL-2.0-only
/*
 * The driver's end of a stub attachment: the region's rings through ipc/.
 * RX buffer i serves RX ring slot i (mod the range), so a buffer is free
 * again exactly when the kernel has consumed its slot, and the ring's free
 * space is the buffers' too.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl.h"
#include "doorbell.h"
#include "region.h"
#include "ring.h"
#include "../env.h"

struct shim_port {
	struct airlock_region region;
	struct airlock_ctrl ctrl;
	struct airlock_ring tx, rx, ret;
	struct airlock_buf_range tx_bufs, rx_bufs;
	int kick_fd;
	int doorbell_fd;
	/* What we produced since the last flush, per ring the kernel consumes. */
	bool produced_rx, produced_ret, produced_rsp;
	uint64_t kicks;
};

static void kicked(void *arg)
{
	struct shim_port *p = arg;

	airlock_doorbell_drain(p->kick_fd);
}

int shim_port_map(int region_fd, struct shim_port **ret)
{
	struct shim_port *p = calloc(1, sizeof(*p));
	int r;

	if (!p)
		return -ENOMEM;
	p->region.fd = -1;
	p->kick_fd = p->doorbell_fd = -1;
	r = airlock_region_map(region_fd, &p->region);
	if (r < 0) {
		free(p);
		return r;
	}
	*ret = p;
	return 0;
}

int shim_port_attach(struct shim_port *p, int kick_fd, int doorbell_fd)
{
	const struct airlock_queue_loc *q = &p->region.hdr.queues[0];
	int r;

	if (p->kick_fd >= 0)
		return -EBUSY;
	r = airlock_ctrl_attach(&p->region, &p->ctrl);
	if (r == 0)
		r = airlock_region_ring(&p->region, &q->tx, AIRLOCK_RING_CONSUMER, &p->tx);
	if (r == 0)
		r = airlock_region_ring(&p->region, &q->rx, AIRLOCK_RING_PRODUCER, &p->rx);
	if (r == 0)
		r = airlock_region_ring(&p->region, &q->ret, AIRLOCK_RING_PRODUCER, &p->ret);
	if (r < 0)
		return r;
	p->tx_bufs = q->tx_bufs;
	p->rx_bufs = q->rx_bufs;
	r = shim_loop_add_fd(kick_fd, kicked, p);
	if (r < 0)
		return r;
	p->kick_fd = kick_fd;
	p->doorbell_fd = doorbell_fd;
	return 0;
}

int shim_port_open(int region_fd, int kick_fd, int doorbell_fd, struct shim_port **ret)
{
	struct shim_port *p;
	int r;

	r = shim_port_map(region_fd, &p);
	if (r < 0)
		return r;
	r = shim_port_attach(p, kick_fd, doorbell_fd);
	if (r < 0) {
		shim_port_close(p);
		return r;
	}
	*ret = p;
	return 0;
}

void shim_port_close(struct shim_port *p)
{
	if (!p)
		return;
	if (p->kick_fd >= 0)
		shim_loop_del_fd(p->kick_fd);
	airlock_region_unmap(&p->region);
	free(p);
}

void shim_port_pool(const struct shim_port *p, void **ret_base, size_t *ret_size,
		    uint64_t *ret_offset)
{
	*ret_base = airlock_region_at(&p->region, p->region.hdr.pool_offset);
	*ret_size = p->region.hdr.pool_size;
	*ret_offset = p->region.hdr.pool_offset;
}

int shim_port_ctrl_next(struct shim_port *p, struct airlock_ctrl_msg *ret_req)
{
	int r;

	/* Malformed requests were already answered with -EINVAL by the library. */
	while ((r = airlock_ctrl_next(&p->ctrl, ret_req)) == -EPROTO)
		p->produced_rsp = true;
	return r;
}

int shim_port_ctrl_reply(struct shim_port *p, const struct airlock_ctrl_msg *req, int status)
{
	p->produced_rsp = true;
	return airlock_ctrl_reply(&p->ctrl, req, status);
}

int shim_port_ctrl_addrs(struct shim_port *p, const struct airlock_ctrl_msg *req,
			 struct airlock_addr *ret_addrs, size_t max)
{
	return airlock_ctrl_rx_mode_addrs(&p->ctrl, req, ret_addrs, max);
}

int shim_port_tx_next(struct shim_port *p, struct airlock_desc *ret_desc, void **ret_data)
{
	struct airlock_desc d;
	int r = airlock_ring_dequeue(&p->tx, &d, 1);

	if (r < 0)
		return r;
	if (r == 0)
		return -EAGAIN;
	/* The kernel is trusted, but a descriptor outside our range would be our crash. */
	if (d.buf - p->tx_bufs.first >= p->tx_bufs.count || d.len > p->region.hdr.buf_size)
		return -EBADMSG;
	*ret_data = airlock_region_buf(&p->region, d.buf);
	*ret_desc = d;
	return 0;
}

int shim_port_tx_pending(const struct shim_port *p)
{
	int r = airlock_ring_count(&p->tx);

	return r < 0 ? 0 : r;
}

int shim_port_tx_done(struct shim_port *p, const struct airlock_desc *desc)
{
	int r = airlock_ring_enqueue(&p->ret, desc, 1);

	if (r < 0)
		return r;
	p->produced_ret = true;
	/* ret has room for every outstanding TX buffer (abi.h): full means a bug. */
	return r == 1 ? 0 : -ENOSPC;
}

int shim_port_rx_post(struct shim_port *p, const void *const *pieces, const uint32_t *lens,
		      unsigned int n, uint16_t flags)
{
	struct airlock_desc d = { .flags = flags };
	unsigned char *dst;
	uint32_t total = 0;
	unsigned int i;
	int space = airlock_ring_space(&p->rx);

	if (space < 0)
		return space;
	if (space == 0)
		return -ENOBUFS;
	for (i = 0; i < n; i++)
		total += lens[i];
	if (total > p->region.hdr.buf_size || total > UINT16_MAX)
		return -EMSGSIZE;
	d.buf = p->rx_bufs.first + p->rx.own % p->rx_bufs.count;
	d.len = (uint16_t)total;
	dst = airlock_region_buf(&p->region, d.buf);
	for (i = 0; i < n; i++) {
		memcpy(dst, pieces[i], lens[i]);
		dst += lens[i];
	}
	if (airlock_ring_enqueue(&p->rx, &d, 1) != 1)
		return -ENOBUFS;
	p->produced_rx = true;
	return 0;
}

struct airlock_state *shim_port_state(struct shim_port *p)
{
	return airlock_region_state(&p->region);
}

uint32_t shim_port_buf_size(const struct shim_port *p)
{
	return p->region.hdr.buf_size;
}

void shim_port_flush(struct shim_port *p)
{
	/*
	 * One kick for everything, and only if a ring we produced into has
	 * its consumer asleep: the stub arms NEED_WAKEUP on every ring at
	 * attach and clears it only while its NAPI polls, so a batch that
	 * finds NAPI running costs no syscall.
	 */
	bool kick = (p->produced_rx && airlock_ring_needs_wakeup(&p->rx)) ||
		    (p->produced_ret && airlock_ring_needs_wakeup(&p->ret)) ||
		    (p->produced_rsp && airlock_ring_needs_wakeup(&p->ctrl.rsp));

	p->produced_rx = p->produced_ret = p->produced_rsp = false;
	if (kick) {
		p->kicks++;
		airlock_doorbell_kick(p->doorbell_fd);
	}
}

uint64_t shim_port_kicks(const struct shim_port *p)
{
	return p->kicks;
}

int shim_port_prepare_sleep(struct shim_port *p)
{
	int a = airlock_ring_prepare_sleep(&p->tx);
	int b = airlock_ring_prepare_sleep(&p->ctrl.req);

	if (a < 0)
		return a;
	if (b < 0)
		return b;
	return a + b;
}

void shim_port_wake_done(struct shim_port *p)
{
	airlock_ring_wake_done(&p->tx);
	airlock_ring_wake_done(&p->ctrl.req);
}
