/* SPDX-License-Identifier: GPL-2.0-only */
/* struct device and dev_* logging. */
#ifndef SHIM_LINUX_DEVICE_H
#define SHIM_LINUX_DEVICE_H

#include <linux/types.h>
#include <linux/printk.h>
#include <linux/kernel.h>
#include <linux/module.h>

struct device;

struct dev_pm_ops {
	int (*suspend)(struct device *dev);
	int (*resume)(struct device *dev);
	int (*freeze)(struct device *dev);
	int (*thaw)(struct device *dev);
	int (*poweroff)(struct device *dev);
	int (*restore)(struct device *dev);
};

#define SIMPLE_DEV_PM_OPS(name, suspend_fn, resume_fn) \
	const struct dev_pm_ops name = { \
		.suspend = (suspend_fn), .resume = (resume_fn), \
		.freeze = (suspend_fn), .thaw = (resume_fn), \
		.poweroff = (suspend_fn), .restore = (resume_fn), }
#define pm_sleep_ptr(p) (p)
/* CONFIG_PM off (linux/pm_runtime.h): no runtime PM callbacks. */
#define SET_RUNTIME_PM_OPS(suspend_fn, resume_fn, idle_fn)
#define SET_SYSTEM_SLEEP_PM_OPS(suspend_fn, resume_fn) \
	.suspend = (suspend_fn), .resume = (resume_fn), .freeze = (suspend_fn), \
	.thaw = (resume_fn), .poweroff = (suspend_fn), .restore = (resume_fn),
#define pm_ptr(p) (p)

struct device_driver {
	const char *name;
	const struct dev_pm_ops *pm;
};

struct device {
	struct device *parent;
	const char *name;		/* e.g. the PCI address */
	void *driver_data;
	u64 *dma_mask;
	u64 coherent_dma_mask;
	bool can_wakeup;
	bool wakeup_enabled;
};

static inline const char *dev_name(const struct device *dev)
{
	return dev && dev->name ? dev->name : "(none)";
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

static inline bool device_can_wakeup(struct device *dev)
{
	return dev->can_wakeup;
}

static inline int device_set_wakeup_enable(struct device *dev, bool enable)
{
	dev->wakeup_enabled = enable;
	return 0;
}

static inline bool device_may_wakeup(struct device *dev)
{
	return dev->can_wakeup && dev->wakeup_enabled;
}

static inline int device_wakeup_enable(struct device *dev)
{
	return device_set_wakeup_enable(dev, true);
}

#define device_init_wakeup(dev, val) ((dev)->can_wakeup = (dev)->wakeup_enabled = (val), 0)

#define dev_printk(level, dev, fmt, ...) printk(level "%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_emerg(dev, fmt, ...) dev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define dev_err(dev, fmt, ...) dev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...) dev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_notice(dev, fmt, ...) dev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) dev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...) do { if (0) dev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__); } while (0)

#endif
