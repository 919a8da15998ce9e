#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The unmodified e1000 hosted under airlockd: one device (driver = e1000 on
# the lab's e1000). The proxy gets the EEPROM's MAC; the driver process runs
# confined (seccomp filter, no capabilities, not root); ping and 10 s iperf3
# each way with the virtio-net peer; ethtool -i names e1000; link state
# (the driver's speed, admin down/up, carrier); ethtool -S shows the
# driver's own counters moving; TCP segmentation by the device (frames
# leave the proxy whole); tcpdump sees frames for a foreign MAC (the
# e1000 really is promiscuous); ethtool -c/-C refused as the in-kernel
# e1000 refuses them on the 82540EM; MTU 9000, a new MAC, promiscuous mode and
# rx-fcs on (a feature the driver offered at HELLO); kill -9 of the driver
# mid-iperf3
# -> airlockd resets the device through VFIO, restarts the host, the stub
# replays MTU, MAC, rx mode and features, the TCP transfer completes;
# airlockctl status tells; a clean stop of airlockd gives the device back
# to the in-kernel e1000, which carries ping; the driver's last instance
# posted at least 90% of the frames it received in the stub's buffers the
# device wrote them into (no copy in the driver process).
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/e1000-daemon-lib.sh"

step "the in-kernel e1000 holds $AIRLOCK_DUT at start"
nic_inkernel_view
nic_hosted_up "$AIRLOCK_DUT_MAC"

step "link state: the driver's speed, admin down and up"
check_link_state air0

nic_iperf3_both_ways

step "ethtool -S: the driver's own statistics move"
check_driver_stats_move air0

step "TCP segmentation by the device: frames leave the proxy whole"
check_e1000_tso air0

step "tcpdump, promiscuous: the hardware passes frames for other MACs"
check_promisc_foreign air0

step "received frames as the in-kernel driver delivers them (no FCS)"
check_rx_frames_plain air0

# The lab's 82540EM: e1000 has coalescing only from the 82545 on
# (e1000_get_coalesce), in the kernel as hosted.
check_coalesce air0

step "MTU 9000, a new MAC, promiscuous, rx-fcs on: the state a recovery must keep"
set_kept_state

# QEMU's e1000 has no function reset of its own: the reset is the root
# port's secondary bus reset.
nic_crash_and_check
ctl status e0

step "stop airlockd cleanly: the device goes back to the in-kernel e1000"
stop_daemon_give_back

step "received frames were posted in the buffers the device wrote, not copied"
check_rx_in_place 90
