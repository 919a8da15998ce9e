/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * airlockd's state: the daemon, its devices and their driver host
 * instances. Shared by the daemon's files; the program logs, one line per
 * event, to stderr (the journal under systemd).
 */
#ifndef AIRLOCKD_H
#define AIRLOCKD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <liburing.h>

#include "budget.h"
#include "classify.h"
#include "config.h"
#include "heartbeat.h"
#include "ratelimit.h"
#include "iova.h"
#include "region.h"
#include "timing.h"

#define log_msg(...)		fprintf(stderr, __VA_ARGS__)
#define log_dev(dev, fmt, ...)	fprintf(stderr, "%s: " fmt "\n", (dev)->cfg->name, ##__VA_ARGS__)
#define log_daemon(fmt, ...)	fprintf(stderr, "airlockd: " fmt "\n", ##__VA_ARGS__)

enum dev_state {
	DEV_STOPPED,		/* not running: operator stop, or never started */
	DEV_STARTING,		/* host spawned, waiting for HELLO */
	DEV_REPLAYING,		/* attached, the stub replays its shadow state */
	DEV_RUNNING,		/* replay done, link up: serving */
	DEV_BACKOFF,		/* crashed, waiting to restart */
	DEV_QUARANTINED,	/* crash budget spent: not restarted */
	DEV_STOPPING,		/* asked to shut down, waiting for the exit */
};

const char *dev_state_name(enum dev_state s);

struct cable {
	char name[CONFIG_NAME_MAX];
	int fd;
};

/*
 * Data-path liveness (supervise.c): TX frames the driver took off the ring
 * while a count that should move with them stayed put. The window reopens
 * whenever the count moves.
 */
struct liveness_window {
	uint64_t since_ns;	/* when the count last moved (or the watch began), 0: not yet */
	uint64_t progress;	/* the count then */
	uint32_t taken;		/* the TX ring's consumer index then */
};

/* One running driver host; all fields reset when it ends. */
struct instance {
	pid_t pid;
	int pidfd;
	int sock;		/* SOCK_SEQPACKET to the host */
	int log_fd;		/* read end of the host's stderr */
	int kick_fd;		/* kernel -> driver eventfd */
	int doorbell_fd;	/* driver -> kernel eventfd */
	uint32_t gen;		/* tags io_uring requests of this instance */
	char logbuf[512];
	size_t loglen;
	enum recovery_kill kill;
	uint32_t hang_ms;
	uint64_t oom_kills_at_start;	/* its cgroup's count when it started */
	struct liveness_window stall;	/* progress: frames sent, dropped or failed */
	struct liveness_window deaf;	/* progress: frames received */
	uint32_t stalled_frames;	/* STALLED or DEAF: frames taken to send meanwhile */
	bool shadow_up;		/* interface admin up at attach: replay ends with link up */
	uint64_t spawned_ns, exec_ns, hello_ns, attach_ns, replayed_ns;	/* spawned: clone3 began */
	struct recovery_heartbeat hb;
	uint64_t violations_at_attach;	/* the stub's count when we attached this instance */
	uint64_t tx_timeouts_seen;	/* the stub's count of netdev watchdog TX timeouts */
	uint64_t tx_timeout_ns;		/* when this instance's last one was seen, or 0 */
	uint64_t shadow_checked_ns;	/* last look at the attachment (detach watch) */
	uint64_t packets_at_replay;
};

struct device {
	const struct config_device *cfg;
	struct daemon *d;
	unsigned int idx;
	enum dev_state state;

	/*
	 * PCI devices: the device's own VFIO container (its own IOVA space),
	 * its group and device, and the driver to give it back to.
	 */
	bool pci_bound;
	char orig_driver[64];
	int container_fd;
	int group_fd;
	int vfio_fd;
	struct iova_range *ranges;	/* the container's usable IOVAs */
	size_t n_ranges;

	/*
	 * The shared region; of it only the packet pool is in the device's
	 * IOMMU space, with (PCI) the DMA heap: never the rings, the state
	 * block or the control area.
	 */
	struct airlock_region region;
	int heap_fd;
	void *heap;
	size_t heap_size;
	uint64_t pool_iova, heap_iova;
	bool pool_mapped, heap_mapped;
	struct cable *cable;

	/* Its drivers' cgroup (cgroup.c): memory.max, pids.max; -1 without cgroups. */
	int cgroup_fd;

	/* The proxy netdev in the stub. */
	int proxy_id;
	char ifname[AIRLOCK_IFNAMSIZ];
	int ifindex;

	struct instance in;
	bool running;		/* an instance exists (pid valid) */
	uint32_t gen_counter;	/* the next instance's generation */
	uint64_t stop_deadline_ns;	/* DEV_STOPPING: SIGKILL after this */
	bool restart_pending;		/* the operator's restart: start once stopped */

	/* Accounting. */
	unsigned int restarts;
	uint64_t restart_at_ns;		/* DEV_BACKOFF: when to restart */
	char last_reason[RECOVERY_REASON_MAX];
	char quarantine_reason[192];
	struct recovery_budget budget;
	struct recovery_ratelimit log_limit;	/* the drivers' log lines, all instances */
	struct recovery_history history;
	struct recovery_record *cur;	/* the recovery in progress, or NULL */
	uint64_t detected_ns;
};

struct daemon {
	struct config *cfg;
	struct io_uring ring;
	/*
	 * The next IOVA to hand out, in whichever device's container: IOVAs
	 * are unique across devices, so an address one device was given
	 * names nothing in another's space (a DMA there faults, and cannot
	 * land in the attacker's own memory by the same number either).
	 */
	uint64_t next_iova;
	int cgroup_fd;			/* where drivers' cgroups go (cgroup.c), or -1 */
	int signal_fd, timer_fd, control_fd, kmsg_fd;
	int stub_fd;			/* /dev/airlock, for CREATE, DESTROY, GET_SHADOW */
	uint64_t watchdog_usec;
	uint64_t last_watchdog_ns;
	uint64_t last_status_ns;
	uint64_t tick_ns;		/* the timer's period now */
	bool stopping;
	size_t n_devices;
	struct device devices[CONFIG_MAX_DEVICES];
	size_t n_cables;
	struct cable cables[CONFIG_MAX_DEVICES];
};

/* Monotonic and wall-clock time. */
uint64_t now_ns(void);
uint64_t realtime_us(void);

/* pci.c */
bool pci_exists(const char *bdf);
int pci_current_driver(const char *bdf, char *buf, size_t len);
int pci_bind_vfio(const char *bdf);
int pci_give_back(const char *bdf, const char *orig_driver);

/* persist.c: /run/airlock/NAME.state, what a restarted daemon needs. */
int persist_save(const struct device *dev);
int persist_load(const struct config *cfg, const char *name, int *ret_proxy, char *orig_driver,
		 size_t len);
void persist_remove(const struct config *cfg, const char *name);

/* device.c: per-device resources. */
int device_preflight(const struct daemon *d, const struct config_device *c, char *err, size_t len);
int device_setup(struct daemon *d, struct device *dev);
void device_teardown(struct device *dev, bool give_back);
int device_find_proxy(struct device *dev);
int device_create_proxy(struct device *dev, const uint8_t mac[6], uint32_t mtu_max,
			uint64_t features);
int device_attach_file(struct device *dev, int *ret_fd);
int device_shadow(const struct device *dev, struct airlock_shadow *ret);
void device_reset_region(struct device *dev);
/* When a driver is gone: a VFIO reset, or bus mastering off where the device has none. */
int device_quiesce(struct device *dev);
/* DPDK devices: the VFIO handles let go for EAL while its driver runs, taken back after. */
int device_vfio_take(struct device *dev);
void device_vfio_release(struct device *dev);
struct airlock_state *device_state_block(const struct device *dev);

/* supervise.c: instances. */
int supervise_start(struct device *dev);
void supervise_stop(struct device *dev);
void supervise_kill(struct device *dev, enum recovery_kill why);
void supervise_on_pidfd(struct device *dev);
void supervise_on_sock(struct device *dev);
void supervise_on_log(struct device *dev, bool hup);
void supervise_tick(struct device *dev, uint64_t now);
/* Whether @dev has something going on that the fast tick must time. */
bool supervise_needs_fast_tick(const struct device *dev);
void supervise_shutdown_all(struct daemon *d);

/* loop.c: io_uring multishot polls tagged with (kind, device, generation). */
enum loop_kind {
	LOOP_SIGNAL = 1,
	LOOP_TIMER,
	LOOP_CONTROL,
	LOOP_PIDFD,
	LOOP_SOCK,
	LOOP_LOG,
};

/*
 * The timer: fast while a device has a start, stop, backoff, replay or a
 * recovery's first frame to time; slow while every device just runs. Its
 * heartbeat and the stub's view need no finer look than a tenth of the
 * shortest heartbeat-timeout-ms (100 ms at the default 1000): a hang is
 * then found within 1.1 timeouts, and an idle airlockd wakes 10 times a
 * second (each wake-up costs ~0.03% of a vCPU under TCG).
 */
#define LOOP_TICK_FAST_NS	(5 * 1000000ULL)
#define LOOP_TICK_SLOW_MAX_NS	(100 * 1000000ULL)

int loop_init(struct daemon *d);
/* Arms the timer at @ns (at most a second); 0 or -errno. */
int loop_set_tick(struct daemon *d, uint64_t ns);
int loop_watch(struct daemon *d, int fd, enum loop_kind kind, unsigned int dev, uint32_t gen);
int loop_unwatch(struct daemon *d, enum loop_kind kind, unsigned int dev, uint32_t gen);
int loop_run(struct daemon *d);

/* control.c: the airlockctl socket. */
int control_open(struct daemon *d);
void control_on_accept(struct daemon *d);
void control_close(struct daemon *d);

/* cgroup.c: the drivers' cgroups (memory.max, pids.max). */
void cgroup_init(struct daemon *d);
int cgroup_device_open(struct device *dev);
/* The OOM kills the device's cgroup has counted so far (0 without cgroups). */
uint64_t cgroup_oom_kills(const struct device *dev);
void cgroup_device_close(struct device *dev);

/* kmsg.c: the system call behind a seccomp kill, from the kernel's audit record. */
int kmsg_open(void);
long kmsg_find_seccomp(int kmsg_fd, pid_t pid, char *name, size_t len);

/* notify.c: systemd's readiness, status and watchdog. */
void notify_ready(struct daemon *d);
void notify_status(struct daemon *d);
void notify_watchdog(struct daemon *d, uint64_t now);
void notify_stopping(void);

#endif /* AIRLOCKD_H */
