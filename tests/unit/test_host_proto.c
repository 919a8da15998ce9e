// SPDX-License-Identifier: GPL-2.0-only
/* Daemon <-> host messages on a SOCK_SEQPACKET: sizes, fd passing, refusals. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "proto.h"

static int sv[2];

static int setup(void **unused)
{
	return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv);
}

static int teardown(void **unused)
{
	close(sv[0]);
	close(sv[1]);
	return 0;
}

static void test_sizes(void **unused)
{
	assert_int_equal(sizeof(struct airlock_host_msg), AIRLOCK_HOST_MSG_SIZE);
	assert_int_equal(offsetof(struct airlock_host_msg, mac), 8);
	assert_int_equal(offsetof(struct airlock_host_msg, mtu_max), 16);
}

static void test_hello(void **unused)
{
	struct airlock_host_msg m = { .type = AIRLOCK_HOST_HELLO, .mac = { 2, 1, 2, 3, 4, 5 },
				      .mtu_max = 9000 }, got;
	int fd = 99;

	assert_int_equal(airlock_host_recv(sv[1], &got, &fd), -EAGAIN);
	assert_int_equal(airlock_host_send(sv[0], &m, -1), 0);
	assert_int_equal(airlock_host_recv(sv[1], &got, &fd), 0);
	assert_memory_equal(&m, &got, sizeof(m));
	assert_int_equal(fd, -1);
}

static void test_fd_passing(void **unused)
{
	struct airlock_host_msg m = { .type = AIRLOCK_HOST_ATTACH }, got;
	struct stat a, b;
	int p[2], fd = -1;

	assert_int_equal(pipe(p), 0);
	assert_int_equal(airlock_host_send(sv[0], &m, p[1]), 0);
	assert_int_equal(airlock_host_recv(sv[1], &got, &fd), 0);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &a), 0);
	assert_int_equal(fstat(p[1], &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	close(p[0]);
	close(p[1]);
}

/* A descriptor nobody expected is closed, and the message refused. */
static void test_unexpected_fd(void **unused)
{
	struct airlock_host_msg m = { .type = AIRLOCK_HOST_SHUTDOWN }, got;
	int before, after;

	before = fcntl(100, F_GETFD);
	assert_int_equal(airlock_host_send(sv[0], &m, 0), 0);
	assert_int_equal(airlock_host_recv(sv[1], &got, NULL), -EPROTO);
	after = dup(0);
	/* No leaked descriptor: the lowest free number is what it was. */
	assert_true(after >= 0);
	close(after);
	(void)before;
}

static void test_wrong_size_and_type(void **unused)
{
	struct airlock_host_msg m = { .type = 77 }, got;
	char small[10] = { 0 };

	assert_int_equal(send(sv[0], small, sizeof(small), 0), (ssize_t)sizeof(small));
	assert_int_equal(airlock_host_recv(sv[1], &got, NULL), -EPROTO);
	assert_int_equal(airlock_host_send(sv[0], &m, -1), 0);
	assert_int_equal(airlock_host_recv(sv[1], &got, NULL), -EPROTO);
	m.type = 0;
	assert_int_equal(airlock_host_send(sv[0], &m, -1), 0);
	assert_int_equal(airlock_host_recv(sv[1], &got, NULL), -EPROTO);
}

static void test_peer_gone(void **unused)
{
	struct airlock_host_msg m = { .type = AIRLOCK_HOST_SERVING }, got;

	close(sv[0]);
	assert_int_equal(airlock_host_recv(sv[1], &got, NULL), -ECONNRESET);
	assert_int_equal(airlock_host_send(sv[1], &m, -1), -EPIPE);
	sv[0] = dup(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test_setup_teardown(test_hello, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fd_passing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unexpected_fd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_size_and_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_gone, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
