// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlock.ko: the kernel side of Airlock. /dev/airlock lets a privileged
 * supervisor create proxy net_devices whose driver runs in a user process,
 * and attach such a process to one. This file holds the module's entry
 * points, the device table and the ioctls.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/ethtool.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "airlock.h"

DEFINE_MUTEX(airlock_mutex);		/* the table, attach and detach */
struct workqueue_struct *airlock_wq;
static struct airlock_dev *airlock_devs[AIRLOCK_MAX_DEVICES];

struct airlock_dev *airlock_dev_lookup(u32 id)
{
	lockdep_assert_held(&airlock_mutex);
	return id < AIRLOCK_MAX_DEVICES ? airlock_devs[id] : NULL;
}

static long airlock_ioc_create(void __user *uarg)
{
	struct airlock_create req;
	struct airlock_dev *adev;
	u32 id;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	mutex_lock(&airlock_mutex);
	for (id = 0; id < AIRLOCK_MAX_DEVICES && airlock_devs[id]; id++)
		;
	if (id == AIRLOCK_MAX_DEVICES) {
		mutex_unlock(&airlock_mutex);
		return -ENOSPC;
	}
	adev = airlock_netdev_create(&req, id);
	if (IS_ERR(adev)) {
		mutex_unlock(&airlock_mutex);
		return PTR_ERR(adev);
	}
	airlock_devs[id] = adev;
	queue_delayed_work(airlock_wq, &adev->service, AIRLOCK_SERVICE_PERIOD);
	mutex_unlock(&airlock_mutex);

	req.id = id;
	/* The device exists either way; a bad output buffer is the caller's. */
	return copy_to_user(uarg, &req, sizeof(req)) ? -EFAULT : 0;
}

/* Takes the device out of the table and detaches it; caller holds the mutex. */
static struct airlock_dev *airlock_unlist(u32 id)
{
	struct airlock_dev *adev = airlock_dev_lookup(id);
	struct airlock_att *att;

	if (!adev)
		return NULL;
	airlock_devs[id] = NULL;
	att = rcu_dereference_protected(adev->att, lockdep_is_held(&airlock_mutex));
	if (att)
		airlock_detach(att);
	return adev;
}

static long airlock_ioc_destroy(void __user *uarg)
{
	struct airlock_dev *adev;
	u32 id;

	if (get_user(id, (u32 __user *)uarg))
		return -EFAULT;
	mutex_lock(&airlock_mutex);
	adev = airlock_unlist(id);
	mutex_unlock(&airlock_mutex);
	if (!adev)
		return -ENODEV;
	/* unregister_netdev takes rtnl: never under airlock_mutex. */
	airlock_netdev_destroy(adev);
	return 0;
}

static long airlock_ioc_attach(struct airlock_file *af, void __user *uarg)
{
	struct airlock_attach req;
	long ret;

	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	mutex_lock(&airlock_mutex);
	ret = airlock_attach(af, &req);
	mutex_unlock(&airlock_mutex);
	return ret;
}

static long airlock_ioc_detach(struct airlock_file *af)
{
	long ret = -ENOTCONN;

	mutex_lock(&airlock_mutex);
	if (af->att) {
		airlock_detach(af->att);
		ret = 0;
	}
	mutex_unlock(&airlock_mutex);
	return ret;
}

static long airlock_ioc_get_shadow(void __user *uarg)
{
	struct airlock_shadow shadow;
	struct airlock_dev *adev;
	u32 id;

	if (get_user(id, (u32 __user *)uarg))
		return -EFAULT;
	mutex_lock(&airlock_mutex);
	adev = airlock_dev_lookup(id);
	if (adev)
		airlock_shadow_get(adev, &shadow);
	mutex_unlock(&airlock_mutex);
	if (!adev)
		return -ENODEV;
	return copy_to_user(uarg, &shadow, sizeof(shadow)) ? -EFAULT : 0;
}

static long airlock_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct airlock_file *af = file->private_data;
	void __user *uarg = (void __user *)arg;

	if (cmd == AIRLOCK_IOC_GET_VERSION) {
		struct airlock_version v = { .abi_version = AIRLOCK_ABI_VERSION };

		return copy_to_user(uarg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	/*
	 * DETACH is the one call a (capability-less) driver may make on the
	 * file it was handed; everything else is the supervisor's.
	 */
	if (cmd == AIRLOCK_IOC_DETACH)
		return airlock_ioc_detach(af);
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;

	switch (cmd) {
	case AIRLOCK_IOC_CREATE:
		return airlock_ioc_create(uarg);
	case AIRLOCK_IOC_DESTROY:
		return airlock_ioc_destroy(uarg);
	case AIRLOCK_IOC_ATTACH:
		return airlock_ioc_attach(af, uarg);
	case AIRLOCK_IOC_GET_SHADOW:
		return airlock_ioc_get_shadow(uarg);
	default:
		return -ENOTTY;
	}
}

static int airlock_open_file(struct inode *inode, struct file *file)
{
	struct airlock_file *af = kzalloc(sizeof(*af), GFP_KERNEL);

	if (!af)
		return -ENOMEM;
	file->private_data = af;
	return 0;
}

/* The serving process exited, died or closed its file: detach. */
static int airlock_release(struct inode *inode, struct file *file)
{
	struct airlock_file *af = file->private_data;

	mutex_lock(&airlock_mutex);
	if (af->att)
		airlock_detach(af->att);
	mutex_unlock(&airlock_mutex);
	kfree(af);
	return 0;
}

static const struct file_operations airlock_fops = {
	.owner = THIS_MODULE,
	.open = airlock_open_file,
	.release = airlock_release,
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

static void airlock_check_abi(void)
{
	BUILD_BUG_ON(sizeof(struct airlock_ring_hdr) != AIRLOCK_RING_HDR_SIZE);
	BUILD_BUG_ON(sizeof(struct airlock_desc) != AIRLOCK_DESC_SIZE);
	BUILD_BUG_ON(sizeof(struct airlock_ctrl_msg) != AIRLOCK_CTRL_MSG_SIZE);
	BUILD_BUG_ON(sizeof(struct airlock_state) != AIRLOCK_STATE_SIZE);
	BUILD_BUG_ON(sizeof(struct airlock_region_hdr) != AIRLOCK_REGION_HDR_SIZE);
	BUILD_BUG_ON(AIRLOCK_ETH_GSTRING_LEN != ETH_GSTRING_LEN);
	BUILD_BUG_ON(AIRLOCK_ETH_HLEN != ETH_HLEN);
	BUILD_BUG_ON(AIRLOCK_CTRL_MAX_USER_ERRNO != EHWPOISON);
}

static int __init airlock_init(void)
{
	int ret;

	airlock_check_abi();
	airlock_wq = alloc_workqueue("airlock", WQ_UNBOUND, 0);
	if (!airlock_wq)
		return -ENOMEM;
	ret = misc_register(&airlock_miscdev);
	if (ret) {
		destroy_workqueue(airlock_wq);
		return ret;
	}
	pr_info("ABI %u ready on /dev/%s\n", AIRLOCK_ABI_VERSION, AIRLOCK_DEVICE_NAME);
	return 0;
}

/*
 * No file can be open here (each holds a module reference), so no device
 * has an attachment left; the devices themselves go with the module.
 */
static void __exit airlock_exit(void)
{
	struct airlock_dev *adev;
	u32 id;

	misc_deregister(&airlock_miscdev);
	for (id = 0; id < AIRLOCK_MAX_DEVICES; id++) {
		mutex_lock(&airlock_mutex);
		adev = airlock_unlist(id);
		mutex_unlock(&airlock_mutex);
		if (adev)
			airlock_netdev_destroy(adev);
	}
	destroy_workqueue(airlock_wq);
}

module_init(airlock_init);
module_exit(airlock_exit);

MODULE_DESCRIPTION("Airlock: proxy devices for drivers in sandboxed user processes");
MODULE_LICENSE("GPL");
