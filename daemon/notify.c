// SPDX-License-Identifier: GPL-2.0-only
/* systemd's service notifications (Type=notify): READY, STATUS, WATCHDOG. */
#include <stdio.h>

#include <systemd/sd-daemon.h>

#include "airlockd.h"

static void count(const struct daemon *d, unsigned int *running, unsigned int *down)
{
	size_t i;

	*running = *down = 0;
	for (i = 0; i < d->n_devices; i++) {
		if (d->devices[i].state == DEV_RUNNING)
			(*running)++;
		else if (d->devices[i].state == DEV_QUARANTINED)
			(*down)++;
	}
}

void notify_ready(struct daemon *d)
{
	uint64_t usec = 0;

	/* Keep-alives at half the interval systemd expects them in. */
	if (sd_watchdog_enabled(0, &usec) > 0)
		d->watchdog_usec = usec / 2;
	sd_notifyf(0, "READY=1\nSTATUS=supervising %zu device(s)", d->n_devices);
}

void notify_status(struct daemon *d)
{
	unsigned int running, down;

	count(d, &running, &down);
	sd_notifyf(0, "STATUS=%u of %zu device(s) running, %u quarantined", running, d->n_devices,
		   down);
}

void notify_watchdog(struct daemon *d, uint64_t now)
{
	if (!d->watchdog_usec || now - d->last_watchdog_ns < d->watchdog_usec * 1000)
		return;
	d->last_watchdog_ns = now;
	sd_notify(0, "WATCHDOG=1");
}

void notify_stopping(void)
{
	sd_notify(0, "STOPPING=1");
}
