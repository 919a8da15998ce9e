// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shim's transmit loop, with a fake driver on a real region: every
 * frame the stub posted reaches ndo_start_xmit and comes back on the
 * return ring, and netdev_xmit_more() is true for all but the last frame of
 * each batch, so a driver writes its tail register once per batch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "env.h"
#include "internal.h"
#include "shim_netdev_peer.h"

#define MAX_SEEN 256

static bool more_seen[MAX_SEEN];
static unsigned int n_seen;
static struct net_device *dev;
static struct shim_port *port;
static struct shim_loop_hooks hooks;
static int region_fd = -1, kick_fd = -1, doorbell_fd = -1;

static netdev_tx_t fake_xmit(struct sk_buff *skb, struct net_device *d)
{
	if (n_seen < MAX_SEEN)
		more_seen[n_seen] = netdev_xmit_more();
	n_seen++;
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops fake_ops = {
	.ndo_start_xmit = fake_xmit,
};

static int setup(void **state)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };

	if (shim_loop_init() < 0 || peer_create(&region_fd, &kick_fd, &doorbell_fd) < 0 ||
	    shim_port_open(region_fd, kick_fd, doorbell_fd, &port) < 0)
		return -1;
	dev = alloc_etherdev(0);
	if (!dev)
		return -1;
	dev->netdev_ops = &fake_ops;
	eth_hw_addr_set(dev, mac);
	if (register_netdev(dev) < 0 || shim_netdev_attach(port) < 0)
		return -1;
	/* As after the stub's OPEN: running, carrier on. */
	set_bit(__LINK_STATE_START, &dev->state);
	netif_carrier_on(dev);
	return shim_kernel_hooks(&hooks);
}

static int teardown(void **state)
{
	unregister_netdev(dev);
	free_netdev(dev);
	shim_port_close(port);
	peer_destroy();
	shim_loop_free();
	return 0;
}

/* One pass of the host's loop; returns the frames it sent. */
static unsigned int run_once(void)
{
	unsigned int before = n_seen;

	assert_true(hooks.poll(hooks.arg) >= 0);
	return n_seen - before;
}

static void test_xmit_more_until_the_last(void **state)
{
	unsigned int i, first = n_seen;

	assert_int_equal(peer_post_tx(5), 0);
	assert_int_equal(run_once(), 5);
	for (i = 0; i < 4; i++)
		assert_true(more_seen[first + i]);
	assert_false(more_seen[first + 4]);
	assert_int_equal(peer_take_returns(), 5);
}

static void test_single_frame_rings_at_once(void **state)
{
	unsigned int first = n_seen;

	assert_int_equal(peer_post_tx(1), 0);
	assert_int_equal(run_once(), 1);
	assert_false(more_seen[first]);
	assert_int_equal(peer_take_returns(), 1);
}

/* More than a batch: the batch's last frame says "no more", though more wait. */
static void test_batch_ends_the_run(void **state)
{
	unsigned int first = n_seen;

	assert_int_equal(peer_post_tx(SHIM_TX_BATCH + 6), 0);
	assert_int_equal(run_once(), SHIM_TX_BATCH);
	assert_true(more_seen[first]);
	assert_true(more_seen[first + SHIM_TX_BATCH - 2]);
	assert_false(more_seen[first + SHIM_TX_BATCH - 1]);
	assert_int_equal(run_once(), 6);
	assert_true(more_seen[first + SHIM_TX_BATCH]);
	assert_false(more_seen[first + SHIM_TX_BATCH + 5]);
	assert_int_equal(peer_take_returns(), SHIM_TX_BATCH + 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xmit_more_until_the_last),
		cmocka_unit_test(test_single_frame_rings_at_once),
		cmocka_unit_test(test_batch_ends_the_run),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
