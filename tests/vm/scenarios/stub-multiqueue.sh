#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# airlock.ko with four queues per proxy: two 4-queue netdevs in two
# namespaces joined by airlock-wire (queue q of one to queue q of the
# other). The queues exist in sysfs; parallel TCP flows spread over more
# than one TX queue (the per-queue counters in ethtool -S say so); a region
# with the wrong number of queues is refused; a backend killed mid-transfer
# and a new one attaching bring all four queues back: after the reattach,
# each queue alone carries a ping when XPS pins traffic to it.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

wire=$AIRLOCK_BUILD/tests/wire/airlock-wire
A=192.0.2.21 B=192.0.2.22
NQ=4
ina() { ip netns exec wa "$@"; }
inb() { ip netns exec wb "$@"; }

# qstats NETNS IF DIR: the DIR (tx|rx) packet counters of queues 0..NQ-1,
# from one ethtool call.
qstats() {
	ip netns exec "$1" ethtool -S "$2" | awk -v d="$3" -v nq="$NQ" '
		{ for (q = 0; q < nq; q++) if ($1 == d "_queue_" q "_packets:") v[q] = $2 }
		END { for (q = 0; q < nq; q++) printf "%s ", v[q] }'
}
# busy_queues BEFORE AFTER MIN: how many queues moved by at least MIN.
busy_queues() {
	local -a b=($1) a=($2)
	local q n=0
	for ((q = 0; q < NQ; q++)); do
		(( a[q] - b[q] >= $3 )) && n=$((n + 1))
	done
	echo "$n"
}

# Seconds since the start on each step: the lab's budget is ~2 minutes.
step() { printf '== [%3ds] %s\n' "$SECONDS" "$*"; }

insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"

step "CREATE takes 1..4 queues, refuses 0 and 5"
! "$wire" create bad0 --queues 0 2>/dev/null || die "0 queues accepted"
! "$wire" create bad5 --queues 5 2>/dev/null || die "5 queues accepted"
read -r ida ifa < <("$wire" create mq0 --queues $NQ)
read -r idb ifb < <("$wire" create mq1 --queues $NQ --hold)
step "created $ifa (id $ida) and $ifb (id $idb)"
"$wire" shadow "$ida" | grep -q "n_queues=$NQ" || die "shadow does not say $NQ queues"

step "sysfs: tx-0..3 and rx-0..3"
for ifc in "$ifa" "$ifb"; do
	got=$(ls "/sys/class/net/$ifc/queues" | sort | tr '\n' ' ')
	[ "$got" = "rx-0 rx-1 rx-2 rx-3 tx-0 tx-1 tx-2 tx-3 " ] || die "$ifc queues: $got"
done

step "a region with one queue is refused by a 4-queue device"
! "$wire" serve "$ida" "$idb" --region-queues 1 2>mismatch.log || die "mismatched region attached"
grep -q 'attach: Invalid argument' mismatch.log || die "wrong error: $(cat mismatch.log)"

start_wire() {
	"$wire" serve "$ida" "$idb" 2>>wire.log &
	wire_pid=$!
}
start_wire

netns_pair "$ifa" "$A" "$ifb" "$B"
ina ip link set lo up
inb ip link set lo up
wait_carrier_in wa "$ifa"
wait_carrier_in wb "$ifb"
grep -q "($NQ and $NQ queues)" wire.log || die "backend does not serve $NQ queues"

step "ping"
ina ping -c 3 -i 0.2 -W 2 "$B"

# iperf3 with 4 flows: each socket hashes to a TX queue (no XPS set), so
# some run may land all four on one queue (1 in 64); a new run re-hashes.
step "iperf3 -P 4 both ways: more than one TX queue carries traffic"
inb iperf3 -s -D -B "$B" --logfile /tmp/iperf3-wb.log
sleep 0.5
spread() {	# spread NAME NETNS IF [iperf3 options]: client in wa
	local name=$1 ns=$2 ifc=$3 try before after busy
	shift 3
	for try in 1 2 3; do
		before=$(qstats "$ns" "$ifc" tx)
		ina iperf3 -c "$B" -P 4 -t 4 -f m "$@" >"iperf3-$name-$try.txt"
		after=$(qstats "$ns" "$ifc" tx)
		busy=$(busy_queues "$before" "$after" 500)
		echo "$name try $try: $ifc tx per queue $before -> $after: $busy busy" |
			tee -a queues.txt
		grep SUM "iperf3-$name-$try.txt" | grep receiver
		[ "$busy" -ge 2 ] && return 0
	done
	die "$name: one TX queue carried everything, three times"
}
rx_before=$(qstats wb "$ifb" rx)
spread ab wa "$ifa"
rx_after=$(qstats wb "$ifb" rx)
[ "$(busy_queues "$rx_before" "$rx_after" 500)" -ge 2 ] ||
	die "$ifb received on one queue only: $rx_before -> $rx_after"
spread ba wb "$ifb" -R
ina ethtool -S "$ifa" >ethtool-S-a.txt
inb ethtool -S "$ifb" >ethtool-S-b.txt

# XPS: every CPU's map holds only queue q, so a new socket's frames go out
# on q; the wire brings them to queue q of the other device.
each_queue() {
	local q i m all xps tx0 rx0 tx1 rx1
	all=$(printf %x $(( (1 << $(nproc)) - 1 )))
	tx0=($(qstats wa "$ifa" tx)) rx0=($(qstats wb "$ifb" rx))
	for ((q = 0; q < NQ; q++)); do
		xps=
		for ((i = 0; i < NQ; i++)); do
			[ "$i" = "$q" ] && m=$all || m=0
			xps+="echo $m >/sys/class/net/$ifa/queues/tx-$i/xps_cpus; "
		done
		ina sh -c "$xps"	# sysfs of the namespace the netdev is in
		ina ping -c 3 -i 0.2 -W 2 "$B" >/dev/null || die "ping over queue $q"
		tx1=($(qstats wa "$ifa" tx)) rx1=($(qstats wb "$ifb" rx))
		echo "queue $q: $ifa tx ${tx0[*]} -> ${tx1[*]}, $ifb rx ${rx0[*]} -> ${rx1[*]}" |
			tee -a queues.txt
		(( tx1[q] >= tx0[q] + 3 )) || die "$ifa did not send on queue $q"
		(( rx1[q] >= rx0[q] + 3 )) || die "$ifb did not receive on queue $q"
		tx0=("${tx1[@]}") rx0=("${rx1[@]}")
	done
	xps=
	for ((i = 0; i < NQ; i++)); do
		xps+="echo 0 >/sys/class/net/$ifa/queues/tx-$i/xps_cpus; "
	done
	ina sh -c "$xps"
}
step "kill -9 the backend mid-iperf3 -P 4, start a new one"
ina iperf3 -c "$B" -P 4 -t 8 -f m >iperf3-crash.txt &
client=$!
sleep 3
kill -9 "$wire_pid"
wait "$wire_pid" 2>/dev/null || true
sleep 0.5
[ "$(ina cat "/sys/class/net/$ifa/carrier")" = 0 ] || die "carrier stayed on with no driver"
"$wire" shadow "$ida" | grep -q 'attached=0' || die "still attached"
start_wire
wait_carrier_in wa "$ifa"
wait_carrier_in wb "$ifb"
wait "$client" || die "the TCP transfer did not survive the crash"
grep SUM iperf3-crash.txt | grep receiver
"$wire" shadow "$idb" | grep -q 'generation=2' || die "no second attachment"

step "after the reattach each queue alone (XPS) carries a ping"
each_queue

step "clean up"
kill "$wire_pid"
wait "$wire_pid" || die "backend did not exit cleanly"
"$wire" destroy "$ida"
"$wire" destroy "$idb"
rmmod airlock
[ ! -e /sys/module/airlock ] || die "module still loaded"
