/* SPDX-License-Identifier: GPL-2.0-only */
/* rtnl: the host takes it around every forwarded entry point, as the kernel would. */
#ifndef SHIM_LINUX_RTNETLINK_H
#define SHIM_LINUX_RTNETLINK_H

#include <linux/mutex.h>

void rtnl_lock(void);
void rtnl_unlock(void);
int rtnl_trylock(void);
int rtnl_is_locked(void);
#define ASSERT_RTNL() do { } while (0)

#endif
