/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's <linux/init.h>: what it defines lives in linux/compiler.h here. */
#ifndef SHIM_LINUX_INIT_H
#define SHIM_LINUX_INIT_H

#include <linux/compiler.h>

#endif
