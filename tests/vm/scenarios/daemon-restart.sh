#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# airlockd is itself restartable: under iperf3 between two cable devices,
# airlockd is killed with SIGKILL (its driver hosts die with it); the proxy
# interfaces stay; a new airlockd on the same configuration finds them (its
# run-directory records, GET_SHADOW), restarts the drivers, the stub
# replays MTU, MAC and rx mode, and the TCP transfer completes. Then a
# crash loop spends the budget (2 crashes per 60 s): quarantine, with the
# reason in airlockctl status; airlockctl start lifts it.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"

PROXIES=$AIRLOCK_BUILD/tests/vm/airlock-proxies

insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
cable_config airlockd.conf "heartbeat-timeout-ms = 3000" "crash-budget = 2/60s" \
	"restart-backoff-ms = 10,1000"
start_daemon airlockd.conf
setup_netns
wait_state a running
wait_state b running
ina ping -c 2 -i 0.2 -W 2 "$B"
"$PROXIES" | tee proxies-before.txt
[ "$(grep -c . proxies-before.txt)" = 2 ] || die "want exactly two proxies"
ifindex_a=$(ina cat /sys/class/net/cab0/ifindex)
ifindex_b=$(inb cat /sys/class/net/cab1/ifindex)
gen_a=$(sed -n 's/.*ifname=cab0 .*generation=\([0-9]*\).*/\1/p' proxies-before.txt)
[ -n "$gen_a" ] || die "no generation for cab0"

inb iperf3 -s -D -B "$B" --logfile /tmp/iperf3-server.log
sleep 0.5
ina timeout 120 iperf3 -c "$B" -t 25 -f m >iperf3.txt &
client=$!
sleep 4

step "kill -9 airlockd mid-transfer"
old_pids="$(driver_pid a) $(driver_pid b)"
kill -KILL "$daemon_pid"
wait "$daemon_pid" 2>/dev/null && die "airlockd survived SIGKILL" || true
# Its driver hosts die with it (PDEATHSIG): nothing serves the proxies now.
end=$((SECONDS + 10))
while pgrep -f airlock-host-cable >/dev/null; do
	[ "$SECONDS" -lt "$end" ] || die "driver hosts $old_pids outlived airlockd"
	sleep 0.1
done
sleep 1
ina ip link show cab0 >/dev/null || die "cab0 went with the daemon"
inb ip link show cab1 >/dev/null || die "cab1 went with the daemon"
[ "$(ina cat /sys/class/net/cab0/carrier)" = 0 ] || die "carrier on cab0 with no driver"
"$PROXIES" | tee proxies-orphaned.txt
[ "$(grep -c 'attached=0' proxies-orphaned.txt)" = 2 ] || die "proxies not both detached"
[ -f /run/airlock/a.state ] && [ -f /run/airlock/b.state ] || die "no run-directory records"

step "a new airlockd on the same configuration"
DAEMON_LOG=$PWD/airlockd-2.log
start_daemon airlockd.conf
wait_state a running 30
wait_state b running 30
grep -q "^a: found its proxy cab0" "$DAEMON_LOG" || die "a did not find its proxy"
grep -q "^b: found its proxy cab1" "$DAEMON_LOG" || die "b did not find its proxy"
! grep -q "proxy .* created" "$DAEMON_LOG" || die "the new airlockd created a proxy"
"$PROXIES" | tee proxies-after.txt
[ "$(grep -c . proxies-after.txt)" = 2 ] || die "want exactly two proxies after the restart"
[ "$(grep -c 'attached=1' proxies-after.txt)" = 2 ] || die "proxies not both attached again"
gen_a2=$(sed -n 's/.*ifname=cab0 .*generation=\([0-9]*\).*/\1/p' proxies-after.txt)
[ "$gen_a2" -gt "$gen_a" ] || die "cab0's generation did not move ($gen_a -> $gen_a2)"
[ "$(ina cat /sys/class/net/cab0/ifindex)" = "$ifindex_a" ] || die "cab0 is a new interface"
[ "$(inb cat /sys/class/net/cab1/ifindex)" = "$ifindex_b" ] || die "cab1 is a new interface"
check_kept
[ "$(json a "d['interface']")" = cab0 ] || die "status names the wrong interface"

step "the TCP transfer completes"
wait "$client" || die "iperf3 failed across the daemon restart"
grep receiver iperf3.txt
mbps=$(iperf3_receiver_mbps iperf3.txt)
awk -v m="$mbps" 'BEGIN { exit !(m > 0) }' || die "nothing arrived"
ctl status
for dev in a b; do
	[ "$(json "$dev" "d['state']")" = running ] || die "$dev not running"
done
ina ping -c 2 -i 0.2 -W 2 "$B"

step "a crash loop ends in quarantine (budget 2 per 60 s)"
for n in 1 2; do
	pid=$(driver_pid a)
	[ "$pid" -gt 0 ] || die "no driver pid"
	kill -KILL "$pid"
	wait_restarts a "$n" 20
done
pid=$(driver_pid a)
kill -KILL "$pid"
wait_state a quarantined 20
reason=$(json a "d['quarantine_reason']")
echo "quarantine reason: $reason"
case $reason in
*"3 crashes within 60000 ms (budget 2)"*"signal SIGKILL"*) ;;
*) die "quarantine reason is '$reason'" ;;
esac
ctl status a | tee status-quarantined.txt
grep -q "quarantined:  3 crashes" status-quarantined.txt || die "text status has no reason"
[ "$(json a "d['pid']")" = 0 ] || die "a quarantined device has a driver"
sleep 2
[ "$(json a "d['state']")" = quarantined ] || die "quarantine did not hold"
[ "$(ina cat /sys/class/net/cab0/carrier)" = 0 ] || die "carrier on while quarantined"
[ "$(json b "d['state']")" = running ] || die "b suffered from a's quarantine"

step "airlockctl start lifts the quarantine"
ctl start a
wait_state a running 20
[ "$(json a "d['quarantine_reason']")" = None ] || die "the reason outlived the quarantine"
check_kept
ina ping -c 2 -i 0.2 -W 2 "$B"

step "clean stop"
kill -TERM "$daemon_pid"
wait "$daemon_pid" || die "airlockd did not stop cleanly"
