// SPDX-License-Identifier: GPL-2.0-only
/*
 * The net_device a Linux driver registered, served to the stub's port: the
 * network stack's side of the driver, in user space. Control requests
 * become net_device_ops and ethtool_ops calls under rtnl, TX descriptors
 * become skbs on their pool buffers (given back by the skb's destructor),
 * received skbs are posted in the RX buffer they were received into
 * (rx_lend.c) or copied into one, and carrier, statistics and
 * ethtool -S values go into the state block. Compiled against
 * shim/include/, as the driver is.
 */
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/tcp.h>

#include "gso.h"
#include "linux.h"
#include "shim.h"

#define STATE_PERIOD_MS 500
/*
 * What ethtool -i says for version when a driver leaves it empty: the
 * kernel puts its own release there (ethtool_get_drvinfo); ours is the
 * kernel API the shim speaks.
 */
#define SHIM_UTS_RELEASE "6.1-airlock-shim"

static struct {
	struct net_device *dev;		/* registered */
	struct airlock_rt *rt;		/* attached */
	struct airlock_port *port;	/* the one the netdev receives on */
	bool link_published;		/* the link the state block shows */
	unsigned long next_state_update;
	u64 tx_frames_seen;		/* shim_counters.tx_frames at the last poll */
	u64 rx_dropped;			/* frames the RX ring had no room for */
	struct sk_buff *gso_pending;	/* segments made in software, not yet sent */
} nd;

/* TX frames' pool buffers, kept in the skb's control block until freed. */
struct tx_cb {
	struct airlock_port *port;
	u32 buf;
	u32 id;
};

/* The NETIF_F_* bits the ABI has names for (abi.h). */
#define FEATURE_ENTRY(abi_bit, netif_bit) { abi_bit, netif_bit },
static const struct {
	u64 abi;
	netdev_features_t netif;
} feature_map[] = { AIRLOCK_FEAT_NETIF_MAP(FEATURE_ENTRY) };

int linux_netdev_offer(struct airlock_offer *ret)
{
	struct net_device *dev = shim_netdev_registered();
	netdev_features_t offered;
	unsigned int i;

	if (!dev)
		return -ENODEV;
	memcpy(ret->mac, dev->perm_addr, ETH_ALEN);
	ret->max_mtu = dev->max_mtu;
	/* What ethtool -K may toggle on the driver, and what it has on now. */
	offered = dev->hw_features | dev->features;
	ret->features = 0;
	for (i = 0; i < ARRAY_SIZE(feature_map); i++)
		if (offered & feature_map[i].netif)
			ret->features |= feature_map[i].abi;
	return 0;
}

/* A drvinfo string into the state block: printable ASCII only, NUL-padded (abi.h). */
static void drvinfo_copy(char *dst, const char *src, size_t src_size)
{
	size_t i;

	memset(dst, 0, AIRLOCK_DRVINFO_LEN);
	for (i = 0; i < AIRLOCK_DRVINFO_LEN - 1 && i < src_size && src[i]; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
}

/* ethtool -i of the proxy: what the driver's get_drvinfo says, as the kernel would ask it. */
static void state_drvinfo(struct net_device *dev, struct airlock_state *st)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };

	if (ops && ops->get_drvinfo) {
		rtnl_lock();
		ops->get_drvinfo(dev, &info);
		rtnl_unlock();
	}
	if (!info.version[0])
		strscpy(info.version, SHIM_UTS_RELEASE, sizeof(info.version));
	drvinfo_copy(st->drv_name, info.driver, sizeof(info.driver));
	drvinfo_copy(st->drv_version, info.version, sizeof(info.version));
	drvinfo_copy(st->fw_version, info.fw_version, sizeof(info.fw_version));
	drvinfo_copy(st->bus_info, info.bus_info, sizeof(info.bus_info));
}

/* The driver's coalescing as the ABI says it; -EOPNOTSUPP if it has none. Under rtnl. */
static int get_coalesce(struct net_device *dev, struct ethtool_coalesce *ret)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct kernel_ethtool_coalesce kec = { 0 };

	if (!ops || !ops->get_coalesce || !ops->set_coalesce)
		return -EOPNOTSUPP;
	memset(ret, 0, sizeof(*ret));
	ret->cmd = ETHTOOL_GCOALESCE;
	return ops->get_coalesce(dev, ret, &kec, NULL);
}

/* ethtool -c of the proxy shows what the driver says now. Under rtnl. */
static void state_coalesce(struct net_device *dev)
{
	struct ethtool_coalesce ec;

	if (get_coalesce(dev, &ec) < 0) {
		airlock_rt_set_coalesce(nd.rt, NULL);
		return;
	}
	airlock_rt_set_coalesce(nd.rt, &(struct airlock_coalesce){
		.rx_usecs = ec.rx_coalesce_usecs,
		.rx_max_frames = ec.rx_max_coalesced_frames,
		.tx_usecs = ec.tx_coalesce_usecs,
		.tx_max_frames = ec.tx_max_coalesced_frames,
	});
}

int linux_netdev_attach(struct airlock_rt *rt)
{
	struct airlock_state *st = airlock_rt_state(rt);
	int r;

	nd.dev = shim_netdev_registered();
	if (!nd.dev || airlock_rt_n_ports(rt) == 0)
		return -ENODEV;
	nd.rt = rt;
	nd.port = airlock_rt_port(rt, 0);
	/* Before ndo_open: the RX ring's first buffers are already lent ones. */
	r = linux_rx_lend_open(rt, nd.port);
	if (r < 0)
		return r;
	state_drvinfo(nd.dev, st);
	rtnl_lock();
	state_coalesce(nd.dev);
	rtnl_unlock();
	/* Before any TX frame: the stub sends GSO frames only once it reads this. */
	__atomic_store_n(&st->tx_offloads,
			 nd.dev->features & NETIF_F_TSO ? AIRLOCK_TX_OFFLOAD_TSO4 : 0U,
			 __ATOMIC_RELEASE);
	/* Jiffies start near the wrap (shim/time.c): compare from now, never from 0. */
	nd.next_state_update = jiffies;
	nd.link_published = false;
	airlock_rt_set_link(rt, false, 0, AIRLOCK_DUPLEX_UNKNOWN);
	return 0;
}

/* ---- receive: the stack's end of the driver's NAPI poll ---- */

gro_result_t napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	netif_receive_skb(skb);
	return GRO_NORMAL;
}

/*
 * A frame whose skb is one piece in a buffer the port lent (rx_lend.c):
 * posted where it lies, its head the kernel's from now on. 1 posted, 0
 * not lent (copy it), or -errno.
 */
static int rx_in_place(struct sk_buff *skb)
{
	int r;

	if (skb_shinfo(skb)->nr_frags || skb->head_kind != SHIM_SKB_HEAD_FRAG)
		return 0;
	r = linux_rx_lend_post(skb->head, skb_mac_header(skb),
			       (uint32_t)(skb->tail - skb_mac_header(skb)));
	if (r > 0) {
		skb->head_kind = SHIM_SKB_HEAD_NONE;
		shim_counters.rx_in_place++;
	}
	return r;
}

/* Gathers the frame (head and frags) into a free RX buffer and posts it. */
static int rx_copy(struct sk_buff *skb)
{
	const void *pieces[1 + MAX_SKB_FRAGS];
	uint32_t lens[1 + MAX_SKB_FRAGS];
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int i, n = 0;

	/* From the Ethernet header eth_type_trans pulled, to the end. */
	pieces[n] = skb_mac_header(skb);
	lens[n++] = (uint32_t)(skb->tail - skb_mac_header(skb));
	for (i = 0; i < sh->nr_frags; i++) {
		pieces[n] = skb_frag_address(&sh->frags[i]);
		lens[n++] = skb_frag_size(&sh->frags[i]);
	}
	return airlock_port_rx_copy(nd.port, pieces, lens, n);
}

int netif_receive_skb(struct sk_buff *skb)
{
	int r = -ENODEV;

	if (nd.port) {
		r = rx_in_place(skb);
		if (r == 0)
			r = rx_copy(skb);
	}
	if (r < 0) {
		nd.rx_dropped++;
		shim_counters.rx_dropped++;
		if (net_ratelimit())
			netdev_warn(skb->dev, "received frame of %u bytes dropped: %d\n", skb->len, r);
	} else {
		shim_counters.rx_posted++;
	}
	kfree_skb(skb);
	return r < 0 ? NET_RX_DROP : NET_RX_SUCCESS;
}

/* ---- transmit ---- */

/* The skb's destructor: the device is done with the frame, its buffer goes back. */
static void tx_buffer_done(struct sk_buff *skb)
{
	const struct tx_cb *cb = (const struct tx_cb *)skb->cb;

	airlock_port_tx_done(cb->port, cb->buf, cb->id);
}

/*
 * A TCP/IPv4 frame for the device to segment (abi.h, TSO), made into the
 * skb the stack hands a TSO driver: CHECKSUM_PARTIAL on the TCP checksum,
 * transport header, gso_size and gso_segs. The stub only sends one to a
 * driver with TSO on, and a bad one would have the driver read past the
 * frame: -EINVAL unless TSO is on and the IPv4 and TCP headers lie inside
 * the frame, with payload after them.
 */
static int skb_gso_from_desc(struct sk_buff *skb, const struct airlock_desc *d)
{
	unsigned int thoff = d->csum_start, hdr_len;
	const struct iphdr *iph = (const struct iphdr *)(skb->data + ETH_HLEN);

	if (!(nd.dev->features & NETIF_F_TSO) || skb->protocol != htons(ETH_P_IP) ||
	    !d->gso_size || thoff < ETH_HLEN + sizeof(struct iphdr) ||
	    thoff + sizeof(struct tcphdr) > d->len || iph->version != 4 ||
	    iph->protocol != IPPROTO_TCP || ETH_HLEN + iph->ihl * 4U != thoff)
		return -EINVAL;
	skb_set_transport_header(skb, (int)thoff);
	hdr_len = thoff + tcp_hdrlen(skb);
	if (tcp_hdrlen(skb) < sizeof(struct tcphdr) || hdr_len >= d->len)
		return -EINVAL;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (u16)(skb_headroom(skb) + thoff);
	skb->csum_offset = offsetof(struct tcphdr, check);
	skb_shinfo(skb)->gso_size = d->gso_size;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb_shinfo(skb)->gso_segs = (u16)DIV_ROUND_UP(d->len - hdr_len, d->gso_size);
	return 0;
}

/* The skb for TX descriptor @d, on its pool buffer, or NULL (-ENOMEM or a bad TSO frame). */
static struct sk_buff *skb_from_desc(struct airlock_port *port, const struct airlock_desc *d,
				     void *data)
{
	struct sk_buff *skb = kzalloc(sizeof(*skb), GFP_ATOMIC);
	struct tx_cb *cb;

	if (!skb)
		return NULL;
	skb->head_kind = SHIM_SKB_HEAD_NONE;
	skb->head = data;
	skb->data = data;
	skb->len = d->len;
	skb->tail = skb->data + d->len;
	skb->end = skb->head + airlock_port_buf_size(port);
	skb->dev = nd.dev;
	skb->ip_summed = CHECKSUM_NONE;
	skb_reset_mac_header(skb);
	if (d->len >= ETH_HLEN)
		skb->protocol = ((const struct ethhdr *)data)->h_proto;
	skb_set_network_header(skb, ETH_HLEN);
	if ((d->flags & AIRLOCK_DESC_F_GSO_TCPV4) && skb_gso_from_desc(skb, d) < 0) {
		static bool said;

		if (!said)
			netdev_warn(nd.dev, "shim: dropped a malformed TSO frame from the stub\n");
		said = true;
		kfree(skb);
		return NULL;
	}
	cb = (struct tx_cb *)skb->cb;
	*cb = (struct tx_cb){ .port = port, .buf = d->buf, .id = d->id };
	skb->destructor = tx_buffer_done;
	return skb;
}

/*
 * A frame that runs past the first page of its pool buffer, given as the
 * kernel gives a driver a TSO or jumbo skb: what lies in the first page
 * linear (the headers with it), the rest one fragment per page. In the
 * kernel each piece a driver maps for the device is physically
 * contiguous (kmalloc'd head, frags within their pages); a pool buffer
 * is contiguous only in IOVA space, its pages scattered in physical
 * memory (a memfd). A device that reads each descriptor's buffer through
 * one mapping drops the frame when two of those pages are not adjacent:
 * QEMU 7.2's e1000e (and vmxnet3) does, in net_tx_pkt_add_raw_fragment,
 * which pci_dma_map()s the buffer and gives up when the map comes back
 * shorter; the e1000e's TCP sending crawled at 4-20 Mbit/s with a third
 * of its TSO frames lost. Only for a driver that takes fragments
 * (NETIF_F_SG among its hw_features; the family keeps SG itself off, as
 * the stub sends linear frames); a driver without it gets the frame
 * linear, as before.
 */
static void skb_split_pages(struct sk_buff *skb)
{
	unsigned int first = (unsigned int)(PAGE_SIZE - offset_in_page(skb->data));
	unsigned int off, i = 0;

	if (skb->len <= first || !(nd.dev->hw_features & NETIF_F_SG) ||
	    DIV_ROUND_UP(skb->len - first, PAGE_SIZE) > MAX_SKB_FRAGS ||
	    !virt_to_page(skb->data + skb->len - 1))
		return;
	for (off = first; off < skb->len; off += PAGE_SIZE, i++) {
		unsigned char *p = skb->data + off;

		skb_fill_page_desc(skb, (int)i, virt_to_page(p), (int)offset_in_page(p),
				   (int)min_t(unsigned int, skb->len - off, PAGE_SIZE));
	}
	skb->data_len = skb->len - first;
	skb->tail = skb->data + first;
}

/* As validate_xmit_skb: the driver may refuse TSO for one frame (an MSS its descriptors can't hold). */
static bool tso_refused(struct net_device *dev, struct sk_buff *skb)
{
	const struct net_device_ops *ops = dev->netdev_ops;

	return ops->ndo_features_check &&
	       !(ops->ndo_features_check(skb, dev, dev->features) & NETIF_F_TSO);
}

/*
 * Sends software segments (gso.c) until the driver stops its queue; the
 * rest wait, first in line, for the next xmit or poll. How many went.
 */
static int gso_flush(struct net_device *dev, bool more)
{
	int sent = 0;

	while (nd.gso_pending && !netif_queue_stopped(dev)) {
		struct sk_buff *seg = nd.gso_pending;

		nd.gso_pending = seg->next;
		seg->next = NULL;
		shim_xmit_more = nd.gso_pending || more;
		if (dev->netdev_ops->ndo_start_xmit(seg, dev) == NETDEV_TX_BUSY) {
			shim_counters.tx_busy++;
			seg->next = nd.gso_pending;
			nd.gso_pending = seg;
			break;
		}
		shim_counters.tx_frames++;
		sent++;
	}
	shim_xmit_more = false;
	return sent;
}

static void gso_drop_pending(struct net_device *dev)
{
	while (nd.gso_pending) {
		struct sk_buff *seg = nd.gso_pending;

		nd.gso_pending = seg->next;
		kfree_skb(seg);
		dev->stats.tx_dropped++;
	}
}

int linux_netdev_xmit(struct airlock_rt *rt, struct airlock_port *port,
		      const struct airlock_desc *d, void *frame, bool more)
{
	struct net_device *dev = nd.dev;
	struct sk_buff *skb;
	netdev_tx_t rc;

	/* The driver stopped its queue: the frame waits, as in the kernel's qdisc. */
	if (netif_queue_stopped(dev))
		return -EBUSY;
	if (!netif_running(dev) || !netif_carrier_ok(dev)) {
		gso_drop_pending(dev);
		dev->stats.tx_dropped++;
		return -ENETDOWN;
	}
	/* An earlier frame's segments go first. */
	gso_flush(dev, true);
	if (nd.gso_pending)
		return -EBUSY;
	skb = skb_from_desc(port, d, frame);
	if (!skb) {
		dev->stats.tx_dropped++;
		return -ENOMEM;
	}
	if (skb_is_gso(skb) && tso_refused(dev, skb)) {
		nd.gso_pending = linux_gso_segment(skb);
		kfree_skb(skb);		/* copied: its pool buffer goes back */
		if (!nd.gso_pending) {
			dev->stats.tx_dropped++;
			return -ENOMEM;
		}
		gso_flush(dev, more);
		return 0;
	}
	skb_split_pages(skb);
	/*
	 * Another frame follows in this batch. If that one then cannot be sent
	 * (no memory for its skb), the doorbell waits for the next frame, as
	 * in the kernel when the driver drops a batch's last skb.
	 */
	shim_xmit_more = more;
	rc = dev->netdev_ops->ndo_start_xmit(skb, dev);
	shim_xmit_more = false;
	if (rc == NETDEV_TX_BUSY) {
		/* Not the driver's: freed without giving the buffer back, offered again. */
		shim_counters.tx_busy++;
		skb->destructor = NULL;
		kfree_skb(skb);
		return -EBUSY;
	}
	shim_counters.tx_frames++;
	return 0;
}

/* ---- control ---- */

static int set_rx_mode(struct net_device *dev, const struct airlock_ctrl_msg *req)
{
	struct airlock_addr *addrs;
	int n, i, r = 0;

	addrs = kcalloc(AIRLOCK_MAX_ADDRS, sizeof(*addrs), GFP_KERNEL);
	if (!addrs)
		return -ENOMEM;
	n = airlock_rt_rx_mode_addrs(nd.rt, req, addrs, AIRLOCK_MAX_ADDRS);
	if (n < 0) {
		r = n;
		goto out;
	}
	dev_uc_flush(dev);
	dev_mc_flush(dev);
	for (i = 0; i < n && r == 0; i++)
		r = (u32)i < req->u.set_rx_mode.n_uc ? dev_uc_add(dev, addrs[i].addr) :
						       dev_mc_add(dev, addrs[i].addr);
	if (r < 0)
		goto out;
	dev->flags &= ~(IFF_PROMISC | IFF_ALLMULTI);
	if (req->u.set_rx_mode.flags & AIRLOCK_RX_MODE_PROMISC)
		dev->flags |= IFF_PROMISC;
	if (req->u.set_rx_mode.flags & AIRLOCK_RX_MODE_ALLMULTI)
		dev->flags |= IFF_ALLMULTI;
	/* As __dev_set_rx_mode: a device that is down gets it at open (dev_open). */
	if ((dev->flags & IFF_UP) && dev->netdev_ops->ndo_set_rx_mode)
		dev->netdev_ops->ndo_set_rx_mode(dev);
out:
	kfree(addrs);
	return r;
}

static int set_features(struct net_device *dev, u64 wanted)
{
	netdev_features_t features = dev->features;
	unsigned int i;
	int r = 0;

	for (i = 0; i < ARRAY_SIZE(feature_map); i++) {
		features &= ~feature_map[i].netif;
		if ((wanted & feature_map[i].abi) && (dev->hw_features & feature_map[i].netif))
			features |= feature_map[i].netif;
	}
	if (dev->netdev_ops->ndo_fix_features)
		features = dev->netdev_ops->ndo_fix_features(dev, features);
	if (features == dev->features)
		return 0;
	if (dev->netdev_ops->ndo_set_features)
		r = dev->netdev_ops->ndo_set_features(dev, features);
	/* > 0: the driver stored dev->features itself (as __netdev_update_features allows). */
	if (r == 0)
		dev->features = features;
	return r < 0 ? r : 0;
}

static int set_ringparam(struct net_device *dev, const struct airlock_ctrl_set_ringparam *p)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_ringparam ring = { .cmd = ETHTOOL_GRINGPARAM };
	struct kernel_ethtool_ringparam kring = { 0 };

	if (!ops || !ops->get_ringparam || !ops->set_ringparam)
		return -EOPNOTSUPP;
	ops->get_ringparam(dev, &ring, &kring, NULL);
	ring.rx_pending = p->rx_pending;
	ring.tx_pending = p->tx_pending;
	return ops->set_ringparam(dev, &ring, &kring, NULL);
}

/*
 * As the kernel's ethnl_set_coalesce: a value the driver cannot change
 * (not in its supported_coalesce_params) is refused, not ignored, and a
 * request that changes nothing does not reach the driver.
 */
static int set_coalesce(struct net_device *dev, const struct airlock_coalesce *want)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct kernel_ethtool_coalesce kec = { 0 };
	struct ethtool_coalesce ec;
	u32 changed = 0;
	int r;

	r = get_coalesce(dev, &ec);
	if (r < 0)
		return r;
	if (want->rx_usecs != ec.rx_coalesce_usecs)
		changed |= ETHTOOL_COALESCE_RX_USECS;
	if (want->rx_max_frames != ec.rx_max_coalesced_frames)
		changed |= ETHTOOL_COALESCE_RX_MAX_FRAMES;
	if (want->tx_usecs != ec.tx_coalesce_usecs)
		changed |= ETHTOOL_COALESCE_TX_USECS;
	if (want->tx_max_frames != ec.tx_max_coalesced_frames)
		changed |= ETHTOOL_COALESCE_TX_MAX_FRAMES;
	if (changed & ~ops->supported_coalesce_params)
		return -EOPNOTSUPP;
	if (!changed)
		return 0;
	ec.cmd = ETHTOOL_SCOALESCE;
	ec.rx_coalesce_usecs = want->rx_usecs;
	ec.rx_max_coalesced_frames = want->rx_max_frames;
	ec.tx_coalesce_usecs = want->tx_usecs;
	ec.tx_max_coalesced_frames = want->tx_max_frames;
	r = ops->set_coalesce(dev, &ec, &kec, NULL);
	state_coalesce(dev);
	return r;
}

/* As the kernel's __dev_open and __dev_close, for the one netdev. */
static int dev_open(struct net_device *dev)
{
	const struct net_device_ops *ops = dev->netdev_ops;
	int r;

	if (netif_running(dev))
		return 0;
	set_bit(__LINK_STATE_START, &dev->state);
	/* As dev_activate: the watchdog counts from the open. */
	dev->tx_queue.trans_start = jiffies;
	r = ops->ndo_open ? ops->ndo_open(dev) : 0;
	if (r < 0) {
		clear_bit(__LINK_STATE_START, &dev->state);
		return r;
	}
	dev->flags |= IFF_UP;
	/*
	 * As __dev_open's dev_set_rx_mode: the rx mode and address lists set
	 * while down (a replay's, before its OPEN) reach the hardware now.
	 * pcnet32's open programs only the multicast filter, not promiscuous
	 * mode; e1000's does both, and takes this a second time.
	 */
	if (ops->ndo_set_rx_mode)
		ops->ndo_set_rx_mode(dev);
	return 0;
}

static void dev_close(struct net_device *dev)
{
	const struct net_device_ops *ops = dev->netdev_ops;

	if (!netif_running(dev))
		return;
	clear_bit(__LINK_STATE_START, &dev->state);
	if (ops->ndo_stop)
		ops->ndo_stop(dev);
	dev->flags &= ~IFF_UP;
}

/*
 * The proxy takes a new address while up (IFF_LIVE_ADDR_CHANGE), as most
 * drivers do. One whose ndo_set_mac_address refuses that with -EBUSY
 * (eth_mac_addr without IFF_LIVE_ADDR_CHANGE: pcnet32, which programs its
 * address only at open) gets it the way the kernel would make its user
 * give it: down, the new address, up. Refusing instead would fail the
 * request and leave the proxy without carrier until the next driver.
 */
static int set_mac_address(struct net_device *dev, const u8 *addr)
{
	const struct net_device_ops *ops = dev->netdev_ops;
	struct sockaddr sa;
	int r;

	if (!ops->ndo_set_mac_address) {
		eth_hw_addr_set(dev, addr);
		return 0;
	}
	memset(&sa, 0, sizeof(sa));
	memcpy(sa.sa_data, addr, ETH_ALEN);
	r = ops->ndo_set_mac_address(dev, &sa);
	/* Not for an address it would refuse anyway: no link bounce for nothing. */
	if (r != -EBUSY || !netif_running(dev) || !is_valid_ether_addr(addr))
		return r;
	dev_close(dev);
	r = ops->ndo_set_mac_address(dev, &sa);
	if (r < 0)
		netdev_err(dev, "shim: the driver refused a new address while down too: %d\n", r);
	/* Up again even so: the proxy is up, and the old address still works. */
	return dev_open(dev) ?: r;
}

static int ctrl_call(struct net_device *dev, const struct airlock_ctrl_msg *req)
{
	const struct net_device_ops *ops = dev->netdev_ops;
	const struct ethtool_ops *eops = dev->ethtool_ops;

	switch (req->opcode) {
	case AIRLOCK_CTRL_OPEN:
		return dev_open(dev);
	case AIRLOCK_CTRL_STOP:
		dev_close(dev);
		return 0;
	case AIRLOCK_CTRL_SET_MAC:
		return set_mac_address(dev, req->u.set_mac.addr);
	case AIRLOCK_CTRL_SET_MTU:
		if (req->u.set_mtu.mtu < dev->min_mtu || req->u.set_mtu.mtu > dev->max_mtu)
			return -EINVAL;
		if (!ops->ndo_change_mtu) {
			dev->mtu = req->u.set_mtu.mtu;
			return 0;
		}
		return ops->ndo_change_mtu(dev, (int)req->u.set_mtu.mtu);
	case AIRLOCK_CTRL_SET_RX_MODE:
		return set_rx_mode(dev, req);
	case AIRLOCK_CTRL_SET_FEATURES:
		return set_features(dev, req->u.set_features.features);
	case AIRLOCK_CTRL_SET_RINGPARAM:
		return set_ringparam(dev, &req->u.set_ringparam);
	case AIRLOCK_CTRL_SET_COALESCE:
		return set_coalesce(dev, &req->u.set_coalesce);
	case AIRLOCK_CTRL_SET_MSGLEVEL:
		if (!eops || !eops->set_msglevel)
			return -EOPNOTSUPP;
		eops->set_msglevel(dev, req->u.set_msglevel.msglevel);
		return 0;
	case AIRLOCK_CTRL_TX_TIMEOUT:
		if (ops->ndo_tx_timeout)
			ops->ndo_tx_timeout(dev, req->u.tx_timeout.queue);
		return 0;
	case AIRLOCK_CTRL_NWAY_RESET:
		if (!eops || !eops->nway_reset)
			return -EOPNOTSUPP;
		return eops->nway_reset(dev);
	default:
		return -EOPNOTSUPP;
	}
}

int linux_netdev_control(struct airlock_rt *rt, const struct airlock_ctrl_msg *req)
{
	int status;

	shim_counters.ctrl_requests++;
	rtnl_lock();
	status = ctrl_call(nd.dev, req);
	rtnl_unlock();
	return status;
}

/* ---- the state block ---- */

static void state_link(struct airlock_rt *rt, bool up)
{
	struct net_device *dev = nd.dev;
	struct ethtool_link_ksettings ks;
	u32 speed = AIRLOCK_SPEED_UNKNOWN;
	u8 duplex = AIRLOCK_DUPLEX_UNKNOWN;

	if (up && dev->ethtool_ops && dev->ethtool_ops->get_link_ksettings) {
		memset(&ks, 0, sizeof(ks));
		if (dev->ethtool_ops->get_link_ksettings(dev, &ks) == 0) {
			if (ks.base.speed != (u32)SPEED_UNKNOWN)
				speed = ks.base.speed;
			if (ks.base.duplex == DUPLEX_FULL)
				duplex = AIRLOCK_DUPLEX_FULL;
			else if (ks.base.duplex == DUPLEX_HALF)
				duplex = AIRLOCK_DUPLEX_HALF;
		}
	}
	airlock_rt_set_link(rt, up, speed, duplex);
	nd.link_published = up;
}

/* The driver's own ethtool -S: names and values each period. */
static void state_ethtool_stats(struct airlock_rt *rt)
{
	struct net_device *dev = nd.dev;
	const struct ethtool_ops *ops = dev->ethtool_ops;
	const char *names[AIRLOCK_MAX_ETHTOOL_STATS];
	struct ethtool_stats estats;
	u64 *values;
	u8 *strings;
	int n, i;

	if (!ops || !ops->get_sset_count || !ops->get_strings || !ops->get_ethtool_stats)
		return;
	n = ops->get_sset_count(dev, ETH_SS_STATS);
	if (n <= 0)
		return;
	strings = kcalloc((size_t)n, ETH_GSTRING_LEN, GFP_KERNEL);
	values = kcalloc((size_t)n, sizeof(u64), GFP_KERNEL);
	if (!strings || !values)
		goto out;
	ops->get_strings(dev, ETH_SS_STATS, strings);
	estats = (struct ethtool_stats){ .cmd = ETHTOOL_GSTATS, .n_stats = (u32)n };
	ops->get_ethtool_stats(dev, &estats, values);
	if (n > AIRLOCK_MAX_ETHTOOL_STATS)
		n = AIRLOCK_MAX_ETHTOOL_STATS;
	for (i = 0; i < n; i++) {
		/* Each string ends inside its ETH_GSTRING_LEN bytes: the driver's ethtool contract. */
		strings[(size_t)i * ETH_GSTRING_LEN + ETH_GSTRING_LEN - 1] = 0;
		names[i] = (const char *)strings + (size_t)i * ETH_GSTRING_LEN;
		airlock_rt_stat_set(rt, (unsigned int)i, values[i]);
	}
	airlock_rt_stats_names(rt, names, (unsigned int)n);
out:
	kfree(strings);
	kfree(values);
}

static void state_stats(struct airlock_state *st)
{
	/*
	 * As the kernel's dev_get_stats: a driver's ndo_get_stats64 (e1000e),
	 * or its ndo_get_stats, which folds in what only the device counts
	 * (pcnet32: missed frames, CSR112) when asked.
	 */
	struct rtnl_link_stats64 storage;
	const struct rtnl_link_stats64 *s = dev_get_stats(nd.dev, &storage);
	struct airlock_stats *o = &st->stats;

	__atomic_store_n(&o->rx_packets, s->rx_packets, __ATOMIC_RELAXED);
	__atomic_store_n(&o->tx_packets, s->tx_packets, __ATOMIC_RELAXED);
	__atomic_store_n(&o->rx_bytes, s->rx_bytes, __ATOMIC_RELAXED);
	__atomic_store_n(&o->tx_bytes, s->tx_bytes, __ATOMIC_RELAXED);
	__atomic_store_n(&o->rx_errors, s->rx_errors, __ATOMIC_RELAXED);
	__atomic_store_n(&o->tx_errors, s->tx_errors, __ATOMIC_RELAXED);
	__atomic_store_n(&o->rx_dropped, s->rx_dropped + nd.rx_dropped, __ATOMIC_RELAXED);
	__atomic_store_n(&o->tx_dropped, s->tx_dropped, __ATOMIC_RELAXED);
}

/*
 * The kernel's netdev watchdog (dev_watchdog), for the driver's own queue:
 * one it stopped and left stopped for watchdog_timeo since its last frame
 * is a transmit hang, and ndo_tx_timeout resets the device. The stub's
 * watchdog on the proxy cannot stand in for it: the proxy's queue stops
 * only once its ring and buffers are full, and a TCP flow whose frames
 * stopped coming back sends too little for that (a 64 KiB TSO frame per
 * buffer: a window never fills 256 of them).
 */
static void tx_watchdog(struct net_device *dev)
{
	if (!dev->netdev_ops->ndo_tx_timeout || dev->watchdog_timeo <= 0 ||
	    !netif_running(dev) || !netif_carrier_ok(dev) || !netif_queue_stopped(dev) ||
	    !time_after(jiffies, dev->tx_queue.trans_start + (unsigned long)dev->watchdog_timeo))
		return;
	netdev_err(dev, "shim: NETDEV WATCHDOG: transmit queue 0 timed out %u ms\n",
		   jiffies_to_msecs(jiffies - dev->tx_queue.trans_start));
	/* Once per timeout, as the kernel's timer re-arms for the next period. */
	dev->tx_queue.trans_start = jiffies;
	dev->netdev_ops->ndo_tx_timeout(dev, 0);
}

int linux_netdev_poll(struct airlock_rt *rt)
{
	struct net_device *dev = nd.dev;
	bool up, periodic;
	int work = 0;

	if (!nd.rt)
		return 0;
	/* Segments that waited for the driver to wake its queue. */
	if (nd.gso_pending) {
		if (!netif_running(dev) || !netif_carrier_ok(dev))
			gso_drop_pending(dev);
		else
			work = gso_flush(dev, false);
	}
	/* The watchdog's "last frame", once per round: jiffies cost a clock read. */
	if (shim_counters.tx_frames != nd.tx_frames_seen) {
		nd.tx_frames_seen = shim_counters.tx_frames;
		dev->tx_queue.trans_start = jiffies;
	}
	periodic = time_after_eq(jiffies, nd.next_state_update);
	up = netif_carrier_ok(dev) && netif_running(dev);
	if (up != nd.link_published || periodic)
		state_link(rt, up);
	if (periodic) {
		nd.next_state_update = jiffies + msecs_to_jiffies(STATE_PERIOD_MS);
		rtnl_lock();
		state_ethtool_stats(rt);
		rtnl_unlock();
		state_stats(airlock_rt_state(rt));
		tx_watchdog(dev);
	}
	return work;
}
