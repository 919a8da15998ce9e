// SPDX-License-Identifier: GPL-2.0-only
/*
 * A seccomp kill ends the process with SIGSYS and nothing else: the
 * offending system call is only in the kernel's audit record (type=1326,
 * printed to the kernel log when no audit daemon takes it). airlockd reads
 * /dev/kmsg from the end at start-up, and on a SIGSYS reads on until it
 * finds the record for that pid.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <seccomp.h>

#include "airlockd.h"

#define KMSG_WAIT_MS	500	/* kauditd prints from its own thread: a little later */

int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	/* Only what happens from now on. */
	if (lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

long kmsg_find_seccomp(int kmsg_fd, pid_t pid, char *name, size_t len)
{
	uint64_t deadline = now_ns() + (uint64_t)KMSG_WAIT_MS * 1000000;
	char rec[8192];
	uint32_t arch;
	long nr;
	ssize_t n;

	name[0] = '\0';
	for (;;) {
		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten under us: go on with the next */
		if (n < 0 && errno == EINTR)
			continue;
		if (n > 0) {
			rec[n] = '\0';
			if (recovery_parse_seccomp_audit(rec, pid, &arch, &nr) == 0) {
				char *s = seccomp_syscall_resolve_num_arch(arch, (int)nr);

				if (s) {
					snprintf(name, len, "%s", s);
					free(s);
				}
				return nr;
			}
			continue;
		}
		if (n < 0 && errno == EAGAIN) {
			struct pollfd pfd = { .fd = kmsg_fd, .events = POLLIN };
			uint64_t now = now_ns();

			if (now >= deadline)
				return -1;
			poll(&pfd, 1, (int)((deadline - now) / 1000000) + 1);
			continue;
		}
		return -1;
	}
}
