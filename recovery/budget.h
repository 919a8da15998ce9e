/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Restart policy: exponential backoff and the crash budget. One window
 * serves both: the k-th crash inside the last budget_window_ms waits
 * backoff_initial_ms * 2^(k-1) (capped at backoff_max_ms) before the
 * restart, and the crash that makes more than budget_crashes inside the
 * window quarantines the device instead. A driver that stays up for a
 * whole window starts again from the initial delay.
 */
#ifndef AIRLOCK_RECOVERY_BUDGET_H
#define AIRLOCK_RECOVERY_BUDGET_H

#include <stddef.h>
#include <stdint.h>

#define RECOVERY_BUDGET_SLOTS	1024	/* > CONFIG_BUDGET_MAX */

struct recovery_policy {
	uint32_t backoff_initial_ms;
	uint32_t backoff_max_ms;
	uint32_t budget_crashes;	/* 1 .. RECOVERY_BUDGET_SLOTS - 1 */
	uint32_t budget_window_ms;
};

/* Crash times (ms, monotonic) inside the window, oldest first, as a ring. */
struct recovery_budget {
	uint64_t at[RECOVERY_BUDGET_SLOTS];
	size_t head;		/* oldest */
	size_t n;
};

/*
 * Records a crash at @now_ms. Returns 0 and the delay before the restart
 * in *ret_delay_ms, or -EDQUOT if the budget is spent (quarantine; the
 * crash is still recorded), or -EINVAL for a policy out of range.
 */
int recovery_budget_crash(struct recovery_budget *b, const struct recovery_policy *p,
			  uint64_t now_ms, uint32_t *ret_delay_ms);

/* Crashes inside the window ending at @now_ms. */
size_t recovery_budget_count(struct recovery_budget *b, const struct recovery_policy *p,
			     uint64_t now_ms);

/* Forgets every crash (the operator restarted or started the device). */
void recovery_budget_reset(struct recovery_budget *b);

#endif /* AIRLOCK_RECOVERY_BUDGET_H */
