/* SPDX-License-Identifier: GPL-2.0-only */
/* Byte swaps: the UAPI __swab* under their kernel names. */
#ifndef SHIM_LINUX_SWAB_H
#define SHIM_LINUX_SWAB_H

#include_next <linux/swab.h>

#define swab16 __swab16
#define swab32 __swab32
#define swab64 __swab64

#endif
