#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (run with bench/run-lab-bench): iperf3 through the stub
# and airlock-wire against a veth pair, in the same boot, each between two
# network namespaces. Writes stub-vs-veth.txt with Mbit/s and the ratio.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

seconds=${BENCH_SECONDS:-8}
wire=$AIRLOCK_BUILD/tests/wire/airlock-wire

# iperf3_between NS_A NS_B ADDR_B: Mbit/s received at B.
iperf3_between() {
	ip netns exec "$2" iperf3 -s -1 -D -B "$3" --logfile "/tmp/iperf3-$2.log"
	sleep 0.5
	ip netns exec "$1" iperf3 -c "$3" -t "$seconds" -f m >"iperf3-$1-$2.txt"
	iperf3_receiver_mbps "iperf3-$1-$2.txt"
}

# $1 $2: namespace pair; $3 $4: interfaces; $5 $6: addresses
pair_up() {
	ip netns add "$1"
	ip netns add "$2"
	ip link set "$3" netns "$1"
	ip link set "$4" netns "$2"
	ip -n "$1" addr add "$5/24" dev "$3"
	ip -n "$2" addr add "$6/24" dev "$4"
	ip -n "$1" link set "$3" up
	ip -n "$2" link set "$4" up
}

step "veth pair"
ip link add vetha type veth peer name vethb
pair_up va vb vetha vethb 192.0.2.21 192.0.2.22
sleep 1
veth=$(iperf3_between va vb 192.0.2.22)

step "airlock.ko + airlock-wire"
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
read -r ida ifa < <("$wire" create air0)
read -r idb ifb < <("$wire" create air1)
"$wire" serve "$ida" "$idb" 2>wire.log &
pair_up wa wb "$ifa" "$ifb" 192.0.2.11 192.0.2.12
wait_carrier_in wa "$ifa"
wait_carrier_in wb "$ifb"
stub=$(iperf3_between wa wb 192.0.2.12)

ratio=$(awk -v s="$stub" -v v="$veth" 'BEGIN { printf "%.3f", s / v }')
{
	echo "iperf3 ${seconds}s, one TCP stream, same boot (TCG):"
	echo "veth pair:              $veth Mbit/s"
	echo "airlock.ko + wire:      $stub Mbit/s"
	echo "ratio stub/veth:        $ratio"
} | tee stub-vs-veth.txt
