/* SPDX-License-Identifier: GPL-2.0-only */
/* The sandbox's steps, one file each; sandbox.c runs them in order. */
#ifndef AIRLOCK_SANDBOX_INTERNAL_H
#define AIRLOCK_SANDBOX_INTERNAL_H

#include "sandbox.h"

/* root.c: private mounts, an empty read-only tmpfs as /, the old root gone. */
int sandbox_empty_root(const struct airlock_sandbox_config *cfg);

/* dpdk-view.c: the device's VFIO group and sysfs directory in the new root at @dir. */
int sandbox_dpdk_view(const char *dir, const char *pci, uid_t uid, gid_t gid);

/* seccomp-dpdk.c: the start-up filter of AIRLOCK_SANDBOX_DPDK. */
int sandbox_seccomp_dpdk_start(void);

/* creds.c: rlimits, then groups, gid, uid, capabilities, no new privileges. */
int sandbox_limits(const struct airlock_sandbox_config *cfg);
int sandbox_drop_privileges(uid_t uid, gid_t gid);

#endif
