// SPDX-License-Identifier: GPL-2.0-only
/*
 * The seccomp allowlist on its own: a forked child loads a policy, makes
 * one call, and must either die by SIGSYS or live. Children use raw calls
 * and _exit(): the sanitizers' runtime would make calls of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/vfio.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "sandbox.h"

enum call {
	CALL_WRITE, CALL_SOCKET, CALL_MMAP_RW, CALL_MMAP_EXEC, CALL_MPROTECT_EXEC,
	CALL_EVENTFD, CALL_IOCTL_DEVICE, CALL_IOCTL_DEVICE_HIGH_BITS, CALL_IOCTL_CONTAINER,
	CALL_IOCTL_CONTAINER_HIGH_BITS, CALL_IOCTL_FIONBIO, CALL_GETPID, CALL_IO_URING,
	CALL_PREAD,
};

static long make_call(enum call c)
{
	static char buf[8];
	int p[2] = { -1, -1 };

	switch (c) {
	case CALL_WRITE:
		return syscall(SYS_write, STDERR_FILENO, "", 0);
	case CALL_SOCKET:
		return syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
	case CALL_MMAP_RW:
		return syscall(SYS_mmap, NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	case CALL_MMAP_EXEC:
		return syscall(SYS_mmap, NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	case CALL_MPROTECT_EXEC:
		return syscall(SYS_mprotect, (uintptr_t)buf & ~4095UL, 4096, PROT_READ | PROT_EXEC);
	case CALL_EVENTFD:
		return syscall(SYS_eventfd2, 0, EFD_CLOEXEC);
	case CALL_IOCTL_DEVICE:
		return syscall(SYS_ioctl, 0, VFIO_DEVICE_GET_INFO, buf);
	case CALL_IOCTL_DEVICE_HIGH_BITS:
		return syscall(SYS_ioctl, 0, (1UL << 32) | VFIO_DEVICE_GET_INFO, buf);
	case CALL_IOCTL_CONTAINER:
		return syscall(SYS_ioctl, 0, VFIO_IOMMU_MAP_DMA, buf);
	case CALL_IOCTL_CONTAINER_HIGH_BITS:
		return syscall(SYS_ioctl, 0, (1UL << 32) | VFIO_IOMMU_MAP_DMA, buf);
	case CALL_IOCTL_FIONBIO:
		return syscall(SYS_ioctl, 0, 0x5421 /* FIONBIO */, buf);
	case CALL_GETPID:
		return syscall(SYS_getpid);
	case CALL_IO_URING:
		return syscall(SYS_io_uring_setup, 1, buf);
	case CALL_PREAD:
		return syscall(SYS_pread64, p[0], buf, 1, 0);
	}
	return 0;
}

/* Returns the signal that killed the child, or 0 if it exited normally. */
static int run(enum airlock_sandbox_policy policy, enum call c)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || airlock_sandbox_seccomp(policy) < 0)
			_exit(100);
		make_call(c);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status)) {
		assert_int_equal(WEXITSTATUS(status), 0);
		return 0;
	}
	return WTERMSIG(status);
}

static int setup(void **unused)
{
	/* Seccomp must work here; only a kernel without it skips. */
	return prctl(PR_GET_SECCOMP) < 0 && errno == EINVAL ? -1 : 0;
}

static void test_no_hw(void **unused)
{
	const enum airlock_sandbox_policy p = AIRLOCK_SANDBOX_NO_HW;

	assert_int_equal(run(p, CALL_WRITE), 0);
	assert_int_equal(run(p, CALL_MMAP_RW), 0);
	assert_int_equal(run(p, CALL_SOCKET), SIGSYS);
	assert_int_equal(run(p, CALL_MMAP_EXEC), SIGSYS);
	assert_int_equal(run(p, CALL_MPROTECT_EXEC), SIGSYS);
	assert_int_equal(run(p, CALL_GETPID), SIGSYS);
	assert_int_equal(run(p, CALL_IO_URING), SIGSYS);
	/* No ioctl at all, not even the VFIO device ones or FIONBIO. */
	assert_int_equal(run(p, CALL_IOCTL_DEVICE), SIGSYS);
	assert_int_equal(run(p, CALL_IOCTL_FIONBIO), SIGSYS);
	assert_int_equal(run(p, CALL_EVENTFD), SIGSYS);
	assert_int_equal(run(p, CALL_PREAD), SIGSYS);
}

static void test_vfio(void **unused)
{
	const enum airlock_sandbox_policy p = AIRLOCK_SANDBOX_VFIO;

	assert_int_equal(run(p, CALL_EVENTFD), 0);
	assert_int_equal(run(p, CALL_PREAD), 0);
	assert_int_equal(run(p, CALL_IOCTL_DEVICE), 0);
	/* The kernel truncates the request: so does the filter's comparison. */
	assert_int_equal(run(p, CALL_IOCTL_DEVICE_HIGH_BITS), 0);
	assert_int_equal(run(p, CALL_IOCTL_CONTAINER), SIGSYS);
	assert_int_equal(run(p, CALL_IOCTL_CONTAINER_HIGH_BITS), SIGSYS);
	assert_int_equal(run(p, CALL_IOCTL_FIONBIO), SIGSYS);
	assert_int_equal(run(p, CALL_SOCKET), SIGSYS);
	assert_int_equal(run(p, CALL_MMAP_EXEC), SIGSYS);
}

static void test_bad_policy(void **unused)
{
	assert_int_equal(airlock_sandbox_seccomp((enum airlock_sandbox_policy)7), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_hw),
		cmocka_unit_test(test_vfio),
		cmocka_unit_test(test_bad_policy),
	};

	if (prctl(PR_GET_SECCOMP) < 0 && errno == EINVAL)
		return 77;
	(void)setup;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
