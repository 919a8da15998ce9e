/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Why a driver host ended: from waitid()'s siginfo, what the daemon itself
 * did to it (killed it for a missed heartbeat, ...), and for a seccomp kill
 * the system call named by the kernel's audit record.
 */
#ifndef AIRLOCK_RECOVERY_CLASSIFY_H
#define AIRLOCK_RECOVERY_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum recovery_cause {
	RECOVERY_EXIT,		/* exited by itself, with a code */
	RECOVERY_SIGNAL,	/* killed by a signal (not by us) */
	RECOVERY_SECCOMP,	/* killed by seccomp: a forbidden system call */
	RECOVERY_HANG,		/* we killed it: no heartbeat within the deadline */
	RECOVERY_START_TIMEOUT,	/* we killed it: no HELLO in time */
	RECOVERY_PROTOCOL,	/* we killed it: it broke the host protocol */
	RECOVERY_VIOLATION,	/* we killed it: the stub detached it for breaking the ring ABI */
	RECOVERY_TX_STUCK,	/* we killed it: it heartbeats but transmits nothing */
	RECOVERY_MEMORY,	/* the kernel killed it: over its cgroup's memory.max */
	RECOVERY_STALLED,	/* we killed it: it takes frames, its device sends none */
	RECOVERY_DEAF,		/* we killed it: it sends frames, its device receives none */
	RECOVERY_STOPPED,	/* the operator (or shutdown) stopped it: not a crash */
};

/* What the daemon did to the process, if anything, before it ended. */
enum recovery_kill {
	RECOVERY_KILL_NONE,
	RECOVERY_KILL_HANG,
	RECOVERY_KILL_START_TIMEOUT,
	RECOVERY_KILL_PROTOCOL,
	RECOVERY_KILL_VIOLATION,
	RECOVERY_KILL_TX_STUCK,
	RECOVERY_KILL_STALLED,
	RECOVERY_KILL_DEAF,
	RECOVERY_KILL_STOP,
};

struct recovery_exit {
	int code;		/* CLD_EXITED, CLD_KILLED, CLD_DUMPED */
	int status;		/* exit code or signal number */
	enum recovery_kill kill;
	const char *syscall_name;	/* SIGSYS: resolved name, or NULL if unknown */
	long syscall_nr;	/* SIGSYS: number, or -1 if unknown */
	uint32_t hang_ms;	/* HANG: silence before the kill; STALLED, DEAF: time without a frame sent, received */
	uint32_t stalled_frames;	/* STALLED, DEAF: frames taken to send meanwhile */
	bool oom_killed;	/* its cgroup counted an OOM kill while it ran */
	uint64_t memory_max;	/* its cgroup's memory.max, bytes */
};

/*
 * Classifies @e and writes one line for the operator into @buf (size @len),
 * e.g. "seccomp: forbidden system call socket (41)" or "signal SIGSEGV
 * (core dumped)". Returns the cause.
 */
enum recovery_cause recovery_classify(const struct recovery_exit *e, char *buf, size_t len);

/* A short word for @c ("exit", "signal", "seccomp", "hang", ...). */
const char *recovery_cause_name(enum recovery_cause c);

/* Whether @c counts against the crash budget (everything but STOPPED). */
bool recovery_cause_is_crash(enum recovery_cause c);

/*
 * Parses one /dev/kmsg record (or dmesg line) and, if it is the kernel's
 * seccomp audit record (type=1326) for @pid, stores its arch and system
 * call number. Returns 0, or -ENOENT if the line is something else.
 */
int recovery_parse_seccomp_audit(const char *line, pid_t pid, uint32_t *ret_arch, long *ret_nr);

#endif /* AIRLOCK_RECOVERY_CLASSIFY_H */
