// SPDX-License-Identifier: GPL-2.0-only
/* A driver host's command line: format and parse round trip, and rejection. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "args.h"

static int count(char **argv)
{
	int n = 0;

	while (argv[n])
		n++;
	return n;
}

/*
 * The expected values are static so that their padding is zero, as the
 * parser's memset leaves it: the structs are compared whole, and a field
 * added later is then checked without touching these tests.
 */
static void test_round_trip(void **unused)
{
	static const struct airlock_host_args a = {
		.name = "uplink", .uid = 990, .gid = 991, .pci = "0000:00:03.0",
		.pool_iova = 0x100000000ULL, .heap_iova = 0xfee00000ULL, .heartbeat_ms = 50,
		.busy_poll_us = 150, .instance = 7, .driver_opt = "side=1 faults=2000,42",
	};
	struct airlock_host_args b;
	char **argv;

	assert_int_equal(airlock_host_args_format(&a, "/usr/libexec/airlock/host", &argv), 0);
	assert_string_equal(argv[0], "/usr/libexec/airlock/host");
	assert_int_equal(airlock_host_args_parse(count(argv), argv, &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	airlock_host_args_free(argv);
}

static void test_minimal(void **unused)
{
	static const struct airlock_host_args a = { .name = "x", .uid = 1, .gid = 2 };
	struct airlock_host_args b;
	char **argv;

	assert_int_equal(airlock_host_args_format(&a, "h", &argv), 0);
	/* Only the required options: argv0 + 3 pairs. */
	assert_int_equal(count(argv), 7);
	assert_int_equal(airlock_host_args_parse(count(argv), argv, &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	airlock_host_args_free(argv);
}

#define REJECT(...)								\
	do {									\
		char *v[] = { "h", __VA_ARGS__, NULL };				\
		struct airlock_host_args out;					\
		memset(&out, 0x5a, sizeof(out));				\
		assert_int_equal(airlock_host_args_parse((int)(sizeof(v) / sizeof(v[0])) - 1, v, &out), -EINVAL); \
		assert_int_equal(((unsigned char *)&out)[0], 0x5a);		\
	} while (0)

static void test_reject(void **unused)
{
	REJECT("--name", "a", "--uid", "1");				/* no --gid */
	REJECT("--name", "a", "--uid", "1", "--gid", "2", "--bogus", "1");
	REJECT("--name", "a", "--uid", "1", "--gid");			/* no value */
	REJECT("--name", "a", "--uid", "-1", "--gid", "2");
	REJECT("--name", "a", "--uid", "4294967295", "--gid", "2");	/* (uid_t)-1 */
	REJECT("--name", "a", "--uid", "1x", "--gid", "2");
	REJECT("--name", "a", "--uid", " 1", "--gid", "2");
	REJECT("--name", "a", "--uid", "1", "--gid", "2", "--heartbeat-ms", "4294967296");
	REJECT("--name", "a", "--uid", "1", "--gid", "2", "--pool-iova", "0xg");
	REJECT("--name", "a", "--uid", "1", "--gid", "2", "--uid", "3");	/* twice */
	REJECT("--name", "", "--uid", "1", "--gid", "2");
	REJECT("--name", "a", "--uid", "1", "--gid", "2", "--pci", "0000:00:03.0-and-much-longer");
}

static void test_format_unterminated(void **unused)
{
	struct airlock_host_args a = { .uid = 1, .gid = 2 };
	char **argv = (char **)0x1;

	memset(a.name, 'x', sizeof(a.name));
	assert_int_equal(airlock_host_args_format(&a, "h", &argv), -EINVAL);
	assert_ptr_equal(argv, (char **)0x1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_format_unterminated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
