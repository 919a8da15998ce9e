// SPDX-License-Identifier: GPL-2.0-only
/*
 * printk and friends: one line per call on stderr, which the supervisor
 * collects into its log. The kernel's "\001N" level prefix becomes "<N>",
 * as in /dev/kmsg, so the log keeps severities.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/jiffies.h>

int shim_printk(const char *fmt, ...)
{
	char level = '6';
	va_list ap;
	int n;

	if (fmt[0] == '\001' && fmt[1]) {
		level = fmt[1];
		fmt += 2;
	}
	if (level == 'c')
		level = '6';
	va_start(ap, fmt);
	fprintf(stderr, "<%c>", level);
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return n;
}

void shim_bug(const char *file, int line)
{
	fprintf(stderr, "<0>BUG at %s:%d\n", file, line);
	/*
	 * As the kernel's BUG(): an invalid instruction, so the supervisor sees
	 * SIGILL. Not abort(): a driver under airlockd is its PID namespace's
	 * init, which ignores its own SIGABRT, and glibc's fallbacks then end
	 * it by a forbidden system call (reported as a seccomp violation) or
	 * by SIGSEGV.
	 */
	__builtin_trap();
}

void shim_warn(const char *file, int line, const char *cond)
{
	fprintf(stderr, "<4>WARNING at %s:%d: %s\n", file, line, cond);
}

void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii)
{
	const u8 *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		if (i % (size_t)rowsize == 0)
			fprintf(stderr, "%s%s%s%06zx:", i ? "\n" : "", level, prefix_str, i);
		fprintf(stderr, " %02x", p[i]);
	}
	fprintf(stderr, "\n");
}

/* At most 10 messages per 5 s, as the kernel's default ratelimit. */
int net_ratelimit(void)
{
	static unsigned long window_start;
	static unsigned int printed;
	unsigned long now = jiffies;

	if (time_after(now, window_start + 5 * HZ)) {
		window_start = now;
		printed = 0;
	}
	return printed++ < 10;
}
