// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timing.h"

struct recovery_record *recovery_history_add(struct recovery_history *h, uint64_t detected_at_us,
					     const char *reason)
{
	struct recovery_record *r = &h->rec[h->next];
	int i;

	memset(r, 0, sizeof(*r));
	r->detected_at_us = detected_at_us;
	snprintf(r->reason, sizeof(r->reason), "%s", reason);
	for (i = 0; i < RECOVERY_N_PHASES; i++)
		r->us[i] = -1;
	r->spawn_us = -1;
	h->next = (h->next + 1) % RECOVERY_HISTORY;
	if (h->n < RECOVERY_HISTORY)
		h->n++;
	return r;
}

const struct recovery_record *recovery_history_get(const struct recovery_history *h, size_t i)
{
	if (i >= h->n)
		return NULL;
	return &h->rec[(h->next + RECOVERY_HISTORY - h->n + i) % RECOVERY_HISTORY];
}

void recovery_record_finish(struct recovery_record *r)
{
	int64_t sum = 0;
	int i;

	for (i = 0; i < RECOVERY_PHASE_TOTAL; i++) {
		if (r->us[i] < 0)
			return;
		sum += r->us[i];
	}
	r->us[RECOVERY_PHASE_TOTAL] = sum;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int recovery_history_percentile(const struct recovery_history *h, enum recovery_phase ph,
				double pct, int64_t *ret_us)
{
	int64_t v[RECOVERY_HISTORY];
	size_t n = 0, i, rank;

	if (pct <= 0 || pct > 100 || (unsigned int)ph >= RECOVERY_N_PHASES)
		return -EINVAL;
	for (i = 0; i < h->n; i++) {
		const struct recovery_record *r = recovery_history_get(h, i);

		if (r->us[ph] >= 0)
			v[n++] = r->us[ph];
	}
	if (!n)
		return -ENODATA;
	qsort(v, n, sizeof(v[0]), cmp_i64);
	/* Nearest rank: the smallest value with at least pct% at or below it. */
	rank = (size_t)ceil(pct / 100.0 * (double)n);
	if (rank < 1)
		rank = 1;
	*ret_us = v[rank - 1];
	return 0;
}

const char *recovery_phase_name(enum recovery_phase ph)
{
	static const char *const names[] = {
		[RECOVERY_PHASE_DETECT] = "detect",
		[RECOVERY_PHASE_BACKOFF] = "backoff",
		[RECOVERY_PHASE_RESTART] = "restart",
		[RECOVERY_PHASE_REPLAY] = "replay",
		[RECOVERY_PHASE_TRAFFIC] = "traffic",
		[RECOVERY_PHASE_TOTAL] = "total",
	};

	return (unsigned int)ph < RECOVERY_N_PHASES ? names[ph] : "unknown";
}
