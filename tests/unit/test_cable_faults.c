// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cable host's fault schedule (drivers/cable/faults.c): the option, the
 * same faults from the same seed and instance, different ones otherwise,
 * every kind drawn, points and delays within their rules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fault-plan.h"
#include "faults.h"

static void test_parse(void **unused)
{
	uint32_t period = 77;
	uint64_t seed = 77;

	assert_int_equal(fault_plan_parse("2000,42", &period, &seed), 0);
	assert_int_equal(period, 2000);
	assert_int_equal(seed, 42);
	assert_int_equal(fault_plan_parse("10,0x10", &period, &seed), 0);
	assert_int_equal(seed, 16);

	period = 77;
	seed = 77;
	assert_int_equal(fault_plan_parse("2000", &period, &seed), -EINVAL);
	assert_int_equal(fault_plan_parse("9,1", &period, &seed), -EINVAL);
	assert_int_equal(fault_plan_parse("3600001,1", &period, &seed), -EINVAL);
	assert_int_equal(fault_plan_parse("-5,1", &period, &seed), -EINVAL);
	assert_int_equal(fault_plan_parse("100,", &period, &seed), -EINVAL);
	assert_int_equal(fault_plan_parse("100,1x", &period, &seed), -EINVAL);
	assert_int_equal(fault_plan_parse("100,-1", &period, &seed), -EINVAL);
	assert_int_equal(fault_plan_parse("", &period, &seed), -EINVAL);
	assert_int_equal(fault_plan_parse(NULL, &period, &seed), -EINVAL);
	/* Untouched on failure. */
	assert_int_equal(period, 77);
	assert_int_equal(seed, 77);
}

/* The first 32 faults of an instance, surviving each. */
static void sequence(uint64_t seed, uint32_t instance, struct cable_fault out[32])
{
	struct cable_faults f;

	cable_faults_init(&f, 1000, seed, instance);
	cable_faults_arm(&f, 5000);
	for (int i = 0; i < 32; i++) {
		out[i] = f.next;
		cable_faults_next(&f, 5000);
	}
}

static void test_deterministic(void **unused)
{
	struct cable_fault a[32], b[32], c[32], d[32];

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(c, 0, sizeof(c));
	memset(d, 0, sizeof(d));
	sequence(42, 3, a);
	sequence(42, 3, b);
	sequence(42, 4, c);
	sequence(43, 3, d);
	assert_memory_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, c, sizeof(a));
	assert_memory_not_equal(a, d, sizeof(a));
}

static void test_rules(void **unused)
{
	unsigned int kinds[CABLE_FAULT_COUNT] = { 0 }, control = 0;

	for (uint32_t inst = 1; inst <= 2000; inst++) {
		struct cable_faults f;

		cable_faults_init(&f, 1000, 7, inst);
		assert_int_equal(f.due_ms, 0);
		if (f.next.point != CABLE_POINT_CONTROL)	/* not armed yet */
			assert_false(cable_faults_due(&f, f.next.point, UINT64_MAX));
		if (f.next.point == CABLE_POINT_CONTROL) {
			/* Fires on the replay, before the clock is armed. */
			assert_true(cable_faults_due(&f, CABLE_POINT_CONTROL, 0));
			assert_int_equal(f.next.delay_ms, 0);
			assert_int_equal(cable_fault_effect(f.next.kind), CABLE_EFFECT_RESTART);
			control++;
		}
		for (int i = 0; i < 8; i++) {
			const struct cable_fault *n = &f.next;

			kinds[n->kind]++;
			if (i > 0)
				assert_int_not_equal(n->point, CABLE_POINT_CONTROL);
			if (n->kind == CABLE_FAULT_TX_RETURN)
				assert_int_equal(n->point, CABLE_POINT_TX_HELD);
			if (cable_fault_effect(n->kind) != CABLE_EFFECT_RESTART && n->kind != CABLE_FAULT_TX_RETURN)
				assert_int_equal(n->point, CABLE_POINT_POLL);
			if (n->point != CABLE_POINT_CONTROL) {
				assert_in_range(n->delay_ms, 500, 1500);
				cable_faults_arm(&f, 10000);
				assert_false(cable_faults_due(&f, n->point, 10000 + n->delay_ms - 1));
				assert_true(cable_faults_due(&f, n->point, 10000 + n->delay_ms));
				assert_false(cable_faults_due(&f, (n->point + 1) % CABLE_POINT_COUNT,
							      10000 + n->delay_ms));
			}
			cable_faults_next(&f, 10000);
		}
		/* A doomed instance injects nothing more. */
		f.doomed = true;
		assert_false(cable_faults_due(&f, f.next.point, UINT64_MAX));
	}
	for (int k = 0; k < CABLE_FAULT_COUNT; k++) {
		assert_true(kinds[k] > 2000 * 8 / CABLE_FAULT_COUNT / 2);
		assert_string_not_equal(cable_fault_kind_name(k), "unknown");
	}
	assert_true(control > 0);
	/* Disabled: never due. */
	struct cable_faults off = { 0 };

	assert_false(cable_faults_due(&off, CABLE_POINT_POLL, UINT64_MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
