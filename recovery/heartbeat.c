// SPDX-License-Identifier: GPL-2.0-only
/* The heartbeat verdict (heartbeat.h). */
#include "heartbeat.h"

void recovery_heartbeat_start(struct recovery_heartbeat *hb, uint64_t value, uint64_t now_ns)
{
	*hb = (struct recovery_heartbeat){ .value = value, .changed_ns = now_ns,
					   .checked_ns = now_ns };
}

enum recovery_hb_verdict recovery_heartbeat_check(struct recovery_heartbeat *hb, uint64_t value,
						  uint64_t now_ns, uint64_t timeout_ns,
						  uint64_t min_gap_ns, uint64_t *ret_gap_ns)
{
	uint64_t own_gap = now_ns - hb->checked_ns, silent = now_ns - hb->changed_ns;
	uint64_t gap_limit = timeout_ns / 2 > min_gap_ns ? timeout_ns / 2 : min_gap_ns;

	hb->checked_ns = now_ns;
	if (value != hb->value) {
		hb->value = value;
		hb->changed_ns = now_ns;
		return RECOVERY_HB_ALIVE;
	}
	if (own_gap > gap_limit && silent > timeout_ns / 2) {
		hb->changed_ns = now_ns;
		*ret_gap_ns = own_gap;
		return RECOVERY_HB_OWN_GAP;
	}
	if (silent > timeout_ns) {
		*ret_gap_ns = silent;
		return RECOVERY_HB_HUNG;
	}
	return RECOVERY_HB_ALIVE;
}
