/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Runtime power management, as the kernel's header is with CONFIG_PM off:
 * the device is always active, gets and puts only count. A driver process
 * never suspends its device; the supervisor owns its power state.
 */
#ifndef SHIM_LINUX_PM_RUNTIME_H
#define SHIM_LINUX_PM_RUNTIME_H

#include <linux/device.h>

static inline bool pm_runtime_suspended(struct device *dev) { return false; }
static inline bool pm_runtime_active(struct device *dev) { return true; }
static inline int pm_runtime_get_sync(struct device *dev) { return 1; }
static inline void pm_runtime_get_noresume(struct device *dev) { }
static inline int pm_runtime_put(struct device *dev) { return 0; }
static inline int pm_runtime_put_sync(struct device *dev) { return 0; }
static inline void pm_runtime_put_noidle(struct device *dev) { }
static inline int pm_runtime_resume(struct device *dev) { return 0; }
static inline int pm_runtime_idle(struct device *dev) { return 0; }
static inline void pm_runtime_allow(struct device *dev) { }
static inline void pm_runtime_forbid(struct device *dev) { }
static inline void pm_runtime_set_active(struct device *dev) { }
static inline void pm_runtime_enable(struct device *dev) { }
static inline void pm_runtime_disable(struct device *dev) { }
static inline void pm_runtime_use_autosuspend(struct device *dev) { }
static inline void pm_runtime_set_autosuspend_delay(struct device *dev, int delay) { }
static inline int pm_schedule_suspend(struct device *dev, unsigned int delay) { return 0; }
static inline void dev_pm_set_driver_flags(struct device *dev, u32 flags) { }

#define DPM_FLAG_NO_DIRECT_COMPLETE 0x1
#define DPM_FLAG_SMART_PREPARE 0x2
#define DPM_FLAG_SMART_SUSPEND 0x4
#define DPM_FLAG_MAY_SKIP_RESUME 0x8

#endif
