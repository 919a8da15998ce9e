// SPDX-License-Identifier: GPL-2.0-only
/*
 * clone3() a driver host into fresh namespaces. Between clone and exec the
 * child runs on a copy of the caller's memory, possibly of a threaded
 * daemon, so it only makes raw system calls (async-signal-safe) and never
 * returns: it execs or _exit()s. A close-on-exec pipe carries an errno
 * from the child if anything before exec failed; EOF means exec worked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#define NAMESPACES (CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET)

static _Noreturn void child_fail(int pipe_fd, int err)
{
	ssize_t n;

	n = write(pipe_fd, &err, sizeof(err));
	(void)n;
	_exit(127);
}

/*
 * Moves the hand-over set into place. Every source is first copied above
 * the fixed range, so no dup2() can overwrite a source another slot still
 * needs (fds[3] == 5 and fds[5] == 3 both work).
 */
static int child_setup_fds(const struct airlock_host_spawn *s, int pipe_fd)
{
	int tmp[AIRLOCK_HOST_FD_COUNT];
	int devnull;

	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0)
		return -errno;
	for (int i = 0; i < AIRLOCK_HOST_FD_COUNT; i++) {
		int src = i < 2 ? devnull : s->fds[i];

		tmp[i] = -1;
		if (src < 0)
			continue;
		tmp[i] = fcntl(src, F_DUPFD_CLOEXEC, AIRLOCK_HOST_FD_COUNT);
		if (tmp[i] < 0)
			return -errno;
	}
	/* The error pipe must not sit on a fixed number either. */
	if (pipe_fd < AIRLOCK_HOST_FD_COUNT)
		return -EBADF;
	for (int i = 0; i < AIRLOCK_HOST_FD_COUNT; i++) {
		if (tmp[i] < 0) {
			close(i);
			continue;
		}
		/* dup2 clears close-on-exec on the new number: exactly these survive. */
		if (dup2(tmp[i], i) < 0)
			return -errno;
	}
	/* Everything above: closed at exec; the error pipe stays open until then. */
	if (syscall(SYS_close_range, AIRLOCK_HOST_FD_COUNT, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		return -errno;
	return 0;
}

static _Noreturn void child_run(const struct airlock_host_spawn *s, int pipe_fd)
{
	sigset_t none;
	int r;

	/* The daemon may block signals for a signalfd: exec keeps the mask. */
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)
		child_fail(pipe_fd, errno);
	/* The daemon's death takes its drivers along (see spawn.h). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		child_fail(pipe_fd, errno);
	r = child_setup_fds(s, pipe_fd);
	if (r < 0)
		child_fail(pipe_fd, -r);
	execv(s->path, s->argv);
	child_fail(pipe_fd, errno);
}

/* Moves @fd to a number >= AIRLOCK_HOST_FD_COUNT (close-on-exec). */
static int fd_above_fixed(int fd)
{
	int hi;

	if (fd >= AIRLOCK_HOST_FD_COUNT)
		return fd;
	hi = fcntl(fd, F_DUPFD_CLOEXEC, AIRLOCK_HOST_FD_COUNT);
	close(fd);
	return hi < 0 ? -errno : hi;
}

int airlock_host_spawn(const struct airlock_host_spawn *s, pid_t *ret_pid, int *ret_pidfd)
{
	int pipefd[2] = { -1, -1 }, pidfd = -1, err = 0, r;
	struct clone_args args;
	siginfo_t si;
	ssize_t n;
	pid_t pid;

	if (!s || !s->path || !s->argv || !s->argv[0] || !ret_pid || !ret_pidfd)
		return -EINVAL;
	for (int i = 2; i < AIRLOCK_HOST_FD_COUNT; i++)
		if (s->fds[i] < -1)
			return -EBADF;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	/* The child's end must not collide with a fixed number it fills. */
	pipefd[1] = fd_above_fixed(pipefd[1]);
	if (pipefd[1] < 0) {
		r = pipefd[1];
		goto out_read;
	}

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_PIDFD | CLONE_CLEAR_SIGHAND | NAMESPACES;
	args.pidfd = (uint64_t)(uintptr_t)&pidfd;
	args.exit_signal = SIGCHLD;
	if (s->cgroup_fd >= 0) {
		/* In its cgroup from its first instruction: no window outside the limits. */
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)s->cgroup_fd;
	}
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0) {
		r = -errno;
		goto out_write;
	}
	if (pid == 0)
		child_run(s, pipefd[1]);

	close(pipefd[1]);
	pipefd[1] = -1;
	do
		n = read(pipefd[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(pipefd[0]);

	if (n == 0) {
		*ret_pid = pid;
		*ret_pidfd = pidfd;
		return 0;
	}
	/* The child failed before exec (or the read did): reap it, report why. */
	r = n == sizeof(err) && err > 0 ? -err : -EIO;
	syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	while (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED) < 0 && errno == EINTR)
		;
	close(pidfd);
	return r;

out_write:
	if (pipefd[1] >= 0)
		close(pipefd[1]);
out_read:
	close(pipefd[0]);
	return r;
}
