/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef AIRLOCK_REGION_CHECK_H
#define AIRLOCK_REGION_CHECK_H

#include <airlock/abi.h>

/*
 * Validates a private copy of a region header against a region of @size
 * bytes. Returns 0, -EMSGSIZE if @size cannot hold a header, -EBADMSG for a
 * bad magic, -EPROTONOSUPPORT for another ABI version, -ERANGE for a count
 * beyond its limit, -EINVAL for anything else (sizes, alignment, areas out
 * of the region or overlapping, buffer ranges, non-zero reserved fields).
 */
int airlock_region_check(const struct airlock_region_hdr *hdr, __u64 size);

#endif
