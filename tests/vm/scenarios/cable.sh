#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The cable driver end to end, without airlockd: two proxy netdevs, each
# served by its own confined airlock-host-cable (spawned by
# tests/sandbox/cable-pair through airlock_host_spawn), joined by a cable.
# Checks the hosts really are confined, then ping, MTU 9000, iperf3 both
# ways, the driver's ethtool statistics, and a clean SHUTDOWN.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

wire=$AIRLOCK_BUILD/tests/wire/airlock-wire
pair=$AIRLOCK_BUILD/tests/sandbox/cable-pair
host=$AIRLOCK_BUILD/drivers/cable/airlock-host-cable
A=192.0.2.21 B=192.0.2.22
ina() { ip netns exec ca "$@"; }
inb() { ip netns exec cb "$@"; }

insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
read -r ida ifa < <("$wire" create cab0)
read -r idb ifb < <("$wire" create cab1)
step "created $ifa (id $ida) and $ifb (id $idb)"

"$pair" "$host" "$ida" "$idb" >pair.out 2>pair.log &
pair_pid=$!
for ((i = 0; i < 100; i++)); do
	grep -q '^serving' pair.out 2>/dev/null && break
	kill -0 "$pair_pid" 2>/dev/null || die "cable-pair failed: $(cat pair.log)"
	sleep 0.1
done
read -r _ pa pb <pair.out || die "cable-pair did not start: $(cat pair.log)"
step "hosts $pa and $pb serving"

step "the hosts are confined"
for p in "$pa" "$pb"; do
	st=/proc/$p/status
	grep -q '^Seccomp:[[:space:]]*2$' "$st" || die "$p: no seccomp filter"
	grep -q '^NoNewPrivs:[[:space:]]*1$' "$st" || die "$p: new privileges possible"
	grep -q '^CapEff:[[:space:]]*0*$' "$st" || die "$p: has capabilities"
	grep -q '^CapBnd:[[:space:]]*0*$' "$st" || die "$p: bounding set not empty"
	grep -q "^Uid:[[:space:]]*65534" "$st" || die "$p: not running as 65534"
	[ -z "$(ls -A "/proc/$p/root/")" ] || die "$p: root is not empty"
	[ "$(readlink "/proc/$p/ns/net")" != "$(readlink /proc/self/ns/net)" ] || die "$p: host netns"
	n=$(ls "/proc/$p/fd" | wc -l)
	[ "$n" -le 12 ] || die "$p: $n open descriptors"
	ls -l "/proc/$p/fd" >>fds.txt
done

ip netns add ca
ip netns add cb
ip link set "$ifa" netns ca
ip link set "$ifb" netns cb
ina ip addr add "$A/24" dev "$ifa"
inb ip addr add "$B/24" dev "$ifb"
ina ip link set "$ifa" up
inb ip link set "$ifb" up
wait_carrier_in ca "$ifa"
wait_carrier_in cb "$ifb"

step "ping"
ina ping -c 3 -i 0.2 -W 2 "$B"

step "MTU 9000, jumbo ping with don't-fragment"
ina ip link set "$ifa" mtu 9000
inb ip link set "$ifb" mtu 9000
ina ping -c 2 -W 2 -M do -s 8972 "$B"
ina ip link set "$ifa" mtu 1500
inb ip link set "$ifb" mtu 1500

step "iperf3 3 s each way"
inb iperf3 -s -D -B "$B" --logfile /tmp/iperf3-cb.log
sleep 0.5
ina iperf3 -c "$B" -t 3 -f m >iperf3-ab.txt
ina iperf3 -c "$B" -t 3 -f m -R >iperf3-ba.txt
grep -h receiver iperf3-ab.txt iperf3-ba.txt
for f in iperf3-ab.txt iperf3-ba.txt; do
	mbps=$(iperf3_receiver_mbps "$f")
	awk -v m="$mbps" 'BEGIN { exit !(m > 0) }' || die "$f: nothing arrived"
done

step "ethtool -S: the driver's statistics"
ina ethtool -S "$ifa" | tee ethtool-S.txt
tx=$(awk '/cable_tx_frames/ { print $2 }' ethtool-S.txt)
rx=$(awk '/cable_rx_frames/ { print $2 }' ethtool-S.txt)
[ "${tx:-0}" -gt 1000 ] && [ "${rx:-0}" -gt 1000 ] || die "cable statistics did not move ($tx/$rx)"
grep -q 'cable_errors: 0' ethtool-S.txt || die "cable errors"

step "SHUTDOWN: both hosts exit 0, carrier off"
kill "$pair_pid"
wait "$pair_pid" || die "cable-pair: $(cat pair.log)"
sleep 0.3
[ "$(ina cat "/sys/class/net/$ifa/carrier")" = 0 ] || die "carrier stayed on without a driver"
cat pair.log
"$wire" destroy "$ida"
"$wire" destroy "$idb"
rmmod airlock
