// SPDX-License-Identifier: GPL-2.0-only
/*
 * The operator's socket (/run/airlock/airlockd.sock, root only): a client
 * connects, sends one line "COMMAND [DEVICE]", and reads one JSON object
 * until the daemon closes the connection. airlockctl is that client.
 * Requests are tiny and answered at once, so the loop serves them inline
 * with short socket timeouts: a stuck client cannot stall supervision
 * for long.
 *
 *   list | status [DEV] | stats DEV | start DEV | stop DEV | restart DEV
 *   reply: {"ok": true, ...} or {"ok": false, "error": "..."}
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "airlockd.h"

int control_open(struct daemon *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", d->cfg->socket_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* A socket file left by a killed predecessor. */
	unlink(sa.sun_path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || chmod(sa.sun_path, 0600) < 0 ||
	    listen(fd, 8) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	d->control_fd = fd;
	return 0;
}

void control_close(struct daemon *d)
{
	if (d->control_fd < 0)
		return;
	close(d->control_fd);
	d->control_fd = -1;
	unlink(d->cfg->socket_path);
}

static struct device *find(struct daemon *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->n_devices; i++)
		if (!strcmp(d->devices[i].cfg->name, name))
			return &d->devices[i];
	return NULL;
}

static json_object *jstr(const char *s)
{
	return json_object_new_string(s);
}

static json_object *recovery_json(const struct recovery_record *r)
{
	json_object *o = json_object_new_object();
	int ph;

	json_object_object_add(o, "detected_at_us", json_object_new_int64((int64_t)r->detected_at_us));
	json_object_object_add(o, "reason", jstr(r->reason));
	json_object_object_add(o, "spawn_us", r->spawn_us >= 0 ? json_object_new_int64(r->spawn_us) : NULL);
	for (ph = 0; ph < RECOVERY_N_PHASES; ph++) {
		char key[32];

		snprintf(key, sizeof(key), "%s_us", recovery_phase_name(ph));
		json_object_object_add(o, key, r->us[ph] >= 0 ? json_object_new_int64(r->us[ph]) : NULL);
	}
	return o;
}

static json_object *summary_json(const struct recovery_history *h)
{
	json_object *o = json_object_new_object();
	int ph;

	for (ph = 0; ph < RECOVERY_N_PHASES; ph++) {
		json_object *p = json_object_new_object();
		int64_t v;
		size_t i, n = 0;

		for (i = 0; i < h->n; i++)
			if (recovery_history_get(h, i)->us[ph] >= 0)
				n++;
		json_object_object_add(p, "n", json_object_new_int64((int64_t)n));
		json_object_object_add(p, "median_us", recovery_history_percentile(h, ph, 50, &v) == 0 ?
						       json_object_new_int64(v) : NULL);
		json_object_object_add(p, "p99_us", recovery_history_percentile(h, ph, 99, &v) == 0 ?
						    json_object_new_int64(v) : NULL);
		json_object_object_add(o, recovery_phase_name(ph), p);
	}
	return o;
}

static json_object *device_json(const struct device *dev, bool full)
{
	json_object *o = json_object_new_object();
	const struct config_device *c = dev->cfg;
	uint64_t now = now_ns();

	json_object_object_add(o, "name", jstr(c->name));
	json_object_object_add(o, "driver", jstr(config_driver_name(c)));
	json_object_object_add(o, "state", jstr(dev_state_name(dev->state)));
	json_object_object_add(o, "interface", jstr(dev->ifname));
	json_object_object_add(o, "pid", json_object_new_int(dev->running ? dev->in.pid : 0));
	json_object_object_add(o, "restarts", json_object_new_int64(dev->restarts));
	json_object_object_add(o, "last_crash", *dev->last_reason ? jstr(dev->last_reason) : NULL);
	if (!full)
		return o;
	if (*c->pci)
		json_object_object_add(o, "pci", jstr(c->pci));
	if (*c->cable) {
		json_object_object_add(o, "cable", jstr(c->cable));
		json_object_object_add(o, "cable_side", json_object_new_int((int)c->cable_side));
	}
	json_object_object_add(o, "proxy_id", json_object_new_int(dev->proxy_id));
	json_object_object_add(o, "uptime_ms",
			       json_object_new_int64(dev->running ?
						     (int64_t)((now - dev->in.spawned_ns) / 1000000) : 0));
	json_object_object_add(o, "quarantine_reason",
			       dev->state == DEV_QUARANTINED ? jstr(dev->quarantine_reason) : NULL);
	json_object_object_add(o, "tx_policy",
			       jstr(c->tx_policy == AIRLOCK_TX_POLICY_HOLD ? "hold" : "drop"));
	json_object *hist = json_object_new_array();
	for (size_t i = 0; i < dev->history.n; i++)
		json_object_array_add(hist, recovery_json(recovery_history_get(&dev->history, i)));
	json_object_object_add(o, "recoveries", hist);
	json_object_object_add(o, "recovery_summary", summary_json(&dev->history));
	return o;
}

/*
 * The driver's ethtool statistics, as it wrote them into the state block:
 * read once into a copy, the count clamped, each name kept only if it is
 * printable ASCII (the driver may have written anything).
 */
static json_object *driver_stats_json(const struct airlock_state *st)
{
	json_object *o = json_object_new_object();
	uint32_t n = __atomic_load_n(&st->n_ethtool_stats, __ATOMIC_ACQUIRE);

	if (n > AIRLOCK_MAX_ETHTOOL_STATS)
		n = AIRLOCK_MAX_ETHTOOL_STATS;
	for (uint32_t i = 0; i < n; i++) {
		char name[AIRLOCK_ETH_GSTRING_LEN];
		bool printable = true;

		memcpy(name, st->ethtool_names[i], sizeof(name));
		name[sizeof(name) - 1] = '\0';
		for (const char *p = name; *p; p++)
			printable &= *p >= 0x20 && *p < 0x7f;
		if (!printable || !*name)
			continue;
		json_object_object_add(o, name, json_object_new_int64(
			(int64_t)__atomic_load_n(&st->ethtool_values[i], __ATOMIC_RELAXED)));
	}
	return o;
}

static json_object *stats_json(const struct device *dev, char *err, size_t len)
{
	const struct airlock_state *st = device_state_block(dev);
	struct airlock_shadow sh;
	json_object *o;
	char mac[18];
	int r;

	r = device_shadow(dev, &sh);
	if (r < 0) {
		snprintf(err, len, "%s has no proxy yet: %s", dev->cfg->name, strerror(-r));
		return NULL;
	}
	o = json_object_new_object();
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", sh.mac[0], sh.mac[1], sh.mac[2],
		 sh.mac[3], sh.mac[4], sh.mac[5]);
	json_object_object_add(o, "name", jstr(dev->cfg->name));
	json_object_object_add(o, "interface", jstr(dev->ifname));
	json_object_object_add(o, "ifindex", json_object_new_int(sh.ifindex));
	json_object_object_add(o, "up", json_object_new_boolean(sh.flags & AIRLOCK_SHADOW_UP));
	json_object_object_add(o, "mac", jstr(mac));
	json_object_object_add(o, "mtu", json_object_new_int64(sh.mtu));
	json_object_object_add(o, "rx_mode", json_object_new_int64(sh.rx_mode));
	json_object_object_add(o, "attached", json_object_new_boolean(sh.attached));
	json_object_object_add(o, "generation", json_object_new_int64((int64_t)sh.generation));
	json_object_object_add(o, "ctrl_errors", json_object_new_int64((int64_t)sh.ctrl_errors));
	json_object_object_add(o, "violations", json_object_new_int64((int64_t)sh.violations));
	json_object_object_add(o, "ctrl_bad_errno",
			       json_object_new_int64((int64_t)sh.ctrl_bad_errno));
	json_object_object_add(o, "feat_changes_limited",
			       json_object_new_int64((int64_t)sh.feat_changes_limited));
	json_object_object_add(o, "tx_dropped_detached",
			       json_object_new_int64((int64_t)sh.tx_dropped_detached));
	/* The driver's own numbers: only as good as the driver. */
	json_object_object_add(o, "link_up", json_object_new_boolean(st->link_up == 1));
	json_object_object_add(o, "heartbeat", json_object_new_int64((int64_t)st->heartbeat));
	json_object_object_add(o, "rx_packets", json_object_new_int64((int64_t)st->stats.rx_packets));
	json_object_object_add(o, "tx_packets", json_object_new_int64((int64_t)st->stats.tx_packets));
	json_object_object_add(o, "rx_bytes", json_object_new_int64((int64_t)st->stats.rx_bytes));
	json_object_object_add(o, "tx_bytes", json_object_new_int64((int64_t)st->stats.tx_bytes));
	json_object_object_add(o, "rx_errors", json_object_new_int64((int64_t)st->stats.rx_errors));
	json_object_object_add(o, "tx_errors", json_object_new_int64((int64_t)st->stats.tx_errors));
	json_object_object_add(o, "driver_stats", driver_stats_json(st));
	return o;
}

/* Runs one command; returns the reply's payload or NULL with @err set. */
static json_object *command(struct daemon *d, const char *cmd, const char *arg, char *err,
			    size_t len)
{
	struct device *dev = NULL;
	json_object *o;
	size_t i;

	if (!strcmp(cmd, "list") || (!strcmp(cmd, "status") && !*arg)) {
		bool full = !strcmp(cmd, "status");

		o = json_object_new_array();
		for (i = 0; i < d->n_devices; i++)
			json_object_array_add(o, device_json(&d->devices[i], full));
		return o;
	}
	if (!*arg) {
		snprintf(err, len, "'%s' needs a device name", cmd);
		return NULL;
	}
	dev = find(d, arg);
	if (!dev) {
		snprintf(err, len, "no device '%s'", arg);
		return NULL;
	}
	if (!strcmp(cmd, "status"))
		return device_json(dev, true);
	if (!strcmp(cmd, "stats"))
		return stats_json(dev, err, len);
	if (!strcmp(cmd, "stop")) {
		log_dev(dev, "stop requested");
		supervise_stop(dev);
		return device_json(dev, false);
	}
	if (!strcmp(cmd, "start") || !strcmp(cmd, "restart")) {
		bool restart = !strcmp(cmd, "restart");

		log_dev(dev, "%s requested", cmd);
		if (dev->running && !restart) {
			snprintf(err, len, "%s is already %s", arg, dev_state_name(dev->state));
			return NULL;
		}
		/* The operator's start clears a quarantine and the crash count behind it. */
		recovery_budget_reset(&dev->budget);
		dev->quarantine_reason[0] = '\0';
		if (dev->running) {
			/* Ask it to go; it starts again once it is gone (supervise.c). */
			dev->restart_pending = true;
			supervise_stop(dev);
		} else if (supervise_start(dev) < 0) {
			snprintf(err, len, "cannot start %s's driver host (see the daemon log)", arg);
			return NULL;
		}
		return device_json(dev, false);
	}
	snprintf(err, len, "unknown command '%s' (list, status, stats, start, stop, restart)", cmd);
	return NULL;
}

static void reply(int fd, json_object *payload, const char *err)
{
	json_object *o = json_object_new_object();
	const char *text;
	size_t len, off = 0;
	ssize_t n;

	json_object_object_add(o, "ok", json_object_new_boolean(payload != NULL));
	if (payload)
		json_object_object_add(o, "result", payload);
	else
		json_object_object_add(o, "error", jstr(err));
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	len = strlen(text);
	while (off < len) {
		n = send(fd, text + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	json_object_put(o);
}

static void serve(struct daemon *d, int fd)
{
	const struct timeval tv = { .tv_sec = 1 };
	char line[256], err[256] = "", cmd[32] = "", arg[CONFIG_NAME_MAX] = "";
	json_object *payload;
	ssize_t n;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	/*
	 * io_uring completions run as task work, which interrupts a socket wait
	 * that has a timeout with EINTR: try again.
	 */
	do
		n = recv(fd, line, sizeof(line) - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		log_daemon("control: no request: %s", n < 0 ? strerror(errno) : "closed");
		return;
	}
	line[n] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (sscanf(line, "%31s %31s", cmd, arg) < 1) {
		reply(fd, NULL, "empty request");
		return;
	}
	payload = command(d, cmd, arg, err, sizeof(err));
	reply(fd, payload, err);
}

void control_on_accept(struct daemon *d)
{
	int fd;

	while ((fd = accept4(d->control_fd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
		serve(d, fd);
		close(fd);
	}
	if (errno != EAGAIN)
		log_daemon("control: accept: %s", strerror(errno));
}
