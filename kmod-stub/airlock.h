/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * airlock.ko internals. A device (struct airlock_dev, the netdev's private
 * area) outlives its attachments; an attachment (struct airlock_att) is one
 * driver process serving it through a shared region, and everything in it
 * that came from user space is validated before use.
 */
#ifndef AIRLOCK_H
#define AIRLOCK_H

#include <linux/eventfd.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/poll.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <airlock/abi.h>
#include <airlock/region_check.h>
#include <airlock/ring_check.h>

/* How often the service work looks at replies, link and heartbeat. */
#define AIRLOCK_SERVICE_PERIOD	(HZ / 10)
/* At most one feature change (TSO following the driver) per interval. */
#define AIRLOCK_FEAT_INTERVAL	HZ
#define AIRLOCK_NAPI_WEIGHT	64

/* One ring as this side sees it: geometry from the validated header copy. */
struct airlock_ring {
	struct airlock_ring_hdr *hdr;	/* shared: indices are untrusted */
	void *entries;			/* shared */
	u32 mask;			/* entries - 1 */
	u32 entry_size;
	u32 local;			/* our own index, never read back */
};

/* Kernel-only pending flag, never posted: a caller waits for the answer. */
#define AIRLOCK_PENDING_WAITED	BIT(15)

struct airlock_pending {
	u64 seq;
	u16 opcode;
	u16 flags;			/* AIRLOCK_CTRL_F_*, AIRLOCK_PENDING_WAITED */
	s8 slot;			/* address slot it names, or -1 */
	unsigned long deadline;		/* jiffies */
};

/*
 * One queue of an attachment: its three rings and the TX buffers it lends.
 * xmit on the queue's netdev TX queue and the queue's NAPI use it.
 */
struct airlock_queue {
	struct airlock_att *att;
	u32 index;
	struct airlock_ring tx;		/* we produce */
	struct airlock_ring rx;		/* we consume */
	struct airlock_ring ret;	/* we consume */
	struct airlock_buf_range tx_bufs;	/* from the validated copy */
	struct airlock_buf_range rx_bufs;

	/*
	 * TX buffers: a stack of free ones, a bit per one lent to the driver,
	 * and the descriptor id it was lent with: a return must echo it, so a
	 * duplicate return of a buffer lent again meanwhile is caught too.
	 */
	spinlock_t tx_lock;
	u32 *tx_free;
	u32 n_tx_free;
	unsigned long *tx_lent;
	u32 *tx_lent_id;
};

/* One driver process serving a device. */
struct airlock_att {
	struct airlock_dev *adev;
	struct airlock_file *owner;	/* the /dev/airlock file it came with */

	/* The region: pinned shmem pages, mapped contiguously. */
	struct page **pages;
	unsigned long n_pages;
	void *base;
	u64 size;
	struct airlock_region_hdr hdr;	/* validated copy: the only one trusted */

	struct airlock_ring ctrl_req;	/* we produce */
	struct airlock_ring ctrl_rsp;	/* we consume */
	struct airlock_state *state;	/* shared, read field by field */
	struct airlock_addr_slot *addr_slots;
	u8 *pool;

	u32 n_queues;			/* hdr.n_queues, == the device's */
	struct airlock_queue queues[AIRLOCK_MAX_QUEUES];

	/* Control: requests awaiting a reply, under ctrl_lock. */
	spinlock_t ctrl_lock;
	struct airlock_pending *pending;
	u32 n_pending;
	u64 next_seq;
	u32 replay_left;		/* replay requests not yet answered */
	u8 replay_step;			/* the next replay request to post (ctrl.c), service work only */
	/*
	 * A request failed or timed out that no caller was told of (a
	 * replay step, an rx mode, a msglevel), or timed out: the driver's
	 * state is not the kernel's, so the carrier stays off.
	 */
	bool ctrl_failed;
	/*
	 * An address slot is busy from the set_rx_mode naming it until that
	 * request's reply (abi.h), also after its deadline: the driver may
	 * still read it, and a late reply ends the attachment anyway.
	 */
	bool addr_slot_busy[AIRLOCK_ADDR_SLOTS];

	/* Driver -> kernel doorbell: a wait-queue entry on its eventfd. */
	struct eventfd_ctx *kick;	/* kernel -> driver */
	struct eventfd_ctx *doorbell;
	wait_queue_entry_t wait;
	wait_queue_head_t *wqh;
	poll_table pt;
	struct irq_work doorbell_work;	/* schedules the NAPIs in hard IRQ context */

	/* Last driver statistics seen, to turn them into deltas. */
	struct airlock_stats last_stats;
	bool tso;			/* the driver declared TSO4, as last read */

	atomic_t broken;		/* an ABI violation was seen */
};

/* The driver's answers to one opcode so far, for callers that wait (ctrl.c). */
struct airlock_answers {
	atomic64_t n;			/* replies and timeouts so far */
	int status;			/* of the last one: 0 or -errno */
};

/* The configuration the kernel asked for; survives attachments. */
struct airlock_shadow_state {
	bool up;
	u32 rx_mode;
	u32 n_uc;
	u32 n_mc;
	struct airlock_addr addrs[AIRLOCK_MAX_ADDRS];
	u64 features;
	struct airlock_ctrl_set_ringparam ring;	/* 0/0: never set, the driver's own */
	u32 msglevel;
	struct airlock_coalesce coalesce;
	bool coalesce_set;		/* never set: the driver's own */
};

struct airlock_counters {
	atomic64_t rx_packets, rx_bytes, rx_dropped, rx_length_errors;
	atomic64_t tx_packets, tx_bytes, tx_dropped;
	/* Per queue, for ethtool -S: which queues carry the traffic. */
	atomic64_t rxq_packets[AIRLOCK_MAX_QUEUES];
	atomic64_t txq_packets[AIRLOCK_MAX_QUEUES];
	atomic64_t tx_dropped_detached;
	atomic64_t ctrl_errors;
	atomic64_t ctrl_bad_errno;	/* kernel-internal errnos in replies, made -EIO */
	atomic64_t violations;
	atomic64_t tx_timeouts;
	atomic64_t feat_changes_limited;	/* held back by AIRLOCK_FEAT_INTERVAL */
	/* What the driver reported, summed over its instances. */
	atomic64_t drv_rx_errors, drv_tx_errors, drv_rx_dropped, drv_tx_dropped;
};

/* The NAPI context of one RX queue; outlives attachments like the netdev. */
struct airlock_napi {
	struct napi_struct napi;
	struct airlock_dev *adev;
	u32 index;
};

struct airlock_dev {
	u32 id;
	struct net_device *netdev;
	struct airlock_create params;	/* as validated at create */
	struct airlock_napi napis[AIRLOCK_MAX_QUEUES];	/* params.n_queues used */

	struct airlock_att __rcu *att;
	u64 generation;
	/*
	 * The carrier is decided and set under it, and detach unpublishes
	 * att and drops the carrier under it: a decision made for an
	 * attachment cannot outlive it.
	 */
	spinlock_t carrier_lock;

	spinlock_t shadow_lock;		/* shadow: ndo_set_rx_mode is atomic */
	struct airlock_shadow_state shadow;
	bool rx_mode_dirty;		/* the driver has not been sent shadow's rx mode */

	/*
	 * ndo_open and the setters whose refusal the caller must hear of
	 * (MTU, MAC, features, ring sizes) wait, bounded, for an answer to
	 * their opcode (airlock_ctrl_call).
	 */
	wait_queue_head_t call_wq;
	struct airlock_answers answers[AIRLOCK_CTRL_OP_MAX + 1];

	struct delayed_work service;	/* replies, link, timeouts, rx mode */
	struct work_struct violation_work;
	struct delayed_work feat_work;	/* TSO follows the driver, under rtnl */
	bool driver_tso;		/* NETIF_F_TSO allowed: written under rtnl */
	bool tso_wanted;		/* the driver's declaration, as last seen */
	unsigned long feat_next;	/* jiffies: no feature change before */
	u32 ethtool_n;			/* driver stats in ethtool -S: fixed once known */
	bool ethtool_n_fixed;
	/* ethtool -i as the last driver gave it, checked; under shadow_lock. */
	struct {
		char name[AIRLOCK_DRVINFO_LEN + 1];
		char version[AIRLOCK_DRVINFO_LEN + 1];
		char fw_version[AIRLOCK_DRVINFO_LEN + 1];
		char bus_info[AIRLOCK_DRVINFO_LEN + 1];
	} drvinfo;
	/* ethtool -c as the last driver said it; under shadow_lock. */
	struct airlock_coalesce coalesce_shown;
	bool coalesce_known;

	struct airlock_counters cnt;
};

/* Per open /dev/airlock file; an attachment points back to it. */
struct airlock_file {
	struct airlock_att *att;	/* under airlock_mutex */
};

extern struct mutex airlock_mutex;
extern struct workqueue_struct *airlock_wq;

/* region.c */
struct airlock_att *airlock_region_attach(struct file *region);
void airlock_region_release(struct airlock_att *att);
int airlock_ring_consumable(struct airlock_ring *ring, u32 *ret_avail);
int airlock_ring_producible(struct airlock_ring *ring, u32 *ret_room);
void *airlock_ring_entry(struct airlock_ring *ring, u32 index);
void airlock_ring_publish(struct airlock_ring *ring);
void airlock_ring_consume(struct airlock_ring *ring);
bool airlock_ring_peer_sleeps(struct airlock_ring *ring);
bool airlock_ring_sleep(struct airlock_ring *ring);
void airlock_ring_awake(struct airlock_ring *ring);

/* attach.c */
int airlock_attach(struct airlock_file *af, const struct airlock_attach *req);
void airlock_detach(struct airlock_att *att);
void airlock_violation(struct airlock_att *att, const char *what);
void airlock_kick(struct airlock_att *att);
void airlock_schedule_busy_napis(struct airlock_att *att);

/* netdev.c */
struct airlock_dev *airlock_netdev_create(struct airlock_create *params, u32 id);
void airlock_netdev_destroy(struct airlock_dev *adev);
void airlock_napi_schedule_all(struct airlock_dev *adev);
bool airlock_queue_has_work(struct airlock_queue *q);

/* ctrl.c */
int airlock_ctrl_post(struct airlock_att *att, u16 opcode, u16 flags,
		      const void *payload, size_t len);
int airlock_ctrl_forward(struct airlock_dev *adev, u16 opcode, const void *payload,
			 size_t len);
int airlock_ctrl_call(struct airlock_dev *adev, u16 opcode, const void *payload, size_t len);
bool airlock_ctrl_service_wanted(struct airlock_att *att);
void airlock_service_work(struct work_struct *work);
void airlock_shadow_get(struct airlock_dev *adev, struct airlock_shadow *ret);
u64 airlock_features_to_abi(netdev_features_t features);
netdev_features_t airlock_features_from_abi(u64 features);

/* tso.c */
netdev_features_t airlock_features_check(struct sk_buff *skb, struct net_device *netdev,
					 netdev_features_t features);
netdev_features_t airlock_fix_features(struct net_device *netdev, netdev_features_t features);
bool airlock_tso_desc(const struct airlock_att *att, const struct sk_buff *skb,
		      struct airlock_desc *desc);
void airlock_tso_follow(struct airlock_dev *adev, bool tso);
void airlock_feat_work(struct work_struct *work);

/* ethtool.c */
extern const struct ethtool_ops airlock_ethtool_ops;

/* airlock_main.c */
struct airlock_dev *airlock_dev_lookup(u32 id);

#endif /* AIRLOCK_H */
