#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The README's main command (scripts/run-main.sh): what a newcomer should see
# first. airlockd hosts the unmodified e1000 driver (Debian's 6.1 source) in
# a confined process on the lab's e1000; iperf3 runs through it to the
# virtio-net peer; the driver is killed with SIGKILL in the middle; airlockd's
# log and `airlockctl status` show the recovery, and the TCP transfer
# completes. Not in tests/vm/scenarios/: e1000-airlockd.sh checks the same
# and more in CI. It still fails if any of it does not happen.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/e1000-daemon-lib.sh"

banner() { printf '\n######## %s\n' "$*"; }
SECS=20

lab_peer_setup
modprobe vfio-pci
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"

banner "1. airlockd takes the e1000 ($AIRLOCK_DUT) from the kernel and runs its driver in a process"
nic_config airlockd.conf
cat airlockd.conf
start_daemon airlockd.conf
wait_state e0 running 60
lab_dut_up air0
ctl status e0
ethtool -i air0 | grep -E '^(driver|version|bus-info):'
[ "$(cat /sys/class/net/air0/address)" = "$AIRLOCK_DUT_MAC" ] || die "not the EEPROM's MAC"

banner "2. the driver process: not root, no capabilities, seccomp allowlist"
pid=$(driver_pid e0)
ps -o pid,user,rss,args -p "$pid" | cat
check_confined "$pid"

banner "3. iperf3 for $SECS s through the hosted driver; SIGKILL to it after $((SECS / 3)) s"
inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile /tmp/iperf3-demo-server.log
sleep 0.5
iperf3 -c "$LAB_PEER_ADDR" -t "$SECS" -i 2 -f m --forceflush >iperf3-demo.txt &
client=$!
sleep $((SECS / 3))
log_mark=$(wc -l <"$DAEMON_LOG")
printf '>>> kill -9 %s   (the e1000 driver, mid-transfer)\n' "$pid"
kill -9 "$pid"
wait_restarts e0 1 60

banner "4. airlockd's log since the kill: classify, quiesce the device, restart, replay"
tail -n +"$((log_mark + 1))" "$DAEMON_LOG" | grep -v '\] <[67]>' || true

banner "5. airlockctl status"
ctl status e0
[ "$(driver_pid e0)" != "$pid" ] || die "the same driver pid after a restart"

banner "6. the TCP transfer completes (one connection, across the crash)"
wait "$client" || { cat iperf3-demo.txt; die "the transfer did not survive the crash"; }
cat iperf3-demo.txt
[ -n "$(iperf3_receiver_mbps iperf3-demo.txt)" ] || die "iperf3 reports nothing received"
ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR"

banner "7. airlockd stops cleanly; the e1000 goes back to the kernel's own driver"
stop_daemon_give_back
banner "done: the unmodified e1000 crashed under load and nobody but the log noticed"
