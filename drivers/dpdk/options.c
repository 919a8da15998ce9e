// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DPDK family's driver-options (docs/dpdk.md): the words airlockd
 * passes after its own, separated by spaces. Apart from the rest of the
 * host, so that a unit test checks every word without DPDK.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dpdk.h"

int dpdk_options_parse(struct dpdk_host *h, const char *opts, char *why, size_t why_len)
{
	char copy[128], *save = NULL;

	if ((size_t)snprintf(copy, sizeof(copy), "%s", opts) >= sizeof(copy)) {
		snprintf(why, why_len, "driver-options longer than %zu characters", sizeof(copy) - 1);
		return -EINVAL;
	}
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (!strncmp(w, "devargs=", 8) && w[8] &&
		    (size_t)snprintf(h->devargs, sizeof(h->devargs), "%s", w + 8) < sizeof(h->devargs))
			continue;
#ifdef AIRLOCK_DPDK_HOSTILE
		if (!strcmp(w, "hostile=map-dma") || !strcmp(w, "hostile=open-vfio")) {
			snprintf(h->hostile, sizeof(h->hostile), "%s", w + 8);
			continue;
		}
#endif
		if (!strcmp(w, "vfio-intr=legacy") || !strcmp(w, "vfio-intr=msi") ||
		    !strcmp(w, "vfio-intr=msix")) {
			snprintf(h->vfio_intr, sizeof(h->vfio_intr), "%s", w + 10);
			continue;
		}
		/* Opt-in: the copying path is the default (docs/dpdk.md says why). */
		if (!strncmp(w, "zero-copy=", 10)) {
			if (strcmp(w + 10, "on") && strcmp(w + 10, "off")) {
				snprintf(why, why_len, "bad option '%s': zero-copy= takes on or off", w);
				return -EINVAL;
			}
			h->zc_on = !strcmp(w + 10, "on");
			continue;
		}
		snprintf(why, why_len, "unknown or bad option '%s' (known: devargs=KEY=VALUE,..., vfio-intr=legacy|msi|msix, zero-copy=on|off)", w);
		return -EINVAL;
	}
	return 0;
}
