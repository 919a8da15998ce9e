// SPDX-License-Identifier: GPL-2.0-only
/* The shim's printk: whole lines with their level, pr_cont joined into one. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/printk.h>

/* Runs @print with stderr in a file; returns what it wrote (static buffer). */
static const char *captured(void (*print)(void))
{
	static char out[4096];
	FILE *f = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n;

	assert_non_null(f);
	assert_true(saved >= 0);
	fflush(stderr);
	assert_true(dup2(fileno(f), STDERR_FILENO) >= 0);
	print();
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	return out;
}

static void print_cont_line(void)
{
	printk(KERN_INFO "link %s", "up");
	pr_cont(", %d Mbps", 1000);
	pr_cont(", %s duplex", "full");
	pr_cont("\n");
}

static void test_cont_makes_one_line(void **state)
{
	assert_string_equal(captured(print_cont_line), "<6>link up, 1000 Mbps, full duplex\n");
}

static void print_open_then_new(void)
{
	printk(KERN_WARNING "left open");
	printk(KERN_ERR "next\n");
}

static void test_new_message_ends_an_open_line(void **state)
{
	assert_string_equal(captured(print_open_then_new), "<4>left open\n<3>next\n");
}

static void print_two_lines(void)
{
	printk(KERN_NOTICE "a\nb\n");
}

static void test_each_line_gets_its_level(void **state)
{
	assert_string_equal(captured(print_two_lines), "<5>a\n<5>b\n");
}

static void print_long_line(void)
{
	char text[701];

	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	printk(KERN_INFO "%s", text);
	memset(text, 'y', sizeof(text) - 1);
	pr_cont("%s", text);
	pr_cont("\n");
}

static void test_long_line_in_pieces(void **state)
{
	const char *out = captured(print_long_line);
	const char *second = strchr(out, '\n');

	/* 1,400 bytes, the shim's buffer 1,024: two lines, each with its level. */
	assert_non_null(second);
	assert_int_equal(second - out, 3 + 1024);
	assert_memory_equal(out, "<6>xxx", 6);
	assert_memory_equal(second, "\n<6>yyy", 7);
	assert_int_equal(strlen(second + 1), 3 + 376 + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cont_makes_one_line),
		cmocka_unit_test(test_new_message_ends_an_open_line),
		cmocka_unit_test(test_each_line_gets_its_level),
		cmocka_unit_test(test_long_line_in_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
