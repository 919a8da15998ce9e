// SPDX-License-Identifier: GPL-2.0-only
/*
 * The net_device a driver registers, bound to the stub's proxy: control
 * requests become net_device_ops and ethtool_ops calls under rtnl, TX
 * descriptors become skbs on their pool buffers, received skbs are copied
 * into RX buffers, and carrier, statistics and ethtool -S values go into
 * the state block. One netdev per host process.
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

#include "env.h"
#include "internal.h"

#define STATE_PERIOD_MS 500
/*
 * What ethtool -i says for version when a driver leaves it empty: the
 * kernel puts its own release there (ethtool_get_drvinfo); ours is the
 * kernel API the shim speaks.
 */
#define SHIM_UTS_RELEASE "6.1-airlock-shim"

struct shim_counters shim_counters;
bool shim_xmit_more;

static struct {
	struct net_device *dev;		/* registered */
	struct shim_port *port;		/* attached */
	struct sk_buff *tx_pending;	/* refused with NETDEV_TX_BUSY, retried first */
	bool carrier_changed;
	unsigned long next_state_update;
	u64 rx_dropped;			/* frames the RX ring had no room for */
	u64 heartbeat;
} nd;

/* The NETIF_F_* bits the ABI has names for. */
static const struct {
	u64 abi;
	netdev_features_t netif;
} feature_map[] = {
	{ AIRLOCK_FEAT_RXCSUM, NETIF_F_RXCSUM },
	{ AIRLOCK_FEAT_RXALL, NETIF_F_RXALL },
	{ AIRLOCK_FEAT_RXFCS, NETIF_F_RXFCS },
};

struct net_device *alloc_etherdev_mqs(int sizeof_priv, unsigned int txqs, unsigned int rxqs)
{
	size_t head = ALIGN(sizeof(struct net_device), 64);
	struct net_device *dev = kzalloc(head + (size_t)sizeof_priv, GFP_KERNEL);

	if (!dev)
		return NULL;
	dev->priv = (char *)dev + head;
	dev->priv_size = (size_t)sizeof_priv;
	strscpy(dev->name, "eth%d", sizeof(dev->name));
	dev->dev_addr = dev->dev_addr_storage;
	dev->addr_len = ETH_ALEN;
	dev->hard_header_len = ETH_HLEN;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_DATA_LEN;
	dev->flags = IFF_BROADCAST | IFF_MULTICAST;
	memset(dev->broadcast, 0xff, ETH_ALEN);
	INIT_LIST_HEAD(&dev->uc.list);
	INIT_LIST_HEAD(&dev->mc.list);
	INIT_LIST_HEAD(&dev->napi_list);
	dev->tx_queue.dev = dev;
	set_bit(__LINK_STATE_PRESENT, &dev->state);
	set_bit(__LINK_STATE_NOCARRIER, &dev->state);
	return dev;
}

static void addr_list_flush(struct netdev_hw_addr_list *l)
{
	struct netdev_hw_addr *ha, *tmp;

	list_for_each_entry_safe(ha, tmp, &l->list, list) {
		list_del(&ha->list);
		kfree(ha);
	}
	l->count = 0;
}

void free_netdev(struct net_device *dev)
{
	addr_list_flush(&dev->uc);
	addr_list_flush(&dev->mc);
	kfree(dev);
}

int register_netdev(struct net_device *dev)
{
	if (nd.dev)
		return -EBUSY;
	/*
	 * The proxy has no VLAN offload in its ABI: frames must keep their
	 * tags, so tag stripping and insertion stay off.
	 */
	dev->features &= ~(NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_TX);
	dev->hw_features &= ~(NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_TX);
	/*
	 * The stub resolves checksums and sends linear frames. TSO stays if
	 * the driver turned it on: the stub then sends TCP/IPv4 GSO frames
	 * whole (abi.h, TSO), which the driver reads as the kernel's.
	 */
	dev->features &= ~(NETIF_F_HW_CSUM | NETIF_F_IP_CSUM | NETIF_F_TSO6 | NETIF_F_SG);
	memcpy(dev->perm_addr, dev->dev_addr, ETH_ALEN);
	strscpy(dev->name, "hosted0", sizeof(dev->name));
	nd.dev = dev;
	return 0;
}

void unregister_netdev(struct net_device *dev)
{
	if (nd.dev != dev)
		return;
	netdev_info(dev, "shim: %llu irqs, %llu NAPI polls, %llu frames received (%llu dropped), %llu sent (%llu busy), %llu control requests\n",
		    shim_counters.irqs, shim_counters.napi_polls, shim_counters.rx_posted,
		    shim_counters.rx_dropped, shim_counters.tx_frames, shim_counters.tx_busy,
		    shim_counters.ctrl_requests);
	rtnl_lock();
	if (netif_running(dev) && dev->netdev_ops->ndo_stop)
		dev->netdev_ops->ndo_stop(dev);
	clear_bit(__LINK_STATE_START, &dev->state);
	rtnl_unlock();
	if (nd.tx_pending) {
		kfree_skb(nd.tx_pending);
		nd.tx_pending = NULL;
	}
	nd.dev = NULL;
}

int shim_netdev_registered(uint8_t ret_mac[6], uint32_t *ret_max_mtu, uint64_t *ret_features)
{
	netdev_features_t offered;
	unsigned int i;

	if (!nd.dev)
		return -ENODEV;
	memcpy(ret_mac, nd.dev->perm_addr, ETH_ALEN);
	*ret_max_mtu = nd.dev->max_mtu;
	/* What ethtool -K may toggle on the driver, and what it has on now. */
	offered = nd.dev->hw_features | nd.dev->features;
	*ret_features = 0;
	for (i = 0; i < ARRAY_SIZE(feature_map); i++)
		if (offered & feature_map[i].netif)
			*ret_features |= feature_map[i].abi;
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

int shim_netdev_attach(struct shim_port *port)
{
	if (!nd.dev)
		return -ENODEV;
	nd.port = port;
	nd.carrier_changed = true;
	state_drvinfo(nd.dev, shim_port_state(port));
	/* Before any TX frame: the stub sends GSO frames only once it reads this. */
	__atomic_store_n(&shim_port_state(port)->tx_offloads,
			 nd.dev->features & NETIF_F_TSO ? AIRLOCK_TX_OFFLOAD_TSO4 : 0U,
			 __ATOMIC_RELEASE);
	/* Jiffies start near the wrap (shim/time.c): compare from now, never from 0. */
	nd.next_state_update = jiffies;
	return 0;
}

void netif_carrier_on(struct net_device *dev)
{
	if (test_and_clear_bit(__LINK_STATE_NOCARRIER, &dev->state))
		nd.carrier_changed = true;
}

void netif_carrier_off(struct net_device *dev)
{
	if (!test_and_set_bit(__LINK_STATE_NOCARRIER, &dev->state))
		nd.carrier_changed = true;
}

void netif_device_detach(struct net_device *dev)
{
	clear_bit(__LINK_STATE_PRESENT, &dev->state);
	netif_stop_queue(dev);
}

void netif_device_attach(struct net_device *dev)
{
	set_bit(__LINK_STATE_PRESENT, &dev->state);
	netif_wake_queue(dev);
}

/* The loop takes TX frames again on its next round. */
void netif_tx_wake_queue(struct netdev_queue *q)
{
	clear_bit(__QUEUE_STATE_DRV_XOFF, &q->state);
}

/* ---- receive ---- */

gro_result_t napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	netif_receive_skb(skb);
	return GRO_NORMAL;
}

int netif_receive_skb(struct sk_buff *skb)
{
	const void *pieces[1 + MAX_SKB_FRAGS];
	uint32_t lens[1 + MAX_SKB_FRAGS];
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int i, n = 0;
	int r = -ENODEV;

	/* From the Ethernet header eth_type_trans pulled, to the end. */
	pieces[n] = skb_mac_header(skb);
	lens[n++] = (uint32_t)(skb->tail - skb_mac_header(skb));
	for (i = 0; i < sh->nr_frags; i++) {
		pieces[n] = skb_frag_address(&sh->frags[i]);
		lens[n++] = skb_frag_size(&sh->frags[i]);
	}
	if (nd.port)
		r = shim_port_rx_post(nd.port, pieces, lens, n,
				      skb->ip_summed == CHECKSUM_UNNECESSARY ?
				      AIRLOCK_DESC_F_CSUM_VALID : 0);
	if (r < 0) {
		nd.rx_dropped++;
		shim_counters.rx_dropped++;
		if (net_ratelimit())
			netdev_warn(nd.dev, "received frame of %u bytes dropped: %d\n", skb->len, r);
	} else {
		shim_counters.rx_posted++;
	}
	kfree_skb(skb);
	return r < 0 ? NET_RX_DROP : NET_RX_SUCCESS;
}

/* ---- transmit ---- */

void shim_netdev_tx_buffer_done(struct sk_buff *skb, bool dropped)
{
	struct airlock_desc d = {
		.buf = skb->pool_buf,
		.id = skb->pool_id,
		.flags = dropped ? AIRLOCK_DESC_F_TX_DROPPED : 0,
	};

	if (nd.port)
		shim_port_tx_done(nd.port, &d);
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

static struct sk_buff *skb_from_desc(const struct airlock_desc *d, void *data)
{
	struct sk_buff *skb = kzalloc(sizeof(*skb), GFP_ATOMIC);

	if (!skb)
		return NULL;
	skb->head_kind = SHIM_SKB_HEAD_POOL;
	skb->pool_buf = d->buf;
	skb->pool_id = d->id;
	skb->head = data;
	skb->data = data;
	skb->len = d->len;
	skb->tail = skb->data + d->len;
	skb->end = skb->head + shim_port_buf_size(nd.port);
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
	return skb;
}

static int tx_run(void)
{
	struct net_device *dev = nd.dev;
	u64 sent = shim_counters.tx_frames;
	int n = 0;

	while (n < SHIM_TX_BATCH && !netif_queue_stopped(dev)) {
		struct sk_buff *skb = nd.tx_pending;
		netdev_tx_t rc;

		if (!skb) {
			struct airlock_desc d;
			void *data;
			int r = shim_port_tx_next(nd.port, &d, &data);

			if (r == -EAGAIN)
				break;
			if (r < 0)
				return r;
			skb = skb_from_desc(&d, data);
			if (!skb) {
				shim_port_tx_done(nd.port, &(struct airlock_desc){
					.buf = d.buf, .id = d.id, .flags = AIRLOCK_DESC_F_TX_DROPPED });
				continue;
			}
		}
		nd.tx_pending = NULL;
		if (!netif_running(dev) || !netif_carrier_ok(dev)) {
			dev->stats.tx_dropped++;
			kfree_skb(skb);
			n++;
			continue;
		}
		/*
		 * Another frame waits and this round will take it. If that one
		 * then cannot be sent (no memory for its skb), the doorbell
		 * waits for the next frame, as in the kernel when the driver
		 * drops a batch's last skb.
		 */
		shim_xmit_more = n + 1 < SHIM_TX_BATCH && shim_port_tx_pending(nd.port) > 0;
		rc = dev->netdev_ops->ndo_start_xmit(skb, dev);
		shim_xmit_more = false;
		if (rc == NETDEV_TX_BUSY) {
			shim_counters.tx_busy++;
			nd.tx_pending = skb;
			break;
		}
		shim_counters.tx_frames++;
		n++;
	}
	/* The watchdog's "last frame", once per batch: jiffies cost a clock read. */
	if (shim_counters.tx_frames != sent)
		dev->tx_queue.trans_start = jiffies;
	return n;
}

/* ---- control ---- */

static int set_rx_mode(struct net_device *dev, const struct airlock_ctrl_msg *req)
{
	struct airlock_addr *addrs;
	int n, i, r = 0;

	addrs = kcalloc(AIRLOCK_MAX_ADDRS, sizeof(*addrs), GFP_KERNEL);
	if (!addrs)
		return -ENOMEM;
	n = shim_port_ctrl_addrs(nd.port, req, addrs, AIRLOCK_MAX_ADDRS);
	if (n < 0) {
		r = n;
		goto out;
	}
	addr_list_flush(&dev->uc);
	addr_list_flush(&dev->mc);
	for (i = 0; i < n; i++) {
		struct netdev_hw_addr *ha = kzalloc(sizeof(*ha), GFP_KERNEL);
		struct netdev_hw_addr_list *l = (u32)i < req->u.set_rx_mode.n_uc ? &dev->uc : &dev->mc;

		if (!ha) {
			r = -ENOMEM;
			goto out;
		}
		memcpy(ha->addr, addrs[i].addr, ETH_ALEN);
		list_add_tail(&ha->list, &l->list);
		l->count++;
	}
	dev->flags &= ~(IFF_PROMISC | IFF_ALLMULTI);
	if (req->u.set_rx_mode.flags & AIRLOCK_RX_MODE_PROMISC)
		dev->flags |= IFF_PROMISC;
	if (req->u.set_rx_mode.flags & AIRLOCK_RX_MODE_ALLMULTI)
		dev->flags |= IFF_ALLMULTI;
	if (dev->netdev_ops->ndo_set_rx_mode)
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

static int ctrl_call(struct net_device *dev, const struct airlock_ctrl_msg *req)
{
	const struct net_device_ops *ops = dev->netdev_ops;
	const struct ethtool_ops *eops = dev->ethtool_ops;
	struct sockaddr sa;
	int r = 0;

	switch (req->opcode) {
	case AIRLOCK_CTRL_OPEN:
		if (netif_running(dev))
			return 0;
		set_bit(__LINK_STATE_START, &dev->state);
		/* As dev_activate: the watchdog counts from the open. */
		dev->tx_queue.trans_start = jiffies;
		r = ops->ndo_open ? ops->ndo_open(dev) : 0;
		if (r < 0)
			clear_bit(__LINK_STATE_START, &dev->state);
		else
			dev->flags |= IFF_UP;
		return r;
	case AIRLOCK_CTRL_STOP:
		if (!netif_running(dev))
			return 0;
		clear_bit(__LINK_STATE_START, &dev->state);
		if (ops->ndo_stop)
			ops->ndo_stop(dev);
		dev->flags &= ~IFF_UP;
		return 0;
	case AIRLOCK_CTRL_SET_MAC:
		memset(&sa, 0, sizeof(sa));
		memcpy(sa.sa_data, req->u.set_mac.addr, ETH_ALEN);
		if (!ops->ndo_set_mac_address) {
			eth_hw_addr_set(dev, req->u.set_mac.addr);
			return 0;
		}
		return ops->ndo_set_mac_address(dev, &sa);
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

static int ctrl_run(void)
{
	struct airlock_ctrl_msg req;
	int n = 0, r;

	while ((r = shim_port_ctrl_next(nd.port, &req)) == 0) {
		int status;

		shim_counters.ctrl_requests++;
		rtnl_lock();
		status = ctrl_call(nd.dev, &req);
		rtnl_unlock();
		if (status < -AIRLOCK_CTRL_MAX_ERRNO || status > 0)
			status = status > 0 ? 0 : -EIO;
		if (status < 0)
			netdev_warn(nd.dev, "control op %u%s failed: %d\n", req.opcode,
				    req.flags & AIRLOCK_CTRL_F_REPLAY ? " (replay)" : "", status);
		r = shim_port_ctrl_reply(nd.port, &req, status);
		if (r < 0)
			return r;
		n++;
	}
	return r == -EAGAIN ? n : r;
}

/* ---- the state block ---- */

static void state_link(struct airlock_state *st)
{
	struct net_device *dev = nd.dev;
	struct ethtool_link_ksettings ks;
	u32 speed = AIRLOCK_SPEED_UNKNOWN;
	u8 duplex = AIRLOCK_DUPLEX_UNKNOWN;
	bool up = netif_carrier_ok(dev) && netif_running(dev);

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
	__atomic_store_n(&st->speed, speed, __ATOMIC_RELAXED);
	__atomic_store_n(&st->duplex, duplex, __ATOMIC_RELAXED);
	__atomic_store_n(&st->link_up, up ? 1U : 0U, __ATOMIC_RELEASE);
}

/* The driver's own ethtool -S: names once, values each period. */
static void state_ethtool_stats(struct airlock_state *st)
{
	struct net_device *dev = nd.dev;
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_stats estats;
	u64 *values;
	u8 *names;
	int n, i;

	if (!ops || !ops->get_sset_count || !ops->get_strings || !ops->get_ethtool_stats)
		return;
	n = ops->get_sset_count(dev, ETH_SS_STATS);
	if (n <= 0)
		return;
	names = kcalloc((size_t)n, ETH_GSTRING_LEN, GFP_KERNEL);
	values = kcalloc((size_t)n, sizeof(u64), GFP_KERNEL);
	if (!names || !values)
		goto out;
	ops->get_strings(dev, ETH_SS_STATS, names);
	estats = (struct ethtool_stats){ .cmd = ETHTOOL_GSTATS, .n_stats = (u32)n };
	ops->get_ethtool_stats(dev, &estats, values);
	if (n > AIRLOCK_MAX_ETHTOOL_STATS)
		n = AIRLOCK_MAX_ETHTOOL_STATS;
	for (i = 0; i < n; i++) {
		memcpy(st->ethtool_names[i], names + (size_t)i * ETH_GSTRING_LEN,
		       AIRLOCK_ETH_GSTRING_LEN - 1);
		st->ethtool_names[i][AIRLOCK_ETH_GSTRING_LEN - 1] = 0;
		__atomic_store_n(&st->ethtool_values[i], values[i], __ATOMIC_RELAXED);
	}
	__atomic_store_n(&st->n_ethtool_stats, (u32)n, __ATOMIC_RELEASE);
out:
	kfree(names);
	kfree(values);
}

static void state_stats(struct airlock_state *st)
{
	const struct net_device_stats *s = &nd.dev->stats;
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

static void state_run(void)
{
	struct airlock_state *st = shim_port_state(nd.port);
	bool periodic = time_after_eq(jiffies, nd.next_state_update);

	__atomic_store_n(&st->heartbeat, ++nd.heartbeat, __ATOMIC_RELEASE);
	if (nd.carrier_changed || periodic) {
		nd.carrier_changed = false;
		state_link(st);
	}
	if (periodic) {
		nd.next_state_update = jiffies + msecs_to_jiffies(STATE_PERIOD_MS);
		rtnl_lock();
		state_ethtool_stats(st);
		rtnl_unlock();
		state_stats(st);
		tx_watchdog(nd.dev);
	}
}

/* ---- the loop's view ---- */

static int kernel_poll(void *arg)
{
	int work = 0, r;

	if (nd.port)
		shim_port_wake_done(nd.port);
	work += shim_timers_run();
	work += shim_work_run();
	work += shim_napi_run();
	if (nd.port && nd.dev) {
		r = ctrl_run();
		if (r < 0)
			return r;
		work += r;
		r = tx_run();
		if (r < 0)
			return r;
		work += r;
		state_run();
		shim_port_flush(nd.port);
	}
	return work;
}

static int kernel_prepare_sleep(void *arg)
{
	if (shim_napi_pending())
		return 1;
	return nd.port ? shim_port_prepare_sleep(nd.port) : 0;
}

static int kernel_next_timeout_ms(void *arg)
{
	int t = shim_timers_next_ms();

	/* The heartbeat and state block want a visit every period. */
	if (nd.port && (t < 0 || t > 100))
		t = 100;
	return t;
}

int shim_kernel_hooks(struct shim_loop_hooks *ret)
{
	*ret = (struct shim_loop_hooks){
		.poll = kernel_poll,
		.prepare_sleep = kernel_prepare_sleep,
		.next_timeout_ms = kernel_next_timeout_ms,
	};
	return 0;
}
