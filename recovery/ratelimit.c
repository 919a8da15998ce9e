// SPDX-License-Identifier: GPL-2.0-only
/* A fixed-window line limit (ratelimit.h). */
#include "ratelimit.h"

bool recovery_ratelimit_pass(struct recovery_ratelimit *rl, uint64_t now_ms, uint32_t burst,
			     uint32_t interval_ms, uint64_t *ret_dropped)
{
	*ret_dropped = 0;
	if (now_ms - rl->window_ms >= interval_ms || now_ms < rl->window_ms) {
		*ret_dropped = recovery_ratelimit_flush(rl);
		rl->window_ms = now_ms;
		rl->passed = 0;
	}
	if (rl->passed >= burst) {
		rl->dropped++;
		return false;
	}
	rl->passed++;
	return true;
}

uint64_t recovery_ratelimit_flush(struct recovery_ratelimit *rl)
{
	uint64_t n = rl->dropped;

	rl->dropped = 0;
	return n;
}
