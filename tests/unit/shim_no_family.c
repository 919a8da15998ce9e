// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where received skbs leave the shim (drivers/linux/netdev.c), for unit
 * tests that link NAPI but never receive: a frame reaching here is a bug.
 */
#include <stdlib.h>

#include <linux/netdevice.h>

gro_result_t napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	abort();
}

int netif_receive_skb(struct sk_buff *skb)
{
	abort();
}
