/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hand-over between airlockd and a driver host process: which file
 * descriptors the host finds open when it starts, and the messages on its
 * socket to the daemon. User space only; the kernel never sees this.
 *
 * Start-up
 * --------
 * airlockd creates the region memfd, the two doorbell eventfds and (for a
 * PCI device) opens the VFIO device and a DMA heap memfd mapped into the
 * container, then clone3()s a child in new mount, PID, IPC, UTS and network
 * namespaces, moves the descriptors below to their fixed numbers and execs
 * the host binary with the arguments below. Nothing else is open. The
 * host confines itself (sandbox/sandbox.h: empty root, rlimits, uid, no
 * capabilities, no new privileges, seccomp) before any driver code runs,
 * probes its device, and sends HELLO. The daemon answers with ATTACH,
 * carrying the /dev/airlock file that holds the stub attachment
 * (SCM_RIGHTS); from then on the host serves the stub's rings. Closing
 * that file (the host exits or dies) ends the attachment.
 *
 *   HOST --name NAME --uid UID --gid GID [--pci BDF]
 *        [--pool-iova HEX] [--heap-iova HEX] [--heartbeat-ms N]
 *        [--instance N] [--opt DRIVER_OPTIONS]
 *
 * The host is the init of its PID namespace: SIGTERM from outside is
 * ignored (no handler). Stop it with SHUTDOWN, by closing its socket, or
 * with SIGKILL.
 */
#ifndef AIRLOCK_HOST_H
#define AIRLOCK_HOST_H

#include <linux/types.h>

enum airlock_host_fd {
	AIRLOCK_HOST_FD_LOG = 2,	/* stderr: a pipe to the daemon's log */
	AIRLOCK_HOST_FD_DAEMON = 3,	/* SOCK_SEQPACKET to the daemon */
	AIRLOCK_HOST_FD_REGION = 4,	/* region memfd (airlock_region_hdr) */
	AIRLOCK_HOST_FD_KICK = 5,	/* eventfd: kernel -> driver */
	AIRLOCK_HOST_FD_DOORBELL = 6,	/* eventfd: driver -> kernel */
	AIRLOCK_HOST_FD_VFIO = 7,	/* VFIO device fd; closed if none */
	AIRLOCK_HOST_FD_HEAP = 8,	/* DMA heap memfd; closed if none */
	AIRLOCK_HOST_FD_EXTRA = 9,	/* driver-specific (the cable's memfd) */
	AIRLOCK_HOST_FD_COUNT = 10,	/* every fd >= this is closed */
};

enum airlock_host_msg_type {
	AIRLOCK_HOST_HELLO = 1,		/* host -> daemon: probed; mac = permanent */
	AIRLOCK_HOST_ATTACH,		/* daemon -> host: SCM_RIGHTS stub file */
	AIRLOCK_HOST_SERVING,		/* host -> daemon: serving the rings */
	AIRLOCK_HOST_SHUTDOWN,		/* daemon -> host: remove and exit 0 */
};

/* Every message is exactly this size; anything else is a protocol error. */
struct airlock_host_msg {
	__u32 type;			/* enum airlock_host_msg_type */
	__u32 reserved;
	__u8 mac[6];			/* HELLO: the device's permanent address */
	__u16 reserved1;
	__u32 mtu_max;			/* HELLO: largest MTU the driver takes */
	__u32 reserved2;
	/*
	 * HELLO: AIRLOCK_FEAT_* the driver offers. The daemon makes the
	 * proxy with the first HELLO's (unknown bits dropped); the proxy,
	 * and so its offer, outlives that driver's restarts.
	 */
	__u64 features;
	__u32 reserved3[8];
};

#define AIRLOCK_HOST_MSG_SIZE	64

#endif /* AIRLOCK_HOST_H */
