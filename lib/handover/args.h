/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A driver host's command line (airlock/host.h), built by the daemon and
 * parsed by the host with the same code.
 */
#ifndef AIRLOCK_HOST_ARGS_H
#define AIRLOCK_HOST_ARGS_H

#include <stdint.h>
#include <sys/types.h>

#define AIRLOCK_HOST_NAME_MAX		64
#define AIRLOCK_HOST_OPT_MAX		128

struct airlock_host_args {
	char name[AIRLOCK_HOST_NAME_MAX];	/* the device's name in the config */
	uid_t uid;				/* run the driver as */
	gid_t gid;
	char pci[16];				/* "0000:00:03.0", or "" */
	uint64_t pool_iova;			/* the region's packet pool in the IOMMU, or 0 */
	uint64_t heap_iova;			/* DMA heap offset 0, or 0 */
	uint32_t heartbeat_ms;			/* bump the state block at least this often; 0: 100 */
	uint32_t busy_poll_us;			/* poll this long after the last work before sleeping; 0: off */
	uint32_t instance;			/* the daemon's start count for this device (1, 2, ...); 0: unknown */
	char driver_opt[AIRLOCK_HOST_OPT_MAX];	/* driver-specific, e.g. "side=0" */
};

/*
 * Builds argv for @a with @argv0 first. Returns 0 and a NULL-terminated
 * array to free with airlock_host_args_free(), or -errno.
 */
int airlock_host_args_format(const struct airlock_host_args *a, const char *argv0,
			     char ***ret_argv);
void airlock_host_args_free(char **argv);

/*
 * Parses what airlock_host_args_format() built. Returns 0, or -EINVAL for
 * an unknown option, a missing value, a bad number or a string too long
 * (a message naming it goes to stderr: this runs in the host program).
 */
int airlock_host_args_parse(int argc, char **argv, struct airlock_host_args *ret);

#endif /* AIRLOCK_HOST_ARGS_H */
