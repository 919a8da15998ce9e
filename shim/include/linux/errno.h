/* SPDX-License-Identifier: GPL-2.0-only */
/* Errno values: the UAPI ones; plus kernel-internal ones. */
#ifndef SHIM_LINUX_ERRNO_H
#define SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#define ERESTARTSYS 512
#define ENOTSUPP 524

#endif
