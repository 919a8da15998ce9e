/* SPDX-License-Identifier: GPL-2.0-only */
/* Between netdev.c and gso.c, both compiled against shim/include/. */
#ifndef AIRLOCK_DRIVERS_LINUX_GSO_H
#define AIRLOCK_DRIVERS_LINUX_GSO_H

#include <linux/skbuff.h>

/*
 * The frames a TCP/IPv4 GSO skb stands for, each on an skb of its own from
 * the DMA heap, chained by ->next; NULL if the heap has no room. @skb is
 * left as it was.
 */
struct sk_buff *linux_gso_segment(const struct sk_buff *skb);

#endif
