// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"

static const char *signal_name(int sig, char *buf, size_t len)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, "signal %d", sig);
	return buf;
}

enum recovery_cause recovery_classify(const struct recovery_exit *e, char *buf, size_t len)
{
	char sig[32];
	enum recovery_kill kill = e->kill;

	/*
	 * Our SIGKILL explains the end only if SIGKILL is what ended it: a
	 * driver already dying of its own fault (a segfault, seccomp) when we
	 * gave up waiting is classified by that fault.
	 */
	if (kill != RECOVERY_KILL_STOP && e->code != CLD_EXITED && e->status != SIGKILL)
		kill = RECOVERY_KILL_NONE;
	if (kill != RECOVERY_KILL_STOP && e->code == CLD_EXITED)
		kill = RECOVERY_KILL_NONE;

	switch (kill) {
	case RECOVERY_KILL_HANG:
		snprintf(buf, len, "hang: no heartbeat for %" PRIu32 " ms, killed", e->hang_ms);
		return RECOVERY_HANG;
	case RECOVERY_KILL_START_TIMEOUT:
		snprintf(buf, len, "start timeout: no HELLO, killed");
		return RECOVERY_START_TIMEOUT;
	case RECOVERY_KILL_PROTOCOL:
		snprintf(buf, len, "protocol error on the daemon socket, killed");
		return RECOVERY_PROTOCOL;
	case RECOVERY_KILL_VIOLATION:
		snprintf(buf, len, "ABI violation: detached by the stub, killed");
		return RECOVERY_VIOLATION;
	case RECOVERY_KILL_STALLED:
		snprintf(buf, len, "stalled: %" PRIu32 " frames taken in %" PRIu32 " ms, none sent, killed",
			 e->stalled_frames, e->hang_ms);
		return RECOVERY_STALLED;
	case RECOVERY_KILL_DEAF:
		snprintf(buf, len, "deaf: %" PRIu32 " frames sent in %" PRIu32 " ms, none received, killed",
			 e->stalled_frames, e->hang_ms);
		return RECOVERY_DEAF;
	case RECOVERY_KILL_TX_STUCK:
		snprintf(buf, len, "TX stuck: the watchdog timed out twice, killed");
		return RECOVERY_TX_STUCK;
	case RECOVERY_KILL_STOP:
		snprintf(buf, len, "stopped");
		return RECOVERY_STOPPED;
	case RECOVERY_KILL_NONE:
		break;
	}

	if (e->code == CLD_EXITED) {
		snprintf(buf, len, "exit code %d", e->status);
		return RECOVERY_EXIT;
	}
	/* The OOM killer's SIGKILL, in the driver's own cgroup: its memory limit. */
	if (e->oom_killed && e->status == SIGKILL) {
		snprintf(buf, len, "memory limit: killed by the OOM killer at memory.max %" PRIu64 " MiB",
			 e->memory_max >> 20);
		return RECOVERY_MEMORY;
	}
	/* seccomp's KILL_PROCESS ends the process with SIGSYS. */
	if (e->status == SIGSYS) {
		if (e->syscall_name && e->syscall_nr >= 0)
			snprintf(buf, len, "seccomp: forbidden system call %s (%ld)", e->syscall_name,
				 e->syscall_nr);
		else if (e->syscall_nr >= 0)
			snprintf(buf, len, "seccomp: forbidden system call %ld", e->syscall_nr);
		else
			snprintf(buf, len, "seccomp: forbidden system call (not in the kernel log)");
		return RECOVERY_SECCOMP;
	}
	snprintf(buf, len, "signal %s%s", signal_name(e->status, sig, sizeof(sig)),
		 e->code == CLD_DUMPED ? " (core dumped)" : "");
	return RECOVERY_SIGNAL;
}

const char *recovery_cause_name(enum recovery_cause c)
{
	static const char *const names[] = {
		[RECOVERY_EXIT] = "exit",
		[RECOVERY_SIGNAL] = "signal",
		[RECOVERY_SECCOMP] = "seccomp",
		[RECOVERY_HANG] = "hang",
		[RECOVERY_START_TIMEOUT] = "start-timeout",
		[RECOVERY_PROTOCOL] = "protocol",
		[RECOVERY_VIOLATION] = "violation",
		[RECOVERY_TX_STUCK] = "tx-stuck",
		[RECOVERY_MEMORY] = "memory",
		[RECOVERY_STALLED] = "stalled",
		[RECOVERY_DEAF] = "deaf",
		[RECOVERY_STOPPED] = "stopped",
	};

	return (unsigned int)c < sizeof(names) / sizeof(names[0]) ? names[c] : "unknown";
}

bool recovery_cause_is_crash(enum recovery_cause c)
{
	return c != RECOVERY_STOPPED;
}

/* The value of " key=" in @line as a number in @base; -ENOENT if absent. */
static int field(const char *line, const char *key, int base, unsigned long long *ret)
{
	size_t klen = strlen(key);
	const char *p = line;
	char *end;

	while ((p = strstr(p, key))) {
		/* A whole key: at the start or after a space. */
		if ((p == line || p[-1] == ' ') && p[klen] == '=') {
			errno = 0;
			*ret = strtoull(p + klen + 1, &end, base);
			if (errno || end == p + klen + 1)
				return -EINVAL;
			return 0;
		}
		p += klen;
	}
	return -ENOENT;
}

int recovery_parse_seccomp_audit(const char *line, pid_t pid, uint32_t *ret_arch, long *ret_nr)
{
	unsigned long long v_pid, v_arch, v_nr;

	if (!strstr(line, "type=1326"))
		return -ENOENT;
	if (field(line, "pid", 10, &v_pid) < 0 || v_pid != (unsigned long long)pid)
		return -ENOENT;
	if (field(line, "arch", 16, &v_arch) < 0 || field(line, "syscall", 10, &v_nr) < 0)
		return -ENOENT;
	*ret_arch = (uint32_t)v_arch;
	*ret_nr = (long)v_nr;
	return 0;
}
