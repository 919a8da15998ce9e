// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlockctl: the operator's view of airlockd over its control socket.
 * The daemon always answers in JSON; --json prints that, otherwise it is
 * rendered as text.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "config.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: airlockctl [--json] [-s SOCKET] COMMAND [DEVICE]\n"
		"Controls airlockd, the Airlock driver supervisor.\n"
		"\n"
		"Commands:\n"
		"  list            every device: state, driver pid, interface, restarts\n"
		"  status [DEV]    driver pid, state, uptime, restarts, last crash,\n"
		"                  quarantine reason, recovery times (history, median, p99)\n"
		"  stats DEV       the proxy's shadow state and counters, the driver's stats\n"
		"  start DEV       start a stopped or quarantined device (clears the budget)\n"
		"  stop DEV        stop the device's driver (the interface stays, carrier off)\n"
		"  restart DEV     stop and start again\n"
		"\n"
		"Options:\n"
		"  --json          print the daemon's JSON reply\n"
		"  -s, --socket P  control socket (default $AIRLOCK_SOCKET, else\n"
		"                  " CONFIG_DEFAULT_SOCKET ")\n"
		"  -h, --help      this text\n"
		"\n"
		"Exit status: 0 done, 1 the daemon refused or is unreachable, 2 bad usage.\n"
		"See airlockctl(8).\n");
}

static int request(const char *sock_path, const char *line, char **ret)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = 0, cap = 4096;
	char *buf;
	ssize_t n;
	int fd, r;

	if (strlen(sock_path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    send(fd, line, strlen(line), MSG_NOSIGNAL) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while ((n = recv(fd, buf + len, cap - len - 1, 0)) > 0) {
		len += (size_t)n;
		if (cap - len < 1024) {
			char *nb = realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
	}
	r = n < 0 ? -errno : 0;
	close(fd);
	if (r < 0) {
		free(buf);
		return r;
	}
	buf[len] = '\0';
	*ret = buf;
	return 0;
}

static const char *s(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return "-";
	return json_object_get_string(v);
}

static void print_list(json_object *arr)
{
	size_t i, n = json_object_array_length(arr);

	printf("%-12s %-8s %-12s %-8s %-16s %-8s %s\n", "DEVICE", "DRIVER", "STATE", "PID",
	       "INTERFACE", "RESTARTS", "LAST CRASH");
	for (i = 0; i < n; i++) {
		json_object *d = json_object_array_get_idx(arr, i);

		printf("%-12s %-8s %-12s %-8s %-16s %-8s %s\n", s(d, "name"), s(d, "driver"),
		       s(d, "state"), s(d, "pid"), s(d, "interface"), s(d, "restarts"),
		       s(d, "last_crash"));
	}
}

static double ms(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return -1;
	return json_object_get_int64(v) / 1000.0;
}

static void print_status(json_object *d)
{
	static const char *const phases[] = { "detect", "backoff", "restart", "replay", "traffic", "total" };
	json_object *hist, *sum;
	size_t i, n;

	printf("%s (%s)\n", s(d, "name"), s(d, "driver"));
	printf("  state:        %s\n", s(d, "state"));
	printf("  driver pid:   %s\n", s(d, "pid"));
	printf("  interface:    %s\n", s(d, "interface"));
	if (json_object_object_get_ex(d, "pci", NULL))
		printf("  pci:          %s\n", s(d, "pci"));
	if (json_object_object_get_ex(d, "cable", NULL))
		printf("  cable:        %s side %s\n", s(d, "cable"), s(d, "cable_side"));
	printf("  uptime:       %.1f s\n", ms(d, "uptime_ms"));
	printf("  restarts:     %s\n", s(d, "restarts"));
	printf("  last crash:   %s\n", s(d, "last_crash"));
	if (strcmp(s(d, "quarantine_reason"), "-"))
		printf("  quarantined:  %s\n", s(d, "quarantine_reason"));
	if (json_object_object_get_ex(d, "recoveries", &hist) &&
	    (n = json_object_array_length(hist)) > 0) {
		printf("  recoveries (ms):  detect backoff restart replay traffic  total  reason\n");
		for (i = n > 10 ? n - 10 : 0; i < n; i++) {
			json_object *r = json_object_array_get_idx(hist, i);

			printf("                   %6.1f %7.1f %7.1f %6.1f %7.1f %6.1f  %s\n",
			       ms(r, "detect_us"), ms(r, "backoff_us"), ms(r, "restart_us"),
			       ms(r, "replay_us"), ms(r, "traffic_us"), ms(r, "total_us"),
			       s(r, "reason"));
		}
		if (json_object_object_get_ex(d, "recovery_summary", &sum)) {
			for (i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
				json_object *p;

				if (!json_object_object_get_ex(sum, phases[i], &p))
					continue;
				printf("  %-8s median %7.1f ms  p99 %7.1f ms  (n=%s)\n", phases[i],
				       ms(p, "median_us"), ms(p, "p99_us"), s(p, "n"));
			}
		}
	}
}

static void print_object(json_object *o)
{
	json_object_object_foreach(o, key, val)
		printf("%-20s %s\n", key, val ? json_object_get_string(val) : "-");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *sock = getenv("AIRLOCK_SOCKET") ? getenv("AIRLOCK_SOCKET") : CONFIG_DEFAULT_SOCKET;
	const char *cmd, *dev = "";
	json_object *root, *ok, *result;
	char line[128], *text = NULL;
	bool json = false;
	int c, r;

	while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 's':
			sock = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc || argc - optind > 2) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind];
	if (optind + 1 < argc)
		dev = argv[optind + 1];
	if (strlen(cmd) > 31 || strlen(dev) >= CONFIG_NAME_MAX || strpbrk(dev, " \t\n")) {
		fprintf(stderr, "airlockctl: bad command or device name\n");
		return 2;
	}
	snprintf(line, sizeof(line), "%s %s\n", cmd, dev);
	r = request(sock, line, &text);
	if (r < 0) {
		fprintf(stderr, "airlockctl: %s: %s (is airlockd running?)\n", sock, strerror(-r));
		return 1;
	}
	root = json_tokener_parse(text);
	if (!root || !json_object_object_get_ex(root, "ok", &ok)) {
		fprintf(stderr, "airlockctl: the daemon's reply is not what it should be\n");
		free(text);
		return 1;
	}
	if (json) {
		json_object_object_get_ex(root, "result", &result);
		printf("%s\n", json_object_get_boolean(ok) ?
			       json_object_to_json_string_ext(result, JSON_C_TO_STRING_PRETTY) : text);
	} else if (!json_object_get_boolean(ok)) {
		fprintf(stderr, "airlockctl: %s\n", s(root, "error"));
	} else {
		json_object_object_get_ex(root, "result", &result);
		if (!strcmp(cmd, "list")) {
			print_list(result);
		} else if (!strcmp(cmd, "status")) {
			if (json_object_is_type(result, json_type_array)) {
				for (size_t i = 0; i < json_object_array_length(result); i++)
					print_status(json_object_array_get_idx(result, i));
			} else {
				print_status(result);
			}
		} else if (!strcmp(cmd, "stats")) {
			print_object(result);
		} else {
			printf("%s: %s\n", s(result, "name"), s(result, "state"));
		}
	}
	r = json_object_get_boolean(ok) ? 0 : 1;
	json_object_put(root);
	free(text);
	return r;
}
