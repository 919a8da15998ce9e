/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Doorbells: eventfds that wake a ring's consumer. Only kicked when the
 * consumer asked for it (AIRLOCK_RING_NEED_WAKEUP), so a busy ring costs
 * no system calls.
 */
#ifndef AIRLOCK_DOORBELL_H
#define AIRLOCK_DOORBELL_H

/* A new non-blocking, close-on-exec eventfd: returns the fd or -errno. */
int airlock_doorbell_new(void);

/*
 * Rings the doorbell. Returns 0 or -errno; a counter already at its
 * maximum means a kick is pending anyway, which counts as success.
 */
int airlock_doorbell_kick(int fd);

/*
 * Clears pending kicks without blocking (the fd must be non-blocking).
 * Returns 1 if there were any, 0 if none, or -errno.
 */
int airlock_doorbell_drain(int fd);

/*
 * Waits up to @timeout_ms (-1: forever) for a kick and consumes it.
 * Returns 1 if kicked, 0 on timeout, -EINTR if a signal came first, or
 * -errno.
 */
int airlock_doorbell_wait(int fd, int timeout_ms);

#endif /* AIRLOCK_DOORBELL_H */
