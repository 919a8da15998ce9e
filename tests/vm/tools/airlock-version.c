// SPDX-License-Identifier: GPL-2.0-only
/* airlock-version: asks /dev/airlock for its ABI version; exit 0 if it matches ours. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <airlock/abi.h>

int main(void)
{
	struct airlock_version v = { 0 };
	int fd = open("/dev/" AIRLOCK_DEVICE_NAME, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "airlock-version: /dev/airlock: %s\n", strerror(errno));
		return 1;
	}
	if (ioctl(fd, AIRLOCK_IOC_GET_VERSION, &v) < 0) {
		fprintf(stderr, "airlock-version: GET_VERSION: %s\n", strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	printf("airlock.ko ABI %u, user space ABI %u\n", v.abi_version, AIRLOCK_ABI_VERSION);
	return v.abi_version == AIRLOCK_ABI_VERSION ? 0 : 1;
}
