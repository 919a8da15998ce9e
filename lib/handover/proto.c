// SPDX-License-Identifier: GPL-2.0-only
/* Fixed-size messages on a SOCK_SEQPACKET, with at most one descriptor. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proto.h"

_Static_assert(sizeof(struct airlock_host_msg) == AIRLOCK_HOST_MSG_SIZE, "message size is ABI");

int airlock_host_send(int sock, const struct airlock_host_msg *m, int pass_fd)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = (void *)m, .iov_len = sizeof(*m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (pass_fd >= 0) {
		struct cmsghdr *c;

		memset(&control, 0, sizeof(control));
		mh.msg_control = control.buf;
		mh.msg_controllen = sizeof(control.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
	}
	/* MSG_NOSIGNAL: a vanished peer is -EPIPE, not a SIGPIPE. */
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == sizeof(*m) ? 0 : -EIO;
}

/* Closes every descriptor a control message carried; returns how many. */
static int close_passed_fds(struct msghdr *mh, int *ret_first)
{
	int count = 0;

	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (ret_first && count == 0)
				*ret_first = fd;
			else
				close(fd);
			count++;
		}
	}
	return count;
}

int airlock_host_recv(int sock, struct airlock_host_msg *ret, int *ret_fd)
{
	union {
		struct cmsghdr align;
		/* Room for more than one, so extras are received and closed, not leaked. */
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} control;
	struct airlock_host_msg m;
	struct iovec iov = { .iov_base = &m, .iov_len = sizeof(m) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf, .msg_controllen = sizeof(control.buf),
	};
	int fd = -1, count;
	ssize_t n;

	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (n == 0)
		return -ECONNRESET;

	count = close_passed_fds(&mh, ret_fd ? &fd : NULL);
	if (n != sizeof(m) || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || count > 1 ||
	    m.type < AIRLOCK_HOST_HELLO || m.type > AIRLOCK_HOST_SHUTDOWN ||
	    (count && !ret_fd)) {
		if (fd >= 0)
			close(fd);
		return -EPROTO;
	}
	*ret = m;
	if (ret_fd)
		*ret_fd = fd;
	return 0;
}
