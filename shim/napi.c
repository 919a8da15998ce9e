// SPDX-License-Identifier: GPL-2.0-only
/*
 * NAPI: a scheduled context is polled by the event loop with its weight as
 * budget until the driver completes it (napi_complete_done) by doing less
 * than the budget. Received skbs leave through napi_gro_receive & co, which
 * hand the frame to the stub (shim/netdev.c).
 */
#include <linux/kernel.h>
#include <linux/netdevice.h>

#include "internal.h"

static LIST_HEAD(all_napi);

void netif_napi_add_weight(struct net_device *dev, struct napi_struct *napi,
			   int (*poll)(struct napi_struct *, int), int weight)
{
	napi->dev = dev;
	napi->poll = poll;
	napi->weight = weight;
	napi->skb = NULL;
	napi->scheduled = false;
	/* Born disabled, as in the kernel: napi_enable() lets it run. */
	napi->state = BIT(NAPI_STATE_SCHED) | BIT(NAPI_STATE_DISABLE);
	list_add_tail(&napi->dev_list, &all_napi);
}

void netif_napi_del(struct napi_struct *napi)
{
	list_del(&napi->dev_list);
	napi_free_frags(napi);
}

bool napi_schedule_prep(struct napi_struct *n)
{
	if (test_bit(NAPI_STATE_DISABLE, &n->state))
		return false;
	return !test_and_set_bit(NAPI_STATE_SCHED, &n->state);
}

void __napi_schedule(struct napi_struct *n)
{
	n->scheduled = true;
}

bool napi_complete_done(struct napi_struct *n, int work_done)
{
	n->scheduled = false;
	clear_bit(NAPI_STATE_SCHED, &n->state);
	return true;
}

void napi_enable(struct napi_struct *n)
{
	n->scheduled = false;
	clear_bit(NAPI_STATE_DISABLE, &n->state);
	clear_bit(NAPI_STATE_SCHED, &n->state);
}

/* Nothing polls concurrently: owning SCHED is enough to keep it from being scheduled. */
void napi_disable(struct napi_struct *n)
{
	set_bit(NAPI_STATE_DISABLE, &n->state);
	set_bit(NAPI_STATE_SCHED, &n->state);
	n->scheduled = false;
}

/* A poll is on the stack: a wait inside it (shim/wait.c) polls nothing more. */
static bool polling;

int shim_napi_run(void)
{
	struct napi_struct *n;
	int work = 0;

	if (polling)
		return 0;
	polling = true;
	list_for_each_entry(n, &all_napi, dev_list) {
		int done;

		if (!n->scheduled || test_bit(NAPI_STATE_DISABLE, &n->state))
			continue;
		shim_counters.napi_polls++;
		done = n->poll(n, n->weight);
		/* A driver that used its whole budget stays scheduled, as in net_rx_action. */
		work += done > 0 ? done : 1;
	}
	polling = false;
	return work;
}

int shim_napi_pending(void)
{
	struct napi_struct *n;

	list_for_each_entry(n, &all_napi, dev_list)
		if (n->scheduled && !test_bit(NAPI_STATE_DISABLE, &n->state))
			return 1;
	return 0;
}

struct sk_buff *napi_get_frags(struct napi_struct *napi)
{
	if (!napi->skb) {
		napi->skb = alloc_skb(0, GFP_ATOMIC);
		if (napi->skb)
			napi->skb->dev = napi->dev;
	}
	return napi->skb;
}

void napi_free_frags(struct napi_struct *napi)
{
	kfree_skb(napi->skb);
	napi->skb = NULL;
}

/* Frags-only skb from napi_get_frags: len and data_len follow its frags. */
gro_result_t napi_gro_frags(struct napi_struct *napi)
{
	struct sk_buff *skb = napi->skb;
	unsigned int i, len = 0;

	if (!skb)
		return GRO_CONSUMED;
	napi->skb = NULL;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		len += skb_frag_size(&skb_shinfo(skb)->frags[i]);
	/* Recount from the frags: what the device wrote is what we forward. */
	skb->data_len = len;
	skb->len = len + (unsigned int)(skb->tail - skb->data);
	skb->mac_header = (u16)(skb->data - skb->head);
	return napi_gro_receive(napi, skb);
}
