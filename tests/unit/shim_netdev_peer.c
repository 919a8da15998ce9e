// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stub's side of a region for test_shim_netdev.c, in its own file: the
 * test itself is compiled against the shim's kernel headers, this against
 * the C library and ipc/ (shim/env.h keeps the two apart the same way).
 */
#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "region.h"
#include "ring.h"
#include "shim_netdev_peer.h"

static struct airlock_region region;
static struct airlock_ring tx, ret;
static uint32_t next_buf;
static int kick_fd = -1, doorbell_fd = -1;

int peer_create(int *ret_region_fd, int *ret_kick_fd, int *ret_doorbell_fd)
{
	const struct airlock_region_params p = {
		.n_queues = 1, .ctrl_entries = 16, .queue_entries = 128,
		.n_bufs = 256, .buf_size = 16384,	/* room for a TSO frame */
	};
	const struct airlock_queue_loc *q = &region.hdr.queues[0];
	int r = airlock_region_create(&p, &region);

	if (r == 0)
		r = airlock_region_ring(&region, &q->tx, AIRLOCK_RING_PRODUCER, &tx);
	if (r == 0)
		r = airlock_region_ring(&region, &q->ret, AIRLOCK_RING_CONSUMER, &ret);
	if (r < 0)
		return r;
	kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	doorbell_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (kick_fd < 0 || doorbell_fd < 0)
		return -errno;
	*ret_region_fd = region.fd;
	*ret_kick_fd = kick_fd;
	*ret_doorbell_fd = doorbell_fd;
	return 0;
}

void peer_destroy(void)
{
	airlock_region_unmap(&region);
	if (kick_fd >= 0)
		close(kick_fd);
	if (doorbell_fd >= 0)
		close(doorbell_fd);
}

int peer_post_tx(unsigned int n)
{
	const struct airlock_buf_range *bufs = &region.hdr.queues[0].tx_bufs;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct airlock_desc d = { .len = 60, .id = next_buf };
		unsigned char *frame;

		d.buf = bufs->first + next_buf++ % bufs->count;
		frame = airlock_region_buf(&region, d.buf);
		memset(frame, 0xff, 6);		/* broadcast, from 02:00:00:00:00:01 */
		memcpy(frame + 6, "\x02\x00\x00\x00\x00\x01\x08\x00", 8);
		if (airlock_ring_enqueue(&tx, &d, 1) != 1)
			return -ENOSPC;
	}
	return 0;
}

int peer_post_tso(unsigned int len, unsigned int ihl, unsigned int thoff, unsigned int mss)
{
	const struct airlock_buf_range *bufs = &region.hdr.queues[0].tx_bufs;
	struct airlock_desc d = {
		.len = (uint16_t)len, .flags = AIRLOCK_DESC_F_GSO_TCPV4,
		.csum_start = (uint16_t)thoff, .gso_size = (uint16_t)mss, .id = next_buf,
	};
	unsigned char *frame;

	if (len > region.hdr.buf_size || thoff + 20 > len)
		return -EINVAL;
	d.buf = bufs->first + next_buf++ % bufs->count;
	frame = airlock_region_buf(&region, d.buf);
	memset(frame, 0, len);
	memcpy(frame, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00", 14);
	frame[14] = (unsigned char)(0x40 | ihl);	/* IPv4 */
	frame[14 + 9] = 6;				/* TCP */
	frame[thoff + 12] = 5 << 4;			/* TCP data offset: 20 bytes */
	return airlock_ring_enqueue(&tx, &d, 1) == 1 ? 0 : -ENOSPC;
}

int peer_take_returns(int *ret_dropped)
{
	struct airlock_desc d[128];
	int n = airlock_ring_dequeue(&ret, d, 128), i;

	if (ret_dropped)
		for (*ret_dropped = 0, i = 0; i < n; i++)
			*ret_dropped += !!(d[i].flags & AIRLOCK_DESC_F_TX_DROPPED);
	return n;
}

unsigned int peer_tx_offloads(void)
{
	return __atomic_load_n(&airlock_region_state(&region)->tx_offloads, __ATOMIC_ACQUIRE);
}
