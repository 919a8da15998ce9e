// SPDX-License-Identifier: GPL-2.0-only
/*
 * recovery/: exit classification, the seccomp audit record, backoff and
 * budget, timing, the limit on a driver's log lines, the heartbeat verdict.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "budget.h"
#include "classify.h"
#include "heartbeat.h"
#include "ratelimit.h"
#include "timing.h"

static void test_classify(void **state)
{
	struct recovery_exit e = { .code = CLD_KILLED, .status = SIGKILL, .syscall_nr = -1 };
	char buf[128];

	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_SIGNAL);
	assert_string_equal(buf, "signal SIGKILL");
	e = (struct recovery_exit){ .code = CLD_DUMPED, .status = SIGSEGV, .syscall_nr = -1 };
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_SIGNAL);
	assert_string_equal(buf, "signal SIGSEGV (core dumped)");
	e = (struct recovery_exit){ .code = CLD_EXITED, .status = 3, .syscall_nr = -1 };
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_EXIT);
	assert_string_equal(buf, "exit code 3");
	e = (struct recovery_exit){ .code = CLD_DUMPED, .status = SIGSYS,
				    .syscall_name = "socket", .syscall_nr = 41 };
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_SECCOMP);
	assert_string_equal(buf, "seccomp: forbidden system call socket (41)");
	e.syscall_name = NULL;
	e.syscall_nr = -1;
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_SECCOMP);
	/* Our own kill names the reason, not SIGKILL. */
	e = (struct recovery_exit){ .code = CLD_KILLED, .status = SIGKILL,
				    .kill = RECOVERY_KILL_HANG, .hang_ms = 1000, .syscall_nr = -1 };
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_HANG);
	assert_non_null(strstr(buf, "no heartbeat for 1000 ms"));
	e.kill = RECOVERY_KILL_VIOLATION;
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_VIOLATION);
	assert_string_equal(buf, "ABI violation: detached by the stub, killed");
	assert_string_equal(recovery_cause_name(RECOVERY_VIOLATION), "violation");
	e.kill = RECOVERY_KILL_TX_STUCK;
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_TX_STUCK);
	assert_string_equal(buf, "TX stuck: the watchdog timed out twice, killed");
	assert_string_equal(recovery_cause_name(RECOVERY_TX_STUCK), "tx-stuck");
	assert_true(recovery_cause_is_crash(RECOVERY_TX_STUCK));
	/* The kernel's OOM kill in the driver's own cgroup is its memory limit. */
	e = (struct recovery_exit){ .code = CLD_KILLED, .status = SIGKILL, .syscall_nr = -1,
				    .oom_killed = true, .memory_max = 64ULL << 20 };
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_MEMORY);
	assert_string_equal(buf, "memory limit: killed by the OOM killer at memory.max 64 MiB");
	assert_string_equal(recovery_cause_name(RECOVERY_MEMORY), "memory");
	assert_true(recovery_cause_is_crash(RECOVERY_MEMORY));
	/* Frames taken, none sent: our SIGKILL for a stalled data path. */
	e = (struct recovery_exit){ .code = CLD_KILLED, .status = SIGKILL, .syscall_nr = -1,
				    .kill = RECOVERY_KILL_STALLED, .hang_ms = 4050,
				    .stalled_frames = 212 };
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_STALLED);
	assert_string_equal(buf, "stalled: 212 frames taken in 4050 ms, none sent, killed");
	assert_string_equal(recovery_cause_name(RECOVERY_STALLED), "stalled");

	/* Frames sent, none received: our SIGKILL for a deaf device. */
	e.kill = RECOVERY_KILL_DEAF;
	e.hang_ms = 15020;
	e.stalled_frames = 41;
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_DEAF);
	assert_string_equal(buf, "deaf: 41 frames sent in 15020 ms, none received, killed");
	assert_string_equal(recovery_cause_name(RECOVERY_DEAF), "deaf");
	e = (struct recovery_exit){ .code = CLD_KILLED, .status = SIGKILL, .syscall_nr = -1,
				    .oom_killed = true, .memory_max = 64ULL << 20 };
	/* Our own SIGKILL for a hang stays a hang, whatever the cgroup counted. */
	e.kill = RECOVERY_KILL_HANG;
	e.hang_ms = 1500;
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_HANG);
	e = (struct recovery_exit){ .code = CLD_KILLED, .status = SIGSEGV, .syscall_nr = -1,
				    .kill = RECOVERY_KILL_TX_STUCK };
	e.kill = RECOVERY_KILL_HANG;
	/* ... unless the driver was already dying of something else. */
	e.status = SIGSEGV;
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_SIGNAL);
	assert_string_equal(buf, "signal SIGSEGV");
	e.code = CLD_EXITED;
	e.status = 3;
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_EXIT);
	e.kill = RECOVERY_KILL_STOP;
	assert_int_equal(recovery_classify(&e, buf, sizeof(buf)), RECOVERY_STOPPED);
	assert_false(recovery_cause_is_crash(RECOVERY_STOPPED));
	assert_true(recovery_cause_is_crash(RECOVERY_HANG));
	assert_string_equal(recovery_cause_name(RECOVERY_SECCOMP), "seccomp");
}

static void test_audit(void **state)
{
	const char *kmsg = "5,1234,5678901,-;audit: type=1326 audit(1700000000.123:45): auid=4294967295 "
			   "uid=65534 gid=65534 ses=4294967295 subj=unconfined pid=321 comm=\"airlock-host-ca\" "
			   "exe=\"/x/airlock-host-cable\" sig=31 arch=c000003e syscall=41 compat=0 "
			   "ip=0x7f00 code=0x80000000";
	uint32_t arch = 0;
	long nr = 0;

	assert_int_equal(recovery_parse_seccomp_audit(kmsg, 321, &arch, &nr), 0);
	assert_int_equal(arch, 0xc000003e);
	assert_int_equal(nr, 41);
	/* Another process, another record type, or a pid that only ends the same. */
	assert_int_equal(recovery_parse_seccomp_audit(kmsg, 21, &arch, &nr), -ENOENT);
	assert_int_equal(recovery_parse_seccomp_audit("audit: type=1300 pid=321 arch=c000003e syscall=2",
						      321, &arch, &nr), -ENOENT);
	assert_int_equal(recovery_parse_seccomp_audit("type=1326 ppid=321 arch=c000003e syscall=41",
						      321, &arch, &nr), -ENOENT);
}

static void test_backoff(void **state)
{
	const struct recovery_policy p = { .backoff_initial_ms = 10, .backoff_max_ms = 50,
					   .budget_crashes = 5, .budget_window_ms = 1000 };
	static struct recovery_budget b;
	uint32_t d = 0;

	assert_int_equal(recovery_budget_crash(&b, &p, 100, &d), 0);
	assert_int_equal(d, 10);
	assert_int_equal(recovery_budget_crash(&b, &p, 200, &d), 0);
	assert_int_equal(d, 20);
	assert_int_equal(recovery_budget_crash(&b, &p, 300, &d), 0);
	assert_int_equal(d, 40);
	assert_int_equal(recovery_budget_crash(&b, &p, 400, &d), 0);
	assert_int_equal(d, 50);	/* capped */
	assert_int_equal(recovery_budget_count(&b, &p, 400), 4);
	/* The crashes at 100 and 200 leave the window: back to a short delay. */
	assert_int_equal(recovery_budget_crash(&b, &p, 1250, &d), 0);
	assert_int_equal(recovery_budget_count(&b, &p, 1250), 3);
	assert_int_equal(d, 40);
	recovery_budget_reset(&b);
	assert_int_equal(recovery_budget_count(&b, &p, 1250), 0);
}

static void test_budget(void **state)
{
	const struct recovery_policy p = { .backoff_initial_ms = 0, .backoff_max_ms = 10,
					   .budget_crashes = 3, .budget_window_ms = 1000 };
	static struct recovery_budget b;
	uint32_t d = 99;
	int i;

	for (i = 0; i < 3; i++) {
		assert_int_equal(recovery_budget_crash(&b, &p, (uint64_t)i, &d), 0);
		assert_int_equal(d, 0);	/* initial 0 stays 0 */
	}
	assert_int_equal(recovery_budget_crash(&b, &p, 3, &d), -EDQUOT);
	/* Spread out, the same number of crashes is fine. */
	recovery_budget_reset(&b);
	for (i = 0; i < 10; i++)
		assert_int_equal(recovery_budget_crash(&b, &p, (uint64_t)i * 600, &d), 0);
	const struct recovery_policy bad = { .budget_crashes = 0, .budget_window_ms = 1 };
	assert_int_equal(recovery_budget_crash(&b, &bad, 0, &d), -EINVAL);
}

/*
 * A flood of 10,000 lines in one interval: 100 pass, the rest are counted
 * and reported once, with the next interval's first line; a quiet driver
 * loses nothing.
 */
static void test_log_ratelimit(void **state)
{
	struct recovery_ratelimit rl = { 0 };
	uint64_t dropped, reported = 0;
	unsigned int passed = 0;

	for (unsigned int i = 0; i < 10000; i++) {
		passed += recovery_ratelimit_pass(&rl, 5000 + i / 100, 100, 1000, &dropped);
		reported += dropped;
	}
	assert_int_equal(passed, 100);
	assert_int_equal(reported, 0);
	assert_true(recovery_ratelimit_pass(&rl, 6000, 100, 1000, &dropped));
	assert_int_equal(dropped, 9900);
	assert_int_equal(recovery_ratelimit_flush(&rl), 0);
	/* One line a second for a minute: all pass, nothing dropped. */
	for (unsigned int s = 0; s < 60; s++) {
		assert_true(recovery_ratelimit_pass(&rl, 8000 + 1000ULL * s, 100, 1000, &dropped));
		assert_int_equal(dropped, 0);
	}
	/* Dropped lines not yet reported when the instance ends: flushed once. */
	for (unsigned int i = 0; i < 150; i++)
		recovery_ratelimit_pass(&rl, 90000, 100, 1000, &dropped);
	assert_int_equal(recovery_ratelimit_flush(&rl), 50);
	assert_int_equal(recovery_ratelimit_flush(&rl), 0);
}

static void test_timing(void **state)
{
	static struct recovery_history h;
	struct recovery_record *r;
	int64_t v;
	int i;

	assert_int_equal(recovery_history_percentile(&h, RECOVERY_PHASE_TOTAL, 50, &v), -ENODATA);
	for (i = 1; i <= 200; i++) {
		r = recovery_history_add(&h, (uint64_t)i, "signal SIGKILL");
		r->us[RECOVERY_PHASE_DETECT] = 0;
		r->us[RECOVERY_PHASE_BACKOFF] = 0;
		r->us[RECOVERY_PHASE_RESTART] = i;
		r->us[RECOVERY_PHASE_REPLAY] = 1;
		if (i % 2)
			r->us[RECOVERY_PHASE_TRAFFIC] = 2;
		recovery_record_finish(r);
	}
	/* The ring keeps the last 128: records 73 .. 200. */
	assert_int_equal(h.n, RECOVERY_HISTORY);
	assert_int_equal(recovery_history_get(&h, 0)->detected_at_us, 73);
	assert_int_equal(recovery_history_get(&h, 127)->detected_at_us, 200);
	assert_null(recovery_history_get(&h, 128));
	assert_int_equal(recovery_history_percentile(&h, RECOVERY_PHASE_RESTART, 50, &v), 0);
	assert_int_equal(v, 136);	/* rank 64 of 73..200 */
	assert_int_equal(recovery_history_percentile(&h, RECOVERY_PHASE_RESTART, 99, &v), 0);
	assert_int_equal(v, 199);	/* rank ceil(126.72) = 127 */
	assert_int_equal(recovery_history_percentile(&h, RECOVERY_PHASE_RESTART, 100, &v), 0);
	assert_int_equal(v, 200);
	/* TOTAL only where every phase is known: odd i, 73..199. */
	assert_int_equal(recovery_history_percentile(&h, RECOVERY_PHASE_TOTAL, 100, &v), 0);
	assert_int_equal(v, 199 + 3);
	assert_int_equal(recovery_history_percentile(&h, RECOVERY_PHASE_TOTAL, 0, &v), -EINVAL);
	assert_string_equal(recovery_phase_name(RECOVERY_PHASE_REPLAY), "replay");
}

#define MS 1000000ULL

/*
 * A 3 s timeout, looked at every 50 ms: a driver silent for more than 3 s
 * is hung; but silence across a gap in our own looks (the guest stopped
 * under TCG: 4.4 s in the lab) only starts a new window, and a driver
 * still silent a full timeout after it is hung.
 */
static void test_heartbeat(void **state)
{
	struct recovery_heartbeat hb;
	uint64_t t = 1000 * MS, gap = 0;

	recovery_heartbeat_start(&hb, 7, t);
	/* Beating: alive whatever the time. */
	for (int i = 1; i <= 100; i++)
		assert_int_equal(recovery_heartbeat_check(&hb, 7 + (uint64_t)i, t + i * 50 * MS,
							  3000 * MS, 200 * MS, &gap),
				 RECOVERY_HB_ALIVE);
	t += 100 * 50 * MS;
	/* Silent, watched every 50 ms: alive up to 3 s, hung after. */
	for (int i = 1; i <= 60; i++)
		assert_int_equal(recovery_heartbeat_check(&hb, 107, t + i * 50 * MS, 3000 * MS,
							  200 * MS, &gap),
				 RECOVERY_HB_ALIVE);
	assert_int_equal(recovery_heartbeat_check(&hb, 107, t + 3050 * MS, 3000 * MS, 200 * MS,
						  &gap),
			 RECOVERY_HB_HUNG);
	assert_int_equal(gap, 3050 * MS);

	/* Silent across 4.4 s without a look of ours: a new window, not a hang. */
	t = 100000 * MS;
	recovery_heartbeat_start(&hb, 200, t);
	assert_int_equal(recovery_heartbeat_check(&hb, 200, t + 4400 * MS, 3000 * MS, 200 * MS,
						  &gap),
			 RECOVERY_HB_OWN_GAP);
	assert_int_equal(gap, 4400 * MS);
	/* The driver beats once it runs again. */
	assert_int_equal(recovery_heartbeat_check(&hb, 201, t + 4450 * MS, 3000 * MS, 200 * MS,
						  &gap),
			 RECOVERY_HB_ALIVE);

	/* A real hang behind our gap: found one timeout after it. */
	t = 200000 * MS;
	recovery_heartbeat_start(&hb, 300, t);
	assert_int_equal(recovery_heartbeat_check(&hb, 300, t + 4400 * MS, 3000 * MS, 200 * MS,
						  &gap),
			 RECOVERY_HB_OWN_GAP);
	for (uint64_t ms = 4450; ms <= 7400; ms += 50)
		assert_int_equal(recovery_heartbeat_check(&hb, 300, t + ms * MS, 3000 * MS,
							  200 * MS, &gap),
				 RECOVERY_HB_ALIVE);
	assert_int_equal(recovery_heartbeat_check(&hb, 300, t + 7450 * MS, 3000 * MS, 200 * MS,
						  &gap),
			 RECOVERY_HB_HUNG);

	/*
	 * A tiny timeout (20 ms) looked at every 50 ms: our ticks are no gap
	 * (under the 200 ms floor), so the hang is still found.
	 */
	t = 300000 * MS;
	recovery_heartbeat_start(&hb, 400, t);
	assert_int_equal(recovery_heartbeat_check(&hb, 400, t + 50 * MS, 20 * MS, 200 * MS, &gap),
			 RECOVERY_HB_HUNG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_audit),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_timing),
		cmocka_unit_test(test_log_ratelimit),
		cmocka_unit_test(test_heartbeat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
