// SPDX-License-Identifier: GPL-2.0-only
/* airlockd's configuration parser: good files, defaults, and each error with its line. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

static struct config cfg;
static char err[512];

static int parse(const char *text)
{
	err[0] = '\0';
	return config_parse_string(text, "t.conf", "/usr/libexec/airlock", &cfg, err, sizeof(err));
}

/* The parse fails and the message is exactly "t.conf:LINE: ..." containing @what. */
static void expect_error(const char *text, unsigned int line, const char *what)
{
	char prefix[32];

	assert_int_equal(parse(text), -EINVAL);
	snprintf(prefix, sizeof(prefix), "t.conf:%u: ", line);
	if (strncmp(err, prefix, strlen(prefix)) || !strstr(err, what))
		fail_msg("want '%s...%s', got '%s'", prefix, what, err);
}

static void test_full(void **state)
{
	assert_int_equal(parse("; a comment\n"
			       "[daemon]\n"
			       "host-dir = /opt/airlock/hosts\n"
			       "socket = /tmp/a.sock\n"
			       "\n"
			       "[device nic0]\n"
			       "driver = e1000\n"
			       "pci = 0000:00:03.0\n"
			       "interface = lan0\n"
			       "tx-policy = drop\n"
			       "restart-backoff-ms = 20, 4000\n"
			       "crash-budget = 3/10s\n"
			       "heartbeat-timeout-ms = 250\n"
			       "user = nobody\n"
			       "return-device = no\n"),
			 0);
	assert_string_equal(cfg.host_dir, "/opt/airlock/hosts");
	assert_string_equal(cfg.socket_path, "/tmp/a.sock");
	assert_int_equal(cfg.n_devices, 1);
	assert_string_equal(cfg.devices[0].name, "nic0");
	assert_int_equal(cfg.devices[0].driver, CONFIG_DRIVER_LINUX);
	assert_string_equal(config_driver_name(&cfg.devices[0]), "e1000");
	assert_string_equal(cfg.devices[0].pci, "0000:00:03.0");
	assert_string_equal(cfg.devices[0].interface, "lan0");
	assert_int_equal(cfg.devices[0].tx_policy, AIRLOCK_TX_POLICY_DROP);
	assert_int_equal(cfg.devices[0].backoff_initial_ms, 20);
	assert_int_equal(cfg.devices[0].backoff_max_ms, 4000);
	assert_int_equal(cfg.devices[0].budget_crashes, 3);
	assert_int_equal(cfg.devices[0].budget_window_ms, 10000);
	assert_int_equal(cfg.devices[0].heartbeat_timeout_ms, 250);
	assert_int_equal(cfg.devices[0].uid, 65534);
	assert_false(cfg.devices[0].return_device);
	assert_int_equal(cfg.devices[0].line, 6);
	assert_string_equal(config_host_binary(&cfg.devices[0]), "airlock-host-e1000");
}

static void test_defaults_and_cable(void **state)
{
	assert_int_equal(parse("[device a]\ndriver = cable\ncable = c1\n"
			       "[device b]\ndriver = cable\ncable = c1\nhost = airlock-host-cable-faulty\n"
			       "driver-options = faults=500,7\n"),
			 0);
	assert_string_equal(cfg.host_dir, "/usr/libexec/airlock");
	assert_string_equal(cfg.socket_path, CONFIG_DEFAULT_SOCKET);
	assert_int_equal(cfg.n_devices, 2);
	assert_string_equal(cfg.devices[0].interface, "air%d");
	assert_int_equal(cfg.devices[0].tx_policy, AIRLOCK_TX_POLICY_HOLD);
	assert_true(cfg.devices[0].return_device);
	assert_int_equal(cfg.devices[0].cable_side, 0);
	assert_int_equal(cfg.devices[1].cable_side, 1);
	assert_string_equal(config_host_binary(&cfg.devices[0]), "airlock-host-cable");
	assert_string_equal(config_host_binary(&cfg.devices[1]), "airlock-host-cable-faulty");
	assert_string_equal(cfg.devices[0].driver_options, "");
	assert_string_equal(cfg.devices[1].driver_options, "faults=500,7");
	/* No 'user =': each driver its own uid and gid, never nobody's. */
	assert_int_equal(cfg.devices[0].uid, CONFIG_DRIVER_UID_FIRST);
	assert_int_equal(cfg.devices[0].gid, CONFIG_DRIVER_UID_FIRST);
	assert_int_equal(cfg.devices[1].uid, CONFIG_DRIVER_UID_FIRST + 1);
	assert_int_equal(cfg.devices[1].gid, CONFIG_DRIVER_UID_FIRST + 1);
}

static void test_budget_units(void **state)
{
	assert_int_equal(parse("[device a]\ndriver = e1000\npci = 0000:00:03.0\ncrash-budget = 2/500ms\n"), 0);
	assert_int_equal(cfg.devices[0].budget_window_ms, 500);
	assert_int_equal(parse("[device a]\ndriver = e1000\npci = 0000:00:03.0\ncrash-budget = 7/2m\n"), 0);
	assert_int_equal(cfg.devices[0].budget_crashes, 7);
	assert_int_equal(cfg.devices[0].budget_window_ms, 120000);
}

/* driver = dpdk: a PCI device, its own host, PMD options through driver-options. */
static void test_dpdk(void **state)
{
	assert_int_equal(parse("[device a]\ndriver = dpdk\npci = 0000:00:03.0\n"
			       "driver-options = devargs=k=v vfio-intr=legacy\n"), 0);
	assert_int_equal(cfg.devices[0].driver, CONFIG_DRIVER_DPDK);
	assert_string_equal(config_host_binary(&cfg.devices[0]), "airlock-host-dpdk");
	assert_string_equal(cfg.devices[0].driver_options, "devargs=k=v vfio-intr=legacy");
	expect_error("[device a]\ndriver = dpdk\n", 1, "needs 'pci");
}

static void test_liveness_timeouts(void **state)
{
	assert_int_equal(parse("[device a]\ndriver = e1000\npci = 0000:00:03.0\n"), 0);
	assert_int_equal(cfg.devices[0].stall_timeout_ms, 10000);
	assert_int_equal(cfg.devices[0].deaf_timeout_ms, 60000);
	assert_int_equal(cfg.devices[0].busy_poll_us, 0);
	assert_int_equal(parse("[device a]\ndriver = e1000\npci = 0000:00:03.0\ndeaf-timeout-ms = 0\n"), 0);
	assert_int_equal(cfg.devices[0].deaf_timeout_ms, 0);
	assert_int_equal(parse("[device a]\ndriver = e1000\npci = 0000:00:03.0\ndeaf-timeout-ms = 10000\n"), 0);
	assert_int_equal(cfg.devices[0].deaf_timeout_ms, 10000);
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\ndeaf-timeout-ms = 999\n", 4,
		     "deaf-timeout-ms: '999' is neither 0");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\ndeaf-timeout-ms = 3600001\n", 4,
		     "deaf-timeout-ms: '3600001' is neither 0");
}

/* busy-poll-us: off by default, up to CONFIG_BUSY_POLL_MAX_US. */
static void test_busy_poll(void **state)
{
	assert_int_equal(parse("[device a]\ndriver = e1000\npci = 0000:00:03.0\nbusy-poll-us = 200\n"), 0);
	assert_int_equal(cfg.devices[0].busy_poll_us, 200);
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\nbusy-poll-us = 10001\n", 4,
		     "busy-poll-us: '10001' is not a number from 0 to 10000");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\nbusy-poll-us = -1\n", 4,
		     "busy-poll-us");
}

static void test_errors(void **state)
{
	expect_error("[device a]\ndriver = floppy\n", 2, "unknown driver 'floppy'");
	expect_error("[device a]\ndriver = cable\ncable = c\nstall-timeout-ms = 500\n", 4,
		     "stall-timeout-ms: '500' is neither 0");
	expect_error("[device a]\ndriver = cable\ncable = c\nmemory-max = 1M\n", 4,
		     "memory-max: '1M' is not a size");
	expect_error("[device a]\ndriver = e1000\npci = 00:03.0\n", 3, "not a PCI address");
	expect_error("[device a]\ndriver = cable\ncable = c\ndriver-options = \n", 4, "driver-options");
	expect_error("[device a]\ndriver = e1000\n\n\nbogus line here\npci = 0000:00:03.0\n", 5,
		     "not a [section] header");
	expect_error("[device a]\npci = 0000:00:03.0\n", 1, "has no driver");
	expect_error("[device a]\ndriver = e1000\n", 1, "needs 'pci");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\ncolour = blue\n", 4,
		     "unknown key 'colour'");
	expect_error("[devices]\ndriver = e1000\n", 2, "unknown section [devices]");
	expect_error("driver = e1000\n", 1, "outside any section");
	expect_error("[device a]\ndriver = cable\ncable = x\n", 1, "has 1 end(s)");
	expect_error("[device a]\ndriver = cable\n", 1, "needs 'cable");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\nuser = root\n", 4, "is root");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\nuser = no-such-user-here\n", 4,
		     "no such user");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\ncrash-budget = 5\n", 4,
		     "crash-budget");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\nrestart-backoff-ms = 900,10\n", 4,
		     "restart-backoff-ms");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\ninterface = a/b\n", 4,
		     "interface");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\ntx-policy = keep\n", 4,
		     "tx-policy");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\n"
		     "[device b]\ndriver = e1000\npci = 0000:00:03.0\n", 4, "already [device a]");
	expect_error("[device a]\ndriver = e1000\npci = 0000:00:03.0\n[device b]\n", 4, "has no keys");
	expect_error("[device a]\ndriver = cable\ncable = c\n\n[device  a]\ndriver = cable\n"
		     "cable = c\n", 5, "[device  a] appears twice (first on line 1)");
	expect_error("[daemon]\n[device a]\ndriver = cable\ncable = c\n[daemon]\n", 5,
		     "[daemon] appears twice");
	expect_error("[daemon]\nhost-dir = relative\n", 2, "host-dir");
	expect_error("[daemon]\n", 1, "no [device NAME]");
	/* The first error wins, even when a later handler error came first in time. */
	expect_error("[device a]\nnot a key\ndriver = floppy\n", 2, "not a [section]");
}

static void test_file(void **state)
{
	char path[] = "/tmp/airlock-test-config-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("[device x]\ndriver = e1000\npci = 0000:00:03.0\nheartbeat-timeout-ms = 5\n", f);
	fclose(f);
	assert_int_equal(config_parse_file(path, "/h", &cfg, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, ":4: heartbeat-timeout-ms"));
	unlink(path);
	assert_int_equal(config_parse_file(path, "/h", &cfg, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_defaults_and_cable),
		cmocka_unit_test(test_budget_units),
		cmocka_unit_test(test_dpdk),
		cmocka_unit_test(test_liveness_timeouts),
		cmocka_unit_test(test_busy_poll),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
