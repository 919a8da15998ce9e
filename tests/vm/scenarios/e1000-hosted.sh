#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The unmodified e1000 driver from linux-source-6.1, hosted in a user process
# (airlock-host-e1000, standalone mode) on the lab's e1000 through VFIO,
# behind airlock.ko's proxy: the MAC read from the EEPROM, ping and 10 s
# iperf3 each way with the virtio-net peer, ethtool -i/-S from the driver,
# TCP segmentation by the device (frames leave the proxy whole), link state, MTU 9000 with a jumbo ping, a MAC change the peer sees,
# promiscuous mode in the hardware for tcpdump, kill -9 mid-iperf3 and a new
# instance that gets MTU and MAC replayed while the TCP transfer completes,
# a clean stop, and the device back with the in-kernel e1000.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

host=$AIRLOCK_BUILD/drivers/e1000/airlock-host-e1000
export AIRLOCK_HOST_IFNAME=air0
# ASan builds: the driver process's leaks at exit are not this scenario's subject.
export ASAN_OPTIONS=detect_leaks=0
new_mac=02:a1:00:00:be:ef

# start_host LOG: a host instance, waited for until it serves the proxy.
start_host() {
	local log=$1 i
	"$host" --pci "$AIRLOCK_DUT" 2>>"$log" &
	host_pid=$!
	for ((i = 0; i < 100; i++)); do
		grep -q "host: serving" "$log" 2>/dev/null && return 0
		kill -0 "$host_pid" 2>/dev/null || { cat "$log" >&2; die "the host exited"; }
		sleep 0.1
	done
	cat "$log" >&2
	die "the host did not start serving"
}

lab_peer_setup
modprobe vfio-pci
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"

step "host the e1000 of $AIRLOCK_DUT"
start_host host.log
grep "probed, MAC" host.log
mac=$(cat /sys/class/net/air0/address)
[ "$mac" = "$AIRLOCK_DUT_MAC" ] || die "proxy MAC $mac, the device's is $AIRLOCK_DUT_MAC"
lab_dut_up air0

step "ping"
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"

step "ethtool -i: the hosted driver's own answer"
ethtool -i air0 | tee ethtool-i.txt
grep -q '^driver: e1000$' ethtool-i.txt || die "ethtool -i does not name e1000"
grep -q "^bus-info: $AIRLOCK_DUT$" ethtool-i.txt || die "ethtool -i: not the device's bus-info"

step "link state"
check_link_state air0

step "iperf3 10 s each way"
tx=$(iperf3_mbps 10 iperf3-tx.txt)
rx=$(iperf3_mbps 10 iperf3-rx.txt -R)
step "hosted e1000: $tx Mbit/s out, $rx Mbit/s in"
echo "$tx $rx" >"$AIRLOCK_RESULTS/e1000-hosted.mbps"

step "ethtool -S: the driver's own statistics move"
check_driver_stats_move air0

step "TCP segmentation by the device: frames leave the proxy whole"
check_e1000_tso air0

step "MTU 9000, jumbo ping with don't-fragment"
inpeer ip link set "$AIRLOCK_PEER_IF" mtu 9000
ip link set air0 mtu 9000
# e1000 resets itself for a new MTU: the link takes seconds to return under TCG.
wait_carrier air0 20
ping -c 1 -w 15 -M do -s 8972 "$LAB_PEER_ADDR"

step "MAC change seen by the peer"
ip link set air0 address "$new_mac"
peer_sees_mac "$new_mac" || die "the peer did not learn $new_mac"

step "tcpdump, promiscuous: the hardware passes frames for other MACs"
check_promisc_foreign air0

step "received frames as the in-kernel driver delivers them (no FCS)"
check_rx_frames_plain air0

step "kill -9 the host mid-iperf3, start a new one"
inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile /tmp/iperf3-crash-server.log
sleep 0.5
iperf3 -c "$LAB_PEER_ADDR" -t 12 -f m >iperf3-crash.txt &
client=$!
sleep 4
kill -9 "$host_pid"
wait "$host_pid" 2>/dev/null || true
sleep 0.5
[ "$(cat /sys/class/net/air0/carrier)" = 0 ] || die "carrier stayed on with no driver"
start_host host2.log
wait_carrier air0
wait "$client" || die "the TCP transfer did not survive the crash"
grep receiver iperf3-crash.txt
grep -q "failed" host2.log && { cat host2.log; die "a replayed control call failed"; }
[ "$(cat /sys/class/net/air0/mtu)" = 9000 ] || die "interface MTU lost"
[ "$(cat /sys/class/net/air0/address)" = "$new_mac" ] || die "interface MAC lost"
# In the new driver instance, not just in the proxy: jumbo frames and the new MAC.
ping -c 1 -w 15 -M do -s 8972 "$LAB_PEER_ADDR" || die "MTU 9000 not replayed into the driver"
peer_sees_mac "$new_mac" || die "MAC not replayed into the driver"

step "stop the host cleanly"
kill -TERM "$host_pid"
wait "$host_pid" || die "the host exited with $?"
grep "removing the driver" host2.log
cat host.log host2.log | grep shim: || true

step "the device back to the in-kernel e1000"
ip addr flush dev air0
give_back_to_e1000
inpeer ip link set "$AIRLOCK_PEER_IF" mtu 1500
inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
lab_dut_up "$e1000_if"
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
