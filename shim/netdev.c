// SPDX-License-Identifier: GPL-2.0-only
/*
 * The net_device a driver allocates and registers, its address lists,
 * carrier and queue state. One netdev per driver process; what serves it
 * to the stub (drivers/linux/netdev.c) finds it with
 * shim_netdev_registered().
 */
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>

#include "env.h"
#include "internal.h"

struct shim_counters shim_counters;
bool shim_xmit_more;

static struct net_device *registered;

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

static int addr_list_add(struct netdev_hw_addr_list *l, const unsigned char *addr)
{
	struct netdev_hw_addr *ha = kzalloc(sizeof(*ha), GFP_ATOMIC);

	if (!ha)
		return -ENOMEM;
	memcpy(ha->addr, addr, ETH_ALEN);
	list_add_tail(&ha->list, &l->list);
	l->count++;
	return 0;
}

int dev_uc_add(struct net_device *dev, const unsigned char *addr)
{
	return addr_list_add(&dev->uc, addr);
}

int dev_mc_add(struct net_device *dev, const unsigned char *addr)
{
	return addr_list_add(&dev->mc, addr);
}

void dev_uc_flush(struct net_device *dev)
{
	addr_list_flush(&dev->uc);
}

void dev_mc_flush(struct net_device *dev)
{
	addr_list_flush(&dev->mc);
}

void free_netdev(struct net_device *dev)
{
	addr_list_flush(&dev->uc);
	addr_list_flush(&dev->mc);
	kfree(dev);
}

int register_netdev(struct net_device *dev)
{
	if (registered)
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
	registered = dev;
	return 0;
}

void unregister_netdev(struct net_device *dev)
{
	if (registered != dev)
		return;
	netdev_info(dev, "shim: %llu irqs, %llu NAPI polls, %llu frames received (%llu in place, %llu dropped), %llu sent (%llu busy), %llu control requests\n",
		    shim_counters.irqs, shim_counters.napi_polls, shim_counters.rx_posted,
		    shim_counters.rx_in_place, shim_counters.rx_dropped, shim_counters.tx_frames, shim_counters.tx_busy,
		    shim_counters.ctrl_requests);
	rtnl_lock();
	if (netif_running(dev) && dev->netdev_ops->ndo_stop)
		dev->netdev_ops->ndo_stop(dev);
	clear_bit(__LINK_STATE_START, &dev->state);
	rtnl_unlock();
	registered = NULL;
}

struct net_device *shim_netdev_registered(void)
{
	return registered;
}

void netif_carrier_on(struct net_device *dev)
{
	clear_bit(__LINK_STATE_NOCARRIER, &dev->state);
}

void netif_carrier_off(struct net_device *dev)
{
	set_bit(__LINK_STATE_NOCARRIER, &dev->state);
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

/* The loop offers TX frames again on its next round. */
void netif_tx_wake_queue(struct netdev_queue *q)
{
	clear_bit(__QUEUE_STATE_DRV_XOFF, &q->state);
}

struct rtnl_link_stats64 *dev_get_stats(struct net_device *dev, struct rtnl_link_stats64 *storage)
{
	const struct net_device_ops *ops = dev->netdev_ops;
	const struct net_device_stats *s;

	memset(storage, 0, sizeof(*storage));
	if (ops && ops->ndo_get_stats64) {
		ops->ndo_get_stats64(dev, storage);
		return storage;
	}
	s = ops && ops->ndo_get_stats ? ops->ndo_get_stats(dev) : &dev->stats;
	/* netdev_stats_to_stats64: the same fields, in the same order, widened. */
	storage->rx_packets = s->rx_packets;
	storage->tx_packets = s->tx_packets;
	storage->rx_bytes = s->rx_bytes;
	storage->tx_bytes = s->tx_bytes;
	storage->rx_errors = s->rx_errors;
	storage->tx_errors = s->tx_errors;
	storage->rx_dropped = s->rx_dropped;
	storage->tx_dropped = s->tx_dropped;
	storage->multicast = s->multicast;
	storage->collisions = s->collisions;
	storage->rx_length_errors = s->rx_length_errors;
	storage->rx_over_errors = s->rx_over_errors;
	storage->rx_crc_errors = s->rx_crc_errors;
	storage->rx_frame_errors = s->rx_frame_errors;
	storage->rx_fifo_errors = s->rx_fifo_errors;
	storage->rx_missed_errors = s->rx_missed_errors;
	storage->tx_aborted_errors = s->tx_aborted_errors;
	storage->tx_carrier_errors = s->tx_carrier_errors;
	storage->tx_fifo_errors = s->tx_fifo_errors;
	storage->tx_heartbeat_errors = s->tx_heartbeat_errors;
	storage->tx_window_errors = s->tx_window_errors;
	storage->rx_compressed = s->rx_compressed;
	storage->tx_compressed = s->tx_compressed;
	return storage;
}

/*
 * The kernel fills its key from get_random_bytes once per boot; a driver
 * process has no getrandom (seccomp), so the key is mixed (splitmix64)
 * from the clock once per process. It spreads flows over queues; the
 * proxy has one queue, and the key is no secret the host relies on.
 */
void netdev_rss_key_fill(void *buffer, size_t len)
{
	static u8 key[52];
	static bool made;
	size_t i;

	if (!made) {
		u64 x = shim_env_now_ns() ^ shim_env_realtime_ns();

		for (i = 0; i < sizeof(key); i++) {
			u64 z = (x += 0x9e3779b97f4a7c15ULL);

			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
			key[i] = (u8)(z ^ (z >> 31));
		}
		made = true;
	}
	memcpy(buffer, key, min(len, sizeof(key)));
}
