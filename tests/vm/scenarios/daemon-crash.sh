#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab: oom-expected
# airlockd supervising two cable driver hosts under iperf3: the driver is
# killed with SIGKILL, segfaults, calls a forbidden system call, stops
# heartbeating, allocates without bound (killed by its cgroup's memory
# limit), stops transmitting while it heartbeats (TX stuck), and takes
# frames but sends none (stalled: data-path liveness);
# each time airlockd classifies the end, restarts it, the
# stub replays MTU, MAC and rx mode, and the TCP transfer completes.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"

insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
cable_config airlockd.conf "heartbeat-timeout-ms = 3000" "crash-budget = 10/60s" \
	"restart-backoff-ms = 10,1000" "memory-max = 64M" "stall-timeout-ms = 4000"
start_daemon airlockd.conf
setup_netns
wait_state a running
ina ping -c 2 -i 0.2 -W 2 "$B"
ctl status

step "each driver in a cgroup of its own, with its limits"
cg=/sys/fs/cgroup/airlock/driver-a
[ "$(cat "$cg/memory.max")" = $((64 << 20)) ] || die "driver-a: memory.max $(cat "$cg/memory.max")"
[ "$(cat /sys/fs/cgroup/airlock/driver-b/memory.max)" = $((256 << 20)) ] || die "driver-b: not the default limit"
grep -qx "0::/airlock/driver-a" "/proc/$(driver_pid a)/cgroup" || die "driver a is not in its cgroup"

inb iperf3 -s -D -B "$B" --logfile /tmp/iperf3-server.log
sleep 0.5
ina timeout 120 iperf3 -c "$B" -t 40 -f m >iperf3.txt &
client=$!
sleep 3

n=0
crash() {	# crash SIGNAL WHAT EXPECTED-REASON [SECONDS to come back]
	local pid
	n=$((n + 1))
	pid=$(driver_pid a)
	[ "$pid" -gt 0 ] || die "no driver pid"
	step "crash $n: $2 (pid $pid)"
	kill "-$1" "$pid"
	wait_restarts a "$n" "${4:-20}"
	check_kept
	json a "d['last_crash']" | tee -a reasons.txt | grep -q -- "$3" ||
		die "crash $n classified as '$(json a "d['last_crash']")', want '$3'"
	sleep 3
}

crash KILL "kill -9" "signal SIGKILL"
crash QUIT "segfault" "signal SIGSEGV"
crash USR1 "forbidden system call" "seccomp: forbidden system call socket"
crash USR2 "hang without heartbeat" "hang: no heartbeat"
crash TTIN "allocates without bound" "memory limit: killed by the OOM killer at memory.max 64 MiB"
daemon_alive

step "the TCP transfer completes"
wait "$client" || die "iperf3 failed across the crashes"
grep receiver iperf3.txt

# Heartbeats on but takes no TX: the TX ring fills (a ping stream feeds
# it), the watchdog times the stopped queue out (5 s), the driver is told
# and does nothing, the second timeout replaces it.
ina ping -q -i 0.02 -w 60 "$B" >/dev/null 2>&1 &
pinger=$!
crash PWR "stops transmitting, heartbeat goes on" "TX stuck: the watchdog timed out twice" 40
# Takes every frame and gives its buffer back, sends none: no queue stops,
# no watchdog fires; airlockd sees the frames taken and none counted sent.
crash XCPU "takes frames, sends none, heartbeat goes on" "stalled: [0-9]* frames taken in [0-9]* ms, none sent" 40
kill "$pinger" 2>/dev/null || true
wait "$pinger" 2>/dev/null || true

step "the log names each event"
grep -q "a: driver pid .* ended: seccomp: forbidden system call socket" "$DAEMON_LOG" ||
	die "the log does not name the system call"
grep -q "a: \[[0-9]*\] .*fault: socket()" "$DAEMON_LOG" || die "host stderr not in the daemon log"
grep -q "a: recovered in" "$DAEMON_LOG" || die "no recovery timing in the log"
grep -q "a: driver pid .*: TX stuck (a second watchdog timeout within 12 s), killing it" \
	"$DAEMON_LOG" || die "the log does not say why the stuck driver was replaced"
grep -q "a: driver pid .*: stalled: [0-9]* frames taken in [0-9]* ms, none sent, killing it" \
	"$DAEMON_LOG" || die "the log does not say why the stalled driver was replaced"

step "status --json has the recovery history"
ctl --json status a >status-a.json
python3 - status-a.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["recoveries"]
assert len(r) == 7, r
assert d["restarts"] == 7 and d["state"] == "running", d
for rec in r:
    assert rec["restart_us"] is not None and rec["replay_us"] is not None, rec
assert d["recovery_summary"]["restart"]["n"] == 7, d["recovery_summary"]
print("recoveries:", [(x["reason"], x["total_us"]) for x in r])
PY
ctl status a
ctl stats a
[ "$(json b "d['restarts']")" = 0 ] || die "device b restarted too"

step "airlockctl stop, start, restart"
ctl stop a
wait_state a stopped
[ "$(ip netns exec wa cat /sys/class/net/cab0/carrier)" = 0 ] || die "carrier on without a driver"
ctl start a
wait_state a running
pid=$(driver_pid a)
ctl restart a
wait_state a running
[ "$(driver_pid a)" != "$pid" ] || die "restart kept the old driver"
[ "$(json a "d['restarts']")" = 7 ] || die "operator actions counted as crashes"
check_kept
ina ping -c 2 -i 0.2 -W 2 "$B"

step "clean stop"
kill -TERM "$daemon_pid"
wait "$daemon_pid" || die "airlockd did not stop cleanly"
grep -q "airlockd: stopped" "$DAEMON_LOG" || die "no clean stop in the log"
! pgrep -f airlock-host-cable >/dev/null || die "driver hosts outlived the daemon"
