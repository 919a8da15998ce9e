// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the runtime tells its driver about itself, and the parts of the
 * state block (abi.h) every family fills the same way: link, ethtool -S.
 */
#include <errno.h>
#include <string.h>

#include "runtime-internal.h"

void *airlock_rt_priv(const struct airlock_rt *rt)
{
	return rt->priv;
}

const char *airlock_rt_name(const struct airlock_rt *rt)
{
	return rt->args.name;
}

const char *airlock_rt_pci(const struct airlock_rt *rt)
{
	return rt->args.pci;
}

const char *airlock_rt_driver_opt(const struct airlock_rt *rt)
{
	return rt->args.driver_opt;
}

uint32_t airlock_rt_instance(const struct airlock_rt *rt)
{
	return rt->args.instance;
}

void *airlock_rt_extra(const struct airlock_rt *rt, size_t *ret_size)
{
	*ret_size = rt->extra_size;
	return rt->extra;
}

void *airlock_rt_heap(const struct airlock_rt *rt, size_t *ret_size, uint64_t *ret_iova)
{
	*ret_size = rt->heap_size;
	*ret_iova = rt->args.heap_iova;
	return rt->heap;
}

void *airlock_rt_pool(const struct airlock_rt *rt, size_t *ret_size, uint64_t *ret_iova)
{
	*ret_size = rt->region.hdr.pool_size;
	*ret_iova = rt->args.pool_iova;
	return airlock_region_at(&rt->region, rt->region.hdr.pool_offset);
}

struct airlock_state *airlock_rt_state(const struct airlock_rt *rt)
{
	return rt->state;
}

unsigned int airlock_rt_n_ports(const struct airlock_rt *rt)
{
	return rt->n_ports;
}

struct airlock_port *airlock_rt_port(const struct airlock_rt *rt, unsigned int i)
{
	return i < rt->n_ports ? (struct airlock_port *)&rt->ports[i] : NULL;
}

void airlock_rt_set_link(struct airlock_rt *rt, bool up, uint32_t speed_mbps, uint8_t duplex)
{
	struct airlock_state *st = rt->state;

	__atomic_store_n(&st->speed, up ? speed_mbps : AIRLOCK_SPEED_UNKNOWN, __ATOMIC_RELAXED);
	__atomic_store_n(&st->duplex, up ? duplex : AIRLOCK_DUPLEX_UNKNOWN, __ATOMIC_RELAXED);
	/* Release: speed and duplex are in place when the kernel sees the link. */
	__atomic_store_n(&st->link_up, up ? 1U : 0U, __ATOMIC_RELEASE);
}

void airlock_rt_set_rings(struct airlock_rt *rt, uint32_t rx, uint32_t tx)
{
	__atomic_store_n(&rt->state->rx_ring_size, rx, __ATOMIC_RELAXED);
	__atomic_store_n(&rt->state->tx_ring_size, tx, __ATOMIC_RELAXED);
}

void airlock_rt_set_coalesce(struct airlock_rt *rt, const struct airlock_coalesce *c)
{
	struct airlock_state *st = rt->state;

	if (!c) {
		__atomic_store_n(&st->coalesce_known, 0, __ATOMIC_RELEASE);
		return;
	}
	/* The kernel reads each value once; a read between two stores mixes old and new, harmlessly. */
	__atomic_store_n(&st->coalesce.rx_usecs, c->rx_usecs, __ATOMIC_RELAXED);
	__atomic_store_n(&st->coalesce.rx_max_frames, c->rx_max_frames, __ATOMIC_RELAXED);
	__atomic_store_n(&st->coalesce.tx_usecs, c->tx_usecs, __ATOMIC_RELAXED);
	__atomic_store_n(&st->coalesce.tx_max_frames, c->tx_max_frames, __ATOMIC_RELAXED);
	__atomic_store_n(&st->coalesce_known, 1, __ATOMIC_RELEASE);
}

int airlock_rt_stats_names(struct airlock_rt *rt, const char *const *names, unsigned int n)
{
	struct airlock_state *st = rt->state;

	if (n > AIRLOCK_MAX_ETHTOOL_STATS)
		n = AIRLOCK_MAX_ETHTOOL_STATS;
	for (unsigned int i = 0; i < n; i++) {
		/* Truncated as the kernel's ETH_GSTRING_LEN would, always NUL-ended. */
		memset(st->ethtool_names[i], 0, AIRLOCK_ETH_GSTRING_LEN);
		strncpy((char *)st->ethtool_names[i], names[i], AIRLOCK_ETH_GSTRING_LEN - 1);
	}
	__atomic_store_n(&st->n_ethtool_stats, n, __ATOMIC_RELEASE);
	return 0;
}

void airlock_rt_stat_set(struct airlock_rt *rt, unsigned int i, uint64_t value)
{
	if (i < AIRLOCK_MAX_ETHTOOL_STATS)
		__atomic_store_n(&rt->state->ethtool_values[i], value, __ATOMIC_RELAXED);
}
