/* SPDX-License-Identifier: GPL-2.0-only */
/* BUG() ends the driver process: in a hosted driver that is a crash the supervisor handles. */
#ifndef SHIM_LINUX_BUG_H
#define SHIM_LINUX_BUG_H

#include <linux/compiler.h>

void shim_bug(const char *file, int line) __attribute__((noreturn));
void shim_warn(const char *file, int line, const char *cond);

#define BUG() shim_bug(__FILE__, __LINE__)
#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)
#define WARN_ON(cond) ({ int _w = !!(cond); if (unlikely(_w)) shim_warn(__FILE__, __LINE__, #cond); unlikely(_w); })
#define WARN_ON_ONCE(cond) ({ static bool _warned; int _w1 = !!(cond); \
	if (unlikely(_w1) && !_warned) { _warned = true; shim_warn(__FILE__, __LINE__, #cond); } unlikely(_w1); })
#define WARN(cond, fmt...) WARN_ON(cond)
#define WARN_ONCE(cond, fmt...) WARN_ON_ONCE(cond)

#endif
