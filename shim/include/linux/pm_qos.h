/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU latency requests (as the kernel's header with CONFIG_CPU_IDLE off):
 * a driver process does not steer the host's C-states. Accepted, no effect.
 */
#ifndef SHIM_LINUX_PM_QOS_H
#define SHIM_LINUX_PM_QOS_H

#include <linux/types.h>

#define PM_QOS_DEFAULT_VALUE (-1)

struct pm_qos_request {
	s32 value;
};

static inline void cpu_latency_qos_add_request(struct pm_qos_request *req, s32 value)
{
	req->value = value;
}

static inline void cpu_latency_qos_update_request(struct pm_qos_request *req, s32 value)
{
	req->value = value;
}

static inline void cpu_latency_qos_remove_request(struct pm_qos_request *req) { }

#endif
