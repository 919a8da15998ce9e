/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * airlockd's configuration file (/etc/airlock/airlockd.conf, INI syntax read
 * with libinih): a [daemon] section and one [device NAME] section per hosted
 * device. See daemon/airlockd.conf.example for every key.
 */
#ifndef AIRLOCK_CONFIG_H
#define AIRLOCK_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include <airlock/abi.h>

#define CONFIG_DEFAULT_PATH	"/etc/airlock/airlockd.conf"
#define CONFIG_DEFAULT_SOCKET	"/run/airlock/airlockd.sock"
#define CONFIG_DEFAULT_RUN_DIR	"/run/airlock"
#define CONFIG_NAME_MAX		32	/* device and cable names */
#define CONFIG_MAX_DEVICES	AIRLOCK_MAX_DEVICES
#define CONFIG_BUDGET_MAX	1000	/* crashes per window we can track */
/*
 * Each device's driver runs as uid and gid FIRST + its place in the file
 * unless 'user =' names one: a range no other program uses (between
 * systemd-homed's users and systemd's DynamicUser range, see systemd's
 * UIDS-GIDS.md), so no other process can signal a driver.
 */
/* A driver's limits by default: the e1000 host uses about 45 MiB (region, heap, itself). */
#define CONFIG_MEMORY_MAX_DEFAULT	(256ULL << 20)
#define CONFIG_MEMORY_MAX_MIN		(16ULL << 20)
#define CONFIG_PIDS_MAX_DEFAULT		16
/* Longer windows than this are a CPU spent, not a latency saved. */
#define CONFIG_BUSY_POLL_MAX_US		10000
#define CONFIG_DRIVER_UID_FIRST	60578
#define CONFIG_DRIVER_UID_LAST	61183

enum config_driver {
	CONFIG_DRIVER_LINUX,	/* a PCI NIC and a Linux driver this build hosts */
	CONFIG_DRIVER_CABLE,	/* hardware-free: two ends of a memfd cable */
	CONFIG_DRIVER_DPDK,	/* a PCI NIC and the DPDK poll-mode driver EAL probes for it */
};

struct config_device {
	char name[CONFIG_NAME_MAX];
	enum config_driver driver;
	char driver_name[CONFIG_NAME_MAX];	/* as written: "e1000", "cable" */
	bool have_driver;
	char pci[16];			/* "0000:00:03.0"; PCI drivers only */
	char interface[AIRLOCK_IFNAMSIZ];	/* name or template, "air%d" */
	char cable[CONFIG_NAME_MAX];	/* cable drivers only */
	unsigned int cable_side;	/* 0 or 1, by order in the file */
	char host[64];			/* host binary in host-dir; default by driver */
	char default_host[64];		/* airlock-host-DRIVER */
	char driver_options[96];	/* passed to the host after the daemon's own ("side=N") */
	uint32_t tx_policy;		/* AIRLOCK_TX_POLICY_* */
	uint32_t backoff_initial_ms;
	uint32_t backoff_max_ms;
	uint32_t budget_crashes;	/* more than this many crashes ... */
	uint32_t budget_window_ms;	/* ... within this window: quarantine */
	uint32_t heartbeat_timeout_ms;
	uint32_t busy_poll_us;		/* the driver polls this long after work before sleeping; 0 off */
	uid_t uid;			/* its own (CONFIG_DRIVER_UID_FIRST + i) or 'user =' */
	gid_t gid;
	bool have_user;
	bool return_device;
	uint64_t memory_max;		/* the driver's cgroup memory.max, bytes */
	uint32_t pids_max;		/* its pids.max */
	uint32_t stall_timeout_ms;	/* frames taken, none sent this long: stalled; 0 off */
	uint32_t deaf_timeout_ms;	/* frames sent, none received this long: deaf; 0 off */
	unsigned int line;		/* of the section header, for messages */
};

struct config {
	char path[PATH_MAX];
	char host_dir[PATH_MAX];
	char socket_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char run_dir[PATH_MAX];
	size_t n_devices;
	struct config_device devices[CONFIG_MAX_DEVICES];
};

/*
 * Parses the file at @path into *ret (which it fully initializes, defaults
 * included; @default_host_dir is the host-dir if the file names none).
 * Returns 0, or -EINVAL with "FILE:LINE: what is wrong" in @err (size
 * @errlen), or -errno if the file cannot be read (also explained in @err).
 */
int config_parse_file(const char *path, const char *default_host_dir, struct config *ret,
		      char *err, size_t errlen);

/* The same for text in memory; @path only names it in messages. */
int config_parse_string(const char *text, const char *path, const char *default_host_dir,
			struct config *ret, char *err, size_t errlen);

const char *config_driver_name(const struct config_device *dev);
/* The driver host binary's file name for @dev (its "host" key or the default). */
const char *config_host_binary(const struct config_device *dev);

#endif /* AIRLOCK_CONFIG_H */
