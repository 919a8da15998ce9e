/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_NET_PKT_SCHED_H
#define SHIM_NET_PKT_SCHED_H

#endif
