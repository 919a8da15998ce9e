// SPDX-License-Identifier: GPL-2.0-only
/* The driver process's log: stderr, a pipe to airlockd's log, whole lines. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <airlock/host.h>

#include "runtime.h"

void airlock_rt_log(const struct airlock_rt *rt, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	ssize_t w;
	int n;

	(void)rt;
	memcpy(line, "host: ", 6);
	va_start(ap, fmt);
	n = vsnprintf(line + 6, sizeof(line) - 7, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	n += 6;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* One write per line (the daemon's log pipe sees whole lines), no stdio. */
	w = write(AIRLOCK_HOST_FD_LOG, line, (size_t)n);
	(void)w;
}
