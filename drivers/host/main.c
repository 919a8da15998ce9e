// SPDX-License-Identifier: GPL-2.0-only
/*
 * A driver host: one Linux driver, linked in unmodified, run on one PCI
 * function through the shim. module_init probes the device, the registered
 * netdev is bound to the stub's proxy, and one event loop serves the
 * stub's rings, the device's interrupt, timers and work until told to
 * stop; then module_exit removes the driver cleanly.
 *
 *   airlock-host-DRIVER --pci BDF [--param NAME=VALUE]...   (standalone mode)
 *   airlock-host-DRIVER --name NAME --uid UID ...           (started by airlockd)
 *
 * The fds come from a source (source.h): with --name on the command line,
 * airlockd's hand-over; otherwise the host sets everything up itself.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "faults.h"
#include "source.h"

/* From the shim's kernel-API half (linux/module.h). */
int shim_module_init(void);
void shim_module_exit(void);

static void on_signal(int sig)
{
	(void)sig;
	shim_loop_stop();
}

static const struct host_source *pick_source(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--name"))
			return &host_source_daemon;
	return &host_source_standalone;
}

int main(int argc, char **argv)
{
	const struct host_source *src = pick_source(argc, argv);
	struct sigaction sa = { .sa_handler = on_signal };
	struct shim_loop_hooks hooks;
	struct host_device hd = { .vfio_fd = -1 };
	struct host_attachment ha = { .region_fd = -1 };
	struct shim_pci_env *pci = NULL;
	struct shim_port *port = NULL;
	const char *bdf = NULL;
	struct host_offer offer;
	void *pool;
	size_t pool_size;
	uint64_t pool_off, rounds, sleeps;
	int r;

	if (src->parse(argc, argv, &bdf) < 0)
		return 2;
	if (src->stop_on_signals) {
		/* No SA_RESTART: the loop's epoll_wait returns and sees the stop. */
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
	}

	/* The daemon source confines the process here: no driver code ran yet. */
	r = host_faults_signals() < 0 ? -errno : src->open(bdf, &hd);
	if (r < 0)
		goto fail;
	r = shim_loop_init();
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
		r = shim_netdev_registered(offer.mac, &offer.max_mtu, &offer.features);
	if (r < 0) {
		fprintf(stderr, "host: the driver registered no netdev on %s: %s\n", bdf, strerror(-r));
		goto fail_module;
	}
	fprintf(stderr, "host: %s probed, MAC %02x:%02x:%02x:%02x:%02x:%02x\n", bdf,
		offer.mac[0], offer.mac[1], offer.mac[2], offer.mac[3], offer.mac[4], offer.mac[5]);

	r = src->attach(&offer, &ha);
	port = ha.port;
	if (r == 0) {
		r = port ? shim_port_attach(port, ha.kick_fd, ha.doorbell_fd) :
			   shim_port_open(ha.region_fd, ha.kick_fd, ha.doorbell_fd, &port);
	}
	if (r < 0) {
		/* The daemon went away before ATTACH: nothing to serve, not a failure. */
		if (r == -ECONNRESET) {
			fprintf(stderr, "host: the daemon went away before attaching\n");
			r = 0;
		} else {
			fprintf(stderr, "host: attaching to the stub: %s\n", strerror(-r));
		}
		goto fail_port;
	}
	shim_port_pool(port, &pool, &pool_size, &pool_off);
	r = shim_dma_add_window(pool, pool_size, ha.region_iova + pool_off);
	if (r == 0)
		r = shim_netdev_attach(port);
	if (r == 0)
		r = shim_kernel_hooks(&hooks);
	if (r == 0)
		r = shim_loop_add_hooks(&hooks);
	if (r == 0)
		r = host_faults_hooks(pci);	/* the test build's; nothing otherwise */
	if (r == 0 && src->serving)
		r = src->serving(port);
	if (r < 0)
		goto fail_port;
	fprintf(stderr, "host: serving %s (%s mode)\n", ha.ifname, src->name);

	r = shim_loop_run();
	if (r < 0)
		fprintf(stderr, "host: event loop: %s\n", strerror(-r));
	else if (src->result)
		r = src->result();
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
