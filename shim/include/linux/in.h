/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_IN_H
#define SHIM_LINUX_IN_H

#include <linux/types.h>
#include <linux/sockios.h>
#include_next <linux/in.h>

#endif
