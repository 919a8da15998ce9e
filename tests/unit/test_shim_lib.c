// SPDX-License-Identifier: GPL-2.0-only
/* The shim's bit operations, sk_buff data helpers and BUG(), as drivers use them. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/skbuff.h>
#include <linux/bug.h>
#include <linux/crc32.h>
#include <linux/moduleparam.h>
#include <linux/mii.h>

#include "env.h"

static void test_bitops_across_words(void **state)
{
	unsigned long map[BITS_TO_LONGS(130)] = { 0 };

	assert_int_equal(ARRAY_SIZE(map), 3);
	set_bit(0, map);
	set_bit(63, map);
	set_bit(64, map);
	set_bit(129, map);
	assert_int_equal(map[0], 0x8000000000000001UL);
	assert_int_equal(map[1], 1UL);
	assert_int_equal(map[2], 2UL);
	assert_true(test_bit(64, map));
	assert_false(test_bit(65, map));
	assert_true(test_and_clear_bit(63, map));
	assert_false(test_and_clear_bit(63, map));
	assert_false(test_and_set_bit(100, map));
	assert_true(test_and_set_bit(100, map));
	__clear_bit(100, map);
	assert_false(test_bit(100, map));
	change_bit(5, map);
	assert_true(test_bit(5, map));
	assert_int_equal(fls(0), 0);
	assert_int_equal(fls(1), 1);
	assert_int_equal(fls(0x80000000u), 32);
}

/* skb data comes from the DMA heap (shim/dma.c), as a driver process has one. */
static int heap_setup(void **state)
{
	void *heap = aligned_alloc(PAGE_SIZE, 16 * PAGE_SIZE);

	return heap && shim_dma_heap_init(heap, 16 * PAGE_SIZE, 0x100000) == 0 ? 0 : -1;
}

static void test_skb_head_ops(void **state)
{
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	unsigned char *p;

	assert_non_null(skb);
	skb_reserve(skb, 64);
	assert_int_equal(skb_headroom(skb), 64);
	assert_int_equal(skb->len, 0);
	p = skb_put(skb, 100);
	assert_ptr_equal(p, skb->data);
	memset(p, 0xab, 100);
	assert_int_equal(skb->len, 100);
	assert_int_equal(skb_tailroom(skb), 256 - 64 - 100);
	p = skb_push(skb, 14);
	assert_int_equal(skb->len, 114);
	assert_int_equal(skb_headroom(skb), 50);
	p = skb_pull(skb, 14);
	assert_int_equal(p[0], 0xab);
	assert_int_equal(skb->len, 100);
	skb_trim(skb, 40);
	assert_int_equal(skb->len, 40);
	assert_int_equal(skb_headlen(skb), 40);
	/* Pulling more than there is fails and leaves the skb alone. */
	assert_null(skb_pull(skb, 41));
	assert_int_equal(skb->len, 40);
	kfree_skb(skb);
}

/* Short frames are padded with zeros, never with what the buffer held before. */
static void test_skb_padto_zeroes(void **state)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);
	unsigned int i;

	assert_non_null(skb);
	memset(skb->head, 0xff, 128);
	skb_put(skb, 20);
	assert_int_equal(skb_padto(skb, 60), 0);
	for (i = 20; i < 60; i++)
		assert_int_equal(skb->data[i], 0);
	kfree_skb(skb);
}

/*
 * CRC-32 as hash filters use it: the check value of "123456789" before the
 * final inversion, and ether_crc's top 6 bits for the IPv6 all-nodes and
 * a solicited-node group (8139cp's MAR bit; values from zlib, reversed).
 */
static void test_crc32_and_ether_crc(void **state)
{
	static const u8 all_nodes[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	static const u8 solicited[6] = { 0x33, 0x33, 0xff, 0, 0, 1 };

	assert_int_equal(crc32_le(~0U, (const unsigned char *)"123456789", 9), 0x340bc6d9);
	assert_int_equal(ether_crc_le(6, all_nodes), 0x5d55d99f);
	assert_int_equal(ether_crc(6, all_nodes), 0xf99baaba);
	assert_int_equal(ether_crc(6, all_nodes) >> 26, 62);
	assert_int_equal(ether_crc(6, solicited) >> 26, 29);
	assert_int_equal(bitrev32(0x00000001), 0x80000000);
}

static bool use_feature;
module_param(use_feature, bool, 0);

/* module_param(x, bool, ...) compiles and takes modprobe's y/n/1/0. */
static void test_bool_module_param(void **state)
{
	assert_int_equal(shim_param_set("use_feature=y"), 0);
	assert_true(use_feature);
	assert_int_equal(shim_param_set("use_feature=0"), 0);
	assert_false(use_feature);
	assert_int_equal(shim_param_set("use_feature=maybe"), -EINVAL);
}

#define CONFIG_SHIM_TEST_BUILTIN 1
#define CONFIG_SHIM_TEST_MOD_MODULE 1

/* IS_ENABLED as the kernel's: usable in #if and in C, 0 for an unset option. */
static void test_is_enabled(void **state)
{
#if IS_ENABLED(CONFIG_SHIM_TEST_UNSET) || !IS_ENABLED(CONFIG_SHIM_TEST_BUILTIN)
	fail();
#endif
	assert_int_equal(IS_ENABLED(CONFIG_SHIM_TEST_UNSET), 0);
	assert_int_equal(IS_ENABLED(CONFIG_SHIM_TEST_BUILTIN), 1);
	assert_int_equal(IS_BUILTIN(CONFIG_SHIM_TEST_MOD), 0);
	assert_int_equal(IS_MODULE(CONFIG_SHIM_TEST_MOD), 1);
	assert_int_equal(IS_ENABLED(CONFIG_SHIM_TEST_MOD), 1);
}

/* mii.c's conversions: each mode survives a round trip; the best common mode wins. */
static void test_mii_conversions(void **state)
{
	u32 modes = ADVERTISED_10baseT_Half | ADVERTISED_10baseT_Full | ADVERTISED_100baseT_Half |
		    ADVERTISED_100baseT_Full | ADVERTISED_Pause | ADVERTISED_Asym_Pause;

	assert_int_equal(mii_adv_to_ethtool_adv_t(ethtool_adv_to_mii_adv_t(modes)), modes);
	assert_int_equal(mii_ctrl1000_to_ethtool_adv_t(ethtool_adv_to_mii_ctrl1000_t(
				 ADVERTISED_1000baseT_Full)), ADVERTISED_1000baseT_Full);
	assert_int_equal(mii_lpa_to_ethtool_lpa_t(LPA_LPACK | LPA_100FULL),
			 ADVERTISED_Autoneg | ADVERTISED_100baseT_Full);
	assert_int_equal(mii_stat1000_to_ethtool_lpa_t(LPA_1000FULL), ADVERTISED_1000baseT_Full);
	assert_int_equal(mii_nway_result(LPA_100FULL | LPA_10HALF), LPA_100FULL);
	assert_int_equal(mii_nway_result(LPA_100HALF | LPA_10FULL), LPA_100HALF);
	assert_int_equal(mii_nway_result(0), LPA_10HALF);
	assert_int_equal(mii_duplex(0, LPA_10FULL), 1);
	assert_int_equal(mii_duplex(0, LPA_100HALF), 0);
	assert_int_equal(mii_duplex(1, 0), 1);
}

/*
 * BUG() in its PID namespace's init, as a driver runs under airlockd: the
 * process must die of SIGILL, as from the kernel's BUG(). abort() does not
 * work there (init ignores its own SIGABRT) and ends in SIGSEGV, or under
 * the sandbox's seccomp filter in SIGSYS, which reads as a seccomp
 * violation. Skipped where a PID namespace cannot be made (not root).
 */
static void test_bug_traps_as_pid_namespace_init(void **state)
{
	pid_t outer = fork(), init;
	int status;

	assert_true(outer >= 0);
	if (outer == 0) {
		if (unshare(CLONE_NEWPID) < 0)
			_exit(100);
		init = fork();
		if (init == 0) {
			const int faults[] = { SIGILL, SIGSEGV, SIGSYS, SIGABRT };
			int null = open("/dev/null", O_WRONLY);
			size_t i;

			/* cmocka's (and ASan's) handlers would catch the fault. */
			for (i = 0; i < ARRAY_SIZE(faults); i++)
				signal(faults[i], SIG_DFL);
			dup2(null, STDERR_FILENO);	/* the BUG line */
			BUG();
		}
		if (init < 0 || waitpid(init, &status, 0) != init)
			_exit(101);
		_exit(WIFSIGNALED(status) ? WTERMSIG(status) : 102);
	}
	assert_int_equal(waitpid(outer, &status, 0), outer);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 100)
		skip();
	assert_int_equal(WEXITSTATUS(status), SIGILL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bitops_across_words),
		cmocka_unit_test(test_skb_head_ops),
		cmocka_unit_test(test_skb_padto_zeroes),
		cmocka_unit_test(test_crc32_and_ether_crc),
		cmocka_unit_test(test_mii_conversions),
		cmocka_unit_test(test_is_enabled),
		cmocka_unit_test(test_bool_module_param),
		cmocka_unit_test(test_bug_traps_as_pid_namespace_init),
	};

	return cmocka_run_group_tests(tests, heap_setup, NULL);
}
