#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A DPDK poll-mode driver hosted under airlockd: driver = dpdk on the lab's
# e1000, which EAL probes as net_e1000_em (docs/dpdk.md). The proxy gets the
# EEPROM's MAC; the driver process is confined, checked from outside: not
# root, no capabilities, the final seccomp filter on every thread (the
# loop and EAL's interrupt thread), a root holding nothing but its own
# device's VFIO group and sysfs directory; ping, ethtool -i naming the
# PMD; the default data path copies (no zero-copy=on: the stub's pool
# neither mapped nor pinned, ethtool -g showing the driver's 256/256);
# link state, iperf3 each way, ethtool -S with the PMD's xstats
# moving and the host's TX counters, IPv6 neighbour discovery (the multicast list reaching the NIC),
# tcpdump seeing frames for a foreign MAC (promiscuous mode reaching the
# NIC); MTU 9000, a new MAC and promiscuous mode; ethtool -G rx 512 tx 512
# (the port restarted with new queues, that state kept, ping, ND, iperf3),
# then rx 4096 tx 4096 refused with EINVAL, sizes and carrier kept;
# then kill -9 of the driver mid-iperf3 -> airlockd takes the VFIO group
# back, resets the device, restarts the host, the stub replays (the new
# driver logs its 512/512 rings), the TCP transfer completes;
# a clean stop gives the device back to the in-kernel e1000, the last
# driver logging its TX counters. zero-copy=on: dpdk-zerocopy.sh.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/dpdk-lib.sh"
nic_use "$AIRLOCK_DUT" dpdk air0 9000
NIC_HOST_DIR=$AIRLOCK_BUILD/drivers/dpdk
# QEMU's e1000 has INTx only; EAL's auto mode would try MSI-X (docs/dpdk.md).
NIC_DEVICE_KEYS="driver-options = vfio-intr=legacy"
[ -x "$NIC_HOST_DIR/airlock-host-dpdk" ] || die "this build has no airlock-host-dpdk (dpdk-dev missing?)"

NIC_ETHTOOL_DRIVER=net_e1000_em
NIC_CONFINEMENT_CHECK=check_dpdk_confined
nic_hosted_up "$AIRLOCK_DUT_MAC"
grep -q "e0: \[[0-9]*\] host: confined (seccomp policy dpdk on every thread)" "$DAEMON_LOG" ||
	die "the host did not report its final filter"

step "the default data path copies: the stub's pool neither mapped nor pinned, full rings"
! grep "e0: \[[0-9]*\] host: zero-copy" "$DAEMON_LOG" || die "zero-copy without zero-copy=on"
step "driver pid $(driver_pid e0) pins $(pinned_kb "$(driver_pid e0)") kB"
[ "$(pinned_kb "$(driver_pid e0)")" -lt 98304 ] ||
	die "the driver pins $(pinned_kb "$(driver_pid e0)") kB: more than EAL's 64 MiB"
# ethtool -g: the rings the driver runs (it says so in the state block).
check_rings_shown 256 256

step "link state: the PMD's speed, admin down and up"
check_link_state "$NIC_IF"

nic_iperf3_both_ways

step "ethtool -S: the PMD's xstats move, the host's TX counters follow them"
check_driver_stats_move "$NIC_IF" rx_good_packets
grep -E "host_tx_(ring_full|busy):" "ethtool-S-$NIC_IF.txt" ||
	die "ethtool -S has no host_tx_ring_full counters"

step "IPv6 neighbour discovery (solicited-node multicast through the NIC's filter)"
ip -6 addr add fd00:a1::1/64 dev "$NIC_IF" nodad
inpeer ip -6 addr add fd00:a1::2/64 dev "$AIRLOCK_PEER_IF" nodad
inpeer ip -6 neigh flush dev "$AIRLOCK_PEER_IF"
ping -6 -c 3 -i 0.2 -W 2 fd00:a1::2
inpeer ping -6 -c 3 -i 0.2 -W 2 fd00:a1::1

step "tcpdump, promiscuous: the NIC passes frames for other MACs"
check_promisc_foreign "$NIC_IF"

step "MTU 9000, a new MAC, promiscuous: the state a recovery must keep"
set_kept_state

# The port is stopped and started with new queues: what it was set to
# (MTU 9000, MAC, promiscuous) must survive that too. (With promiscuous
# on, the ND ping below does not prove the multicast list came back.)
step "ethtool -G rx 512 tx 512: the PMD's queues set up again"
ethtool -G "$NIC_IF" rx 512 tx 512
[ "$(ring_current RX)/$(ring_current TX)" = 512/512 ] ||
	die "ethtool -g shows $(ring_current RX)/$(ring_current TX), not 512/512"
# ethtool returned after the driver's answer (the stub waits for it).
grep -q "e0: \[$(driver_pid e0)\] host: port [0-9]*: 512 RX and 512 TX descriptors (ethtool -G)" "$DAEMON_LOG" ||
	die "ethtool -G returned, but the driver did not set up 512-descriptor rings"
step "ethtool -G beyond what the PMD can take: its refusal reaches ethtool, nothing changes"
if ethtool -G "$NIC_IF" rx 4096 tx 4096 2>ethtool-refused.txt; then
	die "ethtool -G rx 4096 tx 4096 succeeded: the pool holds at most 1471 descriptors"
fi
cat ethtool-refused.txt
grep -q "Invalid argument" ethtool-refused.txt || die "the refusal is not the driver's EINVAL"
[ "$(ring_current RX)/$(ring_current TX)" = 512/512 ] ||
	die "after the refusal ethtool -g shows $(ring_current RX)/$(ring_current TX), not 512/512"
wait_carrier "$NIC_IF" 5
check_kept_state
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
inpeer ip -6 neigh flush dev "$AIRLOCK_PEER_IF"
inpeer ping -6 -c 3 -i 0.2 -W 2 fd00:a1::1
inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile /tmp/iperf3-rings-server.log
sleep 0.5
timeout 60 iperf3 -c "$LAB_PEER_ADDR" -t 3 -f m >iperf3-rings.txt || { cat iperf3-rings.txt; die "no iperf3 with 512-descriptor rings"; }
grep -E 'sender|receiver' iperf3-rings.txt

nic_crash_and_check
ctl status e0

step "the restarted driver set up the replayed ring sizes itself"
[ "$(ring_current RX)/$(ring_current TX)" = 512/512 ] || die "ethtool -g no longer shows 512/512"
grep -q "e0: \[$(driver_pid e0)\] host: port [0-9]*: 512 RX and 512 TX descriptors (ethtool -G)" "$DAEMON_LOG" ||
	die "the restarted driver (pid $(driver_pid e0)) did not set up the replayed 512/512"
grep "host: port [0-9]*: .* RX and .* TX descriptors" "$DAEMON_LOG"

last_pid=$(driver_pid e0)
step "stop airlockd cleanly: the device goes back to the in-kernel e1000"
ip -6 addr flush dev "$NIC_IF"
NIC_DRIVER=e1000
stop_daemon_give_back
! pgrep -f airlock-host-dpdk >/dev/null || die "the DPDK host outlived the daemon"
step "the last driver's TX counters at its end (frames dropped at the PMD's full ring)"
grep "e0: \[[0-9]*\] host: port [0-9]*: TX: " "$DAEMON_LOG"
dpdk_tx_counters "$last_pid" >/dev/null
