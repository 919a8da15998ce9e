/* SPDX-License-Identifier: GPL-2.0-only */
/* System sleep: never entered from a driver process (its PM callbacks are never called). */
#ifndef SHIM_LINUX_SUSPEND_H
#define SHIM_LINUX_SUSPEND_H

#include <linux/types.h>

static inline bool pm_suspend_via_firmware(void) { return false; }
static inline bool pm_suspend_no_platform(void) { return false; }

#endif
