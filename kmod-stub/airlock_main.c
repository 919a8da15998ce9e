// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlock.ko: the kernel side of Airlock. It registers /dev/airlock, through
 * which a privileged supervisor creates proxy devices whose driver runs in a
 * user process. This file holds the module's entry points and the misc device.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include <airlock/abi.h>

static long airlock_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case AIRLOCK_IOC_GET_VERSION: {
		struct airlock_version v = { .abi_version = AIRLOCK_ABI_VERSION };

		return copy_to_user(uarg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}

static const struct file_operations airlock_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = airlock_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice airlock_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = AIRLOCK_DEVICE_NAME,
	.fops = &airlock_fops,
	.mode = 0600,
};

static int __init airlock_init(void)
{
	int ret;

	ret = misc_register(&airlock_miscdev);
	if (ret)
		return ret;
	pr_info("ABI %u ready on /dev/%s\n", AIRLOCK_ABI_VERSION,
		AIRLOCK_DEVICE_NAME);
	return 0;
}

static void __exit airlock_exit(void)
{
	misc_deregister(&airlock_miscdev);
}

module_init(airlock_init);
module_exit(airlock_exit);

MODULE_DESCRIPTION("Airlock: proxy devices for drivers in sandboxed user processes");
MODULE_LICENSE("GPL");
