/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ABI between airlock.ko and user space: one header for both sides.
 * Fixed-width types only, no pointers; the version is checked at attach.
 */
#ifndef AIRLOCK_ABI_H
#define AIRLOCK_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define AIRLOCK_ABI_VERSION	1
#define AIRLOCK_DEVICE_NAME	"airlock"

#define AIRLOCK_IOC_MAGIC	0xA1

/* Reports the ABI version the module speaks. */
struct airlock_version {
	__u32 abi_version;
	__u32 reserved;
};

#define AIRLOCK_IOC_GET_VERSION	_IOR(AIRLOCK_IOC_MAGIC, 0x00, struct airlock_version)

#endif /* AIRLOCK_ABI_H */
