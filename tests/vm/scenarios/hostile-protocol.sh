#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A hostile driver against airlock.ko, attack classes 3, 6 and 8: control
# replies to nothing, twice, with the wrong opcode or status; never
# answering; a garbage state block and ethtool counts beyond bounds read by
# ethtool meanwhile; ATTACH with broken regions, foreign ids, no privileges;
# attach/close loops; a broken UDP checksum the driver claims it verified;
# a TSO declaration flipping every 10 ms, and nonstop with doorbells (a
# VLAN stacked on the proxy); OPEN answered with kernel-internal errnos,
# and while the TSO declaration changes; a replay larger than the control
# ring; MTU, MAC and ring sizes refused, answered late and never answered.
# A good driver works after each.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/hostile/lab.sh"

# ethtool_stats_ok: ethtool -S on the attacked (one-queue) device lists at
# most the stub's 7 counters, 2 per queue and AIRLOCK_MAX_ETHTOOL_STATS
# driver stats, names within 31 bytes.
max_stats=$((7 + 2 + 64))
ethtool_stats_ok() {
	local out n long
	out=$(ina ethtool -S "$ifa") || die "ethtool -S failed"
	n=$(grep -c ':' <<<"$out")
	n=$((n - 1))	# the "NIC statistics:" header
	long=$(awk -F: 'NR > 1 { sub(/^ +/, "", $1); if (length($1) > 31) print $1 }' <<<"$out")
	[ "$n" -le "$max_stats" ] || die "ethtool -S listed $n stats, want <= $max_stats"
	[ -z "$long" ] || die "ethtool -S name longer than 31 bytes: $long"
	echo "$n"
}

hostile_setup
attack ctrl-unsolicited detach 1
attack ctrl-duplicate detach 1
attack ctrl-wrong-opcode detach 1
attack ctrl-bad-status detach 1
attack ctrl-silent survive 0
attack ctrl-error-status survive 0
attack ctrl-kernel-errno survive 0
attack config-refused survive 0
attack rx-mode-burst survive 0
attack open-tso-flip survive 0
attack replay-small-ring survive 0

step "state-garbage, read by ethtool meanwhile"
(sleep 2.5; n=$(ethtool_stats_ok); echo "$n" >garbage-stats.txt
	ina ethtool -g "$ifa" | awk '/^Current/ { c = 1 } c && ($1 == "RX:" || $1 == "TX:") { print $2 }' |
		tr '\n' ' ' >garbage-rings.txt
	ina ethtool -c "$ifa" >garbage-coalesce.txt 2>&1 || echo "refused" >>garbage-coalesce.txt) &
reader=$!
attack state-garbage survive 0 --seconds 3
wait "$reader" || die "ethtool while the state block was garbage"
[ "$(cat garbage-stats.txt)" -eq "$max_stats" ] || die "want $max_stats stats for n_ethtool_stats=2^32-1"
# rx_ring_size 2^32-1: not taken (the sizes asked for instead); tx_ring_size 100: taken.
read -r grx gtx <garbage-rings.txt || true
step "ethtool -g with rx_ring_size 2^32-1, tx_ring_size 100: RX $grx, TX $gtx"
[ -n "$grx" ] && [ "$grx" -le 4096 ] || die "ethtool -g took RX ring size '$grx' from the garbage"
[ "$gtx" = 100 ] || die "ethtool -g shows TX '$gtx', not the driver's 100"
# coalesce_known 2 (only 1 says the values are the driver's): nothing to show.
step "ethtool -c with coalesce_known 2, rx_usecs 77: $(tr '\n' ' ' <garbage-coalesce.txt)"
grep -q 'not supported' garbage-coalesce.txt && grep -qx refused garbage-coalesce.txt ||
	die "ethtool -c took coalescing from coalesce_known=2"

step "ethtool-counts: ethtool -S 30 times while the count flips"
(sleep 1.5; for i in $(seq 30); do ethtool_stats_ok >>counts-stats.txt; done) &
reader=$!
attack ethtool-counts survive 0 --seconds 5
wait "$reader" || die "ethtool while the count flipped"
sort -n counts-stats.txt | uniq -c

attack attach-bad-region survive 0
attack attach-foreign-id survive 0
attack reopen-loop survive 0 --seconds 10
attack rx-bad-csum survive 0
attack tso-flap survive 0 --seconds 3

step "a VLAN on each proxy, then a TSO flip storm with doorbells"
ina ip link add link "$ifa" name vl7 type vlan id 7
inb ip link add link "$ifb" name vl7 type vlan id 7
ina ip addr add 198.51.100.11/24 dev vl7
inb ip addr add 198.51.100.12/24 dev vl7
ina ip link set vl7 up
inb ip link set vl7 up
attack tso-storm survive 0 --seconds 5
step "the VLAN on the stormed proxy carries a ping"
"$wire" serve "$ida" "$idb" 2>>wire.log &
wire_pid=$!
wait_carrier_in wa "$ifa" 15
wait_carrier_in wb "$ifb" 15
ina ping -c 2 -i 0.2 -W 3 198.51.100.12 >/dev/null || die "no ping over the VLAN after the storm"
kill "$wire_pid"
wait "$wire_pid" || die "airlock-wire did not exit cleanly"
ina ip link del vl7
inb ip link del vl7
step "TSO went with the driver that declared it"
# The netdev follows within a second (one feature change per second at most).
for _ in 1 2 3 4 5; do
	[ "$(tso_state "$ifa" wa)" = off ] && break
	sleep 0.5
done
[ "$(tso_state "$ifa" wa)" = off ] || die "$ifa still offers TSO with no driver that segments"
hostile_teardown
