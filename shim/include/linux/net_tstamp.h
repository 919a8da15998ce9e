/* SPDX-License-Identifier: GPL-2.0-only */
/* Timestamping: the UAPI's hwtstamp_config and its constants (SIOCSHWTSTAMP never reaches a driver). */
#ifndef SHIM_LINUX_NET_TSTAMP_H
#define SHIM_LINUX_NET_TSTAMP_H

#include_next <linux/net_tstamp.h>

#endif
