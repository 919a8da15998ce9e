// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fault schedule of airlock-host-cable-faulty (faults.h): which fault,
 * where and when, from a seed. Pure computation, no system calls, so the
 * unit tests check it outside a sandbox; fault-act.c does the damage.
 */
#define _GNU_SOURCE
#include <inttypes.h>

#include "fault-plan.h"
#include "faults.h"

static uint64_t below(struct cable_faults *f, uint64_t n)
{
	return fault_plan_random(&f->rng) % n;
}

static void draw(struct cable_faults *f)
{
	struct cable_fault *n = &f->next;
	uint64_t p;

	n->kind = (enum cable_fault_kind)below(f, CABLE_FAULT_COUNT);
	n->delay_ms = fault_plan_delay_ms(&f->rng, f->period_ms);
	p = below(f, 8);
	switch (n->kind) {
	case CABLE_FAULT_TX_RETURN:
		n->point = CABLE_POINT_TX_HELD;
		break;
	case CABLE_FAULT_RX_BUF:
	case CABLE_FAULT_RX_INDEX:
	case CABLE_FAULT_CTRL_REPLY:
	case CABLE_FAULT_RX_LEN:
	case CABLE_FAULT_STATE:
		n->point = CABLE_POINT_POLL;
		break;
	default:
		/*
		 * Dying ones anywhere: mostly idle in poll, some holding TX
		 * buffers, and the first of an instance sometimes in the
		 * middle of the replay (requests come only then).
		 */
		if (p == 0 && f->injected == 0)
			n->point = CABLE_POINT_CONTROL;
		else if (p < 3)
			n->point = CABLE_POINT_TX_HELD;
		else
			n->point = CABLE_POINT_POLL;
		break;
	}
	if (n->point == CABLE_POINT_CONTROL)
		n->delay_ms = 0;
}

void cable_faults_init(struct cable_faults *f, uint32_t period_ms, uint64_t seed, uint32_t instance)
{
	*f = (struct cable_faults){
		.enabled = true,
		.period_ms = period_ms,
		.seed = seed,
		.instance = instance,
	};
	f->rng = fault_plan_rng_init(seed, instance);
	draw(f);
}

void cable_faults_arm(struct cable_faults *f, uint64_t now_ms)
{
	if (!f->enabled)
		return;
	/* 0 means "not armed": a clock at 0 ms is a clock one ms later. */
	f->due_ms = now_ms + f->next.delay_ms;
	if (!f->due_ms)
		f->due_ms = 1;
}

bool cable_faults_due(const struct cable_faults *f, enum cable_fault_point point, uint64_t now_ms)
{
	if (!f->enabled || f->doomed || point != f->next.point)
		return false;
	/* The replay comes before serving is armed: CONTROL needs no clock. */
	if (point == CABLE_POINT_CONTROL)
		return true;
	return f->due_ms && now_ms >= f->due_ms;
}

void cable_faults_next(struct cable_faults *f, uint64_t now_ms)
{
	f->injected++;
	draw(f);
	f->due_ms = 0;
	cable_faults_arm(f, now_ms);
}

const char *cable_fault_kind_name(enum cable_fault_kind kind)
{
	static const char *const names[CABLE_FAULT_COUNT] = {
		[CABLE_FAULT_SEGV] = "segv",
		[CABLE_FAULT_ABORT] = "abort",
		[CABLE_FAULT_TRAP] = "trap",
		[CABLE_FAULT_EXIT] = "exit",
		[CABLE_FAULT_HANG] = "hang",
		[CABLE_FAULT_SYSCALL] = "syscall",
		[CABLE_FAULT_RX_BUF] = "rx-buf",
		[CABLE_FAULT_RX_INDEX] = "rx-index",
		[CABLE_FAULT_TX_RETURN] = "tx-return",
		[CABLE_FAULT_CTRL_REPLY] = "ctrl-reply",
		[CABLE_FAULT_RX_LEN] = "rx-len",
		[CABLE_FAULT_STATE] = "state-garbage",
	};

	return (unsigned int)kind < CABLE_FAULT_COUNT ? names[kind] : "unknown";
}

const char *cable_fault_point_name(enum cable_fault_point point)
{
	static const char *const names[CABLE_POINT_COUNT] = {
		[CABLE_POINT_POLL] = "poll",
		[CABLE_POINT_TX_HELD] = "tx-held",
		[CABLE_POINT_CONTROL] = "control",
	};

	return (unsigned int)point < CABLE_POINT_COUNT ? names[point] : "unknown";
}

enum cable_fault_effect cable_fault_effect(enum cable_fault_kind kind)
{
	switch (kind) {
	case CABLE_FAULT_RX_BUF:
	case CABLE_FAULT_RX_INDEX:
	case CABLE_FAULT_TX_RETURN:
	case CABLE_FAULT_CTRL_REPLY:
		return CABLE_EFFECT_VIOLATION;
	case CABLE_FAULT_RX_LEN:
	case CABLE_FAULT_STATE:
		return CABLE_EFFECT_TOLERATED;
	default:
		return CABLE_EFFECT_RESTART;
	}
}
