// SPDX-License-Identifier: GPL-2.0-only
/*
 * The configuration file, read with libinih. Debian's libinih calls the
 * handler without a line number, so the reader below counts lines: inih
 * asks for one line, then handles it, so the count is the line being
 * handled. The reader also notes section headers, because inih never calls
 * the handler for a section without keys, and such a device must be an
 * error, not silently nothing.
 */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "config.h"

/* The Linux drivers this build hosts, from drivers/meson.build: "e1000, ...". */
#ifndef AIRLOCK_LINUX_DRIVERS
#error "AIRLOCK_LINUX_DRIVERS: set by daemon/meson.build"
#endif
#define KNOWN_DRIVERS		AIRLOCK_LINUX_DRIVERS ", dpdk, cable"
#define MAX_SECTIONS		(CONFIG_MAX_DEVICES + 8)

struct parser {
	struct config *cfg;
	const char *path;
	unsigned int line;		/* the line inih is handling */
	unsigned int err_line;		/* first error's line, 0 if none */
	char *err;
	size_t errlen;
	/* Section headers seen by the reader: name and line. */
	struct {
		char name[64];
		unsigned int line;
	} sections[MAX_SECTIONS];
	size_t n_sections;
	/* The text source. */
	FILE *file;
	const char *text;
};

static int fail(struct parser *p, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records the first error only: later ones are often consequences. */
static int fail(struct parser *p, unsigned int line, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (p->err_line)
		return 0;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	p->err_line = line ? line : 1;
	snprintf(p->err, p->errlen, "%s:%u: %s", p->path, p->err_line, what);
	return 0;	/* inih: handler failed */
}

/* "device  a" and "device a" name the same section, as the handler sees them. */
static bool same_section(const char *a, const char *b)
{
	if (!strncmp(a, "device", 6) && isspace((unsigned char)a[6]) &&
	    !strncmp(b, "device", 6) && isspace((unsigned char)b[6]))
		return !strcmp(a + 6 + strspn(a + 6, " \t"), b + 6 + strspn(b + 6, " \t"));
	return !strcmp(a, b);
}

static void note_section(struct parser *p, const char *line)
{
	const char *s = line, *e;
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	if (*s != '[')
		return;
	e = strchr(s, ']');
	if (!e || p->n_sections == MAX_SECTIONS)
		return;
	s++;
	while (s < e && isspace((unsigned char)*s))
		s++;
	n = (size_t)(e - s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= sizeof(p->sections[0].name))
		n = sizeof(p->sections[0].name) - 1;
	memcpy(p->sections[p->n_sections].name, s, n);
	p->sections[p->n_sections].name[n] = '\0';
	p->sections[p->n_sections].line = p->line;
	/*
	 * inih hands a repeated section's keys to the handler as if the first
	 * one went on: a second [device a] would silently merge into the
	 * first (and surface, if at all, as a confusing cable or key error).
	 */
	for (size_t i = 0; i < p->n_sections; i++) {
		if (same_section(p->sections[i].name, p->sections[p->n_sections].name)) {
			fail(p, p->line, "[%s] appears twice (first on line %u)",
			     p->sections[p->n_sections].name, p->sections[i].line);
			break;
		}
	}
	p->n_sections++;
}

static char *read_line(char *buf, int size, void *stream)
{
	struct parser *p = stream;
	char *r;

	if (p->file) {
		r = fgets(buf, size, p->file);
	} else {
		size_t n = 0;

		if (!*p->text)
			return NULL;
		while (p->text[n] && p->text[n] != '\n' && n + 1 < (size_t)size - 1)
			n++;
		if (p->text[n] == '\n')
			n++;
		memcpy(buf, p->text, n);
		buf[n] = '\0';
		p->text += n;
		r = buf;
	}
	if (r) {
		p->line++;
		note_section(p, r);
	}
	return r;
}

static int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *ret)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*ret = (uint32_t)v;
	return 0;
}

/* "N", "NK", "NM" or "NG": bytes, at least @min. */
static int parse_bytes(const char *s, uint64_t min, uint64_t *ret)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	}
	if (*end || v > (UINT64_MAX >> shift) || (v << shift) < min)
		return -EINVAL;
	*ret = (uint64_t)v << shift;
	return 0;
}

static int parse_bool(const char *s, bool *ret)
{
	if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "1")) {
		*ret = true;
		return 0;
	}
	if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "0")) {
		*ret = false;
		return 0;
	}
	return -EINVAL;
}

/* DDDD:BB:DD.F in lower-case hex, as sysfs names PCI devices. */
static bool pci_address_valid(const char *s)
{
	static const char form[] = "xxxx:xx:xx.x";
	size_t i;

	if (strlen(s) != sizeof(form) - 1)
		return false;
	for (i = 0; form[i]; i++) {
		if (form[i] == 'x' ? !isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i])
				   : s[i] != form[i])
			return false;
	}
	return true;
}

/* The kernel's dev_valid_name(), plus at most one %d for a template. */
static bool ifname_valid(const char *s)
{
	const char *pct;

	if (!*s || strlen(s) >= AIRLOCK_IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (const char *c = s; *c; c++)
		if (*c == '/' || *c == ':' || isspace((unsigned char)*c))
			return false;
	pct = strchr(s, '%');
	if (pct && (pct[1] != 'd' || strchr(pct + 1, '%')))
		return false;
	return true;
}

/* "NAME" or a number; the group is the user's primary group. */
static int parse_user(const char *s, uid_t *ret_uid, gid_t *ret_gid)
{
	struct passwd pw, *res = NULL;
	char buf[1024];
	uint32_t id;

	if (parse_u32(s, 0, UINT32_MAX - 1, &id) == 0) {
		if (id == 0)
			return -EPERM;
		*ret_uid = id;
		*ret_gid = id;
		return 0;
	}
	if (getpwnam_r(s, &pw, buf, sizeof(buf), &res) != 0 || !res)
		return -ENOENT;
	if (pw.pw_uid == 0)
		return -EPERM;
	*ret_uid = pw.pw_uid;
	*ret_gid = pw.pw_gid;
	return 0;
}

/* "INITIAL,MAX" in milliseconds. */
static int parse_backoff(const char *s, uint32_t *ret_initial, uint32_t *ret_max)
{
	char a[32];
	const char *comma = strchr(s, ',');
	uint32_t initial, max;

	if (!comma || (size_t)(comma - s) >= sizeof(a))
		return -EINVAL;
	memcpy(a, s, (size_t)(comma - s));
	a[comma - s] = '\0';
	while (isspace((unsigned char)*++comma))
		;
	if (parse_u32(a, 0, 600000, &initial) < 0 || parse_u32(comma, 1, 600000, &max) < 0 ||
	    initial > max)
		return -EINVAL;
	*ret_initial = initial;
	*ret_max = max;
	return 0;
}

/* "N/WINDOW" with WINDOW in s (default), ms or m: "5/60s", "3/500ms". */
static int parse_budget(const char *s, uint32_t *ret_n, uint32_t *ret_window_ms)
{
	unsigned long long n, w, mult = 1000;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end != '/' || !isdigit((unsigned char)end[1]))
		return -EINVAL;
	w = strtoull(end + 1, &end, 10);
	if (errno)
		return -EINVAL;
	if (!strcmp(end, "ms"))
		mult = 1;
	else if (!strcmp(end, "m"))
		mult = 60000;
	else if (*end && strcmp(end, "s"))
		return -EINVAL;
	if (n < 1 || n > CONFIG_BUDGET_MAX || w < 1 || w * mult > 24ULL * 3600 * 1000)
		return -EINVAL;
	*ret_n = (uint32_t)n;
	*ret_window_ms = (uint32_t)(w * mult);
	return 0;
}

static int copy_string(char *dst, size_t size, const char *src)
{
	if (strlen(src) >= size)
		return -ENAMETOOLONG;
	strcpy(dst, src);
	return 0;
}

static struct config_device *device_get(struct parser *p, const char *name)
{
	struct config *c = p->cfg;
	struct config_device *d;
	size_t i;

	for (i = 0; i < c->n_devices; i++)
		if (!strcmp(c->devices[i].name, name))
			return &c->devices[i];
	if (c->n_devices == CONFIG_MAX_DEVICES) {
		fail(p, p->line, "too many devices (at most %d)", CONFIG_MAX_DEVICES);
		return NULL;
	}
	d = &c->devices[c->n_devices++];
	*d = (struct config_device){
		.tx_policy = AIRLOCK_TX_POLICY_HOLD,
		.backoff_initial_ms = 10,
		.backoff_max_ms = 5000,
		.budget_crashes = 5,
		.budget_window_ms = 60000,
		.heartbeat_timeout_ms = 1000,
		.return_device = true,
		.memory_max = CONFIG_MEMORY_MAX_DEFAULT,
		.pids_max = CONFIG_PIDS_MAX_DEFAULT,
		.stall_timeout_ms = 10000,
		.deaf_timeout_ms = 60000,
		.line = p->line,
	};
	strcpy(d->interface, "air%d");
	snprintf(d->name, sizeof(d->name), "%s", name);
	/* The section header's own line, if the reader saw it. */
	for (i = p->n_sections; i-- > 0;) {
		if (!strncmp(p->sections[i].name, "device", 6) &&
		    !strcmp(p->sections[i].name + 6 + strspn(p->sections[i].name + 6, " \t"), name)) {
			d->line = p->sections[i].line;
			break;
		}
	}
	return d;
}

static int handle_daemon(struct parser *p, const char *key, const char *value)
{
	struct config *c = p->cfg;
	int r = -EINVAL;

	if (!strcmp(key, "host-dir"))
		r = value[0] == '/' ? copy_string(c->host_dir, sizeof(c->host_dir), value) : -EINVAL;
	else if (!strcmp(key, "socket"))
		r = value[0] == '/' ? copy_string(c->socket_path, sizeof(c->socket_path), value) : -EINVAL;
	else if (!strcmp(key, "run-dir"))
		r = value[0] == '/' ? copy_string(c->run_dir, sizeof(c->run_dir), value) : -EINVAL;
	else
		return fail(p, p->line, "unknown key '%s' in [daemon] (known: host-dir, socket, run-dir)", key);
	if (r < 0)
		return fail(p, p->line, "%s: '%s' is not an absolute path that fits", key, value);
	return 1;
}

static bool linux_driver_known(const char *name)
{
	const char *p = AIRLOCK_LINUX_DRIVERS;
	size_t n = strlen(name);

	while (*p) {
		size_t len = strcspn(p, ", ");

		if (len == n && !strncmp(p, name, n))
			return true;
		p += len;
		p += strspn(p, ", ");
	}
	return false;
}

static int handle_device(struct parser *p, struct config_device *d, const char *key,
			 const char *value)
{
	int r;

	if (!strcmp(key, "driver")) {
		if (!strcmp(value, "cable"))
			d->driver = CONFIG_DRIVER_CABLE;
		else if (!strcmp(value, "dpdk"))
			d->driver = CONFIG_DRIVER_DPDK;
		else if (linux_driver_known(value))
			d->driver = CONFIG_DRIVER_LINUX;
		else
			return fail(p, p->line, "unknown driver '%s' (known: %s)", value, KNOWN_DRIVERS);
		snprintf(d->driver_name, sizeof(d->driver_name), "%s", value);
		snprintf(d->default_host, sizeof(d->default_host), "airlock-host-%s", value);
		d->have_driver = true;
	} else if (!strcmp(key, "pci")) {
		if (!pci_address_valid(value))
			return fail(p, p->line, "pci: '%s' is not a PCI address like 0000:00:03.0", value);
		strcpy(d->pci, value);
	} else if (!strcmp(key, "interface")) {
		if (!ifname_valid(value))
			return fail(p, p->line, "interface: '%s' is not a valid interface name or template (at most %d characters, one %%d)",
				    value, AIRLOCK_IFNAMSIZ - 1);
		strcpy(d->interface, value);
	} else if (!strcmp(key, "cable")) {
		if (!*value || copy_string(d->cable, sizeof(d->cable), value) < 0)
			return fail(p, p->line, "cable: '%s' is empty or too long", value);
	} else if (!strcmp(key, "host")) {
		if (!*value || strchr(value, '/') || copy_string(d->host, sizeof(d->host), value) < 0)
			return fail(p, p->line, "host: '%s' must be a file name in host-dir", value);
	} else if (!strcmp(key, "driver-options")) {
		/* The host parses them; here only what the command line can carry. */
		if (!*value || strpbrk(value, "\t\n") ||
		    copy_string(d->driver_options, sizeof(d->driver_options), value) < 0)
			return fail(p, p->line, "driver-options: '%s' is empty, has a tab or is longer than %zu characters",
				    value, sizeof(d->driver_options) - 1);
	} else if (!strcmp(key, "tx-policy")) {
		if (!strcmp(value, "hold"))
			d->tx_policy = AIRLOCK_TX_POLICY_HOLD;
		else if (!strcmp(value, "drop"))
			d->tx_policy = AIRLOCK_TX_POLICY_DROP;
		else
			return fail(p, p->line, "tx-policy: '%s' is neither hold nor drop", value);
	} else if (!strcmp(key, "restart-backoff-ms")) {
		if (parse_backoff(value, &d->backoff_initial_ms, &d->backoff_max_ms) < 0)
			return fail(p, p->line, "restart-backoff-ms: '%s' is not INITIAL,MAX with 0 <= INITIAL <= MAX <= 600000", value);
	} else if (!strcmp(key, "crash-budget")) {
		if (parse_budget(value, &d->budget_crashes, &d->budget_window_ms) < 0)
			return fail(p, p->line, "crash-budget: '%s' is not N/WINDOW like 5/60s (1 <= N <= %d; WINDOW in ms, s or m)",
				    value, CONFIG_BUDGET_MAX);
	} else if (!strcmp(key, "heartbeat-timeout-ms")) {
		if (parse_u32(value, 20, 600000, &d->heartbeat_timeout_ms) < 0)
			return fail(p, p->line, "heartbeat-timeout-ms: '%s' is not a number from 20 to 600000", value);
	} else if (!strcmp(key, "busy-poll-us")) {
		if (parse_u32(value, 0, CONFIG_BUSY_POLL_MAX_US, &d->busy_poll_us) < 0)
			return fail(p, p->line, "busy-poll-us: '%s' is not a number from 0 to %u", value,
				    CONFIG_BUSY_POLL_MAX_US);
	} else if (!strcmp(key, "user")) {
		r = parse_user(value, &d->uid, &d->gid);
		d->have_user = r == 0;
		if (r == -EPERM)
			return fail(p, p->line, "user: '%s' is root; drivers never run as root", value);
		if (r < 0)
			return fail(p, p->line, "user: no such user '%s'", value);
	} else if (!strcmp(key, "return-device")) {
		if (parse_bool(value, &d->return_device) < 0)
			return fail(p, p->line, "return-device: '%s' is neither yes nor no", value);
	} else if (!strcmp(key, "memory-max")) {
		if (parse_bytes(value, CONFIG_MEMORY_MAX_MIN, &d->memory_max) < 0)
			return fail(p, p->line, "memory-max: '%s' is not a size like 256M (at least 16M)", value);
	} else if (!strcmp(key, "stall-timeout-ms")) {
		if (parse_u32(value, 0, 600000, &d->stall_timeout_ms) < 0 ||
		    (d->stall_timeout_ms && d->stall_timeout_ms < 1000))
			return fail(p, p->line, "stall-timeout-ms: '%s' is neither 0 (off) nor a number from 1000 to 600000", value);
	} else if (!strcmp(key, "deaf-timeout-ms")) {
		if (parse_u32(value, 0, 3600000, &d->deaf_timeout_ms) < 0 ||
		    (d->deaf_timeout_ms && d->deaf_timeout_ms < 1000))
			return fail(p, p->line, "deaf-timeout-ms: '%s' is neither 0 (off) nor a number from 1000 to 3600000", value);
	} else if (!strcmp(key, "pids-max")) {
		if (parse_u32(value, 1, 4096, &d->pids_max) < 0)
			return fail(p, p->line, "pids-max: '%s' is not a number from 1 to 4096", value);
	} else {
		return fail(p, p->line, "unknown key '%s' in [device %s]", key, d->name);
	}
	return 1;
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
	struct parser *p = user;
	struct config_device *d;
	const char *name;

	if (!*section)
		return fail(p, p->line, "'%s' outside any section", key);
	if (!strcmp(section, "daemon"))
		return handle_daemon(p, key, value);
	if (strncmp(section, "device", 6) || !isspace((unsigned char)section[6]))
		return fail(p, p->line, "unknown section [%s] (known: [daemon], [device NAME])", section);
	name = section + 6 + strspn(section + 6, " \t");
	if (!*name || strlen(name) >= CONFIG_NAME_MAX || strpbrk(name, " \t/"))
		return fail(p, p->line, "[%s]: a device name is one word of at most %d characters",
			    section, CONFIG_NAME_MAX - 1);
	d = device_get(p, name);
	if (!d)
		return 0;
	return handle_device(p, d, key, value);
}

/* Whole-file checks, once every key is known. */
static void check(struct parser *p)
{
	struct config *c = p->cfg;
	size_t i, j;

	for (i = 0; i < p->n_sections; i++) {
		const char *s = p->sections[i].name;
		bool found = false;

		if (strncmp(s, "device", 6) || !isspace((unsigned char)s[6]))
			continue;
		for (j = 0; j < c->n_devices; j++)
			if (!strcmp(c->devices[j].name, s + 6 + strspn(s + 6, " \t")))
				found = true;
		if (!found)
			fail(p, p->sections[i].line, "[%s] has no keys (driver is required)", s);
	}

	for (i = 0; i < c->n_devices; i++) {
		struct config_device *d = &c->devices[i];
		unsigned int ends = 0;

		if (!d->have_driver) {
			fail(p, d->line, "[device %s] has no driver (known: %s)", d->name, KNOWN_DRIVERS);
			continue;
		}
		if (d->driver == CONFIG_DRIVER_CABLE) {
			if (!*d->cable)
				fail(p, d->line, "[device %s]: driver cable needs 'cable = NAME'", d->name);
			if (*d->pci)
				fail(p, d->line, "[device %s]: driver cable has no PCI device", d->name);
			for (j = 0; j < c->n_devices; j++) {
				if (c->devices[j].driver != CONFIG_DRIVER_CABLE ||
				    strcmp(c->devices[j].cable, d->cable))
					continue;
				if (j < i)
					d->cable_side++;
				ends++;
			}
			if (*d->cable && ends != 2)
				fail(p, d->line, "[device %s]: cable '%s' has %u end(s); a cable has two",
				     d->name, d->cable, ends);
		} else {
			if (!*d->pci)
				fail(p, d->line, "[device %s]: driver %s needs 'pci = ADDRESS'", d->name,
				     config_driver_name(d));
			if (*d->cable)
				fail(p, d->line, "[device %s]: only cable devices take 'cable'", d->name);
		}
		for (j = 0; j < i; j++) {
			const struct config_device *o = &c->devices[j];

			if (*d->pci && !strcmp(d->pci, o->pci))
				fail(p, d->line, "[device %s]: PCI device %s is already [device %s]",
				     d->name, d->pci, o->name);
			if (!strchr(d->interface, '%') && !strcmp(d->interface, o->interface))
				fail(p, d->line, "[device %s]: interface %s is already [device %s]'s",
				     d->name, d->interface, o->name);
		}
	}
}

/*
 * A device without 'user =' runs as its own uid and gid, from a range kept
 * for drivers (config.h), as systemd's DynamicUser does for services: no
 * other process shares them, so none can signal or ptrace a driver. The
 * number follows the device's place in the file, so it stays the same
 * across restarts; one that names an existing user or group is refused.
 */
_Static_assert(CONFIG_DRIVER_UID_FIRST + CONFIG_MAX_DEVICES - 1 <= CONFIG_DRIVER_UID_LAST,
	       "a uid for every device");

static void assign_uids(struct parser *p)
{
	struct config *c = p->cfg;
	char buf[1024];

	for (size_t i = 0; i < c->n_devices; i++) {
		struct config_device *d = &c->devices[i];
		uint32_t id = CONFIG_DRIVER_UID_FIRST + (uint32_t)i;
		struct passwd pw, *pwr = NULL;
		struct group gr, *grr = NULL;

		if (d->have_user)
			continue;
		d->uid = id;
		d->gid = id;
		if (getpwuid_r(id, &pw, buf, sizeof(buf), &pwr) == 0 && pwr)
			fail(p, d->line, "[device %s]: uid %u, kept for drivers, is user '%s' here; set 'user =' for it",
			     d->name, id, pw.pw_name);
		else if (getgrgid_r(id, &gr, buf, sizeof(buf), &grr) == 0 && grr)
			fail(p, d->line, "[device %s]: gid %u, kept for drivers, is group '%s' here; set 'user =' for it",
			     d->name, id, gr.gr_name);
	}
}

static int parse(struct parser *p, const char *default_host_dir)
{
	struct config *c = p->cfg;
	int r;

	memset(c, 0, sizeof(*c));
	snprintf(c->path, sizeof(c->path), "%s", p->path);
	snprintf(c->host_dir, sizeof(c->host_dir), "%s", default_host_dir);
	strcpy(c->socket_path, CONFIG_DEFAULT_SOCKET);
	strcpy(c->run_dir, CONFIG_DEFAULT_RUN_DIR);

	r = ini_parse_stream(read_line, p, handler, p);
	if (r == -2) {
		snprintf(p->err, p->errlen, "%s: out of memory", p->path);
		return -ENOMEM;
	}
	/* inih's own syntax errors carry no text: say what the line lacks. */
	if (r > 0 && (!p->err_line || (unsigned int)r < p->err_line)) {
		p->err_line = 0;
		fail(p, (unsigned int)r, "not a [section] header or a 'key = value' line");
	}
	if (!p->err_line)
		check(p);
	if (!p->err_line)
		assign_uids(p);
	if (!p->err_line && !c->n_devices)
		fail(p, p->line, "no [device NAME] section: nothing to run");
	return p->err_line ? -EINVAL : 0;
}

int config_parse_string(const char *text, const char *path, const char *default_host_dir,
			struct config *ret, char *err, size_t errlen)
{
	struct parser p = { .cfg = ret, .path = path, .err = err, .errlen = errlen, .text = text };

	return parse(&p, default_host_dir);
}

int config_parse_file(const char *path, const char *default_host_dir, struct config *ret,
		      char *err, size_t errlen)
{
	struct parser p = { .cfg = ret, .path = path, .err = err, .errlen = errlen };
	int r;

	p.file = fopen(path, "re");
	if (!p.file) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	r = parse(&p, default_host_dir);
	fclose(p.file);
	return r;
}

const char *config_driver_name(const struct config_device *dev)
{
	return dev->driver_name;
}

const char *config_host_binary(const struct config_device *dev)
{
	if (*dev->host)
		return dev->host;
	/* Each driver's program is airlock-host-DRIVER (drivers/meson.build). */
	return dev->driver == CONFIG_DRIVER_CABLE ? "airlock-host-cable" : dev->default_host;
}
