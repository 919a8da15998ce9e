#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# airlock.ko with the hardware-free backend: two proxy netdevs in two
# namespaces, joined by airlock-wire (kernel -> stub -> user process -> stub
# -> kernel). Ping, no TSO offered (the wire does not segment), iperf3
# both ways, jumbo frames, MAC change, link down/up, ethtool, tcpdump in
# promiscuous mode, a backend killed mid-transfer and a new one attaching,
# then destroy and unload.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

wire=$AIRLOCK_BUILD/tests/wire/airlock-wire
A=192.0.2.11 B=192.0.2.12
ina() { ip netns exec wa "$@"; }
inb() { ip netns exec wb "$@"; }
carrier() { ip netns exec "$1" cat "/sys/class/net/$2/carrier"; }

insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
read -r ida ifa < <("$wire" create air0)
read -r idb ifb < <("$wire" create air1 --hold)
step "created $ifa (id $ida) and $ifb (id $idb)"

start_wire() {
	"$wire" serve "$ida" "$idb" 2>>wire.log &
	wire_pid=$!
}
start_wire

netns_pair "$ifa" "$A" "$ifb" "$B"
wait_carrier_in wa "$ifa"
wait_carrier_in wb "$ifb"

step "ping"
ina ping -c 3 -i 0.2 -W 2 "$B"

step "no TSO: airlock-wire does not declare it, so the stack segments"
[ "$(tso_state "$ifa" wa)" = off ] || die "$ifa offers TSO, though its driver does not segment"

step "iperf3 10 s each way"
inb iperf3 -s -D -B "$B" --logfile /tmp/iperf3-wb.log
sleep 0.5
ina iperf3 -c "$B" -t 10 -f m >iperf3-ab.txt
ina iperf3 -c "$B" -t 10 -f m -R >iperf3-ba.txt
grep -h receiver iperf3-ab.txt iperf3-ba.txt

step "MTU 9000, jumbo ping with don't-fragment"
ina ip link set "$ifa" mtu 9000
inb ip link set "$ifb" mtu 9000
ina ping -c 2 -W 2 -M do -s 8972 "$B"

step "MAC change seen by the peer"
inb ip link set "$ifb" address 02:a1:00:00:be:ef
ina ip neigh flush dev "$ifa"
ina ping -c 1 -W 2 "$B"
ina ip neigh show "$B" dev "$ifa" | grep -q 02:a1:00:00:be:ef || die "peer did not learn the new MAC"

step "link down and up"
ina ip link set "$ifa" down
! ina ping -c 1 -W 1 "$B" >/dev/null 2>&1 || die "ping worked with the link down"
ina ip link set "$ifa" up
wait_carrier_in wa "$ifa"
ina ping -c 1 -W 2 "$B"

step "ethtool"
ina ethtool -i "$ifa" | tee ethtool-i.txt | grep -q '^driver: airlock-wire$' || die "ethtool -i: not the driver's name"
grep -q "^bus-info: wire:$ida$" ethtool-i.txt || die "ethtool -i: not the driver's bus-info"
ina ethtool -g "$ifa" >/dev/null
ina ethtool -S "$ifa" | tee ethtool-S.txt | grep -q wire_forwarded || die "no driver stats"
before=$(ina ethtool -S "$ifa" | awk '/wire_forwarded/ { print $2 }')
ina ping -c 2 -i 0.2 -W 2 "$B" >/dev/null
after=$(ina ethtool -S "$ifa" | awk '/wire_forwarded/ { print $2 }')
[ "$after" -gt "$before" ] || die "driver stats did not move ($before -> $after)"

step "tcpdump, promiscuous: the driver is asked for promiscuous mode"
rx_mode_flags() { inb ethtool -S "$ifb" | awk '/wire_rx_mode_flags/ { print $2 }'; }
[ "$(( $(rx_mode_flags) & 1 ))" = 0 ] || die "promiscuous before tcpdump"
inb timeout 20 tcpdump -i "$ifb" -c 4 -n icmp >tcpdump.txt 2>tcpdump.err &
dump=$!
sleep 2
inb ip -d link show "$ifb" | grep -q 'promiscuity 1' || die "tcpdump did not turn on promiscuity"
[ "$(( $(rx_mode_flags) & 1 ))" = 1 ] || die "the driver was not asked for promiscuous mode"
ina ping -c 4 -i 0.2 -W 2 "$B" >/dev/null
wait "$dump" || die "tcpdump saw no ICMP: $(cat tcpdump.err)"
sleep 0.5
[ "$(( $(rx_mode_flags) & 1 ))" = 0 ] || die "promiscuous mode stayed on after tcpdump"

step "kill -9 the backend mid-iperf3, start a new one"
ina iperf3 -c "$B" -t 12 -f m >iperf3-crash.txt &
client=$!
sleep 4
kill -9 "$wire_pid"
wait "$wire_pid" 2>/dev/null || true
sleep 0.5
[ "$(carrier wa "$ifa")" = 0 ] || die "carrier stayed on with no driver"
"$wire" shadow "$ida" | tee shadow-detached.txt | grep -q 'attached=0' || die "still attached"
start_wire
wait_carrier_in wa "$ifa"
wait_carrier_in wb "$ifb"
wait "$client" || die "the TCP transfer did not survive the crash"
grep receiver iperf3-crash.txt
"$wire" shadow "$idb" | tee shadow-after.txt
grep -q 'mtu=9000' shadow-after.txt || die "MTU lost"
grep -q 'mac=02:a1:00:00:be:ef' shadow-after.txt || die "MAC lost"
grep -q 'generation=2' shadow-after.txt || die "no second attachment"
[ "$(inb cat "/sys/class/net/$ifb/mtu")" = 9000 ] || die "interface MTU lost"

step "rmmod refused while attached, clean after"
! rmmod airlock 2>/dev/null || die "rmmod succeeded with a process attached"
kill "$wire_pid"
wait "$wire_pid" || die "backend did not exit cleanly"
"$wire" destroy "$ida"
rmmod airlock
[ ! -e /sys/module/airlock ] || die "module still loaded"
ip netns exec wb ip link show "$ifb" 2>/dev/null && die "$ifb outlived the module"

step "second insmod"
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
read -r id ifname < <("$wire" create air9)
"$wire" destroy "$id"
rmmod airlock
