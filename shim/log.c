// SPDX-License-Identifier: GPL-2.0-only
/*
 * printk and friends: whole lines on stderr, which the supervisor collects
 * into its log, one entry per line. The kernel's "\001N" level prefix
 * becomes "<N>", as in /dev/kmsg, so the log keeps severities. A line
 * built by pr_cont (a hex dump, a list of flags) is written whole at its
 * newline, as the kernel's printk does, not a level prefix per piece.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/jiffies.h>

/* The line being built; a driver runs on one thread (wait.c). */
static struct {
	char text[1024];
	size_t len;
	char level;
} pending;

/* Writes the line built so far, if any, ended by a newline. */
static void line_flush(void)
{
	if (!pending.len)
		return;
	fprintf(stderr, "<%c>%.*s\n", pending.level, (int)pending.len, pending.text);
	pending.len = 0;
}

/* Adds @s to the line, writing each line whole at its newline. */
static void line_add(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || pending.len == sizeof(pending.text)) {
			/* A line longer than the buffer goes out in pieces. */
			if (!pending.len && *s == '\n')
				fprintf(stderr, "<%c>\n", pending.level);
			line_flush();
			if (*s == '\n')
				continue;
		}
		pending.text[pending.len++] = *s;
	}
}

int shim_printk(const char *fmt, ...)
{
	char level = '6', text[sizeof(pending.text)];
	va_list ap;
	int n;

	if (fmt[0] == '\001' && fmt[1]) {
		level = fmt[1];
		fmt += 2;
	}
	if (level != 'c') {
		/* A new message: a line left open by the last one ends here. */
		line_flush();
		pending.level = level;
	} else if (!pending.len && !pending.level) {
		pending.level = '6';	/* pr_cont with nothing before it */
	}
	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	line_add(text);
	return n;
}

/* What a driver printed last, before the process ends. */
__attribute__((destructor)) static void line_flush_at_exit(void)
{
	line_flush();
}

void shim_bug(const char *file, int line)
{
	line_flush();
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
	line_flush();
	fprintf(stderr, "<4>WARNING at %s:%d: %s\n", file, line, cond);
}

void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii)
{
	const u8 *p = buf;
	size_t i;

	line_flush();
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
