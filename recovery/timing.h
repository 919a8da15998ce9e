/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Recovery timing: one record per recovery, split into the phases the
 * daemon can see, kept in a ring for airlockctl, with median and 99th
 * percentile over what is kept.
 *
 *   detect   crash -> the daemon knows (a missed heartbeat: since the last
 *            beat; an exit: 0, the pidfd tells at once; benchmarks add the
 *            time from their own kill to detected_at)
 *   backoff  the deliberate wait before the restart
 *   restart  spawn -> the host's HELLO (probed, sandboxed); spawn_us
 *            tells how much of it the clone and exec took
 *   replay   ATTACH -> every replay request answered and link up
 *   traffic  -> the first frame through the new instance
 */
#ifndef AIRLOCK_RECOVERY_TIMING_H
#define AIRLOCK_RECOVERY_TIMING_H

#include <stddef.h>
#include <stdint.h>

#define RECOVERY_HISTORY	128
#define RECOVERY_REASON_MAX	96

enum recovery_phase {
	RECOVERY_PHASE_DETECT,
	RECOVERY_PHASE_BACKOFF,
	RECOVERY_PHASE_RESTART,
	RECOVERY_PHASE_REPLAY,
	RECOVERY_PHASE_TRAFFIC,
	RECOVERY_PHASE_TOTAL,
	RECOVERY_N_PHASES,
};

struct recovery_record {
	uint64_t detected_at_us;	/* CLOCK_REALTIME, for correlating with logs */
	char reason[RECOVERY_REASON_MAX];
	/* Microseconds per phase; -1 while unknown (not reached, or no traffic). */
	int64_t us[RECOVERY_N_PHASES];
	/* Part of RESTART: clone3 until the exec succeeded; -1 while unknown. */
	int64_t spawn_us;
};

struct recovery_history {
	struct recovery_record rec[RECOVERY_HISTORY];
	size_t next;		/* where the next record goes */
	size_t n;		/* records kept, <= RECOVERY_HISTORY */
};

/* Starts a new record (all phases unknown) and returns it; the oldest goes if full. */
struct recovery_record *recovery_history_add(struct recovery_history *h, uint64_t detected_at_us,
					     const char *reason);

/* Record @i, oldest first (i < h->n), or NULL. */
const struct recovery_record *recovery_history_get(const struct recovery_history *h, size_t i);

/* Sets TOTAL to the sum of the phases if all are known. */
void recovery_record_finish(struct recovery_record *r);

/*
 * The @pct percentile (0 < pct <= 100, nearest rank) of phase @ph over the
 * records where it is known. Returns 0 and the value, or -ENODATA if none.
 */
int recovery_history_percentile(const struct recovery_history *h, enum recovery_phase ph,
				double pct, int64_t *ret_us);

const char *recovery_phase_name(enum recovery_phase ph);

#endif /* AIRLOCK_RECOVERY_TIMING_H */
