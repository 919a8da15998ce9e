/* SPDX-License-Identifier: GPL-2.0-only */
/* CPU hotplug: one thread, one CPU as far as a driver can tell. */
#ifndef SHIM_LINUX_CPU_H
#define SHIM_LINUX_CPU_H

#include <linux/smp.h>

#endif
