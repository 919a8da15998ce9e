#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The fault-injection campaign (lab scenario): airlockd supervises two cable
# devices (airlock-host-cable-faulty, driver option faults=PERIOD_MS,SEED),
# one cable, their proxies in namespaces wa and wb with a non-default MTU,
# MAC and promiscuous mode, iperf3 running between them in back-to-back
# 10 s transfers. Each host injects seeded faults by itself (drivers/cable/
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
#   CAMPAIGN_SEED (1)         device a uses SEED, device b SEED + 1, e0 SEED + 2
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
export DAEMON_LOG CAMPAIGN_E1000=$e1000
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
	for dev in a:cab0:$seed b:cab1:$((seed + 1)); do
		IFS=: read -r name ifname s <<<"$dev"
		printf '\n[device %s]\ndriver = cable\ncable = c0\ninterface = %s\n' "$name" "$ifname"
		printf 'host = airlock-host-cable-faulty\nuser = nobody\n'
		printf 'driver-options = faults=%s,%s\n' "$period" "$s"
		# Generous: the campaign counts quarantines, it does not want them.
		printf 'crash-budget = 500/60s\nrestart-backoff-ms = 10,100\n'
		# TCG on a shared machine stalls processes for a second at times.
		printf 'heartbeat-timeout-ms = 1500\n'
	done
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

step "configuration under faults: proxies into wa and wb, MTU 4000, a MAC, promiscuous mode"
for ((i = 0; i < 100; i++)); do
	[ -e /sys/class/net/cab0 ] && [ -e /sys/class/net/cab1 ] && break
	sleep 0.1
done
ip netns add wa
ip netns add wb
ip link set cab0 netns wa
ip link set cab1 netns wb
retry ina ip link set cab0 mtu 4000
retry ina ip link set cab0 address 02:a1:00:00:0a:0a
retry inb ip link set cab1 mtu 4000
retry inb ip link set cab1 promisc on
ina ip addr add "$A/24" dev cab0
inb ip addr add "$B/24" dev cab1
retry ina ip link set cab0 up
retry inb ip link set cab1 up
wait_carrier_in wa cab0 20
wait_carrier_in wb cab1 20
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

step "traffic: back-to-back iperf3 transfers from wa to wb"
inb iperf3 -s -D -B "$B" --logfile /tmp/iperf3-server.log
sleep 0.5
rm -f traffic.stop traffic.txt
(
	i=0
	while [ ! -e traffic.stop ]; do
		i=$((i + 1))
		if ina timeout 60 iperf3 -c "$B" -t 10 -f m >"iperf3-$i.txt" 2>&1; then
			echo "ok $(iperf3_receiver_mbps "iperf3-$i.txt") Mbit/s run $i" >>traffic.txt
		else
			echo "fail rc=$? run $i" >>traffic.txt
			tail -n 3 "iperf3-$i.txt" >&2
			sleep 1
		fi
	done
) &
traffic=$!
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
wait "$traffic"
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

step "the proxies still carry frames: jumbo ping with DF across both drivers"
ok=0
for ((try = 0; try < 20; try++)); do
	wait_carrier_in wa cab0 20
	wait_carrier_in wb cab1 20
	if ina ping -c 3 -i 0.2 -W 2 -M do -s 3972 "$B"; then
		ok=1
		break
	fi
	sleep 1	# a fault landed on the ping: the faults go on until the daemon stops
done
[ "$ok" = 1 ] || die_blocked "no jumbo ping across the proxies after the campaign"
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
