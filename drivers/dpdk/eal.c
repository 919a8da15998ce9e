// SPDX-License-Identifier: GPL-2.0-only
/*
 * DPDK's EAL, started confined (docs/dpdk.md, docs/sandbox.md): no
 * hugepages (the memory is a memfd EAL sizes and DMA-maps itself, IOVA as
 * VA), no shared files or runtime directory (--no-shconf; --in-memory does not go with --no-huge, which implies legacy memory), no telemetry
 * socket, one lcore (the driver runtime's loop), and the one PCI function
 * airlockd configured on the allowlist; the root holds nothing else to
 * probe anyway. EAL's log goes to stderr, airlockd's log, never syslog.
 * PMDs are linked into the host, not loaded: the empty root has no plugin
 * directory, so nothing is dlopen()ed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>

#include "dpdk.h"

#define EAL_ARGS_MAX	24

int dpdk_eal_start(struct airlock_rt *rt, const char *devargs, const char *vfio_intr)
{
	char allow[sizeof(((struct dpdk_host *)0)->devargs) + 32], mem[16], intr[32];
	char *argv[EAL_ARGS_MAX];
	int argc = 0, r;

	snprintf(mem, sizeof(mem), "%u", DPDK_EAL_MEM_MB);
	if ((size_t)snprintf(allow, sizeof(allow), "%s%s%s", airlock_rt_pci(rt), *devargs ? "," : "",
			     devargs) >= sizeof(allow))
		return -EINVAL;
	argv[argc++] = (char *)"airlock-host-dpdk";
	argv[argc++] = (char *)"--no-huge";
	argv[argc++] = (char *)"-m";
	argv[argc++] = mem;
	argv[argc++] = (char *)"--iova-mode=va";
	argv[argc++] = (char *)"--no-shconf";
	argv[argc++] = (char *)"--no-telemetry";
	argv[argc++] = (char *)"-l";
	argv[argc++] = (char *)"0";
	argv[argc++] = (char *)"--log-level=notice";
	argv[argc++] = (char *)"-a";
	argv[argc++] = allow;
	/*
	 * EAL's auto mode tries MSI-X first; on QEMU's e1000, which has
	 * neither MSI-X nor MSI, it fails to enable it and the port gets no
	 * interrupt at all: such a device needs vfio-intr=legacy.
	 */
	if (*vfio_intr) {
		snprintf(intr, sizeof(intr), "--vfio-intr=%s", vfio_intr);
		argv[argc++] = intr;
	}
	argv[argc] = NULL;

	/* Before EAL's own default (stdout and syslog) is set up. */
	rte_openlog_stream(stderr);
	airlock_rt_log(rt, "EAL: --no-huge -m %s --iova-mode=va --no-shconf --no-telemetry -l 0 -a %s%s%s",
		       mem, allow, *vfio_intr ? " --vfio-intr=" : "", vfio_intr);
	r = rte_eal_init(argc, argv);
	if (r < 0) {
		r = rte_errno > 0 ? rte_errno : ENODEV;
		airlock_rt_log(rt, "EAL start-up failed: %s", rte_strerror(r));
		return -r;
	}
	return 0;
}
