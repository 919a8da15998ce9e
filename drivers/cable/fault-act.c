// SPDX-License-Identifier: GPL-2.0-only
/*
 * The damage of airlock-host-cable-faulty's faults (faults.h), done from
 * inside the confined host: what a buggy or subverted driver really does.
 * Nothing here tells the daemon or the stub what happened; they have to
 * find out by themselves. Linked only into the test build.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <airlock/host.h>

#include "doorbell.h"
#include "fault-plan.h"
#include "faults.h"
/*
 * The runtime's insides, on purpose: a subverted driver writes the rings
 * and the state block directly, past everything runtime.h checks.
 */
#include "runtime-internal.h"

#define STATE_GARBAGE_MS	200	/* how long the garbage stays before the real state returns */

/* A descriptor on the RX ring as the host would post it, buffer and length chosen by the fault. */
static bool post_rx(struct airlock_port *p, uint32_t buf, uint16_t len)
{
	struct airlock_desc d = { .buf = buf, .len = len };

	if (airlock_port_rx_space(p) <= 0)
		return false;
	return airlock_port_rx_post(p, &d, 1) == 0;
}

/* The RX producer index moved past everything the ring can hold. */
static void break_rx_index(struct cable_faults *f, struct airlock_port *p)
{
	uint32_t entries = airlock_ring_entries(&p->rx);
	uint32_t bad = p->rx.own + entries + 1 + (uint32_t)(fault_plan_random(&f->rng) % entries);

	__atomic_store_n(&p->rx.hdr->producer, bad, __ATOMIC_RELEASE);
}

static void unsolicited_reply(struct cable_faults *f, struct airlock_rt *rt)
{
	struct airlock_ctrl_msg m = {
		.seq = fault_plan_random(&f->rng) | (1ULL << 63),	/* no sequence the kernel used yet */
		.opcode = AIRLOCK_CTRL_OPEN,
	};

	airlock_ring_enqueue(&rt->ctrl.rsp, &m, 1);
}

static void state_garbage(struct cable_faults *f, struct airlock_rt *rt)
{
	unsigned char *p = (unsigned char *)rt->state;

	for (size_t i = 0; i < sizeof(*rt->state); i += sizeof(uint64_t)) {
		uint64_t v = fault_plan_random(&f->rng);

		memcpy(p + i, &v, sizeof(*rt->state) - i < sizeof(v) ? sizeof(*rt->state) - i : sizeof(v));
	}
}

void cable_fault_act(struct cable_faults *f, struct airlock_rt *rt, enum cable_fault_point point,
		     const struct airlock_desc *held, uint64_t now_ms)
{
	enum cable_fault_kind kind = f->next.kind;
	struct airlock_port *p = &rt->ports[0];
	const struct airlock_buf_range *rx = &p->rx_bufs;
	uint32_t buf_size = airlock_port_buf_size(p), idx = 0;

	/* An RX fault with no free slot becomes the index fault: it needs none. */
	if ((kind == CABLE_FAULT_RX_BUF || kind == CABLE_FAULT_RX_LEN) && airlock_port_rx_space(p) <= 0)
		kind = CABLE_FAULT_RX_INDEX;
	airlock_rt_log(rt, "fault: %s at %s (instance %u, fault %u)", cable_fault_kind_name(kind),
		       cable_fault_point_name(point), f->instance, f->injected + 1);

	switch (kind) {
	case CABLE_FAULT_SEGV:
		fault_die(FAULT_DIE_SEGV);
		break;
	case CABLE_FAULT_ABORT:
		fault_die(FAULT_DIE_ABORT);
		break;
	case CABLE_FAULT_TRAP:
		fault_die(FAULT_DIE_TRAP);
		break;
	case CABLE_FAULT_EXIT:
		fault_die(FAULT_DIE_EXIT);
		break;
	case CABLE_FAULT_HANG:
		fault_die(FAULT_DIE_HANG);
		break;
	case CABLE_FAULT_SYSCALL:
		fault_die(FAULT_DIE_SYSCALL);
		break;
	case CABLE_FAULT_RX_BUF:
		/* Past the driver's own RX buffers: the TX range, or beyond the pool. */
		post_rx(p, rx->first + rx->count + (uint32_t)(fault_plan_random(&f->rng) % 64), 60);
		break;
	case CABLE_FAULT_RX_INDEX:
		break_rx_index(f, p);
		break;
	case CABLE_FAULT_TX_RETURN:
		/* Once now; the caller returns it again once sent. */
		if (held)
			airlock_port_tx_done(p, held->buf, held->id);
		break;
	case CABLE_FAULT_CTRL_REPLY:
		unsolicited_reply(f, rt);
		break;
	case CABLE_FAULT_RX_LEN:
		airlock_port_rx_buf(p, 0, &idx);
		post_rx(p, idx, (uint16_t)(buf_size + 1 + fault_plan_random(&f->rng) % (65535 - buf_size)));
		break;
	case CABLE_FAULT_STATE:
		state_garbage(f, rt);
		f->restore_state_ms = now_ms + STATE_GARBAGE_MS;
		break;
	case CABLE_FAULT_COUNT:
		break;
	}
	/* Whatever we broke, the kernel looks at it now. */
	airlock_doorbell_kick(AIRLOCK_HOST_FD_DOORBELL);

	if (cable_fault_effect(kind) == CABLE_EFFECT_TOLERATED) {
		cable_faults_next(f, now_ms);
		return;
	}
	/*
	 * A driver that broke the ABI stops serving, so it cannot undo the
	 * damage before the stub looks; the daemon must notice the stub's
	 * detach and replace it. Reaching here with a dying kind (socket()
	 * returned?) lands in the same place: nothing more from this one.
	 */
	f->doomed = true;
}
