// SPDX-License-Identifier: GPL-2.0-only
/* The DPDK family's driver-options (drivers/dpdk/options.c): each key, and refusals. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dpdk.h"

static int parse(struct dpdk_host *h, const char *opts, char *why)
{
	memset(h, 0, sizeof(*h));
	why[0] = 0;
	return dpdk_options_parse(h, opts, why, 192);
}

/* No zero-copy= is the default: copying, as before the option existed. */
static void test_default_copies(void **unused)
{
	struct dpdk_host h;
	char why[192];

	assert_int_equal(parse(&h, "", why), 0);
	assert_false(h.zc_on);
	assert_int_equal(parse(&h, "vfio-intr=legacy devargs=a=1,b=2", why), 0);
	assert_false(h.zc_on);
	assert_string_equal(h.vfio_intr, "legacy");
	assert_string_equal(h.devargs, "a=1,b=2");
	(void)unused;
}

static void test_zero_copy_on_off(void **unused)
{
	struct dpdk_host h;
	char why[192];

	assert_int_equal(parse(&h, "vfio-intr=legacy zero-copy=on", why), 0);
	assert_true(h.zc_on);
	/* The last word wins, as for the other keys. */
	assert_int_equal(parse(&h, "zero-copy=on zero-copy=off", why), 0);
	assert_false(h.zc_on);
	(void)unused;
}

/* Anything but on or off is refused with a line that says what is allowed. */
static void test_zero_copy_bad_values(void **unused)
{
	static const char *const bad[] = {
		"zero-copy=yes", "zero-copy=", "zero-copy=ON", "zero-copy=on,", "zero-copy=1",
	};
	struct dpdk_host h;
	char why[192];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(&h, bad[i], why), -EINVAL);
		assert_false(h.zc_on);
		assert_non_null(strstr(why, "zero-copy= takes on or off"));
		assert_non_null(strstr(why, bad[i]));
	}
	(void)unused;
}

static void test_unknown_and_long(void **unused)
{
	struct dpdk_host h;
	char why[192], longer[200];

	assert_int_equal(parse(&h, "zerocopy=on", why), -EINVAL);
	assert_non_null(strstr(why, "unknown or bad option 'zerocopy=on'"));
	assert_non_null(strstr(why, "zero-copy=on|off"));
	assert_int_equal(parse(&h, "vfio-intr=auto", why), -EINVAL);
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = 0;
	assert_int_equal(parse(&h, longer, why), -EINVAL);
	assert_non_null(strstr(why, "longer than"));
	(void)unused;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_copies),
		cmocka_unit_test(test_zero_copy_on_off),
		cmocka_unit_test(test_zero_copy_bad_values),
		cmocka_unit_test(test_unknown_and_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
