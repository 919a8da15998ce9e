/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ABI between airlock.ko and user space: one header for both sides.
 * Fixed-width types only, no pointers; the version is checked at attach.
 *
 * The shared region
 * -----------------
 * One memfd, created and laid out by the supervisor, pinned and vmapped by
 * the kernel, mmapped by the driver process. Everything is addressed by
 * offsets from the start of the region and by indices, never by pointers:
 *
 *   0                struct airlock_region_hdr (written once by the creator)
 *   ctrl_req.offset  control request ring   kernel -> driver  airlock_ctrl_msg
 *   ctrl_rsp.offset  control response ring  driver -> kernel  airlock_ctrl_msg
 *   per queue q < n_queues:
 *     tx.offset      TX ring                kernel -> driver  airlock_desc
 *     rx.offset      RX ring                driver -> kernel  airlock_desc
 *     ret.offset     buffer-return ring     driver -> kernel  airlock_desc
 *   state_offset     struct airlock_state   written by the driver
 *   addr_offset      AIRLOCK_ADDR_SLOTS x struct airlock_addr_slot,
 *                    written by the kernel (set_rx_mode address lists)
 *   pool_offset      n_bufs x buf_size packet buffers, page aligned
 *
 * Every area starts on a 64-byte boundary (the pool on a 4096-byte one so
 * it can be DMA-mapped), lies inside region_size, and overlaps no other.
 * The driver can write the whole region, the header included, at any
 * time: the kernel copies the header once at attach, validates the copy
 * (airlock_region_check(), ipc/region_check.c, built into both airlock.ko
 * and the library) and never reads it again. Every value read from a ring,
 * a descriptor or the state block after that is read once into private
 * memory and bound-checked against that copy before use.
 */
#ifndef AIRLOCK_ABI_H
#define AIRLOCK_ABI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define AIRLOCK_ABI_VERSION	3	/* 2: TSO on TX; 3: RX frames at an offset, coalescing */
#define AIRLOCK_DEVICE_NAME	"airlock"

#define AIRLOCK_IOC_MAGIC	0xA1

/* Reports the ABI version the module speaks. */
struct airlock_version {
	__u32 abi_version;
	__u32 reserved;
};

#define AIRLOCK_IOC_GET_VERSION	_IOR(AIRLOCK_IOC_MAGIC, 0x00, struct airlock_version)

/* ---- Limits: every count in the region is bounded by one of these. ---- */

#define AIRLOCK_REGION_MAGIC		0x4b4c5241	/* "ARLK" in little endian */
#define AIRLOCK_REGION_ALIGN		64	/* every area, ring entries too */
#define AIRLOCK_POOL_ALIGN		4096	/* pool offset and region size */
#define AIRLOCK_REGION_MAX_SIZE		(1ULL << 30)

#define AIRLOCK_MAX_QUEUES		4
#define AIRLOCK_RING_MIN_ENTRIES	2	/* all ring sizes: powers of two */
#define AIRLOCK_RING_MAX_ENTRIES	4096	/* TX, RX and return rings */
#define AIRLOCK_CTRL_MAX_ENTRIES	256	/* each control ring */

#define AIRLOCK_BUF_SIZE_MIN		2048	/* powers of two */
#define AIRLOCK_BUF_SIZE_MAX		65536	/* a 64 KiB TSO frame (desc.len: 65535) */
#define AIRLOCK_BUF_SIZE_JUMBO		16384	/* an MTU 9000 frame: enough without TSO */
#define AIRLOCK_MAX_BUFS		32768	/* the region size limit may bind first */

/* Largest frame a buffer holds: MTU + Ethernet header + VLAN tag + FCS. */
#define AIRLOCK_FRAME_OVERHEAD		22
#define AIRLOCK_MIN_MTU			68
#define AIRLOCK_MAX_MTU			9000

#define AIRLOCK_ETH_ALEN		6
#define AIRLOCK_MAX_ADDRS		256	/* unicast + multicast, per request */
#define AIRLOCK_ADDR_SLOTS		2	/* address lists in flight */

#define AIRLOCK_ETH_GSTRING_LEN		32
#define AIRLOCK_DRVINFO_LEN		32	/* each ethtool -i string */
#define AIRLOCK_MAX_ETHTOOL_STATS	64

/* Control reply status: 0 or a negative errno no smaller than this. */
#define AIRLOCK_CTRL_MAX_ERRNO		4095
/*
 * Of those, the errnos user space may see: 1 .. EHWPOISON, the last of
 * asm-generic/errno.h. Above it the kernel keeps its own (ERESTARTSYS 512,
 * ERESTART_RESTARTBLOCK 516, EPROBE_DEFER 517, ENOTSUPP 524, ...), which
 * no system call may return: the kernel answers EIO for them and counts
 * them (ring_check.h: airlock_ctrl_user_status).
 */
#define AIRLOCK_CTRL_MAX_USER_ERRNO	133

/* ---- Rings ---- */

/*
 * Single-producer single-consumer ring: struct airlock_ring_hdr followed
 * by 'entries' fixed-size entries (entries a power of two, the geometry
 * taken from the validated header copy, never from here).
 *
 * producer and consumer are free-running: they count entries ever
 * produced/consumed modulo 2^32 and index the ring with & (entries - 1).
 * producer - consumer (mod 2^32) is the fill level and must lie in
 * [0, entries]; a reader that sees anything else reports the ring corrupt.
 * Each side keeps its own index privately and only stores it here; it
 * reads only the other side's index.
 *
 * Memory ordering (kernel name / user-space builtin):
 *   producer: write entries; smp_store_release / __ATOMIC_RELEASE producer
 *   consumer: smp_load_acquire / __ATOMIC_ACQUIRE producer; read entries
 *   consumer: read entries; smp_store_release / __ATOMIC_RELEASE consumer
 *   producer: smp_load_acquire / __ATOMIC_ACQUIRE consumer; overwrite slots
 *
 * Wakeups (like io_uring's IORING_SQ_NEED_WAKEUP): before sleeping on its
 * doorbell the consumer sets AIRLOCK_RING_NEED_WAKEUP in flags, then a
 * full barrier (smp_mb / __ATOMIC_SEQ_CST fence), then re-reads producer
 * and does not sleep if entries arrived. The producer, after its release
 * store of producer, issues a full barrier and then reads flags; it kicks
 * the consumer's eventfd only if the flag is set. The two full barriers
 * pair: at least one side sees the other's store, so no wakeup is lost.
 * flags is a hint: a hostile side can only cause spurious or missing kicks
 * of its own peer, which the kernel side bounds with timeouts and
 * rate limits.
 */
#define AIRLOCK_RING_NEED_WAKEUP	(1U << 0)

struct airlock_ring_hdr {
	/* Cache line 0: written only by the producer. */
	__u32 producer;
	__u32 pad0[15];
	/* Cache line 1: written only by the consumer. */
	__u32 consumer;
	__u32 flags;		/* AIRLOCK_RING_NEED_WAKEUP */
	__u32 pad1[14];
};

#define AIRLOCK_RING_HDR_SIZE		128

/* ---- Packet descriptors (TX, RX and return rings) ---- */

/*
 * TX (kernel -> driver): buf is in the queue's tx_bufs range, owned by the
 *   driver from now until it comes back on the return ring; id is the
 *   kernel's cookie.
 * Return (driver -> kernel): buf and id of a TX descriptor whose buffer
 *   the driver no longer uses, sent or not (the driver counts its drops in
 *   the state block); len and flags ignored. The kernel accepts each
 *   outstanding buffer back exactly once.
 * RX (driver -> kernel): buf is in the queue's rx_bufs range, owned by the
 *   driver; the frame is len bytes from offset in the buffer (offset + len
 *   <= buf_size, else dropped and counted as a length error), so a device
 *   can receive into the buffer where its driver wants the frame, and
 *   several entries may name one buffer at different offsets. The kernel
 *   copies each frame out, and what it copied is the driver's again once
 *   the RX consumer index has passed the entry.
 *
 * TSO (TX, only to a driver that set AIRLOCK_TX_OFFLOAD_TSO4 in its state
 * block): a descriptor with GSO_TCPV4 holds one TCP/IPv4 frame of up to
 * buf_size bytes, Ethernet header at 0 (no VLAN tag), IPv4 header at 14,
 * TCP header at csum_start. The driver sends its payload as segments of
 * gso_size bytes, each with its own IP length and IP and TCP checksums,
 * as a NIC's TCP segmentation does. The checksum fields as sent are
 * meaningless.
 *
 * Checksums: the kernel sends TX frames with their checksums complete, and
 * sums every received frame itself while copying it (CHECKSUM_COMPLETE):
 * no flag says a checksum was verified or is still to be filled, and bits
 * 0 to 2, which once did, are reserved (zero on TX, ignored on RX).
 */
#define AIRLOCK_DESC_F_GSO_TCPV4	(1U << 3) /* TX: segment it, see TSO above */

struct airlock_desc {
	__u32 buf;		/* buffer index in the pool, < n_bufs */
	__u16 len;		/* bytes in the buffer, <= buf_size */
	__u16 flags;		/* AIRLOCK_DESC_F_* */
	union {
		__u16 csum_start;	/* TX, GSO_TCPV4: where the TCP header starts */
		__u16 offset;		/* RX: where the frame starts in the buffer */
	};
	__u16 gso_size;		/* GSO_TCPV4: TCP payload bytes per segment */
	__u32 id;		/* cookie, echoed on the return ring */
};

#define AIRLOCK_DESC_SIZE		16

/* ---- Control messages (control request and response rings) ---- */

enum airlock_ctrl_op {
	AIRLOCK_CTRL_OPEN = 1,		/* ndo_open: bring the device up */
	AIRLOCK_CTRL_STOP,		/* ndo_stop */
	AIRLOCK_CTRL_SET_MAC,		/* ndo_set_mac_address */
	AIRLOCK_CTRL_SET_MTU,		/* ndo_change_mtu */
	AIRLOCK_CTRL_SET_RX_MODE,	/* ndo_set_rx_mode */
	AIRLOCK_CTRL_SET_FEATURES,	/* ndo_set_features */
	AIRLOCK_CTRL_SET_RINGPARAM,	/* ethtool set_ringparam */
	AIRLOCK_CTRL_SET_MSGLEVEL,	/* ethtool set_msglevel */
	AIRLOCK_CTRL_TX_TIMEOUT,	/* ndo_tx_timeout */
	AIRLOCK_CTRL_NWAY_RESET,	/* ethtool nway_reset */
	AIRLOCK_CTRL_SET_COALESCE,	/* ethtool set_coalesce */
};

#define AIRLOCK_CTRL_OP_MIN		AIRLOCK_CTRL_OPEN
#define AIRLOCK_CTRL_OP_MAX		AIRLOCK_CTRL_SET_COALESCE

/* Request flags. */
#define AIRLOCK_CTRL_F_REPLAY		(1U << 0) /* restoring shadow state after a restart */
#define AIRLOCK_CTRL_F_ALL		0x1U

/* set_rx_mode flags. */
#define AIRLOCK_RX_MODE_PROMISC		(1U << 0)
#define AIRLOCK_RX_MODE_ALLMULTI	(1U << 1)
#define AIRLOCK_RX_MODE_ALL		0x3U

/*
 * Offloads, in the ABI's own bit numbers (NETIF_F_* are not ABI). Bit 1
 * (TX checksum) was never offered and is reserved.
 */
#define AIRLOCK_FEAT_RXCSUM		(1ULL << 0)
#define AIRLOCK_FEAT_RXALL		(1ULL << 2)
#define AIRLOCK_FEAT_RXFCS		(1ULL << 3)
#define AIRLOCK_FEAT_ALL		(AIRLOCK_FEAT_RXCSUM | AIRLOCK_FEAT_RXALL | AIRLOCK_FEAT_RXFCS)

/*
 * The netdev feature each AIRLOCK_FEAT_* stands for, for the two sides that
 * speak NETIF_F_* (the stub, and the Linux drivers' netdev): X(abi, netif).
 */
#define AIRLOCK_FEAT_NETIF_MAP(X)			\
	X(AIRLOCK_FEAT_RXCSUM, NETIF_F_RXCSUM)		\
	X(AIRLOCK_FEAT_RXALL, NETIF_F_RXALL)		\
	X(AIRLOCK_FEAT_RXFCS, NETIF_F_RXFCS)

struct airlock_ctrl_set_mac {
	__u8 addr[AIRLOCK_ETH_ALEN];
	__u16 reserved;
};

struct airlock_ctrl_set_mtu {
	__u32 mtu;		/* AIRLOCK_MIN_MTU .. AIRLOCK_MAX_MTU, and fits buf_size */
};

/*
 * The addresses live in address slot 'slot' of the region: n_uc unicast
 * addresses first, then n_mc multicast ones, n_uc + n_mc <=
 * AIRLOCK_MAX_ADDRS. The kernel does not rewrite a slot until the reply to
 * the request that names it has arrived.
 */
struct airlock_ctrl_set_rx_mode {
	__u32 flags;		/* AIRLOCK_RX_MODE_* */
	__u32 slot;		/* < AIRLOCK_ADDR_SLOTS */
	__u32 n_uc;
	__u32 n_mc;
};

struct airlock_ctrl_set_features {
	__u64 features;		/* AIRLOCK_FEAT_* wanted */
};

struct airlock_ctrl_set_ringparam {
	__u32 rx_pending;	/* hardware ring sizes, bounded by the kernel */
	__u32 tx_pending;
};

struct airlock_ctrl_set_msglevel {
	__u32 msglevel;
};

/*
 * Interrupt coalescing, as ethtool -C gives it: all four values, those
 * not asked for as the driver last said them (state block). Which ones
 * a driver can change, and which values it takes, are its own to judge.
 */
struct airlock_coalesce {
	__u32 rx_usecs;
	__u32 rx_max_frames;
	__u32 tx_usecs;
	__u32 tx_max_frames;
};

struct airlock_ctrl_tx_timeout {
	__u32 queue;		/* < n_queues */
};

#define AIRLOCK_CTRL_PAYLOAD_SIZE	112

/*
 * A request (kernel -> driver) and its reply (driver -> kernel) share the
 * layout. The reply echoes seq and opcode, sets status to 0 or -errno
 * (>= -AIRLOCK_CTRL_MAX_ERRNO; below -AIRLOCK_CTRL_MAX_USER_ERRNO it is
 * taken as -EIO) and leaves the payload zero. The kernel
 * drops replies whose seq names no outstanding request (class 8).
 * OPEN, STOP and NWAY_RESET carry no payload; unused payload bytes are 0.
 */
struct airlock_ctrl_msg {
	__u64 seq;		/* kernel-chosen, unique per outstanding request */
	__u16 opcode;		/* enum airlock_ctrl_op */
	__u16 flags;		/* AIRLOCK_CTRL_F_* */
	__s32 status;		/* reply only */
	union {
		struct airlock_ctrl_set_mac set_mac;
		struct airlock_ctrl_set_mtu set_mtu;
		struct airlock_ctrl_set_rx_mode set_rx_mode;
		struct airlock_ctrl_set_features set_features;
		struct airlock_ctrl_set_ringparam set_ringparam;
		struct airlock_ctrl_set_msglevel set_msglevel;
		struct airlock_ctrl_tx_timeout tx_timeout;
		struct airlock_coalesce set_coalesce;
		__u8 raw[AIRLOCK_CTRL_PAYLOAD_SIZE];
	} u;
};

#define AIRLOCK_CTRL_MSG_SIZE		128

/* One address of a set_rx_mode list; 8 bytes so lists stay aligned. */
struct airlock_addr {
	__u8 addr[AIRLOCK_ETH_ALEN];
	__u16 reserved;
};

struct airlock_addr_slot {
	struct airlock_addr addrs[AIRLOCK_MAX_ADDRS];
};

/* The header's addr_size: all slots. */
#define AIRLOCK_ADDR_AREA_SIZE	(AIRLOCK_ADDR_SLOTS * sizeof(struct airlock_addr_slot))

/* ---- State block: written by the driver, read by the kernel ---- */

#define AIRLOCK_SPEED_UNKNOWN		0xffffffffU
#define AIRLOCK_DUPLEX_HALF		0
#define AIRLOCK_DUPLEX_FULL		1
#define AIRLOCK_DUPLEX_UNKNOWN		0xff

/*
 * What the driver can take on TX beyond plain frames; the kernel reads it
 * on its service period and ignores bits it does not know.
 */
#define AIRLOCK_TX_OFFLOAD_TSO4		(1U << 0) /* GSO_TCPV4 descriptors */

struct airlock_stats {
	__u64 rx_packets;
	__u64 tx_packets;
	__u64 rx_bytes;
	__u64 tx_bytes;
	__u64 rx_errors;
	__u64 tx_errors;
	__u64 rx_dropped;
	__u64 tx_dropped;
};

/*
 * Plain values, each stored whole (64-bit stores are single-copy atomic on
 * the 64-bit targets we build for); a reader may see counters from
 * different moments, never a torn one. The kernel clamps what it reads:
 * link_up to 0/1, speed and duplex to known values, ring sizes to
 * 1..AIRLOCK_RING_MAX_ENTRIES, n_ethtool_stats to
 * AIRLOCK_MAX_ETHTOOL_STATS, and terminates each name at
 * AIRLOCK_ETH_GSTRING_LEN - 1.
 */
struct airlock_state {
	/* Cache line 0: liveness and link. */
	__u64 heartbeat;	/* incremented by the driver while healthy */
	__u32 link_up;		/* 0 or 1 */
	__u32 speed;		/* Mb/s or AIRLOCK_SPEED_UNKNOWN */
	__u8 duplex;		/* AIRLOCK_DUPLEX_* */
	__u8 reserved0[3];
	__u32 tx_offloads;	/* AIRLOCK_TX_OFFLOAD_*: frames the driver takes */
	/*
	 * Descriptors in the device's RX and TX rings now, for ethtool -g: a
	 * driver may run rings other than those asked for (the DPDK family's
	 * zero-copy path, docs/dpdk.md). 0: not said; the kernel then shows
	 * the sizes asked for, and takes only 1..AIRLOCK_RING_MAX_ENTRIES.
	 */
	__u32 rx_ring_size;
	__u32 tx_ring_size;
	/*
	 * ethtool -c: the driver's interrupt coalescing now, if coalesce_known
	 * is 1 (any other value: the driver has none to show).
	 */
	__u32 coalesce_known;
	struct airlock_coalesce coalesce;
	__u32 reserved1[3];
	/* Cache line 1. */
	struct airlock_stats stats;
	/* Cache line 2. */
	__u32 n_ethtool_stats;	/* <= AIRLOCK_MAX_ETHTOOL_STATS */
	__u32 reserved2[15];
	__u8 ethtool_names[AIRLOCK_MAX_ETHTOOL_STATS][AIRLOCK_ETH_GSTRING_LEN];
	__u64 ethtool_values[AIRLOCK_MAX_ETHTOOL_STATS];
	/*
	 * Who serves the device, for ethtool -i: printable ASCII, NUL-padded.
	 * The kernel takes a field only if it is all printable up to its
	 * first NUL, and keeps the last good one across restarts.
	 */
	char drv_name[AIRLOCK_DRVINFO_LEN];	/* e.g. "e1000" */
	char drv_version[AIRLOCK_DRVINFO_LEN];
	char fw_version[AIRLOCK_DRVINFO_LEN];
	char bus_info[AIRLOCK_DRVINFO_LEN];	/* e.g. "0000:00:03.0" */
};

#define AIRLOCK_STATE_SIZE		2880

/* ---- Region header: at offset 0, written once by the creator ---- */

struct airlock_ring_loc {
	__u64 offset;		/* of the struct airlock_ring_hdr */
	__u32 entries;		/* power of two */
	__u32 entry_size;	/* AIRLOCK_DESC_SIZE or AIRLOCK_CTRL_MSG_SIZE */
};

/* Buffers [first, first + count) of the pool. */
struct airlock_buf_range {
	__u32 first;
	__u32 count;
};

/*
 * tx_bufs: owned by the kernel, lent to the driver through the TX ring,
 * back through the return ring (count <= tx.entries and <= ret.entries, so
 * every outstanding buffer always fits on the return ring). rx_bufs: owned
 * by the driver, lent to the kernel through the RX ring (count <=
 * rx.entries). No two ranges of a region overlap.
 */
struct airlock_queue_loc {
	struct airlock_ring_loc tx;
	struct airlock_ring_loc rx;
	struct airlock_ring_loc ret;
	struct airlock_buf_range tx_bufs;
	struct airlock_buf_range rx_bufs;
};

/*
 * queues[q] for q >= n_queues is all zero. ctrl_rsp.entries ==
 * ctrl_req.entries, so every request in flight can be answered.
 * Reserved fields and flags are zero.
 */
struct airlock_region_hdr {
	__u32 magic;		/* AIRLOCK_REGION_MAGIC */
	__u32 abi_version;	/* AIRLOCK_ABI_VERSION */
	__u32 hdr_size;		/* sizeof(struct airlock_region_hdr) */
	__u32 flags;		/* none defined: 0 */
	__u64 region_size;	/* multiple of AIRLOCK_POOL_ALIGN */
	__u32 n_queues;		/* 1 .. AIRLOCK_MAX_QUEUES */
	__u32 n_bufs;		/* 1 .. AIRLOCK_MAX_BUFS */
	__u32 buf_size;		/* power of two, BUF_SIZE_MIN .. BUF_SIZE_MAX */
	__u32 state_size;	/* sizeof(struct airlock_state) */
	__u64 state_offset;
	__u64 addr_offset;
	__u32 addr_size;	/* AIRLOCK_ADDR_SLOTS * sizeof(struct airlock_addr_slot) */
	__u32 reserved0;
	__u64 pool_offset;	/* multiple of AIRLOCK_POOL_ALIGN */
	__u64 pool_size;	/* n_bufs * buf_size */
	__u64 reserved1[2];
	struct airlock_ring_loc ctrl_req;
	struct airlock_ring_loc ctrl_rsp;
	struct airlock_queue_loc queues[AIRLOCK_MAX_QUEUES];
};

#define AIRLOCK_REGION_HDR_SIZE		384

/* ---- /dev/airlock ioctls ---- */

/*
 * The supervisor (CAP_NET_ADMIN) creates a proxy netdev with CREATE; it
 * lives until DESTROY or module unload, whoever serves it. To give it a
 * driver, the supervisor opens /dev/airlock again, issues ATTACH on that new
 * file (region memfd + two eventfds) and hands the file to the driver
 * process: the attachment ends when that file is closed (the process
 * exited or died) or on DETACH. A device has at most one attachment.
 */
#define AIRLOCK_IFNAMSIZ		16
#define AIRLOCK_MAX_DEVICES		64

#define AIRLOCK_TX_POLICY_DROP		0	/* no driver: drop and count */
#define AIRLOCK_TX_POLICY_HOLD		1	/* no driver: stop the queue */

#define AIRLOCK_CTRL_TIMEOUT_MIN_MS	10
#define AIRLOCK_CTRL_TIMEOUT_MAX_MS	60000
#define AIRLOCK_CTRL_TIMEOUT_DEFAULT_MS	2000

struct airlock_create {
	char name[AIRLOCK_IFNAMSIZ];	/* in: name or template ("air%d") */
	__u8 mac[AIRLOCK_ETH_ALEN];	/* in: unicast, not zero */
	__u16 reserved0;
	__u32 min_mtu;			/* in: AIRLOCK_MIN_MTU .. max_mtu */
	__u32 max_mtu;			/* in: .. AIRLOCK_MAX_MTU */
	__u32 mtu;			/* in: min_mtu .. max_mtu */
	__u32 n_queues;			/* in: 1 .. AIRLOCK_MAX_QUEUES */
	__u64 features;			/* in: AIRLOCK_FEAT_* the device may offer */
	__u32 tx_policy;		/* in: AIRLOCK_TX_POLICY_* */
	__u32 ctrl_timeout_ms;		/* in: 0 for the default */
	__u32 id;			/* out: device id for the other ioctls */
	__s32 ifindex;			/* out */
	char ifname[AIRLOCK_IFNAMSIZ];	/* out: the name the kernel chose */
};

struct airlock_attach {
	__u32 id;			/* device id from CREATE */
	__s32 region_fd;		/* memfd laid out per airlock_region_hdr */
	__s32 kick_fd;			/* eventfd: kernel -> driver doorbell */
	__s32 doorbell_fd;		/* eventfd: driver -> kernel doorbell */
};

/*
 * What the kernel last asked of the device: replayed into a new driver.
 * GET_SHADOW on an id no device has fails with ENODEV, so a supervisor
 * that restarts finds the proxies left by its predecessor by trying ids
 * 0 .. AIRLOCK_MAX_DEVICES - 1.
 */
#define AIRLOCK_SHADOW_UP		(1U << 0)

struct airlock_shadow {
	__u32 id;			/* in */
	__u32 flags;			/* AIRLOCK_SHADOW_* */
	__u8 mac[AIRLOCK_ETH_ALEN];
	__u16 reserved0;
	__u32 mtu;
	__u32 rx_mode;			/* AIRLOCK_RX_MODE_* */
	__u32 n_uc;
	__u32 n_mc;
	__u64 features;			/* AIRLOCK_FEAT_* */
	__u32 rx_pending;
	__u32 tx_pending;
	__u32 msglevel;
	__u32 attached;			/* 1 while a driver is attached */
	__u64 generation;		/* attachments so far */
	__u64 ctrl_errors;		/* failed or timed-out control calls */
	__u64 violations;		/* attachments ended for breaking the ABI */
	__u64 tx_dropped_detached;	/* frames dropped with no driver */
	char ifname[AIRLOCK_IFNAMSIZ];	/* current name (racy during a rename) */
	__s32 ifindex;			/* exact */
	__u32 n_queues;			/* as created: the region must lay out as many */
	__u64 tx_timeouts;		/* netdev watchdog: a TX queue stopped too long */
	__u64 ctrl_bad_errno;		/* replies with a kernel-internal errno: made EIO */
	__u64 feat_changes_limited;	/* TSO declaration changes held back (rate limit) */
};

#define AIRLOCK_IOC_CREATE	_IOWR(AIRLOCK_IOC_MAGIC, 0x01, struct airlock_create)
#define AIRLOCK_IOC_DESTROY	_IOW(AIRLOCK_IOC_MAGIC, 0x02, __u32)
#define AIRLOCK_IOC_ATTACH	_IOW(AIRLOCK_IOC_MAGIC, 0x03, struct airlock_attach)
#define AIRLOCK_IOC_DETACH	_IO(AIRLOCK_IOC_MAGIC, 0x04)
#define AIRLOCK_IOC_GET_SHADOW	_IOWR(AIRLOCK_IOC_MAGIC, 0x05, struct airlock_shadow)

#endif /* AIRLOCK_ABI_H */
