// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>

#include "ctrl.h"

int airlock_ctrl_attach(const struct airlock_region *r, struct airlock_ctrl *ret)
{
	struct airlock_ctrl c;
	int e;

	e = airlock_region_ring(r, &r->hdr.ctrl_req, AIRLOCK_RING_CONSUMER, &c.req);
	if (e < 0)
		return e;
	e = airlock_region_ring(r, &r->hdr.ctrl_rsp, AIRLOCK_RING_PRODUCER, &c.rsp);
	if (e < 0)
		return e;
	c.region = r;
	*ret = c;
	return 0;
}

int airlock_ctrl_check_request(const struct airlock_region *r, const struct airlock_ctrl_msg *m)
{
	const struct airlock_ctrl_set_rx_mode *rx = &m->u.set_rx_mode;

	if (m->opcode < AIRLOCK_CTRL_OP_MIN || m->opcode > AIRLOCK_CTRL_OP_MAX ||
	    (m->flags & ~AIRLOCK_CTRL_F_ALL) || m->status)
		return -EPROTO;

	switch (m->opcode) {
	case AIRLOCK_CTRL_SET_MAC:
		return m->u.set_mac.reserved ? -EPROTO : 0;
	case AIRLOCK_CTRL_SET_MTU:
		if (m->u.set_mtu.mtu < AIRLOCK_MIN_MTU || m->u.set_mtu.mtu > AIRLOCK_MAX_MTU ||
		    m->u.set_mtu.mtu + AIRLOCK_FRAME_OVERHEAD > r->hdr.buf_size)
			return -EPROTO;
		return 0;
	case AIRLOCK_CTRL_SET_RX_MODE:
		/* Each count bounded first, so the sum cannot wrap. */
		if ((rx->flags & ~AIRLOCK_RX_MODE_ALL) || rx->slot >= AIRLOCK_ADDR_SLOTS ||
		    rx->n_uc > AIRLOCK_MAX_ADDRS || rx->n_mc > AIRLOCK_MAX_ADDRS ||
		    rx->n_uc + rx->n_mc > AIRLOCK_MAX_ADDRS)
			return -EPROTO;
		return 0;
	case AIRLOCK_CTRL_SET_FEATURES:
		return (m->u.set_features.features & ~AIRLOCK_FEAT_ALL) ? -EPROTO : 0;
	case AIRLOCK_CTRL_TX_TIMEOUT:
		return m->u.tx_timeout.queue >= r->hdr.n_queues ? -EPROTO : 0;
	default:
		/* OPEN, STOP, NWAY_RESET: no payload; RINGPARAM, MSGLEVEL, COALESCE: the driver's to judge. */
		return 0;
	}
}

int airlock_ctrl_next(struct airlock_ctrl *c, struct airlock_ctrl_msg *ret_req)
{
	struct airlock_ctrl_msg m;
	int n, r;

	/* Dequeued into a private copy: what we check is what we hand out. */
	n = airlock_ring_dequeue(&c->req, &m, 1);
	if (n < 0)
		return n;
	if (n == 0)
		return -EAGAIN;
	if (airlock_ctrl_check_request(c->region, &m) < 0) {
		r = airlock_ctrl_reply(c, &m, -EINVAL);
		return r < 0 ? r : -EPROTO;
	}
	*ret_req = m;
	return 0;
}

int airlock_ctrl_reply(struct airlock_ctrl *c, const struct airlock_ctrl_msg *req, int status)
{
	struct airlock_ctrl_msg rsp;
	int n;

	if (status > 0 || status < -AIRLOCK_CTRL_MAX_ERRNO)
		return -EINVAL;
	memset(&rsp, 0, sizeof(rsp));
	rsp.seq = req->seq;
	rsp.opcode = req->opcode;
	rsp.status = status;

	n = airlock_ring_enqueue(&c->rsp, &rsp, 1);
	if (n < 0)
		return n;
	return n == 1 ? 0 : -ENOSPC;
}

int airlock_ctrl_rx_mode_addrs(const struct airlock_ctrl *c, const struct airlock_ctrl_msg *req,
			       struct airlock_addr *ret_addrs, size_t max)
{
	const struct airlock_ctrl_set_rx_mode *rx = &req->u.set_rx_mode;
	const struct airlock_addr_slot *slot;
	uint32_t n;

	if (req->opcode != AIRLOCK_CTRL_SET_RX_MODE || airlock_ctrl_check_request(c->region, req) < 0)
		return -EINVAL;
	n = rx->n_uc + rx->n_mc;
	if (n > max)
		return -ENOBUFS;
	slot = airlock_region_addr_slot(c->region, rx->slot);
	if (n)
		memcpy(ret_addrs, slot->addrs, n * sizeof(*ret_addrs));
	return (int)n;
}
