// SPDX-License-Identifier: GPL-2.0-only
/*
 * ethtool: reads come from the shadow state and the state block (clamped,
 * never trusted), changes go to the shadow state and to the driver.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "airlock.h"

/* The stub's own counters come first in ethtool -S. */
static const char airlock_own_stats[][ETH_GSTRING_LEN] = {
	"airlock_generation",
	"airlock_violations",
	"airlock_ctrl_errors",
	"airlock_tx_dropped_detached",
	"airlock_rx_length_errors",
	"airlock_ctrl_bad_errno",
	"airlock_feat_changes_limited",
};

#define AIRLOCK_OWN_STATS ARRAY_SIZE(airlock_own_stats)

/* Then per queue: tx_queue_N_packets and rx_queue_N_packets. */
#define AIRLOCK_QUEUE_STATS 2

static struct airlock_dev *to_adev(struct net_device *netdev)
{
	return netdev_priv(netdev);
}

/* Takes one state-block string if it is good; the last good one stays. */
static void airlock_drvinfo_take(const char *shared, char *cache)
{
	char copy[AIRLOCK_DRVINFO_LEN];

	memcpy(copy, shared, sizeof(copy));
	barrier();	/* check and keep the copy only */
	airlock_check_drvinfo(copy, sizeof(copy), cache);
}

/*
 * The hosted driver's own name, version and bus address, so ethtool -i
 * shows what serves the device (e1000 on 0000:00:03.0); "airlock" and the
 * device id until a driver said so.
 */
static void airlock_get_drvinfo(struct net_device *netdev, struct ethtool_drvinfo *info)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_att *att;

	rcu_read_lock();
	spin_lock_bh(&adev->shadow_lock);
	att = rcu_dereference(adev->att);
	if (att && !atomic_read(&att->broken)) {
		airlock_drvinfo_take(att->state->drv_name, adev->drvinfo.name);
		airlock_drvinfo_take(att->state->drv_version, adev->drvinfo.version);
		airlock_drvinfo_take(att->state->fw_version, adev->drvinfo.fw_version);
		airlock_drvinfo_take(att->state->bus_info, adev->drvinfo.bus_info);
	}

	if (adev->drvinfo.name[0])
		strscpy(info->driver, adev->drvinfo.name, sizeof(info->driver));
	else
		strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, adev->drvinfo.version, sizeof(info->version));
	strscpy(info->fw_version, adev->drvinfo.fw_version, sizeof(info->fw_version));
	if (adev->drvinfo.bus_info[0])
		strscpy(info->bus_info, adev->drvinfo.bus_info, sizeof(info->bus_info));
	else
		snprintf(info->bus_info, sizeof(info->bus_info), "airlock:%u", adev->id);
	spin_unlock_bh(&adev->shadow_lock);
	rcu_read_unlock();
}

static int airlock_get_link_ksettings(struct net_device *netdev,
				      struct ethtool_link_ksettings *ks)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_att *att;
	u32 speed = SPEED_UNKNOWN;
	u8 duplex = DUPLEX_UNKNOWN;

	rcu_read_lock();
	att = rcu_dereference(adev->att);
	if (att && netif_carrier_ok(netdev)) {
		u32 s = READ_ONCE(att->state->speed);
		u8 d = READ_ONCE(att->state->duplex);

		/* Only what a NIC can report; anything else is unknown. */
		if (s && s <= SPEED_400000)
			speed = s;
		if (d == AIRLOCK_DUPLEX_HALF)
			duplex = DUPLEX_HALF;
		else if (d == AIRLOCK_DUPLEX_FULL)
			duplex = DUPLEX_FULL;
	}
	rcu_read_unlock();

	ethtool_link_ksettings_zero_link_mode(ks, supported);
	ethtool_link_ksettings_zero_link_mode(ks, advertising);
	ks->base.speed = speed;
	ks->base.duplex = duplex;
	ks->base.port = PORT_OTHER;
	ks->base.autoneg = AUTONEG_DISABLE;
	return 0;
}

static void airlock_get_ringparam(struct net_device *netdev, struct ethtool_ringparam *ring,
				  struct kernel_ethtool_ringparam *kring,
				  struct netlink_ext_ack *extack)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_att *att;
	u32 rx = 0, tx = 0;

	ring->rx_max_pending = AIRLOCK_RING_MAX_ENTRIES;
	ring->tx_max_pending = AIRLOCK_RING_MAX_ENTRIES;
	spin_lock_bh(&adev->shadow_lock);
	ring->rx_pending = adev->shadow.ring.rx_pending;
	ring->tx_pending = adev->shadow.ring.tx_pending;
	spin_unlock_bh(&adev->shadow_lock);

	/*
	 * The sizes the driver says it runs, where it said so: they may differ
	 * from those asked for (abi.h). Each value read once and clamped.
	 */
	rcu_read_lock();
	att = rcu_dereference(adev->att);
	if (att && !atomic_read(&att->broken)) {
		rx = READ_ONCE(att->state->rx_ring_size);
		tx = READ_ONCE(att->state->tx_ring_size);
	}
	rcu_read_unlock();
	if (rx && rx <= AIRLOCK_RING_MAX_ENTRIES)
		ring->rx_pending = rx;
	if (tx && tx <= AIRLOCK_RING_MAX_ENTRIES)
		ring->tx_pending = tx;
}

/*
 * As the netdev setters (netdev.c): the change goes into the shadow's
 * @field first (a driver that restarts meanwhile gets it by replay), and a
 * refusal reaches ethtool with the field, and *@set if given, as they were.
 */
static int airlock_call_shadowed(struct airlock_dev *adev, u16 opcode, void *field, bool *set,
				 const void *req, size_t len)
{
	u8 old[sizeof(struct airlock_coalesce)];
	bool old_set = false;
	int ret;

	if (WARN_ON(len > sizeof(old)))
		return -EINVAL;
	spin_lock_bh(&adev->shadow_lock);
	memcpy(old, field, len);
	memcpy(field, req, len);
	if (set) {
		old_set = *set;
		*set = true;
	}
	spin_unlock_bh(&adev->shadow_lock);

	ret = airlock_ctrl_call(adev, opcode, req, len);
	if (ret) {
		spin_lock_bh(&adev->shadow_lock);
		memcpy(field, old, len);
		if (set)
			*set = old_set;
		spin_unlock_bh(&adev->shadow_lock);
	}
	return ret;
}

static int airlock_set_ringparam(struct net_device *netdev, struct ethtool_ringparam *ring,
				 struct kernel_ethtool_ringparam *kring,
				 struct netlink_ext_ack *extack)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_ctrl_set_ringparam req = {
		.rx_pending = ring->rx_pending,
		.tx_pending = ring->tx_pending,
	};

	if (ring->rx_mini_pending || ring->rx_jumbo_pending)
		return -EINVAL;
	/* The core checked the maxima we report above; the driver checks its own. */
	return airlock_call_shadowed(adev, AIRLOCK_CTRL_SET_RINGPARAM, &adev->shadow.ring, NULL,
				     &req, sizeof(req));
}

/*
 * ethtool -c: what the driver says it runs (abi.h), each value read once,
 * kept across restarts as ethtool -i is. Until a driver has said any, the
 * device has no coalescing to show, as in-kernel drivers without
 * get_coalesce (8139cp, pcnet32). The values are only shown, and given
 * back to the driver when ethtool -C changes another one.
 */
static int airlock_get_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
				struct kernel_ethtool_coalesce *kec,
				struct netlink_ext_ack *extack)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_att *att;
	int ret = 0;

	rcu_read_lock();
	spin_lock_bh(&adev->shadow_lock);
	att = rcu_dereference(adev->att);
	if (att && !atomic_read(&att->broken) &&
	    smp_load_acquire(&att->state->coalesce_known) == 1) {
		struct airlock_coalesce *shown = &adev->coalesce_shown;

		shown->rx_usecs = READ_ONCE(att->state->coalesce.rx_usecs);
		shown->rx_max_frames = READ_ONCE(att->state->coalesce.rx_max_frames);
		shown->tx_usecs = READ_ONCE(att->state->coalesce.tx_usecs);
		shown->tx_max_frames = READ_ONCE(att->state->coalesce.tx_max_frames);
		adev->coalesce_known = true;
	}
	if (adev->coalesce_known) {
		ec->rx_coalesce_usecs = adev->coalesce_shown.rx_usecs;
		ec->rx_max_coalesced_frames = adev->coalesce_shown.rx_max_frames;
		ec->tx_coalesce_usecs = adev->coalesce_shown.tx_usecs;
		ec->tx_max_coalesced_frames = adev->coalesce_shown.tx_max_frames;
	} else {
		ret = -EOPNOTSUPP;
	}
	spin_unlock_bh(&adev->shadow_lock);
	rcu_read_unlock();
	return ret;
}

/* The driver judges the values, and refuses those it cannot change. */
static int airlock_set_coalesce(struct net_device *netdev, struct ethtool_coalesce *ec,
				struct kernel_ethtool_coalesce *kec,
				struct netlink_ext_ack *extack)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_coalesce req = {
		.rx_usecs = ec->rx_coalesce_usecs,
		.rx_max_frames = ec->rx_max_coalesced_frames,
		.tx_usecs = ec->tx_coalesce_usecs,
		.tx_max_frames = ec->tx_max_coalesced_frames,
	};

	return airlock_call_shadowed(adev, AIRLOCK_CTRL_SET_COALESCE, &adev->shadow.coalesce,
				     &adev->shadow.coalesce_set, &req, sizeof(req));
}

static u32 airlock_get_msglevel(struct net_device *netdev)
{
	return READ_ONCE(to_adev(netdev)->shadow.msglevel);
}

static void airlock_set_msglevel(struct net_device *netdev, u32 level)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_ctrl_set_msglevel req = { .msglevel = level };

	WRITE_ONCE(adev->shadow.msglevel, level);
	airlock_ctrl_forward(adev, AIRLOCK_CTRL_SET_MSGLEVEL, &req, sizeof(req));
}

static int airlock_nway_reset(struct net_device *netdev)
{
	return airlock_ctrl_forward(to_adev(netdev), AIRLOCK_CTRL_NWAY_RESET, NULL, 0);
}

/*
 * ethtool sizes its user-space buffers from one call (GDRVINFO or
 * GSSET_INFO) and the kernel fills them from the count of a later one
 * (GSTRINGS, GSTATS), each under its own rtnl section. A count that
 * changes in between makes the kernel write past ethtool's buffers, so the
 * driver's count is read once, from the first driver up when ethtool asks,
 * and never changes for this device again (callers hold rtnl).
 */
static int airlock_get_sset_count(struct net_device *netdev, int sset)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_att *att;

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	rcu_read_lock();
	att = rcu_dereference(adev->att);
	if (att && !adev->ethtool_n_fixed && netif_carrier_ok(netdev)) {
		adev->ethtool_n = min_t(u32, READ_ONCE(att->state->n_ethtool_stats),
					AIRLOCK_MAX_ETHTOOL_STATS);
		adev->ethtool_n_fixed = true;
	}
	rcu_read_unlock();
	return AIRLOCK_OWN_STATS + AIRLOCK_QUEUE_STATS * adev->params.n_queues + adev->ethtool_n;
}

static void airlock_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_att *att;
	u32 i;

	if (sset != ETH_SS_STATS)
		return;
	memcpy(data, airlock_own_stats, sizeof(airlock_own_stats));
	data += sizeof(airlock_own_stats);
	for (i = 0; i < adev->params.n_queues; i++) {
		ethtool_sprintf(&data, "tx_queue_%u_packets", i);
		ethtool_sprintf(&data, "rx_queue_%u_packets", i);
	}
	memset(data, 0, adev->ethtool_n * ETH_GSTRING_LEN);

	rcu_read_lock();
	att = rcu_dereference(adev->att);
	for (i = 0; att && i < adev->ethtool_n; i++, data += ETH_GSTRING_LEN) {
		/* Copy, then terminate: the driver's name may lack a NUL. */
		memcpy(data, att->state->ethtool_names[i], ETH_GSTRING_LEN);
		data[ETH_GSTRING_LEN - 1] = '\0';
	}
	rcu_read_unlock();
}

static void airlock_get_ethtool_stats(struct net_device *netdev,
				      struct ethtool_stats *stats, u64 *data)
{
	struct airlock_dev *adev = to_adev(netdev);
	struct airlock_counters *c = &adev->cnt;
	struct airlock_att *att;
	u32 i;

	*data++ = adev->generation;
	*data++ = atomic64_read(&c->violations);
	*data++ = atomic64_read(&c->ctrl_errors);
	*data++ = atomic64_read(&c->tx_dropped_detached);
	*data++ = atomic64_read(&c->rx_length_errors);
	*data++ = atomic64_read(&c->ctrl_bad_errno);
	*data++ = atomic64_read(&c->feat_changes_limited);
	for (i = 0; i < adev->params.n_queues; i++) {
		*data++ = atomic64_read(&c->txq_packets[i]);
		*data++ = atomic64_read(&c->rxq_packets[i]);
	}
	memset(data, 0, adev->ethtool_n * sizeof(*data));

	rcu_read_lock();
	att = rcu_dereference(adev->att);
	for (i = 0; att && i < adev->ethtool_n; i++)
		data[i] = READ_ONCE(att->state->ethtool_values[i]);
	rcu_read_unlock();
}

const struct ethtool_ops airlock_ethtool_ops = {
	.get_drvinfo = airlock_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = airlock_get_link_ksettings,
	.supported_coalesce_params = ETHTOOL_COALESCE_USECS | ETHTOOL_COALESCE_MAX_FRAMES,
	.get_coalesce = airlock_get_coalesce,
	.set_coalesce = airlock_set_coalesce,
	.get_ringparam = airlock_get_ringparam,
	.set_ringparam = airlock_set_ringparam,
	.get_msglevel = airlock_get_msglevel,
	.set_msglevel = airlock_set_msglevel,
	.nway_reset = airlock_nway_reset,
	.get_sset_count = airlock_get_sset_count,
	.get_strings = airlock_get_strings,
	.get_ethtool_stats = airlock_get_ethtool_stats,
};
