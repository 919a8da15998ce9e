/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The cable: the hardware-free "NIC" of the cable driver. Two cable driver
 * hosts, each serving one proxy netdev, share one memfd holding a frame
 * ring per direction, so traffic flows kernel -> stub -> host A -> cable ->
 * host B -> stub -> kernel with one process per device, like real NICs on
 * one wire. Either end may die and restart; frames on the cable then are
 * lost, as on a real wire. Each end trusts nothing the other wrote.
 */
#ifndef AIRLOCK_CABLE_H
#define AIRLOCK_CABLE_H

/*
 * Creates a sealed memfd laid out as an empty cable (the daemon does this
 * once per cable; hosts get it as AIRLOCK_HOST_FD_EXTRA and the option
 * "side=0" or "side=1"). Returns 0 and the fd (close-on-exec) or -errno.
 */
int airlock_cable_create(int *ret_fd);

#endif /* AIRLOCK_CABLE_H */
