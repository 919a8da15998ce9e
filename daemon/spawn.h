/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Starting a driver host (daemon side): clone3() into new mount, PID, IPC,
 * UTS and network namespaces with a pidfd, move the hand-over descriptors
 * to their fixed numbers (airlock/host.h), close everything else, exec.
 */
#ifndef AIRLOCK_HOST_SPAWN_H
#define AIRLOCK_HOST_SPAWN_H

#include <sys/types.h>

#include <airlock/host.h>

struct airlock_host_spawn {
	const char *path;		/* the host binary */
	char *const *argv;		/* NULL-terminated, argv[0] included */
	/*
	 * fds[i] becomes descriptor i in the child; -1 leaves i closed.
	 * fds[0] and fds[1] are ignored: the child gets /dev/null there.
	 */
	int fds[AIRLOCK_HOST_FD_COUNT];
	/* A cgroup v2 directory the child starts in (CLONE_INTO_CGROUP), or -1. */
	int cgroup_fd;
};

/* Sets the binary and argv, and every descriptor to -1 (closed). */
static inline void airlock_host_spawn_init(struct airlock_host_spawn *s, const char *path,
					   char *const *argv)
{
	s->path = path;
	s->argv = argv;
	for (int i = 0; i < AIRLOCK_HOST_FD_COUNT; i++)
		s->fds[i] = -1;
	s->cgroup_fd = -1;
}

/*
 * Starts the host. The caller's descriptors are not changed. Returns 0 and
 * the child's pid (in the caller's PID namespace) and a pidfd
 * (close-on-exec), or -errno; on failure no child is left running.
 */
int airlock_host_spawn(const struct airlock_host_spawn *s, pid_t *ret_pid, int *ret_pidfd);

#endif /* AIRLOCK_HOST_SPAWN_H */
