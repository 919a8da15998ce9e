// SPDX-License-Identifier: GPL-2.0-only
/*
 * A Linux driver on the driver runtime: the runtime's operations for any
 * Linux PCI network driver linked in unmodified. probe runs the driver's
 * module_init on the PCI function airlockd handed over (VFIO device, DMA
 * heap), and offers the netdev the driver registered; from open on, the
 * netdev serves the stub's rings (netdev.c) and each loop round runs what
 * the kernel would defer: timers, work items, NAPI. stop runs module_exit,
 * so the driver removes itself cleanly on SHUTDOWN.
 *
 *   airlock-host-DRIVER --name NAME --uid UID --gid GID --pci BDF
 *                       --pool-iova HEX --heap-iova HEX [--opt 'NAME=VALUE ...']
 *
 * --opt carries the driver's module parameters (airlockd's driver-options).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <airlock/host.h>

#include "env.h"
#include "faults.h"
#include "linux.h"
#include "sandbox.h"

static struct {
	struct airlock_rt *rt;
	struct shim_pci_env *pci;
} lh;

/* The shim's interrupts, on the runtime's loop (env.h). */
int shim_env_watch_fd(int fd, void (*fn)(void *arg), void *arg)
{
	return airlock_rt_watch_fd(lh.rt, fd, fn, arg);
}

void shim_env_unwatch_fd(int fd)
{
	airlock_rt_unwatch_fd(lh.rt, fd);
}

static int linux_prepare(struct airlock_rt *rt)
{
	lh.rt = rt;
	return linux_faults_prepare();
}

/* One word of the driver-options: module parameters "NAME=VALUE", separated by commas. */
static int set_params_word(struct airlock_rt *rt, char *word)
{
	char *save = NULL, *tok;
	int r;

	r = linux_faults_option(rt, word);	/* the test build's faults=PERIOD_MS,SEED */
	if (r != 0)
		return r < 0 ? r : 0;
	for (tok = strtok_r(word, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		r = shim_param_set(tok);
		if (r < 0) {
			airlock_rt_log(rt, "module parameter %s: %s", tok, strerror(-r));
			return r;
		}
	}
	return 0;
}

/* The driver-options: module parameters "NAME=VALUE", separated by spaces or commas. */
static int set_params(struct airlock_rt *rt)
{
	char opts[128], *save = NULL, *word;
	int r;

	if ((size_t)snprintf(opts, sizeof(opts), "%s", airlock_rt_driver_opt(rt)) >= sizeof(opts))
		return -E2BIG;
	for (word = strtok_r(opts, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		r = set_params_word(rt, word);
		if (r < 0)
			return r;
	}
	return 0;
}

static int linux_probe(struct airlock_rt *rt, struct airlock_offer *offer)
{
	uint64_t heap_iova, pool_iova;
	size_t heap_size, pool_size;
	void *heap = airlock_rt_heap(rt, &heap_size, &heap_iova);
	int r;

	airlock_rt_pool(rt, &pool_size, &pool_iova);
	if (!*airlock_rt_pci(rt) || !heap_iova || !pool_iova) {
		airlock_rt_log(rt, "--pci, --pool-iova and --heap-iova are required");
		return -EINVAL;
	}
	r = set_params(rt);
	if (r < 0)
		return r;
	r = shim_env_pci_open(AIRLOCK_HOST_FD_VFIO, airlock_rt_pci(rt), &lh.pci);
	if (r == 0)
		r = shim_pci_add_device(lh.pci);
	if (r == 0)
		r = shim_dma_heap_init(heap, heap_size, heap_iova);
	/* The pool comes at open; a 32-bit driver's dma_set_mask must know of it now. */
	if (r == 0)
		r = shim_dma_plan_window(pool_iova, pool_size);
	if (r < 0)
		return r;
	r = shim_module_init();
	if (r == 0)
		r = linux_netdev_offer(offer);
	if (r < 0)
		airlock_rt_log(rt, "the driver registered no netdev on %s: %s", airlock_rt_pci(rt),
			       strerror(-r));
	return r;
}

static int linux_open(struct airlock_rt *rt)
{
	uint64_t pool_iova;
	size_t pool_size;
	void *pool = airlock_rt_pool(rt, &pool_size, &pool_iova);
	int r;

	/* The device reads TX frames from, and the shim copies into, the packet pool. */
	r = shim_dma_add_window(pool, pool_size, pool_iova);
	if (r == 0)
		r = linux_netdev_attach(rt);
	if (r == 0)
		r = linux_faults_open(rt, lh.pci);	/* the test build's; nothing otherwise */
	return r;
}

static int linux_poll(struct airlock_rt *rt)
{
	int n = linux_faults_poll() + shim_kernel_run();

	/*
	 * The NAPI poll an interrupt scheduled has run: the frames it took go
	 * to the kernel first, then INTx may be unmasked (a system call).
	 */
	airlock_rt_doorbell(rt);
	shim_env_pci_irq_unmask_due(lh.pci);
	return n + linux_netdev_poll(rt);
}

static int linux_pending(struct airlock_rt *rt)
{
	return shim_kernel_pending() || linux_faults_pending();
}

static int linux_next_timeout_ms(struct airlock_rt *rt)
{
	int t = shim_kernel_next_timeout_ms();

	/* The state block wants a visit every period. */
	return t < 0 || t > LINUX_NETDEV_PERIOD_MS ? LINUX_NETDEV_PERIOD_MS : t;
}

static void linux_stop(struct airlock_rt *rt)
{
	shim_module_exit();
	shim_env_pci_close(lh.pci);
	lh.pci = NULL;
}

static const struct airlock_driver_ops linux_ops = {
	.name = KBUILD_MODNAME,
	.policy = AIRLOCK_SANDBOX_VFIO,
	.maps = AIRLOCK_RT_MAP_HEAP,
	.prepare = linux_prepare,
	.probe = linux_probe,
	.open = linux_open,
	.control = linux_netdev_control,
	.xmit = linux_netdev_xmit,
	.poll = linux_poll,
	.pending = linux_pending,
	.next_timeout_ms = linux_next_timeout_ms,
	.stop = linux_stop,
};

int main(int argc, char **argv)
{
	return airlock_runtime_main(argc, argv, &linux_ops, NULL);
}
