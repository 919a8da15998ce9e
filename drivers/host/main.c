// SPDX-License-Identifier: GPL-2.0-only
/*
 * A driver host: one Linux driver, linked in unmodified, run on one PCI
 * function through the shim. module_init probes the device, the registered
 * netdev is bound to the stub's proxy, and one event loop serves the
 * stub's rings, the device's interrupt, timers and work until SIGTERM;
 * then module_exit removes the driver cleanly.
 *
 *   airlock-host-DRIVER --pci BDF [--param NAME=VALUE]...   (standalone mode)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "source.h"

/* From the shim's kernel-API half (linux/module.h, linux/moduleparam.h). */
int shim_module_init(void);
void shim_module_exit(void);
int shim_param_set(const char *assignment);

static void on_signal(int sig)
{
	(void)sig;
	shim_loop_stop();
}

static int usage(const char *argv0)
{
	fprintf(stderr, "usage: %s --pci BDF [--param NAME=VALUE]...\n", argv0);
	return 2;
}

int main(int argc, char **argv)
{
	const struct host_source *src = &host_source_standalone;
	struct sigaction sa = { .sa_handler = on_signal };
	struct shim_loop_hooks hooks;
	struct host_device hd = { .vfio_fd = -1 };
	struct host_attachment ha = { .region_fd = -1 };
	struct shim_pci_env *pci = NULL;
	struct shim_port *port = NULL;
	const char *bdf = NULL;
	uint8_t mac[6];
	uint32_t max_mtu;
	void *pool;
	size_t pool_size;
	uint64_t pool_off, rounds, sleeps;
	int i, r;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--pci") && i + 1 < argc) {
			bdf = argv[++i];
		} else if (!strcmp(argv[i], "--param") && i + 1 < argc) {
			r = shim_param_set(argv[++i]);
			if (r < 0) {
				fprintf(stderr, "host: --param %s: %s\n", argv[i], strerror(-r));
				return 2;
			}
		} else {
			return usage(argv[0]);
		}
	}
	if (!bdf)
		return usage(argv[0]);
	/* No SA_RESTART: the loop's epoll_wait returns and sees the stop. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	r = shim_loop_init();
	if (r < 0)
		goto fail;
	r = src->open(bdf, &hd);
	if (r < 0)
		goto fail;
	r = shim_env_pci_open(hd.vfio_fd, bdf, &pci);
	if (r == 0)
		r = shim_pci_add_device(pci);
	if (r == 0)
		r = shim_dma_heap_init(hd.heap, hd.heap_size, hd.heap_iova);
	if (r < 0)
		goto fail;

	r = shim_module_init();
	if (r == 0)
		r = shim_netdev_registered(mac, &max_mtu);
	if (r < 0) {
		fprintf(stderr, "host: the driver registered no netdev on %s: %s\n", bdf, strerror(-r));
		goto fail_module;
	}
	fprintf(stderr, "host: %s probed, MAC %02x:%02x:%02x:%02x:%02x:%02x\n", bdf,
		mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);

	r = src->attach(mac, max_mtu, &ha);
	if (r == 0)
		r = shim_port_open(ha.region_fd, ha.kick_fd, ha.doorbell_fd, &port);
	if (r < 0) {
		fprintf(stderr, "host: attaching to the stub: %s\n", strerror(-r));
		goto fail_module;
	}
	shim_port_pool(port, &pool, &pool_size, &pool_off);
	r = shim_dma_add_window(pool, pool_size, ha.region_iova + pool_off);
	if (r == 0)
		r = shim_netdev_attach(port);
	if (r == 0)
		r = shim_kernel_hooks(&hooks);
	if (r == 0)
		r = shim_loop_add_hooks(&hooks);
	if (r < 0)
		goto fail_port;
	fprintf(stderr, "host: serving %s (%s mode)\n", ha.ifname, src->name);

	r = shim_loop_run();
	if (r < 0)
		fprintf(stderr, "host: event loop: %s\n", strerror(-r));
	shim_loop_counters(&rounds, &sleeps);
	fprintf(stderr, "host: %llu loop rounds, %llu slept; the stub's doorbell rung %llu times\n",
		(unsigned long long)rounds, (unsigned long long)sleeps,
		(unsigned long long)shim_port_kicks(port));
	fprintf(stderr, "host: removing the driver\n");
fail_port:
	shim_module_exit();
	shim_port_close(port);
	src->close();
	shim_env_pci_close(pci);
	shim_loop_free();
	return r < 0 ? 1 : 0;

fail_module:
	shim_module_exit();
fail:
	if (r < 0)
		fprintf(stderr, "host: %s\n", strerror(-r));
	src->close();
	shim_env_pci_close(pci);
	shim_loop_free();
	return 1;
}
