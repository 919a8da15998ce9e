// SPDX-License-Identifier: GPL-2.0-only
/*
 * sandbox-probe: started by sandbox-launch through airlock_host_spawn(),
 * confines itself exactly as a driver host does, then tries ONE escape
 * (escapes.h) and reports on fd 3 what happened: "refused ERRNO" or
 * "allowed". Dying by SIGSYS reports nothing; the launcher sees the signal.
 *
 *   sandbox-probe ESCAPE full|layers no-hw|vfio UID GID GUESS_FD OUTSIDE_PID TARGET
 *
 * TARGET: the physical address the device attacks aim at (device-attacks.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <linux/vfio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <airlock/host.h>

#include "device-attacks.h"
#include "sandbox.h"

#define REPORT_FD	AIRLOCK_HOST_FD_DAEMON

static void report(const char *text)
{
	ssize_t n = write(REPORT_FD, text, strlen(text));

	(void)n;
}

/* Every call below is the escape itself: nothing else runs before it. */
static int try_escape(const char *name, int guess_fd, pid_t outside, uint64_t target)
{
	static char buf[64];

	if (!strcmp(name, "open") || !strcmp(name, "proc")) {
		int fd = open(!strcmp(name, "open") ? "/etc/passwd" : "/proc/self/status", O_RDONLY);

		return fd < 0 ? -errno : (read(fd, buf, sizeof(buf)), 0);
	}
	if (!strcmp(name, "socket"))
		return socket(AF_INET, SOCK_STREAM, 0) < 0 ? -errno : 0;
	if (!strcmp(name, "exec")) {
		char *const argv[] = { "sh", "-c", "true", NULL };

		execve("/bin/sh", argv, argv + 3);
		return -errno;
	}
	if (!strcmp(name, "ptrace"))
		return syscall(SYS_ptrace, PTRACE_ATTACH, 1, 0, 0) < 0 ? -errno : 0;
	if (!strcmp(name, "io_uring")) {
		struct io_uring_params p;

		memset(&p, 0, sizeof(p));
		return syscall(SYS_io_uring_setup, 8, &p) < 0 ? -errno : 0;
	}
	if (!strcmp(name, "mmap-exec"))
		return mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
		       MAP_FAILED ? -errno : 0;
	if (!strcmp(name, "mprotect-exec")) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return -errno;
		return mprotect(p, 4096, PROT_READ | PROT_EXEC) < 0 ? -errno : 0;
	}
	if (!strcmp(name, "vfio-container")) {
		struct vfio_iommu_type1_dma_map map = {
			.argsz = sizeof(map), .flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
			.vaddr = (uintptr_t)buf, .iova = 0, .size = 4096,
		};

		return ioctl(guess_fd, VFIO_IOMMU_MAP_DMA, &map) < 0 ? -errno : 0;
	}
	if (!strcmp(name, "kill"))
		return kill(outside, SIGKILL) < 0 ? -errno : 0;
	if (!strcmp(name, "setuid"))
		return setuid(0) < 0 ? -errno : 0;
	if (!strcmp(name, "vfio-device")) {
		struct vfio_device_info info = { .argsz = sizeof(info) };

		return ioctl(AIRLOCK_HOST_FD_VFIO, VFIO_DEVICE_GET_INFO, &info) < 0 ? -errno : 0;
	}
	return device_attack(name, target);
}

int main(int argc, char **argv)
{
	struct airlock_sandbox_config cfg;
	char line[64];
	int r;

	if (argc != 9)
		return 2;
	cfg = (struct airlock_sandbox_config){
		.uid = (uid_t)atoi(argv[4]),
		.gid = (gid_t)atoi(argv[5]),
		.policy = !strcmp(argv[3], "vfio") ? AIRLOCK_SANDBOX_VFIO : AIRLOCK_SANDBOX_NO_HW,
	};
	r = !strcmp(argv[2], "layers") ? airlock_sandbox_confine(&cfg) : airlock_sandbox_enter(&cfg);
	if (r < 0) {
		snprintf(line, sizeof(line), "sandbox failed %d\n", -r);
		report(line);
		return 3;
	}
	r = try_escape(argv[1], atoi(argv[6]), (pid_t)atoi(argv[7]), strtoull(argv[8], NULL, 0));
	if (r == 0)
		report("allowed\n");
	else {
		snprintf(line, sizeof(line), "refused %d\n", -r);
		report(line);
	}
	return 0;
}
