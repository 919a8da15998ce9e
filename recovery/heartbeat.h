/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Whether a driver missed its heartbeat. A heartbeat is missed only over
 * time airlockd was awake to watch it: under TCG on a loaded host the
 * whole guest stops now and then for seconds, and when it runs again the
 * daemon's timer fires before the driver has had a turn, so the last beat
 * looks as old as the stop. After a gap in the daemon's own looks longer
 * than half the timeout (and than @min_gap_ns, a few ticks, so that tiny
 * timeouts keep working), a beat not seen for more than half the timeout
 * gets a fresh window from now. A driver that really hangs is found one
 * timeout later at most.
 */
#ifndef AIRLOCK_RECOVERY_HEARTBEAT_H
#define AIRLOCK_RECOVERY_HEARTBEAT_H

#include <stdint.h>

struct recovery_heartbeat {
	uint64_t value;		/* the last count seen */
	uint64_t changed_ns;	/* when it last changed (or the window began) */
	uint64_t checked_ns;	/* our last look */
};

enum recovery_hb_verdict {
	RECOVERY_HB_ALIVE,	/* beating, or silent for less than the timeout */
	RECOVERY_HB_OWN_GAP,	/* we had not looked for *ret_gap_ns: a new window */
	RECOVERY_HB_HUNG,	/* silent for *ret_gap_ns, more than the timeout */
};

/* From @now_ns on, with the count @value (a new instance). */
void recovery_heartbeat_start(struct recovery_heartbeat *hb, uint64_t value, uint64_t now_ns);

/*
 * A look at @now_ns that finds the count @value. *ret_gap_ns: for
 * OWN_GAP our own gap, for HUNG the driver's silence; else untouched.
 */
enum recovery_hb_verdict recovery_heartbeat_check(struct recovery_heartbeat *hb, uint64_t value,
						  uint64_t now_ns, uint64_t timeout_ns,
						  uint64_t min_gap_ns, uint64_t *ret_gap_ns);

#endif /* AIRLOCK_RECOVERY_HEARTBEAT_H */
