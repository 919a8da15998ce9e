// SPDX-License-Identifier: GPL-2.0-only
/*
 * For test_linux_netdev.c, in its own file: the stub's side of a region,
 * and the driver runtime around the Linux family's netdev on the other
 * side of it. The test itself is compiled against the shim's kernel
 * headers, this against the C library, ipc/ and the runtime (drivers/linux
 * keeps its two halves apart the same way).
 */
#include <errno.h>
#include <string.h>

#include "linux.h"
#include "linux_netdev_peer.h"
#include "region.h"
#include "ring.h"
#include "runtime-internal.h"

static struct airlock_region region;	/* the stub's mapping */
static struct airlock_ring tx, ret, rx;
static uint32_t next_buf;

static const struct airlock_driver_ops ops = {
	.name = "test",
	.control = linux_netdev_control,
	.xmit = linux_netdev_xmit,
};
static struct airlock_rt rt = { .ops = &ops, .region = { .fd = -1 } };

int peer_create(void)
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
	if (r == 0)
		r = airlock_region_ring(&region, &q->rx, AIRLOCK_RING_CONSUMER, &rx);
	/* The driver's side, as the runtime sets it up after ATTACH. */
	if (r == 0)
		r = airlock_region_map(region.fd, &rt.region);
	if (r == 0)
		r = airlock_ctrl_attach(&rt.region, &rt.ctrl);
	if (r == 0)
		r = rt_port_attach(&rt.ports[0], &rt.region, 0);
	if (r < 0)
		return r;
	rt.n_ports = 1;
	rt.state = airlock_region_state(&rt.region);
	return 0;
}

/* The driver's mapping of the packet pool (the family's open makes it a DMA window). */
void *peer_pool(size_t *ret_size)
{
	uint64_t unused;

	return airlock_rt_pool(&rt, ret_size, &unused);
}

struct airlock_rt *peer_runtime(void)
{
	return &rt;
}

int peer_runtime_tx(void)
{
	return rt_port_tx_run(&rt, &rt.ports[0], RT_TX_BATCH);
}

unsigned int peer_tx_batch(void)
{
	return RT_TX_BATCH;
}

void peer_destroy(void)
{
	airlock_region_unmap(&rt.region);
	airlock_region_unmap(&region);
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

int peer_take_returns(void)
{
	struct airlock_desc d[128];

	return airlock_ring_dequeue(&ret, d, 128);
}

unsigned int peer_tx_offloads(void)
{
	return __atomic_load_n(&airlock_region_state(&region)->tx_offloads, __ATOMIC_ACQUIRE);
}

bool peer_coalesce(uint32_t ret_values[4])
{
	const struct airlock_state *st = airlock_region_state(&region);

	if (__atomic_load_n(&st->coalesce_known, __ATOMIC_ACQUIRE) != 1)
		return false;
	ret_values[0] = st->coalesce.rx_usecs;
	ret_values[1] = st->coalesce.rx_max_frames;
	ret_values[2] = st->coalesce.tx_usecs;
	ret_values[3] = st->coalesce.tx_max_frames;
	return true;
}

int peer_take_rx(uint32_t *ret_buf, uint32_t *ret_offset, uint32_t *ret_len, const void **ret_frame)
{
	struct airlock_desc d;
	int r = airlock_ring_dequeue(&rx, &d, 1);

	if (r <= 0)
		return r;
	*ret_buf = d.buf;
	*ret_offset = d.offset;
	*ret_len = d.len;
	*ret_frame = (const unsigned char *)airlock_region_buf(&region, d.buf) + d.offset;
	return 1;
}

uint32_t peer_buf_size(void)
{
	return region.hdr.buf_size;
}

