/* SPDX-License-Identifier: GPL-2.0-only */
/* Interface flags and struct ifreq (the UAPI header drags in the C library's socket headers). */
#ifndef SHIM_LINUX_IF_H
#define SHIM_LINUX_IF_H

#include <linux/types.h>

#define IFF_UP (1U << 0)
#define IFF_BROADCAST (1U << 1)
#define IFF_DEBUG (1U << 2)
#define IFF_LOOPBACK (1U << 3)
#define IFF_POINTOPOINT (1U << 4)
#define IFF_RUNNING (1U << 6)
#define IFF_NOARP (1U << 7)
#define IFF_PROMISC (1U << 8)
#define IFF_ALLMULTI (1U << 9)
#define IFF_MULTICAST (1U << 12)
#define IFF_DOWN 0

struct ifreq {
	char ifr_name[16];
	union {
		__u8 raw[24];
		void *ifru_data;
	} ifr_ifru;
};

#define ifr_data ifr_ifru.ifru_data

#endif
