// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event loop a driver process gives the shim (env.h), for unit tests
 * that link the shim's VFIO half (port I/O pulls it in) but never start
 * an interrupt: there is no loop to watch a descriptor on.
 */
#include <errno.h>

#include "env.h"

int shim_env_watch_fd(int fd, void (*fn)(void *arg), void *arg)
{
	return -ENOSYS;
}

void shim_env_unwatch_fd(int fd)
{
}
