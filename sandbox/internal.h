/* SPDX-License-Identifier: GPL-2.0-only */
/* The sandbox's steps, one file each; sandbox.c runs them in order. */
#ifndef AIRLOCK_SANDBOX_INTERNAL_H
#define AIRLOCK_SANDBOX_INTERNAL_H

#include "sandbox.h"

/* root.c: private mounts, an empty read-only tmpfs as /, the old root gone. */
int sandbox_empty_root(void);

/* creds.c: rlimits, then groups, gid, uid, capabilities, no new privileges. */
int sandbox_limits(const struct airlock_sandbox_config *cfg);
int sandbox_drop_privileges(uid_t uid, gid_t gid);

#endif
