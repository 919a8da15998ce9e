// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Linux family's netdev on the driver runtime's TX path, with a fake
 * driver on a real region: every frame the stub posted reaches
 * ndo_start_xmit and comes back on the return ring, and netdev_xmit_more()
 * is true for all but the last frame of each batch, so a driver writes its
 * tail register once per batch. A driver that stops its queue gets no
 * frame until it wakes it, and then the held one first. A TSO frame
 * reaches the driver as the kernel's GSO skb, a malformed one or one for a
 * driver without TSO never does; one the driver refuses TSO for
 * (ndo_features_check) reaches it as segments made in software. A queue the driver leaves stopped gets its
 * ndo_tx_timeout, as from the kernel's netdev watchdog. What the driver
 * offers for the proxy's CREATE names only its ABI features. Control: an
 * OPEN sets the rx mode after ndo_open, as __dev_open does; a live MAC
 * change a driver refuses with -EBUSY (eth_mac_addr, pcnet32) is made
 * down, then up again. A frame that runs past the first page of its
 * buffer reaches a driver that takes fragments (NETIF_F_SG) as one page
 * per piece, each within its page, and a driver without them linear.
 * Receive: the driver's receive fragments are the stub's RX buffers, and
 * a frame received into one is posted where it lies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <net/checksum.h>

#include "env.h"
#include "linux.h"
#include "linux_netdev_peer.h"
#include "shim.h"

#define MAX_SEEN 256

static bool more_seen[MAX_SEEN];
static unsigned int n_seen;
static struct net_device *dev;
static unsigned int batch;

/* What the driver would read of the last skb it got. */
static struct {
	bool gso;
	unsigned int gso_size, gso_segs, gso_type, transport, ip_summed, csum_offset;
	unsigned int len, ip_len, seq;
	bool csums_ok;
	unsigned int headlen, nr_frags;
	bool pieces_ok;		/* head and frags: the frame in order, none across a page */
} last;

static bool refuse_tso;
static unsigned int stop_after;	/* the driver stops its queue after this many frames, if set */

/* Whether a linear IPv4/TCP frame's checksums are complete and right. */
static bool csums_ok(const struct sk_buff *skb)
{
	const struct iphdr *iph = (const struct iphdr *)(skb->data + ETH_HLEN);
	unsigned int ip_len = ntohs(iph->tot_len), tcp_len = ip_len - iph->ihl * 4;
	const void *th = (const u8 *)iph + iph->ihl * 4;

	return csum_fold(csum_partial(iph, iph->ihl * 4, 0)) == 0 &&
	       csum_tcpudp_magic(iph->saddr, iph->daddr, tcp_len, IPPROTO_TCP,
				 csum_partial(th, (int)tcp_len, 0)) == 0;
}

/* Whether the pieces are the frame in order and none crosses a page. */
static bool pieces_ok(const struct sk_buff *skb)
{
	const unsigned char *next = skb->data + skb_headlen(skb);
	unsigned int i, len = skb_headlen(skb);

	if (skb_shinfo(skb)->nr_frags &&
	    offset_in_page(skb->data) + skb_headlen(skb) > PAGE_SIZE)
		return false;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		if (skb_frag_address(f) != next || skb_frag_off(f) + skb_frag_size(f) > PAGE_SIZE ||
		    dma_map_page(NULL, skb_frag_page(f), skb_frag_off(f), skb_frag_size(f),
				 DMA_TO_DEVICE) == DMA_MAPPING_ERROR)
			return false;
		next += skb_frag_size(f);
		len += skb_frag_size(f);
	}
	return len == skb->len;
}

static netdev_tx_t fake_xmit(struct sk_buff *skb, struct net_device *d)
{
	if (n_seen < MAX_SEEN)
		more_seen[n_seen] = netdev_xmit_more();
	n_seen++;
	last.gso = skb_is_gso(skb);
	last.gso_size = skb_shinfo(skb)->gso_size;
	last.gso_segs = skb_shinfo(skb)->gso_segs;
	last.gso_type = skb_shinfo(skb)->gso_type;
	last.transport = (unsigned int)skb_transport_offset(skb);
	last.ip_summed = skb->ip_summed;
	last.csum_offset = skb->csum_offset;
	last.len = skb->len;
	last.headlen = skb_headlen(skb);
	last.nr_frags = skb_shinfo(skb)->nr_frags;
	last.pieces_ok = pieces_ok(skb);
	if (!last.gso && skb->len >= ETH_HLEN + 40) {
		last.ip_len = ntohs(((const struct iphdr *)(skb->data + ETH_HLEN))->tot_len);
		last.seq = ntohl(((const struct tcphdr *)(skb->data + ETH_HLEN + 20))->seq);
		last.csums_ok = csums_ok(skb);
	}
	dev_kfree_skb_any(skb);
	if (stop_after && !--stop_after)
		netif_stop_queue(d);
	return NETDEV_TX_OK;
}

static netdev_features_t fake_features_check(struct sk_buff *skb, struct net_device *d,
					     netdev_features_t features)
{
	return refuse_tso ? features & ~NETIF_F_TSO : features;
}

static unsigned int tx_timeouts;

static void fake_tx_timeout(struct net_device *d, unsigned int txqueue)
{
	tx_timeouts++;
}

static const struct net_device_ops fake_ops = {
	.ndo_start_xmit = fake_xmit,
	.ndo_tx_timeout = fake_tx_timeout,
	.ndo_features_check = fake_features_check,
};

static int setup(void **state)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };

	/* Software segments come from the DMA heap, as receive skbs. */
	void *pool, *heap = aligned_alloc(PAGE_SIZE, 64 * PAGE_SIZE);

	if (!heap || shim_dma_heap_init(heap, 64 * PAGE_SIZE, 0x100000) < 0)
		return -1;
	size_t pool_size;

	if (peer_create() < 0)
		return -1;
	/* As the family's open: the device reads TX frames in the pool. */
	pool = peer_pool(&pool_size);
	if (shim_dma_add_window(pool, pool_size, 0x1000000) < 0)
		return -1;
	batch = peer_tx_batch();
	dev = alloc_etherdev(0);
	if (!dev)
		return -1;
	dev->netdev_ops = &fake_ops;
	/* A driver with TCP segmentation, as e1000 on QEMU's 82540EM. */
	dev->hw_features = NETIF_F_TSO;
	dev->features = NETIF_F_TSO;
	eth_hw_addr_set(dev, mac);
	if (register_netdev(dev) < 0 || linux_netdev_attach(peer_runtime()) < 0)
		return -1;
	/* As after the stub's OPEN: running, carrier on. */
	set_bit(__LINK_STATE_START, &dev->state);
	netif_carrier_on(dev);
	return 0;
}

static int teardown(void **state)
{
	unregister_netdev(dev);
	free_netdev(dev);
	peer_destroy();
	return 0;
}

/* One pass of the driver process's loop; returns the frames the driver got. */
static unsigned int run_once(void)
{
	unsigned int before = n_seen;

	assert_true(peer_runtime_tx() >= 0);
	assert_true(shim_kernel_run() >= 0);
	assert_true(linux_netdev_poll(peer_runtime()) >= 0);
	return n_seen - before;
}

static void test_xmit_more_until_the_last(void **state)
{
	unsigned int i, first = n_seen;

	assert_int_equal(peer_post_tx(5), 0);
	assert_int_equal(run_once(), 5);
	for (i = 0; i < 4; i++)
		assert_true(more_seen[first + i]);
	assert_false(more_seen[first + 4]);
	assert_int_equal(peer_take_returns(), 5);
}

static void test_single_frame_rings_at_once(void **state)
{
	unsigned int first = n_seen;

	assert_int_equal(peer_post_tx(1), 0);
	assert_int_equal(run_once(), 1);
	assert_false(more_seen[first]);
	assert_int_equal(peer_take_returns(), 1);
}

/* More than a batch: the batch's last frame says "no more", though more wait. */
static void test_batch_ends_the_run(void **state)
{
	unsigned int first = n_seen;

	assert_int_equal(peer_post_tx(batch + 6), 0);
	assert_int_equal(run_once(), batch);
	assert_true(more_seen[first]);
	assert_true(more_seen[first + batch - 2]);
	assert_false(more_seen[first + batch - 1]);
	assert_int_equal(run_once(), 6);
	assert_true(more_seen[first + batch]);
	assert_false(more_seen[first + batch + 5]);
	assert_int_equal(peer_take_returns(), batch + 6);
}

static void test_tso_is_declared(void **state)
{
	assert_int_equal(peer_tx_offloads(), AIRLOCK_TX_OFFLOAD_TSO4);
}

/* 14 + 20 + 20 header bytes and 10,000 of payload: 7 segments of 1,448. */
static void test_tso_frame_becomes_a_gso_skb(void **state)
{
	unsigned long dropped = dev->stats.tx_dropped;

	assert_int_equal(peer_post_tso(10054, 5, 34, 1448), 0);
	assert_int_equal(run_once(), 1);
	assert_true(last.gso);
	assert_int_equal(last.gso_size, 1448);
	assert_int_equal(last.gso_segs, 7);
	assert_int_equal(last.gso_type, SKB_GSO_TCPV4);
	assert_int_equal(last.transport, 34);
	assert_int_equal(last.ip_summed, CHECKSUM_PARTIAL);
	assert_int_equal(last.csum_offset, 16);
	assert_int_equal(peer_take_returns(), 1);
	assert_int_equal(dev->stats.tx_dropped, dropped);
}

/*
 * A frame past its buffer's first page, to a driver that takes fragments
 * (e1000e): the first page linear, headers in it, then one fragment per
 * page (4,096 + 4,096 + 1,862 bytes), each mapped for DMA; QEMU 7.2's
 * e1000e drops a descriptor whose buffer spans two pages not adjacent in
 * physical memory. The buffer still goes back once, when the skb is freed.
 */
static void test_frame_past_a_page_in_page_pieces(void **state)
{
	dev->hw_features |= NETIF_F_SG;
	assert_int_equal(peer_post_tso(10054, 5, 34, 1448), 0);
	assert_int_equal(run_once(), 1);
	dev->hw_features &= ~NETIF_F_SG;
	assert_true(last.gso);
	assert_int_equal(last.len, 10054);
	assert_int_equal(last.headlen, 4096);
	assert_int_equal(last.nr_frags, 2);
	assert_true(last.pieces_ok);
	assert_int_equal(last.gso_segs, 7);
	assert_int_equal(peer_take_returns(), 1);

	/* Within one page: linear, as before. */
	dev->hw_features |= NETIF_F_SG;
	assert_int_equal(peer_post_tso(4000, 5, 34, 1448), 0);
	assert_int_equal(run_once(), 1);
	dev->hw_features &= ~NETIF_F_SG;
	assert_int_equal(last.nr_frags, 0);
	assert_int_equal(last.headlen, 4000);
	assert_int_equal(peer_take_returns(), 1);
}

/* A driver without SG gets the frame linear, whatever its size. */
static void test_frame_past_a_page_linear_without_sg(void **state)
{
	assert_int_equal(peer_post_tso(10054, 5, 34, 1448), 0);
	assert_int_equal(run_once(), 1);
	assert_int_equal(last.nr_frags, 0);
	assert_int_equal(last.headlen, 10054);
	assert_true(last.pieces_ok);
	assert_int_equal(peer_take_returns(), 1);
}

/* Headers the driver would read past, or no payload: dropped before it. */
static void test_malformed_tso_frames_are_dropped(void **state)
{
	unsigned int before = n_seen;
	unsigned long dropped = dev->stats.tx_dropped;

	assert_int_equal(peer_post_tso(2000, 6, 34, 1448), 0);	/* IHL disagrees */
	assert_int_equal(peer_post_tso(2000, 5, 30, 1448), 0);	/* inside IPv4 */
	assert_int_equal(peer_post_tso(54, 5, 34, 1448), 0);		/* no payload */
	assert_int_equal(peer_post_tso(2000, 5, 34, 0), 0);		/* no segment size */
	run_once();
	assert_int_equal(n_seen, before);
	assert_int_equal(peer_take_returns(), 4);
	assert_int_equal(dev->stats.tx_dropped, dropped + 4);
}

/*
 * A TSO frame the driver refuses TSO for (8139cp: an MSS over 2047) reaches
 * it as the frames it stands for, made in software from the DMA heap:
 * 3,500 bytes of payload at an MSS of 1,000 are 4 frames, each with its
 * own IPv4 length, sequence number and complete checksums. The pool
 * buffer goes back at once.
 */
static void test_tso_refused_is_segmented(void **state)
{
	unsigned int before = n_seen;
	unsigned long dropped = dev->stats.tx_dropped;

	refuse_tso = true;
	assert_int_equal(peer_post_tso(54 + 3500, 5, 34, 1000), 0);
	assert_int_equal(run_once(), 4);
	refuse_tso = false;
	/* One doorbell for the four: xmit_more until the last segment. */
	assert_true(more_seen[before]);
	assert_true(more_seen[before + 2]);
	assert_false(more_seen[before + 3]);
	assert_false(last.gso);
	assert_int_equal(last.len, 54 + 500);
	assert_int_equal(last.ip_len, 40 + 500);
	assert_int_equal(last.seq, 3000);
	assert_true(last.csums_ok);
	assert_int_equal(peer_take_returns(), 1);
	assert_int_equal(dev->stats.tx_dropped, dropped);
}

/* Segments the driver has no room for wait for it to wake its queue, none lost. */
static void test_segments_wait_for_a_stopped_queue(void **state)
{
	unsigned int before = n_seen;

	refuse_tso = true;
	stop_after = 2;
	assert_int_equal(peer_post_tso(54 + 3500, 5, 34, 1000), 0);
	assert_int_equal(run_once(), 2);
	assert_int_equal(peer_take_returns(), 1);
	assert_int_equal(run_once(), 0);
	netif_wake_queue(dev);
	assert_int_equal(run_once(), 2);
	refuse_tso = false;
	assert_int_equal(n_seen, before + 4);
	assert_int_equal(last.seq, 3000);
	assert_true(last.csums_ok);
}

/* A driver that turned TSO off never gets a GSO skb, whatever the stub sent. */
static void test_tso_frame_for_a_driver_without_tso(void **state)
{
	unsigned int before = n_seen;
	unsigned long dropped = dev->stats.tx_dropped;

	dev->features &= ~NETIF_F_TSO;
	assert_int_equal(peer_post_tso(10054, 5, 34, 1448), 0);
	run_once();
	dev->features |= NETIF_F_TSO;
	assert_int_equal(n_seen, before);
	assert_int_equal(peer_take_returns(), 1);
	assert_int_equal(dev->stats.tx_dropped, dropped + 1);
}

/*
 * A driver that stopped its queue gets nothing, and the frames wait on the
 * ring, none lost; once it wakes the queue, they come in order.
 */
static void test_stopped_queue_holds_frames(void **state)
{
	unsigned int before = n_seen;

	netif_stop_queue(dev);
	assert_int_equal(peer_post_tx(3), 0);
	assert_int_equal(run_once(), 0);
	assert_int_equal(run_once(), 0);
	assert_int_equal(peer_take_returns(), 0);
	netif_wake_queue(dev);
	assert_int_equal(run_once(), 3);
	assert_int_equal(n_seen, before + 3);
	assert_int_equal(peer_take_returns(), 3);
}

/* Runs the loop's hooks for @ms; returns how many TX timeouts came meanwhile. */
static unsigned int timeouts_within(unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	unsigned int before = tx_timeouts;

	while (time_before(jiffies, end)) {
		run_once();
		shim_env_sleep_us(5000);
	}
	return tx_timeouts - before;
}

/*
 * Stopped past watchdog_timeo: a timeout, then at most one per period
 * (checked every 500 ms: 1 to 3 in 1.2 s), not one per loop round; none
 * while the queue runs.
 */
/* The driver's MAC, MTU and features as HELLO and CREATE name them. */
static void test_offered_features(void **state)
{
	netdev_features_t hw = dev->hw_features, on = dev->features;
	struct airlock_offer offer;

	assert_int_equal(linux_netdev_offer(&offer), 0);
	assert_memory_equal(offer.mac, dev->perm_addr, ETH_ALEN);
	assert_int_equal(offer.max_mtu, ETH_DATA_LEN);
	/* TSO is declared at attach (state block), not offered at CREATE. */
	assert_int_equal(offer.features, 0);

	/* Toggleable or only on: both are the driver's to offer. */
	dev->hw_features |= NETIF_F_RXCSUM | NETIF_F_RXALL | NETIF_F_HW_VLAN_CTAG_FILTER;
	dev->features |= NETIF_F_RXFCS;
	assert_int_equal(linux_netdev_offer(&offer), 0);
	assert_int_equal(offer.features, AIRLOCK_FEAT_RXCSUM | AIRLOCK_FEAT_RXALL | AIRLOCK_FEAT_RXFCS);
	dev->hw_features = hw;
	dev->features = on;
}

static void test_stopped_queue_times_out(void **state)
{
	unsigned int n;

	dev->watchdog_timeo = (int)msecs_to_jiffies(300);
	assert_int_equal(timeouts_within(1200), 0);
	netif_stop_queue(dev);
	n = timeouts_within(1200);
	assert_in_range(n, 1, 3);
	netif_wake_queue(dev);
	assert_int_equal(timeouts_within(1200), 0);
	dev->watchdog_timeo = 0;
}

/* A driver that programs its address only at open, as pcnet32 (eth_mac_addr). */
static struct {
	unsigned int opens, stops, rx_modes;
	u8 addr_at_open[ETH_ALEN];
	bool up_at_rx_mode;
} ctl;

static int ctl_open(struct net_device *d)
{
	ctl.opens++;
	memcpy(ctl.addr_at_open, d->dev_addr, ETH_ALEN);
	return 0;
}

static int ctl_stop(struct net_device *d)
{
	ctl.stops++;
	return 0;
}

static void ctl_set_rx_mode(struct net_device *d)
{
	ctl.rx_modes++;
	ctl.up_at_rx_mode = netif_running(d) && (d->flags & IFF_UP);
}

static const struct net_device_ops ctl_ops = {
	.ndo_start_xmit = fake_xmit,
	.ndo_open = ctl_open,
	.ndo_stop = ctl_stop,
	.ndo_set_rx_mode = ctl_set_rx_mode,
	.ndo_set_mac_address = eth_mac_addr,
};

static int control(u16 opcode, const u8 *mac)
{
	struct airlock_ctrl_msg req = { .opcode = opcode };

	if (mac)
		memcpy(req.u.set_mac.addr, mac, ETH_ALEN);
	return linux_netdev_control(peer_runtime(), &req);
}

static void test_open_sets_rx_mode_and_live_mac_reopens(void **state)
{
	static const u8 mac1[ETH_ALEN] = { 0x02, 0xa1, 0, 0, 0xbe, 0xef };
	static const u8 mac2[ETH_ALEN] = { 0x02, 0xa1, 0, 0, 0xbe, 0xf0 };

	dev->netdev_ops = &ctl_ops;
	memset(&ctl, 0, sizeof(ctl));
	assert_int_equal(control(AIRLOCK_CTRL_STOP, NULL), 0);
	assert_int_equal(ctl.stops, 1);

	/* Down: the address is taken as is, nothing reopens. */
	assert_int_equal(control(AIRLOCK_CTRL_SET_MAC, mac1), 0);
	assert_memory_equal(dev->dev_addr, mac1, ETH_ALEN);
	assert_int_equal(ctl.opens, 0);

	/* OPEN: ndo_open, then the rx mode, with the device up. */
	assert_int_equal(control(AIRLOCK_CTRL_OPEN, NULL), 0);
	assert_int_equal(ctl.opens, 1);
	assert_int_equal(ctl.rx_modes, 1);
	assert_true(ctl.up_at_rx_mode);
	assert_memory_equal(ctl.addr_at_open, mac1, ETH_ALEN);

	/* Up: eth_mac_addr says -EBUSY; the family closes, sets, reopens. */
	assert_int_equal(control(AIRLOCK_CTRL_SET_MAC, mac2), 0);
	assert_int_equal(ctl.stops, 2);
	assert_int_equal(ctl.opens, 2);
	assert_memory_equal(ctl.addr_at_open, mac2, ETH_ALEN);
	assert_memory_equal(dev->dev_addr, mac2, ETH_ALEN);
	assert_int_equal(ctl.rx_modes, 2);
	assert_true(netif_running(dev));

	/* A bad address: the driver says busy, and nothing is reopened for it. */
	assert_int_equal(control(AIRLOCK_CTRL_SET_MAC, (const u8[ETH_ALEN]){ 0x01 }),
			 -EBUSY);
	assert_int_equal(ctl.opens, 2);
	dev->netdev_ops = &fake_ops;
}

/* A driver that takes rx-usecs only, as e1000 (its ITR), and may refuse a value. */
static struct {
	struct ethtool_coalesce ec;
	unsigned int sets;
} coal;

static int coal_get(struct net_device *d, struct ethtool_coalesce *ec,
		    struct kernel_ethtool_coalesce *kec, struct netlink_ext_ack *extack)
{
	ec->rx_coalesce_usecs = coal.ec.rx_coalesce_usecs;
	ec->tx_coalesce_usecs = coal.ec.tx_coalesce_usecs;
	return 0;
}

static int coal_set(struct net_device *d, struct ethtool_coalesce *ec,
		    struct kernel_ethtool_coalesce *kec, struct netlink_ext_ack *extack)
{
	coal.sets++;
	if (ec->rx_coalesce_usecs > 10000)
		return -EINVAL;
	coal.ec.rx_coalesce_usecs = ec->rx_coalesce_usecs;
	return 0;
}

static const struct ethtool_ops coal_ethtool_ops = {
	.supported_coalesce_params = ETHTOOL_COALESCE_RX_USECS,
	.get_coalesce = coal_get,
	.set_coalesce = coal_set,
};

static int set_coalesce(uint32_t rx_usecs, uint32_t tx_usecs)
{
	struct airlock_ctrl_msg req = { .opcode = AIRLOCK_CTRL_SET_COALESCE };

	req.u.set_coalesce.rx_usecs = rx_usecs;
	req.u.set_coalesce.tx_usecs = tx_usecs;
	return linux_netdev_control(peer_runtime(), &req);
}

/*
 * ethtool -C reaches the driver's set_coalesce, as the kernel's would: a
 * value the driver cannot change is refused without calling it, one it
 * refuses is refused, and the state block shows what the driver says
 * after each; a driver without coalescing refuses all and shows none.
 */
static void test_coalesce(void **state)
{
	uint32_t shown[4];

	/* setup()'s driver has no ethtool_ops: nothing shown, nothing taken. */
	assert_false(peer_coalesce(shown));
	assert_int_equal(set_coalesce(100, 0), -EOPNOTSUPP);

	dev->ethtool_ops = &coal_ethtool_ops;
	memset(&coal, 0, sizeof(coal));
	coal.ec.rx_coalesce_usecs = 3;
	assert_int_equal(set_coalesce(100, 0), 0);
	assert_int_equal(coal.ec.rx_coalesce_usecs, 100);
	assert_true(peer_coalesce(shown));
	assert_int_equal(shown[0], 100);
	assert_int_equal(shown[2], 0);

	/* tx-usecs is not the driver's to change: refused, the driver not called. */
	assert_int_equal(set_coalesce(100, 50), -EOPNOTSUPP);
	assert_int_equal(coal.sets, 1);
	/* Nothing changed: not called either. */
	assert_int_equal(set_coalesce(100, 0), 0);
	assert_int_equal(coal.sets, 1);
	/* The driver's own refusal comes back, and the state shows its value. */
	assert_int_equal(set_coalesce(20000, 0), -EINVAL);
	assert_int_equal(coal.sets, 2);
	assert_true(peer_coalesce(shown));
	assert_int_equal(shown[0], 100);
	dev->ethtool_ops = NULL;
}

/* A 60-byte frame received into @data (a receive fragment), handed to the stack as a driver does. */
static struct sk_buff *rx_skb_on(void *data, unsigned int frag_size, unsigned char fill)
{
	struct sk_buff *skb = build_skb(data, frag_size);
	unsigned char *p;

	assert_non_null(skb);
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	p = skb_put(skb, 60);
	memset(p, fill, 60);
	memcpy(p, dev->dev_addr, ETH_ALEN);
	skb->protocol = eth_type_trans(skb, dev);
	return skb;
}

#define RX_FRAG (2048 + 512)

static uint32_t buf_of(const unsigned char *pool, const void *p, uint32_t buf_size)
{
	return (uint32_t)(((const unsigned char *)p - pool) / buf_size);
}

/*
 * The driver's receive memory is carved from the stub's RX buffers: a frame
 * received into one is posted where it lies (its offset in the buffer),
 * one received into the DMA heap (the port kept only its reserve) is
 * copied; fragments freed unused, and buffers the stub consumed, are lent
 * again.
 */
static void test_rx_in_place_from_lent_buffers(void **state)
{
	static void *lent[2048];
	size_t pool_size, n_lent = 0, per_buf = 0;
	unsigned char *pool = peer_pool(&pool_size), *heap_frag = NULL;
	uint32_t buf, off, len, buf_size = peer_buf_size();
	const unsigned char *frame;
	const void *seen;
	void *data;
	u64 in_place = shim_counters.rx_in_place;

	/* Lent until only the reserve is left; then the heap's (setup made one). */
	while ((data = netdev_alloc_frag(RX_FRAG))) {
		if ((unsigned char *)data < pool || (unsigned char *)data >= pool + pool_size) {
			heap_frag = data;
			break;
		}
		assert_true(n_lent < 2048);
		/* Carved: on a cache line, inside one buffer, after the last from the same one. */
		assert_int_equal(((unsigned char *)data - pool) % 64, 0);
		assert_true(((unsigned char *)data - pool) % buf_size + RX_FRAG <= buf_size);
		/* Across no 64 KiB boundary of its address (e1000's errata 23). */
		assert_int_equal((uintptr_t)data >> 16, ((uintptr_t)data + RX_FRAG - 1) >> 16);
		if (n_lent && buf_of(pool, data, buf_size) == buf_of(pool, lent[n_lent - 1], buf_size)) {
			assert_true((unsigned char *)data >= (unsigned char *)lent[n_lent - 1] + RX_FRAG);
			per_buf++;
		}
		lent[n_lent++] = data;
	}
	assert_non_null(heap_frag);
	/* Several fragments share a buffer: far more fragments than lendable buffers. */
	assert_true(n_lent >= 32);
	assert_true(per_buf * 2 >= n_lent);
	/* Too large for a buffer: the heap's. */
	data = netdev_alloc_frag(buf_size + 1);
	assert_true(data && ((unsigned char *)data < pool || (unsigned char *)data >= pool + pool_size));
	skb_free_frag(data);

	/* A frame in a lent buffer: posted at its offset, not copied. */
	assert_int_equal(netif_receive_skb(rx_skb_on(lent[0], RX_FRAG, 0xa5)), NET_RX_SUCCESS);
	assert_int_equal(shim_counters.rx_in_place, in_place + 1);
	assert_int_equal(peer_take_rx(&buf, &off, &len, &seen), 1);
	frame = seen;
	assert_int_equal(len, 60);
	assert_int_equal(off, (uint32_t)(((unsigned char *)lent[0] - pool) % buf_size) +
			      NET_SKB_PAD + NET_IP_ALIGN);
	assert_int_equal(buf, buf_of(pool, lent[0], buf_size));
	assert_memory_equal(frame, dev->dev_addr, ETH_ALEN);
	assert_int_equal(frame[59], 0xa5);

	/* A frame in the heap: copied into a free buffer, at offset 0. */
	assert_int_equal(netif_receive_skb(rx_skb_on(heap_frag, RX_FRAG, 0x5a)), NET_RX_SUCCESS);
	assert_int_equal(shim_counters.rx_in_place, in_place + 1);
	assert_int_equal(peer_take_rx(&buf, &off, &len, &seen), 1);
	frame = seen;
	assert_int_equal(off, 0);
	assert_int_equal(len, 60);
	assert_int_equal(frame[59], 0x5a);
	/* Into a free buffer: none the driver still has. */
	for (size_t i = 1; i < n_lent; i++)
		assert_int_not_equal(buf, buf_of(pool, lent[i], buf_size));

	/* The consumed buffer and the fragments freed unused are lent again. */
	for (size_t i = 1; i < n_lent; i++)
		skb_free_frag(lent[i]);
	for (size_t i = 0; i < n_lent; i++) {
		data = netdev_alloc_frag(RX_FRAG);
		assert_true((unsigned char *)data >= pool && (unsigned char *)data < pool + pool_size);
		lent[i] = data;
	}
	/* A received skb dropped by the driver gives its buffer back too. */
	kfree_skb(rx_skb_on(lent[0], RX_FRAG, 0));
	for (size_t i = 1; i < n_lent; i++)
		skb_free_frag(lent[i]);
	assert_int_equal(peer_take_rx(&buf, &off, &len, &seen), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tso_is_declared),
		cmocka_unit_test(test_tso_frame_becomes_a_gso_skb),
		cmocka_unit_test(test_frame_past_a_page_in_page_pieces),
		cmocka_unit_test(test_frame_past_a_page_linear_without_sg),
		cmocka_unit_test(test_malformed_tso_frames_are_dropped),
		cmocka_unit_test(test_tso_frame_for_a_driver_without_tso),
		cmocka_unit_test(test_tso_refused_is_segmented),
		cmocka_unit_test(test_segments_wait_for_a_stopped_queue),
		cmocka_unit_test(test_xmit_more_until_the_last),
		cmocka_unit_test(test_single_frame_rings_at_once),
		cmocka_unit_test(test_batch_ends_the_run),
		cmocka_unit_test(test_stopped_queue_holds_frames),
		cmocka_unit_test(test_stopped_queue_times_out),
		cmocka_unit_test(test_offered_features),
		cmocka_unit_test(test_open_sets_rx_mode_and_live_mac_reopens),
		cmocka_unit_test(test_rx_in_place_from_lent_buffers),
		cmocka_unit_test(test_coalesce),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
