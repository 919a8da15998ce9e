/* SPDX-License-Identifier: GPL-2.0-only */
/* Drivers include it out of habit; one thread runs everything (docs/porting.md). */
#ifndef SHIM_LINUX_SCHED_H
#define SHIM_LINUX_SCHED_H

#include <linux/jiffies.h>

#endif
