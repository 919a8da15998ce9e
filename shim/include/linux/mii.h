/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's MII library interface (drivers/net/mii.c, compiled
 * unmodified beside a driver that uses it): the PHY a driver reaches
 * through its own mdio_read/mdio_write, and the conversions between MII
 * register bits (UAPI <linux/mii.h>) and ethtool's legacy ADVERTISED_* bits.
 */
#ifndef SHIM_LINUX_MII_H
#define SHIM_LINUX_MII_H

#include <linux/types.h>
#include <linux/if.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include_next <linux/mii.h>

struct net_device;

struct mii_if_info {
	int phy_id;
	int advertising;
	int phy_id_mask;
	int reg_num_mask;

	unsigned int full_duplex : 1;	/* is full duplex? */
	unsigned int force_media : 1;	/* is autoneg. disabled? */
	unsigned int supports_gmii : 1;	/* are GMII registers supported? */

	struct net_device *dev;
	int (*mdio_read)(struct net_device *dev, int phy_id, int location);
	void (*mdio_write)(struct net_device *dev, int phy_id, int location, int val);
};

int mii_link_ok(struct mii_if_info *mii);
int mii_nway_restart(struct mii_if_info *mii);
void mii_ethtool_gset(struct mii_if_info *mii, struct ethtool_cmd *ecmd);
void mii_ethtool_get_link_ksettings(struct mii_if_info *mii, struct ethtool_link_ksettings *cmd);
int mii_ethtool_sset(struct mii_if_info *mii, struct ethtool_cmd *ecmd);
int mii_ethtool_set_link_ksettings(struct mii_if_info *mii,
				   const struct ethtool_link_ksettings *cmd);
int mii_check_gmii_support(struct mii_if_info *mii);
void mii_check_link(struct mii_if_info *mii);
unsigned int mii_check_media(struct mii_if_info *mii, unsigned int ok_to_print,
			     unsigned int init_media);
int generic_mii_ioctl(struct mii_if_info *mii_if, struct mii_ioctl_data *mii_data, int cmd,
		      unsigned int *duplex_changed);

static inline struct mii_ioctl_data *if_mii(struct ifreq *rq)
{
	return (struct mii_ioctl_data *)&rq->ifr_ifru;
}

/* The best mode both ends advertised (@negotiated: ADVERTISE & LPA), as an LPA_ bit. */
static inline unsigned int mii_nway_result(unsigned int negotiated)
{
	if (negotiated & LPA_100FULL)
		return LPA_100FULL;
	if (negotiated & LPA_100BASE4)
		return LPA_100BASE4;
	if (negotiated & LPA_100HALF)
		return LPA_100HALF;
	if (negotiated & LPA_10FULL)
		return LPA_10FULL;
	return LPA_10HALF;
}

/* Full duplex if forced (@duplex_lock) or negotiated (@negotiated: ADVERTISE & LPA). */
static inline unsigned int mii_duplex(unsigned int duplex_lock, unsigned int negotiated)
{
	if (duplex_lock)
		return 1;
	return mii_nway_result(negotiated) & (LPA_100FULL | LPA_10FULL) ? 1 : 0;
}

/* 10/100 modes, pause: ethtool ADVERTISED_* <-> MII_ADVERTISE. */
static inline u32 ethtool_adv_to_mii_adv_t(u32 ethadv)
{
	u32 r = 0;

	if (ethadv & ADVERTISED_10baseT_Half)
		r |= ADVERTISE_10HALF;
	if (ethadv & ADVERTISED_10baseT_Full)
		r |= ADVERTISE_10FULL;
	if (ethadv & ADVERTISED_100baseT_Half)
		r |= ADVERTISE_100HALF;
	if (ethadv & ADVERTISED_100baseT_Full)
		r |= ADVERTISE_100FULL;
	if (ethadv & ADVERTISED_Pause)
		r |= ADVERTISE_PAUSE_CAP;
	if (ethadv & ADVERTISED_Asym_Pause)
		r |= ADVERTISE_PAUSE_ASYM;
	return r;
}

static inline u32 mii_adv_to_ethtool_adv_t(u32 adv)
{
	u32 r = 0;

	if (adv & ADVERTISE_10HALF)
		r |= ADVERTISED_10baseT_Half;
	if (adv & ADVERTISE_10FULL)
		r |= ADVERTISED_10baseT_Full;
	if (adv & ADVERTISE_100HALF)
		r |= ADVERTISED_100baseT_Half;
	if (adv & ADVERTISE_100FULL)
		r |= ADVERTISED_100baseT_Full;
	if (adv & ADVERTISE_PAUSE_CAP)
		r |= ADVERTISED_Pause;
	if (adv & ADVERTISE_PAUSE_ASYM)
		r |= ADVERTISED_Asym_Pause;
	return r;
}

/* 1000BASE-T: ethtool ADVERTISED_* <-> MII_CTRL1000. */
static inline u32 ethtool_adv_to_mii_ctrl1000_t(u32 ethadv)
{
	u32 r = 0;

	if (ethadv & ADVERTISED_1000baseT_Half)
		r |= ADVERTISE_1000HALF;
	if (ethadv & ADVERTISED_1000baseT_Full)
		r |= ADVERTISE_1000FULL;
	return r;
}

static inline u32 mii_ctrl1000_to_ethtool_adv_t(u32 adv)
{
	u32 r = 0;

	if (adv & ADVERTISE_1000HALF)
		r |= ADVERTISED_1000baseT_Half;
	if (adv & ADVERTISE_1000FULL)
		r |= ADVERTISED_1000baseT_Full;
	return r;
}

/* The link partner's MII_LPA: its modes, and whether autonegotiation acknowledged. */
static inline u32 mii_lpa_to_ethtool_lpa_t(u32 lpa)
{
	u32 r = 0;

	if (lpa & LPA_LPACK)
		r |= ADVERTISED_Autoneg;
	return r | mii_adv_to_ethtool_adv_t(lpa);
}

/* The link partner's MII_STAT1000: its 1000BASE-T modes. */
static inline u32 mii_stat1000_to_ethtool_lpa_t(u32 lpa)
{
	u32 r = 0;

	if (lpa & LPA_1000HALF)
		r |= ADVERTISED_1000baseT_Half;
	if (lpa & LPA_1000FULL)
		r |= ADVERTISED_1000baseT_Full;
	return r;
}

#endif
