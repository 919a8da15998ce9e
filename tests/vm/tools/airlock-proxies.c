// SPDX-License-Identifier: GPL-2.0-only
/*
 * airlock-proxies: every proxy netdev airlock.ko holds, found the way a
 * restarted airlockd finds them (GET_SHADOW over ids 0..63), one line each:
 *   id=N ifname=NAME ifindex=N attached=0|1 generation=N mtu=N mac=M
 * Scenarios use it to check what exists independently of airlockd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <airlock/abi.h>

int main(void)
{
	int fd = open("/dev/" AIRLOCK_DEVICE_NAME, O_RDWR | O_CLOEXEC);
	unsigned int id;

	if (fd < 0) {
		fprintf(stderr, "airlock-proxies: /dev/airlock: %s\n", strerror(errno));
		return 1;
	}
	for (id = 0; id < AIRLOCK_MAX_DEVICES; id++) {
		struct airlock_shadow s = { .id = id };

		if (ioctl(fd, AIRLOCK_IOC_GET_SHADOW, &s) < 0) {
			if (errno == ENODEV)
				continue;
			fprintf(stderr, "airlock-proxies: GET_SHADOW %u: %s\n", id, strerror(errno));
			close(fd);
			return 1;
		}
		printf("id=%u ifname=%.*s ifindex=%d attached=%u generation=%llu mtu=%u "
		       "mac=%02x:%02x:%02x:%02x:%02x:%02x\n",
		       s.id, (int)sizeof(s.ifname), s.ifname, s.ifindex, s.attached,
		       (unsigned long long)s.generation, s.mtu, s.mac[0], s.mac[1], s.mac[2],
		       s.mac[3], s.mac[4], s.mac[5]);
	}
	close(fd);
	return 0;
}
