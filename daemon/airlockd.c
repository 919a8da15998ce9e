// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlockd: runs each configured device's driver in its own confined
 * process, watches it, and restarts it when it dies or hangs.
 *
 * Start-up is all or nothing: the configuration is parsed and every device
 * checked (PCI device present, driver host installed, /dev/airlock there)
 * before anything is changed; a device that fails to set up undoes every
 * device set up before it. A restarted airlockd finds the proxies its
 * predecessor left (run directory records, then GET_SHADOW by name) and
 * the stub replays their state into the new driver hosts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "airlockd.h"

#ifndef AIRLOCK_LIBEXECDIR
#define AIRLOCK_LIBEXECDIR "/usr/libexec/airlock"
#endif

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

uint64_t realtime_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: airlockd [-c FILE] [--check]\n"
		"Runs legacy Linux device drivers as sandboxed, restartable processes.\n"
		"\n"
		"  -c, --config FILE  configuration (default " CONFIG_DEFAULT_PATH ")\n"
		"      --check        parse and check the configuration, then exit\n"
		"  -h, --help         this text\n"
		"\n"
		"Driver hosts are looked for in the configuration's host-dir, else in\n"
		"$AIRLOCK_HOST_DIR, else in " AIRLOCK_LIBEXECDIR ".\n"
		"\n"
		"Each [device NAME] of the configuration gets a proxy network interface\n"
		"(airlock.ko) served by a driver host process in its own namespaces, under\n"
		"seccomp, with only its VFIO device. A driver that exits, dies, is killed by\n"
		"seccomp or stops heartbeating is restarted with exponential backoff, and\n"
		"quarantined when it crashes more than its crash budget allows. Control it\n"
		"with airlockctl(8). Logs one line per event to stderr. See airlockd(8) and\n"
		"airlockd.conf(5).\n"
		"\n"
		"Exit status: 0 clean stop, 1 start-up failed (nothing left set up) or\n"
		"the event loop failed, 2 bad usage or configuration.\n");
}

static int setup_fds(struct daemon *d)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -errno;
	/* Writing to a host socket whose host just died must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	d->signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d->signal_fd < 0)
		return -errno;
	d->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (d->timer_fd < 0)
		return -errno;
	return loop_set_tick(d, LOOP_TICK_FAST_NS);
}

static void teardown_all(struct daemon *d, size_t n, bool give_back)
{
	while (n-- > 0)
		device_teardown(&d->devices[n], give_back);
	for (size_t i = 0; i < d->n_cables; i++)
		close(d->cables[i].fd);
	d->n_cables = 0;
	if (d->stub_fd >= 0)
		close(d->stub_fd);
	d->stub_fd = -1;
	if (d->cgroup_fd >= 0)
		close(d->cgroup_fd);
	d->cgroup_fd = -1;
}

static int start(struct daemon *d)
{
	char err[512];
	size_t i;
	int r;

	/*
	 * Check everything before touching anything. The stub's file stays
	 * open for CREATE, DESTROY and the shadow reads every 50 ms per
	 * device: one open each time was two more system calls per read.
	 */
	d->stub_fd = open("/dev/" AIRLOCK_DEVICE_NAME, O_RDWR | O_CLOEXEC);
	if (d->stub_fd < 0) {
		log_daemon("/dev/%s: %s (is airlock.ko loaded?)", AIRLOCK_DEVICE_NAME, strerror(errno));
		return -ENODEV;
	}
	for (i = 0; i < d->cfg->n_devices; i++) {
		r = device_preflight(d, &d->cfg->devices[i], err, sizeof(err));
		if (r < 0) {
			log_daemon("%s:%u: [device %s]: %s; nothing started", d->cfg->path,
				   d->cfg->devices[i].line, d->cfg->devices[i].name, err);
			return r;
		}
	}
	if (mkdir(d->cfg->run_dir, 0700) < 0 && errno != EEXIST) {
		log_daemon("%s: %s", d->cfg->run_dir, strerror(errno));
		return -errno;
	}
	cgroup_init(d);

	for (i = 0; i < d->cfg->n_devices; i++) {
		struct device *dev = &d->devices[i];

		dev->cfg = &d->cfg->devices[i];
		dev->d = d;
		dev->idx = (unsigned int)i;
		dev->container_fd = dev->group_fd = dev->vfio_fd = dev->heap_fd = -1;
		dev->cgroup_fd = -1;
		dev->region.fd = -1;
		dev->proxy_id = -1;
		dev->in.pidfd = dev->in.sock = dev->in.log_fd = -1;
		d->n_devices = i + 1;
		r = device_setup(d, dev);
		if (r < 0) {
			log_dev(dev, "set-up failed: %s; undoing every device", strerror(-r));
			teardown_all(d, i + 1, true);
			d->n_devices = 0;
			return r;
		}
	}
	for (i = 0; i < d->n_devices; i++) {
		r = supervise_start(&d->devices[i]);
		if (r < 0)
			d->devices[i].state = DEV_QUARANTINED;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *path = CONFIG_DEFAULT_PATH, *host_dir;
	static struct daemon daemon;
	struct daemon *d = &daemon;
	bool check_only = false;
	char err[512];
	int c, r;

	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'C':
			check_only = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	/* Line-buffered: one event, one line, even into a pipe. */
	setvbuf(stderr, NULL, _IOLBF, 0);

	d->cfg = calloc(1, sizeof(*d->cfg));
	if (!d->cfg)
		return 1;
	host_dir = getenv("AIRLOCK_HOST_DIR") ? getenv("AIRLOCK_HOST_DIR") : AIRLOCK_LIBEXECDIR;
	r = config_parse_file(path, host_dir, d->cfg, err, sizeof(err));
	if (r < 0) {
		log_daemon("%s; nothing started", err);
		return 2;
	}
	if (check_only) {
		printf("%s: %zu device(s), configuration good\n", path, d->cfg->n_devices);
		return 0;
	}

	d->cgroup_fd = d->signal_fd = d->timer_fd = d->control_fd = d->kmsg_fd = d->stub_fd = -1;
	r = loop_init(d);
	if (r >= 0)
		r = setup_fds(d);
	if (r < 0) {
		log_daemon("start-up: %s", strerror(-r));
		return 1;
	}
	d->kmsg_fd = kmsg_open();
	if (d->kmsg_fd < 0)
		log_daemon("/dev/kmsg: %s; seccomp kills will not name the system call",
			   strerror(-d->kmsg_fd));

	r = start(d);
	if (r < 0)
		return 1;
	r = control_open(d);
	if (r < 0) {
		log_daemon("control socket %s: %s", d->cfg->socket_path, strerror(-r));
		supervise_shutdown_all(d);
		teardown_all(d, d->n_devices, true);
		return 1;
	}
	loop_watch(d, d->signal_fd, LOOP_SIGNAL, 0, 0);
	loop_watch(d, d->timer_fd, LOOP_TIMER, 0, 0);
	loop_watch(d, d->control_fd, LOOP_CONTROL, 0, 0);
	log_daemon("supervising %zu device(s); control socket %s", d->n_devices, d->cfg->socket_path);
	notify_ready(d);

	r = loop_run(d);
	if (r < 0)
		log_daemon("event loop: %s", strerror(-r));

	notify_stopping();
	d->stopping = true;
	control_close(d);
	supervise_shutdown_all(d);
	/* A clean stop gives PCI devices back (unless told otherwise). */
	for (size_t i = d->n_devices; i-- > 0;)
		device_teardown(&d->devices[i], d->devices[i].cfg->return_device);
	teardown_all(d, 0, false);
	io_uring_queue_exit(&d->ring);
	log_daemon("stopped");
	free(d->cfg);
	return r < 0 ? 1 : 0;
}
