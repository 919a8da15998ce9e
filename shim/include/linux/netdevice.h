/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * net_device, bound to the stub's proxy (shim/netdev.c). The driver fills it
 * in and calls register_netdev as usual; the host then calls its
 * net_device_ops when the stub forwards an entry point, feeds it TX frames
 * from the stub's TX ring, and polls its NAPI contexts. Carrier, statistics
 * and queue state land in the region's state block.
 */
#ifndef SHIM_LINUX_NETDEVICE_H
#define SHIM_LINUX_NETDEVICE_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/device.h>
#include <linux/skbuff.h>
#include <linux/netdev_features.h>
#include <linux/if_ether.h>
#include <linux/ethtool.h>
#include <linux/printk.h>
#include <linux/atomic.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/rtnetlink.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/if.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include_next <linux/if_link.h>

#define IFNAMSIZ 16
#define MAX_ADDR_LEN 32

/* priv_flags */
#define IFF_UNICAST_FLT (1U << 12)
#define IFF_SUPP_NOFCS (1U << 21)
#define IFF_LIVE_ADDR_CHANGE (1U << 18)

typedef int netdev_tx_t;
#define NETDEV_TX_OK 0x00
#define NETDEV_TX_BUSY 0x10
#define NET_RX_SUCCESS 0
#define NET_RX_DROP 1

enum {
	NETIF_MSG_DRV_BIT,
	NETIF_MSG_PROBE_BIT,
	NETIF_MSG_LINK_BIT,
	NETIF_MSG_TIMER_BIT,
	NETIF_MSG_IFDOWN_BIT,
	NETIF_MSG_IFUP_BIT,
	NETIF_MSG_RX_ERR_BIT,
	NETIF_MSG_TX_ERR_BIT,
	NETIF_MSG_TX_QUEUED_BIT,
	NETIF_MSG_INTR_BIT,
	NETIF_MSG_TX_DONE_BIT,
	NETIF_MSG_RX_STATUS_BIT,
	NETIF_MSG_PKTDATA_BIT,
	NETIF_MSG_HW_BIT,
	NETIF_MSG_WOL_BIT,
};

#define NETIF_MSG_DRV BIT(NETIF_MSG_DRV_BIT)
#define NETIF_MSG_PROBE BIT(NETIF_MSG_PROBE_BIT)
#define NETIF_MSG_LINK BIT(NETIF_MSG_LINK_BIT)
#define NETIF_MSG_TIMER BIT(NETIF_MSG_TIMER_BIT)
#define NETIF_MSG_IFDOWN BIT(NETIF_MSG_IFDOWN_BIT)
#define NETIF_MSG_IFUP BIT(NETIF_MSG_IFUP_BIT)
#define NETIF_MSG_RX_ERR BIT(NETIF_MSG_RX_ERR_BIT)
#define NETIF_MSG_TX_ERR BIT(NETIF_MSG_TX_ERR_BIT)
#define NETIF_MSG_TX_QUEUED BIT(NETIF_MSG_TX_QUEUED_BIT)
#define NETIF_MSG_INTR BIT(NETIF_MSG_INTR_BIT)
#define NETIF_MSG_TX_DONE BIT(NETIF_MSG_TX_DONE_BIT)
#define NETIF_MSG_RX_STATUS BIT(NETIF_MSG_RX_STATUS_BIT)
#define NETIF_MSG_PKTDATA BIT(NETIF_MSG_PKTDATA_BIT)
#define NETIF_MSG_HW BIT(NETIF_MSG_HW_BIT)
#define NETIF_MSG_WOL BIT(NETIF_MSG_WOL_BIT)

#define netif_msg_drv(p) ((p)->msg_enable & NETIF_MSG_DRV)
#define netif_msg_probe(p) ((p)->msg_enable & NETIF_MSG_PROBE)
#define netif_msg_link(p) ((p)->msg_enable & NETIF_MSG_LINK)
#define netif_msg_timer(p) ((p)->msg_enable & NETIF_MSG_TIMER)
#define netif_msg_ifdown(p) ((p)->msg_enable & NETIF_MSG_IFDOWN)
#define netif_msg_ifup(p) ((p)->msg_enable & NETIF_MSG_IFUP)
#define netif_msg_rx_err(p) ((p)->msg_enable & NETIF_MSG_RX_ERR)
#define netif_msg_tx_err(p) ((p)->msg_enable & NETIF_MSG_TX_ERR)
#define netif_msg_tx_queued(p) ((p)->msg_enable & NETIF_MSG_TX_QUEUED)
#define netif_msg_intr(p) ((p)->msg_enable & NETIF_MSG_INTR)
#define netif_msg_tx_done(p) ((p)->msg_enable & NETIF_MSG_TX_DONE)
#define netif_msg_rx_status(p) ((p)->msg_enable & NETIF_MSG_RX_STATUS)
#define netif_msg_pktdata(p) ((p)->msg_enable & NETIF_MSG_PKTDATA)
#define netif_msg_hw(p) ((p)->msg_enable & NETIF_MSG_HW)
#define netif_msg_wol(p) ((p)->msg_enable & NETIF_MSG_WOL)

static inline u32 netif_msg_init(int debug_value, int default_msg_enable_bits)
{
	if (debug_value < 0 || debug_value >= (int)(sizeof(u32) * 8))
		return (u32)default_msg_enable_bits;
	if (debug_value == 0)
		return 0;
	return (1U << debug_value) - 1;
}

struct net_device_stats {
	unsigned long rx_packets;
	unsigned long tx_packets;
	unsigned long rx_bytes;
	unsigned long tx_bytes;
	unsigned long rx_errors;
	unsigned long tx_errors;
	unsigned long rx_dropped;
	unsigned long tx_dropped;
	unsigned long multicast;
	unsigned long collisions;
	unsigned long rx_length_errors;
	unsigned long rx_over_errors;
	unsigned long rx_crc_errors;
	unsigned long rx_frame_errors;
	unsigned long rx_fifo_errors;
	unsigned long rx_missed_errors;
	unsigned long tx_aborted_errors;
	unsigned long tx_carrier_errors;
	unsigned long tx_fifo_errors;
	unsigned long tx_heartbeat_errors;
	unsigned long tx_window_errors;
	unsigned long rx_compressed;
	unsigned long tx_compressed;
};

/* One address of a unicast or multicast list (from the stub's address slot). */
struct netdev_hw_addr {
	struct list_head list;
	unsigned char addr[MAX_ADDR_LEN];
};

struct netdev_hw_addr_list {
	struct list_head list;
	int count;
};

#define netdev_hw_addr_list_count(l) ((l)->count)
#define netdev_uc_count(dev) netdev_hw_addr_list_count(&(dev)->uc)
#define netdev_mc_count(dev) netdev_hw_addr_list_count(&(dev)->mc)
#define netdev_uc_empty(dev) (netdev_uc_count(dev) == 0)
#define netdev_mc_empty(dev) (netdev_mc_count(dev) == 0)
#define netdev_for_each_uc_addr(ha, dev) list_for_each_entry(ha, &(dev)->uc.list, list)
#define netdev_for_each_mc_addr(ha, dev) list_for_each_entry(ha, &(dev)->mc.list, list)
int dev_uc_add(struct net_device *dev, const unsigned char *addr);
int dev_mc_add(struct net_device *dev, const unsigned char *addr);
void dev_uc_flush(struct net_device *dev);
void dev_mc_flush(struct net_device *dev);

enum netdev_queue_state_t {
	__QUEUE_STATE_DRV_XOFF,
};

struct netdev_queue {
	struct net_device *dev;
	unsigned long state;
	unsigned long trans_start;
};

enum {
	NAPI_STATE_SCHED,
	NAPI_STATE_DISABLE,
};

struct napi_struct {
	struct list_head dev_list;
	unsigned long state;
	int weight;
	int (*poll)(struct napi_struct *napi, int budget);
	struct net_device *dev;
	struct sk_buff *skb;	/* napi_get_frags' skb */
	bool scheduled;		/* the loop polls it next round */
};

#define NAPI_POLL_WEIGHT 64

struct ifreq;
struct ifmap;

struct net_device_ops {
	int (*ndo_init)(struct net_device *dev);
	void (*ndo_uninit)(struct net_device *dev);
	int (*ndo_open)(struct net_device *dev);
	int (*ndo_stop)(struct net_device *dev);
	netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
	void (*ndo_set_rx_mode)(struct net_device *dev);
	int (*ndo_set_mac_address)(struct net_device *dev, void *addr);
	int (*ndo_validate_addr)(struct net_device *dev);
	int (*ndo_eth_ioctl)(struct net_device *dev, struct ifreq *ifr, int cmd);
	int (*ndo_change_mtu)(struct net_device *dev, int new_mtu);
	void (*ndo_tx_timeout)(struct net_device *dev, unsigned int txqueue);
	void (*ndo_get_stats64)(struct net_device *dev, struct rtnl_link_stats64 *storage);
	struct net_device_stats *(*ndo_get_stats)(struct net_device *dev);
	int (*ndo_vlan_rx_add_vid)(struct net_device *dev, __be16 proto, u16 vid);
	int (*ndo_vlan_rx_kill_vid)(struct net_device *dev, __be16 proto, u16 vid);
	void (*ndo_poll_controller)(struct net_device *dev);
	netdev_features_t (*ndo_fix_features)(struct net_device *dev, netdev_features_t features);
	int (*ndo_set_features)(struct net_device *dev, netdev_features_t features);
	/* Called for TSO frames only: the family offloads nothing else on TX. */
	netdev_features_t (*ndo_features_check)(struct sk_buff *skb, struct net_device *dev,
						netdev_features_t features);
};

enum netdev_state_t {
	__LINK_STATE_START,
	__LINK_STATE_PRESENT,
	__LINK_STATE_NOCARRIER,
};

struct shim_netdev;

struct net_device {
	char name[IFNAMSIZ];
	unsigned long state;
	unsigned int flags;		/* IFF_UP, IFF_PROMISC, IFF_ALLMULTI, ... */
	unsigned int priv_flags;
	netdev_features_t features;
	netdev_features_t hw_features;
	netdev_features_t wanted_features;
	netdev_features_t vlan_features;
	unsigned int mtu;
	unsigned int min_mtu;
	unsigned int max_mtu;
	unsigned short hard_header_len;
	unsigned char addr_len;
	const unsigned char *dev_addr;
	unsigned char perm_addr[MAX_ADDR_LEN];
	unsigned char dev_addr_storage[MAX_ADDR_LEN];
	unsigned char broadcast[MAX_ADDR_LEN];
	int irq;
	unsigned long mem_start;
	unsigned long mem_end;
	unsigned long base_addr;	/* an I/O port cookie (asm/io.h), for drivers that keep one */
	int watchdog_timeo;
	struct net_device_stats stats;
	struct netdev_hw_addr_list uc;
	struct netdev_hw_addr_list mc;
	const struct net_device_ops *netdev_ops;
	const struct ethtool_ops *ethtool_ops;
	struct netdev_queue tx_queue;	/* one TX queue, like the stub's ABI for now */
	struct list_head napi_list;
	struct device dev;
	struct shim_netdev *shim;	/* binding to the stub (shim/netdev.c) */
	size_t priv_size;
	void *priv;
};

#define SET_NETDEV_DEV(net, pdev) ((net)->dev.parent = (pdev))

static inline void *netdev_priv(const struct net_device *dev)
{
	return dev->priv;
}

struct net_device *alloc_etherdev_mqs(int sizeof_priv, unsigned int txqs, unsigned int rxqs);
#define alloc_etherdev(sizeof_priv) alloc_etherdev_mqs((sizeof_priv), 1, 1)
#define alloc_etherdev_mq(sizeof_priv, count) alloc_etherdev_mqs((sizeof_priv), (count), (count))
void free_netdev(struct net_device *dev);
int register_netdev(struct net_device *dev);
void unregister_netdev(struct net_device *dev);

static inline bool netif_running(const struct net_device *dev)
{
	return test_bit(__LINK_STATE_START, &dev->state);
}

static inline bool netif_device_present(const struct net_device *dev)
{
	return test_bit(__LINK_STATE_PRESENT, &dev->state);
}

static inline bool netif_carrier_ok(const struct net_device *dev)
{
	return !test_bit(__LINK_STATE_NOCARRIER, &dev->state);
}

void netif_carrier_on(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);
void netif_device_detach(struct net_device *dev);
void netif_device_attach(struct net_device *dev);

/* ---- TX queue ---- */

static inline struct netdev_queue *netdev_get_tx_queue(const struct net_device *dev,
						       unsigned int index)
{
	return (struct netdev_queue *)&dev->tx_queue;
}

static inline void netif_tx_start_queue(struct netdev_queue *q)
{
	clear_bit(__QUEUE_STATE_DRV_XOFF, &q->state);
}

static inline void netif_tx_stop_queue(struct netdev_queue *q)
{
	set_bit(__QUEUE_STATE_DRV_XOFF, &q->state);
}

/* Waking means: the host may take TX frames off the stub's ring again. */
void netif_tx_wake_queue(struct netdev_queue *q);

static inline bool netif_tx_queue_stopped(const struct netdev_queue *q)
{
	return test_bit(__QUEUE_STATE_DRV_XOFF, &q->state);
}

#define netif_xmit_stopped(q) netif_tx_queue_stopped(q)
#define netif_start_queue(dev) netif_tx_start_queue(&(dev)->tx_queue)
#define netif_stop_queue(dev) netif_tx_stop_queue(&(dev)->tx_queue)
#define netif_wake_queue(dev) netif_tx_wake_queue(&(dev)->tx_queue)
#define netif_queue_stopped(dev) netif_tx_queue_stopped(&(dev)->tx_queue)
#define netif_tx_disable(dev) netif_stop_queue(dev)
#define netif_tx_start_all_queues(dev) netif_start_queue(dev)
#define netif_tx_wake_all_queues(dev) netif_wake_queue(dev)
#define netif_tx_stop_all_queues(dev) netif_stop_queue(dev)
#define smp_mb__after_netif_stop_queue() smp_mb()
#define netif_trans_update(dev) do { } while (0)
#define dev_trans_start(dev) ((dev)->tx_queue.trans_start)

/*
 * As net/core/dev.c: the driver's ndo_get_stats64, else its ndo_get_stats
 * or dev->stats, widened into @storage, which it returns.
 */
struct rtnl_link_stats64 *dev_get_stats(struct net_device *dev, struct rtnl_link_stats64 *storage);
/* The core's RSS key (random once per process, as the kernel's per boot). */
void netdev_rss_key_fill(void *buffer, size_t len);

/* Byte queue limits: the stub's ring bounds what is in flight already. */
static inline void netdev_sent_queue(struct net_device *dev, unsigned int bytes) { }
static inline void netdev_completed_queue(struct net_device *dev, unsigned int pkts,
					  unsigned int bytes) { }
static inline void netdev_reset_queue(struct net_device *dev) { }
/*
 * True while the shim hands the driver a frame that another follows in the
 * same batch: the driver may then leave its doorbell (e1000's TDT write, a
 * trap into the device per frame) for the last one, as under the kernel's
 * dev_hard_start_xmit.
 */
extern bool shim_xmit_more;
static inline bool netdev_xmit_more(void) { return shim_xmit_more; }

/* ---- NAPI ---- */

void netif_napi_add_weight(struct net_device *dev, struct napi_struct *napi,
			   int (*poll)(struct napi_struct *, int), int weight);
#define netif_napi_add(dev, napi, poll) netif_napi_add_weight((dev), (napi), (poll), NAPI_POLL_WEIGHT)
void netif_napi_del(struct napi_struct *napi);
bool napi_schedule_prep(struct napi_struct *n);
void __napi_schedule(struct napi_struct *n);
#define __napi_schedule_irqoff(n) __napi_schedule(n)
#define napi_schedule_irqoff(n) napi_schedule(n)

static inline void napi_schedule(struct napi_struct *n)
{
	if (napi_schedule_prep(n))
		__napi_schedule(n);
}

bool napi_complete_done(struct napi_struct *n, int work_done);
#define napi_complete(n) napi_complete_done((n), 0)
void napi_enable(struct napi_struct *n);
void napi_disable(struct napi_struct *n);
/* Polls never run concurrently with the caller (one thread): nothing to wait for. */
static inline void napi_synchronize(const struct napi_struct *n) { }

enum gro_result {
	GRO_MERGED,
	GRO_MERGED_FREE,
	GRO_HELD,
	GRO_NORMAL,
	GRO_CONSUMED,
};
typedef enum gro_result gro_result_t;

/* Receive: the frame is copied into a buffer of the stub's RX ring, the skb freed (drivers/linux/netdev.c). */
gro_result_t napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);
int netif_receive_skb(struct sk_buff *skb);
#define netif_rx(skb) netif_receive_skb(skb)
struct sk_buff *napi_get_frags(struct napi_struct *napi);
gro_result_t napi_gro_frags(struct napi_struct *napi);
void napi_free_frags(struct napi_struct *napi);

/* ---- logging ---- */

static inline const char *netdev_name(const struct net_device *dev)
{
	return dev->name[0] ? dev->name : "(unregistered)";
}

#define netdev_printk(level, dev, fmt, ...) printk(level "%s: " fmt, netdev_name(dev), ##__VA_ARGS__)
#define netdev_emerg(dev, fmt, ...) netdev_printk(KERN_EMERG, dev, fmt, ##__VA_ARGS__)
#define netdev_err(dev, fmt, ...) netdev_printk(KERN_ERR, dev, fmt, ##__VA_ARGS__)
#define netdev_warn(dev, fmt, ...) netdev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define netdev_notice(dev, fmt, ...) netdev_printk(KERN_NOTICE, dev, fmt, ##__VA_ARGS__)
#define netdev_info(dev, fmt, ...) netdev_printk(KERN_INFO, dev, fmt, ##__VA_ARGS__)
#define netdev_dbg(dev, fmt, ...) do { if (0) netdev_printk(KERN_DEBUG, dev, fmt, ##__VA_ARGS__); } while (0)
#define netdev_WARN(dev, fmt, ...) netdev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)
#define netdev_WARN_ONCE(dev, fmt, ...) netdev_printk(KERN_WARNING, dev, fmt, ##__VA_ARGS__)

#define netif_level(level, priv, type, dev, fmt, ...) \
	do { if (netif_msg_##type(priv)) netdev_##level(dev, fmt, ##__VA_ARGS__); } while (0)
#define netif_printk(priv, type, level, dev, fmt, ...) \
	do { if (netif_msg_##type(priv)) netdev_printk(level, dev, fmt, ##__VA_ARGS__); } while (0)
#define netif_emerg(priv, type, dev, fmt, ...) netif_level(emerg, priv, type, dev, fmt, ##__VA_ARGS__)
#define netif_err(priv, type, dev, fmt, ...) netif_level(err, priv, type, dev, fmt, ##__VA_ARGS__)
#define netif_warn(priv, type, dev, fmt, ...) netif_level(warn, priv, type, dev, fmt, ##__VA_ARGS__)
#define netif_notice(priv, type, dev, fmt, ...) netif_level(notice, priv, type, dev, fmt, ##__VA_ARGS__)
#define netif_info(priv, type, dev, fmt, ...) netif_level(info, priv, type, dev, fmt, ##__VA_ARGS__)
#define netif_dbg(priv, type, dev, fmt, ...) netif_level(dbg, priv, type, dev, fmt, ##__VA_ARGS__)

#endif
