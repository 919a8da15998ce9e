#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The wild MMIO half of e1000-faults.sh, out of CI on an open finding
# (README.md here): the e1000's test build writes 2,000 seeded random values
# over BAR0 (SIGUSR2) mid-iperf3; traffic must come back by itself within
# 30 s or after airlockctl restart, then carry a TCP transfer with MTU 9000
# and the MAC kept; run-scenario checks dmesg.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/e1000-daemon-lib.sh"

nic_faulty_up

step "wild MMIO: random writes over BAR0 mid-iperf3 (SIGUSR2 to driver pid $(driver_pid e0))"
inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile /tmp/iperf3-USR2-server.log
sleep 0.5
timeout 60 iperf3 -c "$LAB_PEER_ADDR" -t 20 -f m >iperf3-USR2.txt &
client=$!
sleep 7
kill -USR2 "$(driver_pid e0)"
wait "$client" && outcome="the transfer completed" || outcome="the transfer broke off"
grep -q "e0: \[[0-9]*\] host: fault: 2000 random writes over BAR0" "$DAEMON_LOG" ||
	die "the host did not report its wild MMIO"
if ping -c 1 -w 30 "$LAB_PEER_ADDR" >/dev/null; then
	step "wild MMIO: $outcome; traffic came back by itself ($(json e0 "d['restarts']") restarts so far)"
else
	step "wild MMIO: $outcome; no traffic for 30 s and nothing noticed: airlockctl restart e0"
	ctl restart e0
	wait_state e0 running 60
fi
check_kept_state
pkill -x iperf3 || true	# a server still waiting for the transfer that broke off
sleep 0.5
iperf3_mbps 5 iperf3-after-mmio.txt >/dev/null || die "no TCP transfer after the wild MMIO"

ctl status e0
step "stop airlockd cleanly: the device goes back to the in-kernel e1000"
stop_daemon_give_back
