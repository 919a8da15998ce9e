/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_IF_ETHER_H
#define SHIM_LINUX_IF_ETHER_H

#include_next <linux/if_ether.h>

#endif
