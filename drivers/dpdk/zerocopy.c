// SPDX-License-Identifier: GPL-2.0-only
/*
 * Zero-copy data path of the DPDK family (docs/dpdk.md): the stub's packet
 * pool, in airlockd's region memfd and mapped here by the runtime, becomes
 * the PMD's packet memory, so no frame is copied in this process.
 *
 * Set-up, in two steps because the final seccomp filter allows no DMA
 * mapping and the rings' geometry is known only after ATTACH:
 *   probe (start-up filter): the whole pool is registered with EAL as
 *     external memory and DMA-mapped for the device, at an IOVA just above
 *     EAL's own memory (EAL runs with IOVA as VA; in any other mode the
 *     copying path stays);
 *   open (final filter): TX buffers get a shared-info slot each, and an
 *     mbuf pool is made whose data buffers are the queue's rx_bufs.
 *
 * TX: a descriptor's buffer is attached to an mbuf as an external buffer;
 * its free callback gives it back on the return ring. The PMD frees the
 * mbuf once the NIC is done with it (inside tx_burst: net_e1000_em when it
 * reuses the slot, so its ring parks up to one buffer per descriptor and
 * must leave the stub enough to go on sending), we free a frame it refused
 * (tx_flush), and a port stop (set_ringparam, the process's end) frees
 * what the ring holds: each path frees each mbuf once, so each buffer
 * comes back once, and the return ring holds every TX buffer (abi.h).
 * Above the ring size that leaves the stub its share, TX copies.
 *
 * RX: the PMD's RX queue takes its mbufs from the rx_bufs pool: a received
 * mbuf's data is a stub buffer, posted as {index, len} and held until the
 * stub's consumer index has passed its entry, then freed to the pool for
 * the PMD to fill again. The runtime's airlock_port_rx_space() says how
 * many of the queue's buffers are in flight (count - space, abi.h: count <=
 * entries), which is how far the consumer got. The PMD's ring must leave
 * the stub a share of the buffers; a larger ring (ethtool -G), a frame in
 * several segments, or a pool emptied by the stub run the PMD on EAL's mbufs
 * and copy each frame into a buffer taken from the same pool, so the
 * buffers posted are always ours to account for.
 */
#define _GNU_SOURCE
/* rte_dev_dma_map() and rte_pktmbuf_pool_create_extbuf() are experimental in 22.11. */
#define ALLOW_EXPERIMENTAL_API
#include <errno.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memory.h>

#include "dpdk.h"

#define ZC_PAGE		4096	/* AIRLOCK_POOL_ALIGN: the pool's and the region's alignment */
#define ZC_IOVA_ALIGN	(1ULL << 30)
/* Buffers a PMD's ring leaves to the stub, each way (its NAPI budget). */
#define ZC_STUB_MIN	64

struct dpdk_zc_tx {
	struct rte_mbuf_ext_shared_info shinfo;	/* free_cb: zc_tx_free */
	struct dpdk_zc *zc;
	struct airlock_port *port;
	uint32_t buf, id;			/* the descriptor's, echoed on the return ring */
};

/* ---- probe: the pool as the device's DMA memory ---- */

static int msl_end(const struct rte_memseg_list *msl, void *arg)
{
	uint64_t *end = arg, e = msl->addr_64 + msl->len;

	if (!msl->external && e > *end)
		*end = e;
	return 0;
}

/*
 * The pool's IOVA. Not its VA: the runtime's mapping lies high (47 bits),
 * beyond what an IOMMU with fewer address bits takes (QEMU's intel-iommu:
 * 39; the map fails with EINVAL), while EAL reserves its own memory low
 * (from 4 GiB) for that reason and maps it at IOVA = VA. Just above EAL's
 * memory nothing else is mapped, and with IOVA as VA EAL maps no more.
 */
static uint64_t zc_pick_iova(void)
{
	uint64_t end = 0;

	(void)rte_memseg_list_walk(msl_end, &end);
	return (end + ZC_IOVA_ALIGN - 1) & ~(ZC_IOVA_ALIGN - 1);
}

static rte_iova_t zc_iova(const struct dpdk_zc *zc, const void *p)
{
	return zc->iova + (rte_iova_t)((const uint8_t *)p - zc->pool);
}

int dpdk_zc_map(struct airlock_rt *rt, struct dpdk_host *h, struct rte_device *dev)
{
	struct dpdk_zc *zc = &h->zc;
	uint64_t pool_iova;
	size_t size, len;
	void *pool = airlock_rt_pool(rt, &size, &pool_iova);

	if (rte_eal_iova_mode() != RTE_IOVA_VA) {
		airlock_rt_log(rt, "zero-copy off: EAL runs IOVA as PA, the pool has no physical address here; copying");
		return -ENOTSUP;
	}
	len = (size + ZC_PAGE - 1) & ~(size_t)(ZC_PAGE - 1);
	if (!pool || !size || (uintptr_t)pool % ZC_PAGE) {
		airlock_rt_log(rt, "zero-copy off: no page-aligned pool (%p, %zu bytes); copying", pool, size);
		return -EINVAL;
	}
	if (rte_extmem_register(pool, len, NULL, 0, ZC_PAGE) < 0) {
		airlock_rt_log(rt, "zero-copy off: external memory: %s; copying", rte_strerror(rte_errno));
		return -rte_errno;
	}
	zc->iova = zc_pick_iova();
	if (rte_dev_dma_map(dev, pool, zc->iova, len) < 0) {
		/* EAL's log has the ioctl's error; rte_errno may not. */
		airlock_rt_log(rt, "zero-copy off: DMA map of the %zu-byte pool at IOVA 0x%llx refused; copying",
			       len, (unsigned long long)zc->iova);
		(void)rte_extmem_unregister(pool, len);
		return -EIO;
	}
	zc->mapped = true;
	zc->pool = pool;
	zc->pool_len = size;
	airlock_rt_log(rt, "zero-copy: the stub's %zu-byte pool is EAL external memory, DMA-mapped at IOVA 0x%llx (EAL: --iova-mode=va, --no-huge)",
		       len, (unsigned long long)zc->iova);
	return 0;
}

/* ---- open: TX slots and the RX buffers' mbuf pool ---- */

static void zc_tx_free(void *addr, void *opaque)
{
	struct dpdk_zc_tx *t = opaque;
	int r = airlock_port_tx_done(t->port, t->buf, t->id);

	(void)addr;
	t->zc->tx_out--;
	/* The ring holds every TX buffer: a refusal is a bug; the loop ends on it. */
	if (r < 0 && !t->zc->err)
		t->zc->err = r;
}

static int zc_tx_setup(struct dpdk_zc *zc)
{
	zc->txb = rte_zmalloc("airlock-zc-tx", (size_t)zc->n_bufs * sizeof(*zc->txb), 0);
	if (!zc->txb)
		return -ENOMEM;
	for (uint32_t i = 0; i < zc->n_bufs; i++) {
		zc->txb[i].zc = zc;
		zc->txb[i].buf = i;
		zc->txb[i].shinfo.free_cb = zc_tx_free;
		zc->txb[i].shinfo.fcb_opaque = &zc->txb[i];
	}
	return 0;
}

/*
 * The queue's RX buffers, read through the runtime: right after ATTACH none
 * is in flight, so rx_space is their count and rx_buf() names each once.
 */
static int zc_rx_range(struct dpdk_zc *zc, struct airlock_port *p)
{
	int space = airlock_port_rx_space(p);
	uint32_t first = UINT32_MAX;

	if (space <= 0)
		return space < 0 ? space : -ENOBUFS;
	for (int k = 0; k < space; k++) {
		uint32_t idx;

		if (!airlock_port_rx_buf(p, (unsigned int)k, &idx))
			return -EBADMSG;
		if (idx < first)
			first = idx;
	}
	if ((uint64_t)first + (uint32_t)space > zc->n_bufs)
		return -EBADMSG;
	zc->rx_first = first;
	zc->rx_count = (uint32_t)space;
	zc->rx_base = zc->pool + (size_t)first * zc->buf_size;
	return 0;
}

/*
 * One pinned external buffer per stub RX buffer. An mbuf's buffer starts a
 * headroom before the stub's, so that the PMD, which receives at
 * buf + RTE_PKTMBUF_HEADROOM, puts the frame at offset 0 of the stub's
 * buffer, where the RX descriptor says it is (the ABI has no offset). The
 * headroom is the previous buffer's tail: addressed, never written.
 */
static int zc_rx_pool_make(struct dpdk_zc *zc, uint32_t data_room, unsigned int socket)
{
	uint16_t elt = (uint16_t)(RTE_PKTMBUF_HEADROOM + data_room);
	struct rte_pktmbuf_extmem *ext;

	ext = rte_zmalloc("airlock-zc-ext", zc->rx_count * sizeof(*ext), 0);
	if (!ext)
		return -ENOMEM;
	for (uint32_t i = 0; i < zc->rx_count; i++) {
		uint8_t *b = zc->rx_base + (size_t)i * zc->buf_size - RTE_PKTMBUF_HEADROOM;

		ext[i] = (struct rte_pktmbuf_extmem){
			.buf_ptr = b, .buf_iova = zc_iova(zc, b),
			.buf_len = elt, .elt_size = elt,
		};
	}
	zc->rx_pool = rte_pktmbuf_pool_create_extbuf("airlock-rx", zc->rx_count, 0, 0, elt,
						     (int)socket, ext, zc->rx_count);
	rte_free(ext);
	if (!zc->rx_pool)
		return -rte_errno;
	zc->held = rte_zmalloc("airlock-zc-held", zc->rx_count * sizeof(*zc->held), 0);
	if (!zc->held) {
		rte_mempool_free(zc->rx_pool);
		zc->rx_pool = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* The largest PMD ring over @count stub buffers that leaves the stub its share and a burst. */
static uint16_t zc_ring_max(uint32_t count, uint32_t burst, const struct rte_eth_desc_lim *lim)
{
	uint32_t n = count > burst + ZC_STUB_MIN ? count - burst - ZC_STUB_MIN : 0;

	if (lim->nb_align)
		n -= n % lim->nb_align;
	if (n > lim->nb_max)
		n = lim->nb_max;
	return n >= lim->nb_min && n ? (uint16_t)n : 0;
}

int dpdk_zc_open(struct airlock_rt *rt, struct dpdk_host *h)
{
	struct dpdk_zc *zc = &h->zc;
	struct airlock_port *p = airlock_rt_port(rt, 0);
	struct rte_eth_dev_info info;
	int r;

	if (!zc->mapped || !p)
		return 0;	/* not mapped: said at probe */
	zc->port = p;
	zc->buf_size = airlock_port_buf_size(p);
	zc->n_bufs = (uint32_t)(zc->pool_len / zc->buf_size);
	r = rte_eth_dev_info_get(h->port, &info);
	if (r >= 0)
		r = zc_rx_range(zc, p);
	if (r < 0) {
		airlock_rt_log(rt, "zero-copy off: the queue's RX buffers: %s; copying", strerror(-r));
		return 0;
	}
	/*
	 * A PMD frees a sent mbuf when it reuses its ring slot (net_e1000_em),
	 * or on demand if it can (tx_done_cleanup): its ring may keep a buffer
	 * per descriptor, and the stub must keep some to send with. airlockd
	 * gives a queue as many TX as RX buffers (ipc/region.c).
	 */
	zc->tx_cleanup = rte_eth_tx_done_cleanup(h->port, 0, 0) >= 0;
	zc->tx_ring_max = zc_ring_max(zc->rx_count, DPDK_TX_BURST, &info.tx_desc_lim);
	r = zc->tx_ring_max ? zc_tx_setup(zc) : -ENOBUFS;
	if (r < 0)
		airlock_rt_log(rt, "zero-copy TX off: %u TX buffers: %s; TX copied", zc->rx_count,
			       strerror(-r));
	else
		zc->tx_ready = true;
	r = 0;
	if (r >= 0 && (h->data_room > zc->buf_size || zc->rx_base - zc->pool < RTE_PKTMBUF_HEADROOM))
		r = -EMSGSIZE;
	if (r >= 0) {
		zc->rx_ring_max = zc_ring_max(zc->rx_count, DPDK_RX_BURST, &info.rx_desc_lim);
		if (!zc->rx_ring_max)
			r = -ENOBUFS;
	}
	if (r >= 0)
		r = zc_rx_pool_make(zc, h->data_room, h->socket);
	if (r < 0) {
		airlock_rt_log(rt, "zero-copy RX off: %u RX buffers of %u bytes for %u-byte frames: %s; RX copied",
			       zc->rx_count, zc->buf_size, h->data_room, strerror(-r));
		return 0;
	}
	zc->rx = true;
	if (zc->tx_ready)
		airlock_rt_log(rt, "zero-copy TX and RX: %u RX buffers %u..%u, PMD rings up to %u RX and %u TX descriptors (the rest left to the stub and a burst)%s",
			       zc->rx_count, zc->rx_first, zc->rx_first + zc->rx_count - 1,
			       zc->rx_ring_max, zc->tx_ring_max,
			       zc->tx_cleanup ? "" : "; sent mbufs freed as the PMD reuses their slots");
	return 0;
}

/* ---- TX ---- */

struct rte_mbuf *dpdk_zc_tx_mbuf(struct dpdk_host *h, struct airlock_port *port,
				 const struct airlock_desc *d, void *frame)
{
	struct dpdk_zc *zc = &h->zc;
	struct dpdk_zc_tx *t;
	struct rte_mbuf *m;

	if (d->buf >= zc->n_bufs)
		return NULL;	/* the runtime checked it against tx_bufs: not reached */
	m = rte_pktmbuf_alloc(h->pool);	/* only its header is used */
	if (!m)
		return NULL;
	t = &zc->txb[d->buf];
	t->port = port;
	t->id = d->id;
	rte_mbuf_ext_refcnt_set(&t->shinfo, 1);
	rte_pktmbuf_attach_extbuf(m, frame, zc_iova(zc, frame), d->len, &t->shinfo);
	m->data_len = d->len;
	m->pkt_len = d->len;
	zc->tx_out++;
	if (!zc->tx_inplace++)
		zc->first_tx = true;
	return m;
}

/* The NIC is done with these: their buffers back to the stub now, not at the next burst. */
void dpdk_zc_tx_reclaim(struct dpdk_host *h)
{
	if (h->zc.tx_out && h->zc.tx_cleanup)
		(void)rte_eth_tx_done_cleanup(h->port, 0, 0);
}

bool dpdk_zc_tx_queue_mode(struct dpdk_host *h, uint16_t ntx)
{
	h->zc.tx = h->zc.tx_ready && ntx <= h->zc.tx_ring_max;
	return h->zc.tx;
}

/* ---- RX ---- */

/* Frees the mbufs of the entries the stub has consumed: @space is rx_space now. */
static void zc_rx_release(struct dpdk_zc *zc, int space)
{
	uint32_t in_flight = (uint32_t)space < zc->rx_count ? zc->rx_count - (uint32_t)space : 0;
	uint32_t consumed = zc->posted - in_flight;

	/* Never past what we posted, whatever the ring said. */
	if (consumed - zc->released > zc->posted - zc->released)
		return;
	while (zc->released != consumed) {
		struct rte_mbuf **slot = &zc->held[zc->released % zc->rx_count];

		rte_pktmbuf_free(*slot);
		*slot = NULL;
		zc->released++;
	}
}

struct rte_mempool *dpdk_zc_rx_queue_pool(struct dpdk_host *h, uint16_t nrx)
{
	struct dpdk_zc *zc = &h->zc;
	int space;

	zc->rx_pmd = false;
	if (!zc->rx)
		return h->pool;
	space = airlock_port_rx_space(zc->port);
	if (space >= 0)
		zc_rx_release(zc, space);
	/* The port is stopped: the pool holds all but what the stub has. */
	zc->rx_pmd = nrx <= zc->rx_ring_max &&
		     rte_mempool_avail_count(zc->rx_pool) >= (unsigned int)nrx + DPDK_RX_BURST;
	return zc->rx_pmd ? zc->rx_pool : h->pool;
}

/* The stub buffer a received mbuf's frame already sits at the start of, or -1. */
static int64_t zc_rx_inplace(const struct dpdk_zc *zc, const struct rte_mbuf *m)
{
	const uint8_t *data = rte_pktmbuf_mtod(m, const uint8_t *);
	size_t off;

	if (m->pool != zc->rx_pool || m->nb_segs != 1 || data < zc->rx_base)
		return -1;
	off = (size_t)(data - zc->rx_base);
	if (off % zc->buf_size || off / zc->buf_size >= zc->rx_count)
		return -1;
	return zc->rx_first + (int64_t)(off / zc->buf_size);
}

/* A frame the PMD received elsewhere, gathered into a buffer of the pool. */
static struct rte_mbuf *zc_rx_copy(struct dpdk_zc *zc, const struct rte_mbuf *m,
				   struct airlock_desc *d)
{
	struct rte_mbuf *b;
	uint8_t *dst;
	int64_t idx;

	if (m->pkt_len > zc->buf_size || m->pkt_len > UINT16_MAX)
		return NULL;
	b = rte_pktmbuf_alloc(zc->rx_pool);
	if (!b)
		return NULL;
	idx = zc_rx_inplace(zc, b);
	if (idx < 0) {
		rte_pktmbuf_free(b);
		return NULL;
	}
	dst = rte_pktmbuf_mtod(b, uint8_t *);
	for (const struct rte_mbuf *s = m; s; s = s->next) {
		memcpy(dst, rte_pktmbuf_mtod(s, const void *), s->data_len);
		dst += s->data_len;
	}
	d->buf = (uint32_t)idx;
	d->len = (uint16_t)m->pkt_len;
	zc->rx_copied++;
	return b;
}

/* One burst into the stub's RX ring, every buffer posted one of the pool's. */
int dpdk_zc_rx_run(struct dpdk_host *h)
{
	struct dpdk_zc *zc = &h->zc;
	struct rte_mbuf *pkts[DPDK_RX_BURST], *hold[DPDK_RX_BURST];
	struct airlock_desc descs[DPDK_RX_BURST];
	int space = airlock_port_rx_space(zc->port), r;
	unsigned int k = 0;
	uint16_t n, budget;

	if (space < 0)
		return space;
	zc_rx_release(zc, space);
	budget = dpdk_rx_budget(h, space);
	if (budget == 0)
		return 1;		/* the kernel is behind: poll again */
	n = rte_eth_rx_burst(h->port, 0, pkts, budget);
	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		int64_t idx = h->open ? zc_rx_inplace(zc, m) : -1;

		memset(&descs[k], 0, sizeof(descs[k]));
		if (idx >= 0) {
			descs[k].buf = (uint32_t)idx;
			descs[k].len = (uint16_t)m->data_len;
			if (!zc->rx_inplace++)
				zc->first_rx = true;
			hold[k++] = m;
			continue;
		}
		hold[k] = h->open ? zc_rx_copy(zc, m, &descs[k]) : NULL;
		if (hold[k])
			k++;
		else
			h->rx_dropped++;
		rte_pktmbuf_free(m);
	}
	r = airlock_port_rx_post(zc->port, descs, k);
	if (r < 0) {
		rte_pktmbuf_free_bulk(hold, k);
		return r;
	}
	for (unsigned int i = 0; i < k; i++)
		zc->held[(zc->posted + i) % zc->rx_count] = hold[i];
	zc->posted += k;
	return n;
}

void dpdk_zc_report(struct airlock_rt *rt, struct dpdk_host *h)
{
	struct dpdk_zc *zc = &h->zc;

	if (!zc->mapped)
		return;
	airlock_rt_log(rt, "zero-copy: TX %llu frames sent from the stub's buffers, %u still out; RX %llu received in place, %llu copied into stub buffers",
		       (unsigned long long)zc->tx_inplace, zc->tx_out,
		       (unsigned long long)zc->rx_inplace, (unsigned long long)zc->rx_copied);
}
