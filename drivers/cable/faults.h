/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fault injection for the cable host's test build (airlock-host-cable-faulty,
 * AIRLOCK_FAULT_INJECTION), driven by the driver option
 *
 *   faults=PERIOD_MS,SEED
 *
 * Each instance draws, from SEED and its instance number (the daemon's
 * --instance), a sequence of faults: which one, at which point of the
 * serve loop, and when (uniform in [PERIOD/2, 3*PERIOD/2] ms after it
 * started serving or after the previous fault it survived). The same seed
 * and instance give the same sequence; only the loop iteration a fault
 * lands on depends on timing. Before acting, the host logs one line
 *
 *   fault: KIND at POINT (instance I, fault K)
 *
 * which campaign scripts count. Wild DMA and MMIO need a device: the cable
 * has none, so they belong to the e1000 host.
 */
#ifndef AIRLOCK_CABLE_FAULTS_H
#define AIRLOCK_CABLE_FAULTS_H

#include <stdbool.h>
#include <stdint.h>

enum cable_fault_kind {
	/* The process dies, or stops (lib/faults/fault-plan.h's deaths): a restart. */
	CABLE_FAULT_SEGV,
	CABLE_FAULT_ABORT,
	CABLE_FAULT_TRAP,
	CABLE_FAULT_EXIT,
	CABLE_FAULT_HANG,
	CABLE_FAULT_SYSCALL,
	/* Breaks the ring ABI: the stub must detach it (a violation). */
	CABLE_FAULT_RX_BUF,	/* an RX descriptor naming a buffer outside its range */
	CABLE_FAULT_RX_INDEX,	/* the RX producer index jumps past the ring */
	CABLE_FAULT_TX_RETURN,	/* a TX buffer returned twice */
	CABLE_FAULT_CTRL_REPLY,	/* a control reply to a request never sent */
	/* Garbage the kernel must tolerate: the instance lives on. */
	CABLE_FAULT_RX_LEN,	/* an RX descriptor with a length past the buffer */
	CABLE_FAULT_STATE,	/* random bytes over the whole state block */
	CABLE_FAULT_COUNT,
};

enum cable_fault_point {
	CABLE_POINT_POLL,	/* top of the driver's poll */
	CABLE_POINT_TX_HELD,	/* TX frames taken, their buffers not yet returned */
	CABLE_POINT_CONTROL,	/* answering a control request (the replay, after a restart) */
	CABLE_POINT_COUNT,
};

/* How the kernel side should see a kind: restart, detach, or nothing. */
enum cable_fault_effect {
	CABLE_EFFECT_RESTART,
	CABLE_EFFECT_VIOLATION,
	CABLE_EFFECT_TOLERATED,
};

struct cable_fault {
	enum cable_fault_kind kind;
	enum cable_fault_point point;
	uint64_t delay_ms;	/* after serving starts or the previous fault; 0 at CONTROL */
};

struct cable_faults {
	bool enabled;
	uint32_t period_ms;
	uint64_t seed;
	uint32_t instance;
	uint64_t rng;		/* xorshift64* state */
	unsigned int injected;	/* faults of this instance so far */
	struct cable_fault next;
	uint64_t due_ms;	/* CLOCK_MONOTONIC ms the next fault may fire; 0: not armed */
	bool doomed;		/* broke the ring ABI: serves nothing until replaced */
	uint64_t restore_state_ms;	/* state garbage: put the real state back then; 0: none */
};

/* Parses "PERIOD_MS,SEED" (PERIOD_MS 10 .. 3600000). 0 or -EINVAL; *ret untouched on failure. */

/* Seeds @f for one instance and draws its first fault (not armed yet). */
void cable_faults_init(struct cable_faults *f, uint32_t period_ms, uint64_t seed, uint32_t instance);

/* Starts the clock of the drawn fault: call when serving starts, @now_ms monotonic. */
void cable_faults_arm(struct cable_faults *f, uint64_t now_ms);

/* Whether the drawn fault fires here and now. */
bool cable_faults_due(const struct cable_faults *f, enum cable_fault_point point, uint64_t now_ms);

/* After a fault the instance survived: draws and arms the next one. */
void cable_faults_next(struct cable_faults *f, uint64_t now_ms);


const char *cable_fault_kind_name(enum cable_fault_kind kind);
const char *cable_fault_point_name(enum cable_fault_point point);
enum cable_fault_effect cable_fault_effect(enum cable_fault_kind kind);

/* ---- fault-act.c: the damage, in the host process (test build only) ---- */

struct airlock_rt;
struct airlock_desc;

/*
 * Logs and does @f's drawn fault at @point. @held: the TX descriptor taken
 * and not yet returned at CABLE_POINT_TX_HELD, else NULL. Dying kinds do
 * not return; the others return with the next fault armed, or @f doomed.
 */
void cable_fault_act(struct cable_faults *f, struct airlock_rt *rt, enum cable_fault_point point,
		     const struct airlock_desc *held, uint64_t now_ms);

#endif /* AIRLOCK_CABLE_FAULTS_H */
