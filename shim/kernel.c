// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's deferred work, for whoever runs the driver's event loop
 * (env.h): what softirqs and kworkers do in the kernel happens here, in
 * passes between the loop's waits.
 */
#include <linux/kernel.h>

#include "env.h"
#include "internal.h"

int shim_kernel_run(void)
{
	return shim_timers_run() + shim_work_run() + shim_napi_run();
}

int shim_kernel_pending(void)
{
	return shim_napi_pending();
}

int shim_kernel_next_timeout_ms(void)
{
	return shim_timers_next_ms();
}
