// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event loop: one thread, epoll over the interrupt and doorbell
 * eventfds, polling hooks in between. Work first; when no hook has any,
 * each arms its wakeups and the loop sleeps until an fd fires or the
 * earliest hook deadline.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "../env.h"

#define MAX_FDS 16
#define MAX_HOOKS 4
/*
 * While the hooks find work, look at the fds only every this many rounds:
 * each look is a system call, the dearest thing the loop does (under the
 * lab's TCG far dearer than a round of polling), and a busy driver has
 * masked its interrupt and the stub sends no doorbells to a polling
 * consumer, so the fds rarely have anything to say meanwhile.
 */
#define BUSY_ROUNDS_PER_FD_CHECK 8

struct watch {
	int fd;
	void (*fn)(void *arg);
	void *arg;
};

static struct {
	int epfd;
	struct watch fds[MAX_FDS];
	struct shim_loop_hooks hooks[MAX_HOOKS];
	unsigned int n_hooks;
	uint64_t rounds;	/* passes over the hooks */
	uint64_t sleeps;	/* epoll_wait calls allowed to block */
	volatile int stopping;
} loop = { .epfd = -1 };

int shim_loop_init(void)
{
	unsigned int i;

	loop.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop.epfd < 0)
		return -errno;
	for (i = 0; i < MAX_FDS; i++)
		loop.fds[i].fd = -1;
	return 0;
}

void shim_loop_free(void)
{
	if (loop.epfd >= 0)
		close(loop.epfd);
	loop.epfd = -1;
}

int shim_loop_add_fd(int fd, void (*fn)(void *arg), void *arg)
{
	struct epoll_event ev = { .events = EPOLLIN };
	unsigned int i;

	for (i = 0; i < MAX_FDS && loop.fds[i].fd >= 0; i++)
		;
	if (i == MAX_FDS)
		return -ENOSPC;
	ev.data.u32 = i;
	if (epoll_ctl(loop.epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	loop.fds[i] = (struct watch){ fd, fn, arg };
	return 0;
}

int shim_loop_del_fd(int fd)
{
	unsigned int i;

	for (i = 0; i < MAX_FDS; i++) {
		if (loop.fds[i].fd != fd)
			continue;
		epoll_ctl(loop.epfd, EPOLL_CTL_DEL, fd, NULL);
		loop.fds[i].fd = -1;
		return 0;
	}
	return -ENOENT;
}

int shim_loop_add_hooks(const struct shim_loop_hooks *hooks)
{
	if (loop.n_hooks == MAX_HOOKS)
		return -ENOSPC;
	loop.hooks[loop.n_hooks++] = *hooks;
	return 0;
}

void shim_loop_counters(uint64_t *ret_rounds, uint64_t *ret_sleeps)
{
	*ret_rounds = loop.rounds;
	*ret_sleeps = loop.sleeps;
}

void shim_loop_stop(void)
{
	loop.stopping = 1;
}

static int dispatch(int timeout_ms)
{
	struct epoll_event evs[MAX_FDS];
	int n, i;

	if (timeout_ms != 0)
		loop.sleeps++;
	n = epoll_wait(loop.epfd, evs, MAX_FDS, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		struct watch *w = &loop.fds[evs[i].data.u32];

		if (w->fd >= 0)
			w->fn(w->arg);
	}
	return n;
}

int shim_loop_run(void)
{
	unsigned int busy_rounds = 0;

	while (!loop.stopping) {
		int work = 0, timeout = -1, r;
		unsigned int i;

		loop.rounds++;
		for (i = 0; i < loop.n_hooks; i++) {
			r = loop.hooks[i].poll(loop.hooks[i].arg);
			if (r < 0)
				return r;
			work += r;
		}
		if (work) {
			if (++busy_rounds % BUSY_ROUNDS_PER_FD_CHECK)
				continue;
			r = dispatch(0);
			if (r < 0)
				return r;
			continue;
		}
		for (i = 0; i < loop.n_hooks && !work; i++) {
			const struct shim_loop_hooks *h = &loop.hooks[i];
			int t;

			if (h->prepare_sleep) {
				r = h->prepare_sleep(h->arg);
				if (r < 0)
					return r;
				work += r;
			}
			t = h->next_timeout_ms ? h->next_timeout_ms(h->arg) : -1;
			if (t >= 0 && (timeout < 0 || t < timeout))
				timeout = t;
		}
		r = dispatch(work ? 0 : timeout);
		if (r < 0)
			return r;
	}
	return 0;
}
