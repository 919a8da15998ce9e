#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The unmodified e1000 driver from linux-source-6.1, hosted in a user process
# (airlock-host-e1000, standalone mode) on the lab's e1000 through VFIO,
# behind airlock.ko's proxy: probe reads the MAC from the EEPROM, ping and
# iperf3 with the virtio-net peer, the driver's statistics in ethtool -S, and
# a clean stop. Not yet: jumbo frames, MAC change, kill -9 and replay, the
# device back to the in-kernel e1000 (see docs/porting.md).
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

host=$AIRLOCK_BUILD/drivers/e1000/airlock-host-e1000
dev=/sys/bus/pci/devices/$AIRLOCK_DUT
export AIRLOCK_HOST_IFNAME=air0
# ASan: the driver process's leaks at exit are not this scenario's subject.
export ASAN_OPTIONS=detect_leaks=0

start_host() {
	"$host" --pci "$AIRLOCK_DUT" 2>>host.log &
	host_pid=$!
	local i
	for ((i = 0; i < 100; i++)); do
		grep -q "host: serving" host.log 2>/dev/null && return 0
		kill -0 "$host_pid" 2>/dev/null || { cat host.log >&2; die "the host exited"; }
		sleep 0.1
	done
	cat host.log >&2
	die "the host did not start serving"
}

lab_peer_setup
modprobe vfio-pci
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"

step "host the e1000 of $AIRLOCK_DUT"
start_host
grep "probed, MAC" host.log
mac=$(cat /sys/class/net/air0/address)
[ "$mac" = "$AIRLOCK_DUT_MAC" ] || die "proxy MAC $mac, the device's is $AIRLOCK_DUT_MAC"
lab_dut_up air0

step "ping"
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR" || { ethtool -S air0 | grep -v ': 0$'; ip -s link show air0; ip -n peer -s link; cat /proc/interrupts | grep -i vfio; kill -TERM "$host_pid"; sleep 2; cat host.log; die "no ping"; }

step "iperf3 5 s each way"
tx=$(iperf3_mbps 5 iperf3-tx.txt)
rx=$(iperf3_mbps 5 iperf3-rx.txt -R)
step "hosted e1000: $tx Mbit/s out, $rx Mbit/s in"
echo "$tx $rx" >"$AIRLOCK_RESULTS/e1000-hosted.mbps"

step "ethtool -S: the driver's own statistics"
ethtool -S air0 | tee ethtool-S.txt
grep -q 'rx_packets: [1-9]' ethtool-S.txt || die "no driver rx_packets in ethtool -S"

step "stop the host cleanly"
kill -TERM "$host_pid"
wait "$host_pid" || die "the host exited with $?"
grep "removing the driver" host.log
