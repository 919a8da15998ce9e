/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SHIM_LINUX_MII_H
#define SHIM_LINUX_MII_H

#include <linux/types.h>
#include <linux/if.h>
#include_next <linux/mii.h>

static inline struct mii_ioctl_data *if_mii(struct ifreq *rq)
{
	return (struct mii_ioctl_data *)&rq->ifr_ifru;
}

#endif
