#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The fault-injection campaign (lab scenario): airlockd supervises two cable
# devices (airlock-host-cable-faulty, driver option faults=PERIOD_MS,SEED),
# one cable, their proxies in namespaces wa and wb with a non-default MTU,
# MAC and promiscuous mode, iperf3 running between them in back-to-back
# 10 s transfers; with CAMPAIGN_CABLES=N, N such cables side by side (more
# faults per second for a long run, each path still faulted only as often
# as TCP can take). Each host injects seeded faults by itself (drivers/cable/
# faults.h): crashes, abort, exit, hang, a forbidden system call, ring ABI
# violations the stub must detach, garbage it must tolerate. With
# CAMPAIGN_E1000=1 airlockd also hosts the lab's e1000 as device e0, its
# test build (airlock-host-e1000-faulty) injecting device faults by itself
# (wild DMA, DMA at the neighbour's IOVAs, wild MMIO, the transmitter
# off) beside the same deaths, its proxy air0 set to MTU 9000 and its own
# MAC, iperf3 running between it and the lab's peer.
# bench/lab/campaign.py watches until CAMPAIGN_FAULTS faults were injected,
# checks the configuration after every recovery, and writes campaign.txt
# (the table for docs/security.md) and campaign.json.
#
# Knobs (set by the caller before sourcing, or by a wrapper scenario):
#   CAMPAIGN_FAULTS (20)      faults to inject, both devices together
#   CAMPAIGN_PERIOD_MS (2500) mean time between faults of one instance
#   CAMPAIGN_SEED (1)         device a uses SEED, device b SEED + 1, e0 SEED + 2;
#                             the K-th further cable's aK and bK SEED + 10K, + 10K + 1
#   CAMPAIGN_CABLES (1)       cables, two faulty devices each: a, b (cab0, cab1 in
#                             wa, wb), then aK, bK (cab2K, cab2K+1 in waK, wbK)
#   CAMPAIGN_E1000 (0)        1: the e1000 too (device e0, the lab's DUT)
#   CAMPAIGN_E1000_PERIOD_MS (15000) the e1000's mean time between faults:
#                             its restart takes seconds under TCG, and
#                             traffic must flow between its faults
#   CAMPAIGN_MAX_SECONDS (120) stop watching then, whatever the count
#   CAMPAIGN_ASSERT (0)       1: fail unless every fault recovered, no
#                             configuration lost, no quarantine, every TCP
#                             transfer completed, the proxies still work
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"

faults=${CAMPAIGN_FAULTS:-20}
period=${CAMPAIGN_PERIOD_MS:-2500}
seed=${CAMPAIGN_SEED:-1}
max_s=${CAMPAIGN_MAX_SECONDS:-120}
check=${CAMPAIGN_ASSERT:-0}
e1000=${CAMPAIGN_E1000:-0}
e1000_period=${CAMPAIGN_E1000_PERIOD_MS:-15000}
cables=${CAMPAIGN_CABLES:-1}
export DAEMON_LOG CAMPAIGN_E1000=$e1000 CAMPAIGN_CABLES=$cables

# Cable K's two ends: "DEVICE IFNAME NETNS ADDRESS SEED" for side a and b.
# Cable 0 keeps the names the CI variant and campaign.py always had.
cable_end() {
	local k=$1 side=$2 n b=0
	[ "$side" = a ] || b=1
	n=$((2 * k + b))
	if [ "$k" = 0 ]; then
		case $side in
		a) echo "a cab0 wa $A $seed" ;;
		b) echo "b cab1 wb $B $((seed + 1))" ;;
		esac
	else
		echo "$side$k cab$n w$side$k 198.18.$k.$((1 + b)) $((seed + 10 * k + b))"
	fi
}
campaign() { python3 "$AIRLOCK_SRC/bench/lab/campaign.py" "$@"; }

step "campaign: $faults faults, one per ${period} ms per device on average, seed $seed"
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
[ "$e1000" != 1 ] || modprobe vfio-pci
# One host-dir for both families' test builds, as an installed system has.
hosts=$(mktemp -d /tmp/airlock-hosts.XXXXXX)
chmod 755 "$hosts"
cp "$AIRLOCK_BUILD/drivers/cable/airlock-host-cable-faulty" "$hosts/"
[ "$e1000" != 1 ] || cp "$AIRLOCK_BUILD/drivers/linux/airlock-host-e1000-faulty" "$hosts/"
{
	printf '[daemon]\nhost-dir = %s\n' "$hosts"
	for ((k = 0; k < cables; k++)); do for side in a b; do
		read -r name ifname _ _ s < <(cable_end "$k" "$side")
		printf '\n[device %s]\ndriver = cable\ncable = c%s\ninterface = %s\n' "$name" "$k" "$ifname"
		printf 'host = airlock-host-cable-faulty\nuser = nobody\n'
		printf 'driver-options = faults=%s,%s\n' "$period" "$s"
		# Generous: the campaign counts quarantines, it does not want them.
		printf 'crash-budget = 500/60s\nrestart-backoff-ms = 10,100\n'
		# TCG on a shared machine stalls processes for a second at times.
		printf 'heartbeat-timeout-ms = 1500\n'
	done; done
	if [ "$e1000" = 1 ]; then
		printf '\n[device e0]\ndriver = e1000\npci = %s\ninterface = air0\n' "$AIRLOCK_DUT"
		printf 'host = airlock-host-e1000-faulty\nuser = nobody\n'
		printf 'driver-options = faults=%s,%s\n' "$e1000_period" "$((seed + 2))"
		printf 'crash-budget = 500/60s\nrestart-backoff-ms = 10,100\n'
		# The e1000's probe and replay take seconds under TCG; a device
		# made deaf by wild MMIO is found after 10 s, not the default minute.
		printf 'heartbeat-timeout-ms = 3000\ndeaf-timeout-ms = 10000\n'
	fi
} >airlockd.conf
cat airlockd.conf
start_daemon airlockd.conf

# retry CMD...: faults run from the first instance on, and a configuration
# call that reaches a hung driver fails after the stub's control timeout
# (ETIMEDOUT, by design): an operator would try again, so does this.
retry() {
	local i
	for ((i = 0; i < 30; i++)); do
		"$@" && return 0
		sleep 0.5
	done
	die "failed 30 times: $*"
}

# Each cable: side a gets MTU 4000 and a MAC of its own, side b MTU 4000 and
# promiscuous mode, each end in its own namespace.
for ((k = 0; k < cables; k++)); do
	read -r _ if_a ns_a addr_a _ < <(cable_end "$k" a)
	read -r _ if_b ns_b addr_b _ < <(cable_end "$k" b)
	step "configuration under faults: $if_a into $ns_a, $if_b into $ns_b, MTU 4000, a MAC, promiscuous mode"
	for ((i = 0; i < 100; i++)); do
		[ -e "/sys/class/net/$if_a" ] && [ -e "/sys/class/net/$if_b" ] && break
		sleep 0.1
	done
	ip netns add "$ns_a"
	ip netns add "$ns_b"
	ip link set "$if_a" netns "$ns_a"
	ip link set "$if_b" netns "$ns_b"
	retry ip netns exec "$ns_a" ip link set "$if_a" mtu 4000
	retry ip netns exec "$ns_a" ip link set "$if_a" address "02:a1:00:00:0a:$(printf %02x $((10 + k)))"
	retry ip netns exec "$ns_b" ip link set "$if_b" mtu 4000
	retry ip netns exec "$ns_b" ip link set "$if_b" promisc on
	ip netns exec "$ns_a" ip addr add "$addr_a/24" dev "$if_a"
	ip netns exec "$ns_b" ip addr add "$addr_b/24" dev "$if_b"
	retry ip netns exec "$ns_a" ip link set "$if_a" up
	retry ip netns exec "$ns_b" ip link set "$if_b" up
	wait_carrier_in "$ns_a" "$if_a" 20
	wait_carrier_in "$ns_b" "$if_b" 20
done
if [ "$e1000" = 1 ]; then
	step "configuration under faults: air0 with MTU 9000 and its own MAC, the peer in its namespace"
	lab_peer_setup
	inpeer ip link set "$AIRLOCK_PEER_IF" mtu 9000
	for ((i = 0; i < 600; i++)); do
		[ -e /sys/class/net/air0 ] && break
		sleep 0.1
	done
	retry ip link set air0 mtu 9000
	retry ip link set air0 address 02:a1:00:00:e0:e0
	ip addr add "$LAB_DUT_ADDR/24" dev air0
	retry ip link set air0 up
fi
ctl status

rm -f traffic.stop traffic.txt
traffic=()
for ((k = 0; k < cables; k++)); do
	read -r _ _ ns_a _ _ < <(cable_end "$k" a)
	read -r _ _ ns_b addr_b _ < <(cable_end "$k" b)
	step "traffic: back-to-back iperf3 transfers from $ns_a to $ns_b"
	ip netns exec "$ns_b" iperf3 -s -D -B "$addr_b" --logfile "/tmp/iperf3-server-$k.log"
	sleep 0.5
	(
		i=0
		while [ ! -e traffic.stop ]; do
			i=$((i + 1))
			out=iperf3-c$k-$i.txt
			if ip netns exec "$ns_a" timeout 60 iperf3 -c "$addr_b" -t 10 -f m >"$out" 2>&1; then
				echo "ok $(iperf3_receiver_mbps "$out") Mbit/s run $i cable $k" >>traffic.txt
			else
				echo "fail rc=$? run $i cable $k" >>traffic.txt
				tail -n 3 "$out" >&2
				sleep 1
			fi
		done
	) &
	traffic+=($!)
done
if [ "$e1000" = 1 ]; then
	inpeer iperf3 -s -D -B "$LAB_PEER_ADDR" --logfile /tmp/iperf3-peer-server.log
	sleep 0.5
	rm -f traffic-e0.txt
	(
		i=0
		while [ ! -e traffic.stop ]; do
			i=$((i + 1))
			out=iperf3-e0-$i.txt
			rc=0
			timeout 60 iperf3 -c "$LAB_PEER_ADDR" -t 10 -f m >"$out" 2>&1 || rc=$?
			mbps=$(iperf3_receiver_mbps "$out" || true)
			if grep -q "unable to connect" "$out"; then
				# Not a transfer: the e1000 was between instances. Again soon.
				echo "noconnect run $i" >>traffic-e0.txt
				sleep 2
			elif [ "$rc" = 0 ] && awk -v m="${mbps:-0}" 'BEGIN { exit !(m > 0) }'; then
				echo "ok $mbps Mbit/s run $i" >>traffic-e0.txt
			else
				echo "fail rc=$rc ${mbps:-?} Mbit/s run $i" >>traffic-e0.txt
				sleep 1
			fi
		done
	) &
	traffic_e0=$!
fi

step "watching until $faults faults (at most $max_s s)"
campaign watch --faults "$faults" --max-seconds "$max_s"

step "traffic stops after its current transfer"
touch traffic.stop
wait "${traffic[@]}"
cat traffic.txt
if [ "$e1000" = 1 ]; then
	wait "$traffic_e0"
	cat traffic-e0.txt
fi

step "report"
rc=0
if [ "$check" = 1 ]; then
	campaign report --assert || rc=$?
else
	campaign report
fi
ctl status
echo "kernel lines about ABI violations (rate-limited): $(dmesg | grep -c 'driver violated the ABI' || true)"

[ "$rc" = 0 ] || die "campaign verdict: see FAILED lines above"

for ((k = 0; k < cables; k++)); do
	read -r _ if_a ns_a _ _ < <(cable_end "$k" a)
	read -r _ if_b ns_b addr_b _ < <(cable_end "$k" b)
	step "the proxies still carry frames: jumbo ping with DF across $if_a and $if_b"
	ok=0
	for ((try = 0; try < 20; try++)); do
		wait_carrier_in "$ns_a" "$if_a" 20
		wait_carrier_in "$ns_b" "$if_b" 20
		if ip netns exec "$ns_a" ping -c 3 -i 0.2 -W 2 -M do -s 3972 "$addr_b"; then
			ok=1
			break
		fi
		sleep 1	# a fault landed on the ping: the faults go on until the daemon stops
	done
	[ "$ok" = 1 ] || die_blocked "no jumbo ping across $if_a and $if_b after the campaign"
done
if [ "$e1000" = 1 ]; then
	ok=0
	for ((try = 0; try < 20; try++)); do
		wait_carrier air0 30
		if ping -c 3 -i 0.2 -W 2 -M do -s 8972 "$LAB_PEER_ADDR"; then
			ok=1
			break
		fi
		sleep 1
	done
	[ "$ok" = 1 ] || die_blocked "no jumbo ping through the e1000 after the campaign"
fi

step "clean stop"
kill -TERM "$daemon_pid"
wait "$daemon_pid" || die "airlockd did not stop cleanly"
[ "$rc" = 0 ] || die "campaign verdict: see FAILED lines above"
