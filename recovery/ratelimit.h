/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How many of a driver's log lines airlockd passes on: at most a burst per
 * interval, per device. A driver that floods its stderr (buggy, or to bury
 * what the operator should see) costs the daemon one read and a count per
 * line beyond that, and the log says how many were dropped.
 */
#ifndef AIRLOCK_RECOVERY_RATELIMIT_H
#define AIRLOCK_RECOVERY_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct recovery_ratelimit {
	uint64_t window_ms;	/* start of the current interval */
	uint32_t passed;	/* lines passed in it */
	uint64_t dropped;	/* lines dropped and not reported yet */
};

/*
 * One line at @now_ms: true to log it. When a new interval begins and
 * lines were dropped in the last, their number is moved to *ret_dropped
 * (else it is set to 0) for the caller to report before this line.
 */
bool recovery_ratelimit_pass(struct recovery_ratelimit *rl, uint64_t now_ms, uint32_t burst,
			     uint32_t interval_ms, uint64_t *ret_dropped);

/* Lines dropped and not reported yet, now reported: the count, and zero left. */
uint64_t recovery_ratelimit_flush(struct recovery_ratelimit *rl);

#endif /* AIRLOCK_RECOVERY_RATELIMIT_H */
