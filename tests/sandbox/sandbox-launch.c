// SPDX-License-Identifier: GPL-2.0-only
/*
 * sandbox-launch: spawns sandbox-probe the way airlockd spawns a driver
 * host (airlock_host_spawn: namespaces, fixed fds) and judges one escape.
 * With --pci it opens the device through VFIO like the daemon: the probe
 * gets the device fd as AIRLOCK_HOST_FD_VFIO, the container fd stays here
 * (its number is the probe's guess).
 *
 *   sandbox-launch [--pci BDF] [--layers] [--pace-ms N] PROBE ESCAPE...
 *
 * Prints one line per escape: "ESCAPE: pid=P killed-by-sigsys
 * expected-syscall=NAME nr=N", "ESCAPE: pid=P refused ERRNO (expected
 * ...)" or "ESCAPE: pid=P allowed"; exits 0 if every one is what
 * escapes.h expects, 1 if not. An escape that needs a device is skipped
 * without --pci. --pace-ms waits between runs (audit records of kills go
 * through printk's rate limit). The device is opened once for all.
 *
 * The device attacks (escapes.h: device) aim at a victim page of ours,
 * locked in memory and filled with what a device would act on: a TX
 * descriptor naming a broadcast frame in the same page. Its physical
 * address goes to the probe; after each attack the page must be unchanged
 * (a device that reached it would have sent the frame and written its
 * status back), and the line says "target=0x..." for the scenario to find
 * the IOMMU's fault record of exactly that address.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escapes.h"
#include "spawn.h"
#include "vfio.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#define PROBE_UID	"65534"
#define PROBE_GID	"65534"

static const struct escape *find(const char *name)
{
	for (size_t i = 0; i < N_ESCAPES; i++)
		if (!strcmp(escapes[i].name, name))
			return &escapes[i];
	return NULL;
}

static int open_vfio(const char *bdf, int *ret_container, int *ret_device)
{
	int container = -1, group = -1, device = -1, r;

	r = vfio_container_open(&container);
	if (r >= 0)
		r = vfio_group_open(bdf, &group);
	if (r >= 0)
		r = vfio_group_attach(group, container, 1);
	if (r >= 0)
		r = vfio_device_open(group, bdf, &device);
	if (group >= 0)
		close(group);
	if (r < 0) {
		if (container >= 0)
			close(container);
		return r;
	}
	/* Above the fixed range, so the guess can only hit a closed number. */
	*ret_container = fcntl(container, F_DUPFD_CLOEXEC, 20);
	close(container);
	*ret_device = device;
	return *ret_container < 0 ? -errno : 0;
}

#define PAGE		4096
#define VICTIM_FRAME	64	/* the frame the descriptor names, inside the page */

struct victim {
	uint8_t *page;
	uint8_t want[PAGE];
	uint64_t phys;
};

/* Physical address of a locked page of ours (root reads PFNs in pagemap). */
static int page_phys(const void *p, uint64_t *ret_phys)
{
	uint64_t entry;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, &entry, sizeof(entry), (off_t)((uintptr_t)p / PAGE * sizeof(entry)));
	close(fd);
	if (n != sizeof(entry))
		return -EIO;
	/* Bit 63: present; bits 0-54: the page frame number (0 without CAP_SYS_ADMIN). */
	if (!(entry >> 63) || !(entry & ((1ULL << 55) - 1)))
		return -EPERM;
	*ret_phys = (entry & ((1ULL << 55) - 1)) * PAGE;
	return 0;
}

/*
 * A legacy TX descriptor (8254x SDM 3.3.3) at the start of the page:
 * buffer = the frame at VICTIM_FRAME, 60 bytes, EOP | IFCS | RS; then the
 * frame, broadcast, EtherType 0x88b5 (local experimental), payload a
 * marker the scenario's capture looks for.
 */
static int victim_init(struct victim *v)
{
	static const uint8_t frame_head[14] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
						0x02, 0xa1, 0x0c, 0x00, 0x00, 0x09, 0x88, 0xb5 };
	uint64_t buf;
	uint32_t lower;
	int r;

	v->page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (v->page == MAP_FAILED)
		return -errno;
	if (mlock(v->page, PAGE) < 0)
		return -errno;
	memset(v->page, 0x5a, PAGE);
	r = page_phys(v->page, &v->phys);
	if (r < 0)
		return r;
	buf = v->phys + VICTIM_FRAME;
	lower = 60 | (0x01U << 24) | (0x02U << 24) | (0x08U << 24);	/* EOP, IFCS, RS */
	memcpy(v->page, &buf, sizeof(buf));
	memcpy(v->page + 8, &lower, sizeof(lower));
	memset(v->page + 12, 0, 4);	/* status: DD would appear here */
	memcpy(v->page + VICTIM_FRAME, frame_head, sizeof(frame_head));
	memcpy(v->page + VICTIM_FRAME + 14, "AIRLOCK-VICTIM-PAGE", 19);
	memcpy(v->want, v->page, PAGE);
	return 0;
}

static const char *errno_name(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EBADF: return "EBADF";
	case ESRCH: return "ESRCH";
	case ENOTTY: return "ENOTTY";
	case ENOSYS: return "ENOSYS";
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	default: return "E?";
	}
}

static int judge(const char *probe, const struct escape *esc, bool layers, bool vfio,
		 int container, int device, const struct victim *v);

/* One escape; a device attack must also leave the victim page as it was. */
static int run_one(const char *probe, const struct escape *esc, bool layers, bool vfio,
		   int container, int device, const struct victim *v)
{
	int r = judge(probe, esc, layers, vfio, container, device, v);

	if (esc->device && vfio && memcmp(v->page, v->want, PAGE)) {
		printf("%s: the victim page at %#llx CHANGED\n", esc->name,
		       (unsigned long long)v->phys);
		return 1;
	}
	return r;
}

static int judge(const char *probe, const struct escape *esc, bool layers, bool vfio,
		 int container, int device, const struct victim *v)
{
	const char *name = esc->name;
	char guess[16], outside[16], target[24], out[128] = "";
	struct airlock_host_spawn s;
	int report[2], pidfd, r;
	siginfo_t si;
	ssize_t n;
	pid_t pid;

	if (!vfio && esc->device) {
		printf("%s: skipped, needs --pci\n", name);
		return 0;
	}
	if (pipe2(report, O_CLOEXEC) < 0)
		return 1;
	snprintf(guess, sizeof(guess), "%d", container >= 0 ? container : 20);
	snprintf(outside, sizeof(outside), "%d", (int)getpid());
	snprintf(target, sizeof(target), "%#llx", (unsigned long long)v->phys);

	char *pargv[] = { (char *)probe, (char *)name, layers ? "layers" : "full",
			  vfio ? "vfio" : "no-hw", PROBE_UID, PROBE_GID, guess, outside, target,
			  NULL };

	airlock_host_spawn_init(&s, probe, pargv);
	s.fds[AIRLOCK_HOST_FD_LOG] = STDERR_FILENO;
	s.fds[AIRLOCK_HOST_FD_DAEMON] = report[1];
	s.fds[AIRLOCK_HOST_FD_VFIO] = device;
	r = airlock_host_spawn(&s, &pid, &pidfd);
	close(report[1]);
	if (r < 0) {
		fprintf(stderr, "sandbox-launch: spawn: %s\n", strerror(-r));
		close(report[0]);
		return 1;
	}
	n = read(report[0], out, sizeof(out) - 1);
	close(report[0]);
	out[n > 0 ? n : 0] = 0;
	out[strcspn(out, "\n")] = 0;
	memset(&si, 0, sizeof(si));
	r = waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED);
	close(pidfd);
	if (r < 0)
		return 1;

	if ((si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED) && si.si_status == SIGSYS) {
		const char *want = layers ? NULL : esc->sigsys_syscall;

		printf("%s: pid=%d killed-by-sigsys expected-syscall=%s nr=%d\n", name, (int)pid,
		       want ? want : "-", want ? seccomp_syscall_resolve_name(want) : -1);
		return want ? 0 : 1;
	}
	if (si.si_code != CLD_EXITED || si.si_status != 0) {
		printf("%s: pid=%d died code=%d status=%d report='%s'\n", name, (int)pid,
		       si.si_code, si.si_status, out);
		return 1;
	}
	if (!strncmp(out, "refused ", 8)) {
		const char *e = errno_name(atoi(out + 8));
		const char *want = esc->vfio_errno ? esc->vfio_errno : layers ? esc->layers_errno : NULL;

		printf("%s: pid=%d refused %s (expected %s)\n", name, (int)pid, e,
		       layers && esc->layers_any ? "kernel-dependent" :
		       want ? want : (layers ? "allowed" : "SIGSYS"));
		if (layers && esc->layers_any)
			return 0;
		return want && !strcmp(want, e) ? 0 : 1;
	}
	if (!strcmp(out, "allowed")) {
		/* Allowed is right only where no layer is meant to stop it. */
		bool ok = !esc->vfio_errno &&
			  (layers ? !esc->layers_errno || esc->layers_any : !esc->sigsys_syscall);

		printf("%s: pid=%d allowed%s", name, (int)pid, ok ? "" : " (ESCAPED)");
		if (esc->device)
			printf(" target=%#llx", (unsigned long long)v->phys);
		printf("\n");
		return ok ? 0 : 1;
	}
	printf("%s: pid=%d report='%s'\n", name, (int)pid, out);
	return 1;
}

int main(int argc, char **argv)
{
	const char *pci = NULL, *probe;
	struct victim victim = { 0 };
	bool layers = false;
	int container = -1, device = -1, pace_ms = 0, i = 1, r, failed = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--pci") && i + 1 < argc)
			pci = argv[++i];
		else if (!strcmp(argv[i], "--pace-ms") && i + 1 < argc)
			pace_ms = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--layers"))
			layers = true;
		else
			break;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: sandbox-launch [--pci BDF] [--layers] [--pace-ms N] PROBE ESCAPE...\n");
		return 2;
	}
	probe = argv[i++];
	for (int k = i; k < argc; k++)
		if (!find(argv[k])) {
			fprintf(stderr, "sandbox-launch: unknown escape %s\n", argv[k]);
			return 2;
		}
	if (pci) {
		r = open_vfio(pci, &container, &device);
		if (r < 0) {
			fprintf(stderr, "sandbox-launch: VFIO %s: %s\n", pci, strerror(-r));
			return 1;
		}
	}
	if (pci) {
		r = victim_init(&victim);
		if (r < 0) {
			fprintf(stderr, "sandbox-launch: victim page: %s\n", strerror(-r));
			return 1;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int k = i; k < argc; k++) {
		if (k > i && pace_ms > 0)
			usleep((useconds_t)pace_ms * 1000);
		failed |= run_one(probe, find(argv[k]), layers, pci != NULL, container, device,
				  &victim);
	}
	return failed;
}
