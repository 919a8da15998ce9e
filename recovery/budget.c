// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>

#include "budget.h"

static void expire(struct recovery_budget *b, const struct recovery_policy *p, uint64_t now_ms)
{
	while (b->n && now_ms - b->at[b->head] >= p->budget_window_ms) {
		b->head = (b->head + 1) % RECOVERY_BUDGET_SLOTS;
		b->n--;
	}
}

size_t recovery_budget_count(struct recovery_budget *b, const struct recovery_policy *p,
			     uint64_t now_ms)
{
	expire(b, p, now_ms);
	return b->n;
}

int recovery_budget_crash(struct recovery_budget *b, const struct recovery_policy *p,
			  uint64_t now_ms, uint32_t *ret_delay_ms)
{
	uint64_t delay;
	size_t k;

	if (!p->budget_crashes || p->budget_crashes >= RECOVERY_BUDGET_SLOTS ||
	    !p->budget_window_ms || p->backoff_initial_ms > p->backoff_max_ms)
		return -EINVAL;
	expire(b, p, now_ms);
	if (b->n == RECOVERY_BUDGET_SLOTS) {	/* cannot happen within the limits */
		b->head = (b->head + 1) % RECOVERY_BUDGET_SLOTS;
		b->n--;
	}
	b->at[(b->head + b->n) % RECOVERY_BUDGET_SLOTS] = now_ms;
	b->n++;
	if (b->n > p->budget_crashes)
		return -EDQUOT;

	/* initial * 2^(k-1), saturating before the shift can overflow. */
	k = b->n - 1;
	delay = p->backoff_initial_ms;
	while (k-- && delay < p->backoff_max_ms)
		delay *= 2;
	*ret_delay_ms = (uint32_t)(delay < p->backoff_max_ms ? delay : p->backoff_max_ms);
	return 0;
}

void recovery_budget_reset(struct recovery_budget *b)
{
	b->head = 0;
	b->n = 0;
}
