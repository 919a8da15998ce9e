#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (run with bench/run-lab-bench): iperf3 and pktgen
# through the stub and airlock-wire against a veth pair, in the same boot,
# each between two network namespaces. Writes stub-vs-veth.txt with Mbit/s,
# packets/s received and the ratios.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

seconds=${BENCH_SECONDS:-8}
pkt_count=${BENCH_PKTGEN_COUNT:-200000}
wire=$AIRLOCK_BUILD/tests/wire/airlock-wire

# iperf3_between NS_A NS_B ADDR_B: Mbit/s received at B.
iperf3_between() {
	ip netns exec "$2" iperf3 -s -1 -D -B "$3" --logfile "/tmp/iperf3-$2.log"
	sleep 0.5
	ip netns exec "$1" iperf3 -c "$3" -t "$seconds" -f m >"iperf3-$1-$2.txt"
	iperf3_receiver_mbps "iperf3-$1-$2.txt"
}

# pktgen_pps NS_A IF_A NS_B IF_B ADDR_B: 60-byte UDP frames from one pktgen
# thread in NS_A to IF_B; prints the packets/s that IF_B received.
pktgen_pps() {
	local mac rx0 rx1 usec
	mac=$(ip netns exec "$3" cat "/sys/class/net/$4/address")
	rx0=$(ip netns exec "$3" cat "/sys/class/net/$4/statistics/rx_packets")
	ip netns exec "$1" bash -s "$2" "$5" "$mac" "$pkt_count" >"pktgen-$1.txt" <<-'EOF2'
		set -e
		pg() { echo "$2" >"/proc/net/pktgen/$1"; }
		pg kpktgend_0 rem_device_all
		pg kpktgend_0 "add_device $1"
		pg "$1" "count $4"
		pg "$1" "pkt_size 60"
		pg "$1" "delay 0"
		pg "$1" "dst $2"
		pg "$1" "dst_mac $3"
		pg pgctrl start
		cat "/proc/net/pktgen/$1"
	EOF2
	sleep 0.5
	rx1=$(ip netns exec "$3" cat "/sys/class/net/$4/statistics/rx_packets")
	usec=$(sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' "pktgen-$1.txt")
	[ -n "$usec" ] || die "pktgen gave no result: $(cat "pktgen-$1.txt")"
	awk -v n=$((rx1 - rx0)) -v us="$usec" 'BEGIN { printf "%d", n * 1e6 / us }'
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
modprobe pktgen
veth_pps=$(pktgen_pps va vetha vb vethb 192.0.2.22)

step "airlock.ko + airlock-wire"
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
read -r ida ifa < <("$wire" create air0)
read -r idb ifb < <("$wire" create air1)
"$wire" serve "$ida" "$idb" 2>wire.log &
pair_up wa wb "$ifa" "$ifb" 192.0.2.11 192.0.2.12
wait_carrier_in wa "$ifa"
wait_carrier_in wb "$ifb"
stub=$(iperf3_between wa wb 192.0.2.12)
stub_pps=$(pktgen_pps wa "$ifa" wb "$ifb" 192.0.2.12)

ratio() { awk -v s="$1" -v v="$2" 'BEGIN { printf "%.3f", s / v }'; }
{
	echo "Same boot (TCG). iperf3 ${seconds}s, one TCP stream; pktgen $pkt_count x 60 B, one thread."
	echo "                        iperf3 Mbit/s   pktgen packets/s received"
	printf 'veth pair:              %-15s %s\n' "$veth" "$veth_pps"
	printf 'airlock.ko + wire:      %-15s %s\n' "$stub" "$stub_pps"
	printf 'ratio stub/veth:        %-15s %s\n' "$(ratio "$stub" "$veth")" "$(ratio "$stub_pps" "$veth_pps")"
} | tee stub-vs-veth.txt
