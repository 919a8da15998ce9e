/* SPDX-License-Identifier: GPL-2.0-only */
/* __init and friends live in linux/compiler.h: a driver process never frees its init text. */
#ifndef SHIM_LINUX_INIT_H
#define SHIM_LINUX_INIT_H

#include <linux/compiler.h>

#endif
