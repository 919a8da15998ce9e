/* SPDX-License-Identifier: GPL-2.0-only */
/* Only what UAPI network headers want from it; no sockets in a driver. */
#ifndef SHIM_LINUX_SOCKET_H
#define SHIM_LINUX_SOCKET_H

#include_next <linux/socket.h>

typedef unsigned short sa_family_t;

struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};

#endif
