/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_HARDIRQ_H
#define SHIM_LINUX_HARDIRQ_H

#include <linux/irqflags.h>

#endif
