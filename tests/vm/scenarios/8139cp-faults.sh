#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab: rtl8139
# Attack class 9 from a running 8139cp: its test build
# (airlock-host-8139cp-faulty, drivers/8139cp/faults.c) moves the chip's
# TX descriptor ring to an IOVA nothing was ever mapped at (SIGUSR1) a
# third into a 30 s iperf3. Nobody is told: the IOMMU must refuse the
# fetch and log it for this device, the family's netdev watchdog and
# 8139cp's own tx_timeout (a chip reset) bring traffic back, the TCP
# transfer completes and the kept state (MTU, MAC, promiscuous mode)
# survives; then a clean stop gives the device back.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"

[ -n "${AIRLOCK_RTL8139:-}" ] || die "no RTL8139C+ in this lab (# lab: rtl8139)"
nic_use "$AIRLOCK_RTL8139" 8139cp air0 1500
nic_faulty_up

inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile /tmp/iperf3-USR1-server.log
sleep 0.5
timeout 150 iperf3 -c "$LAB_PEER_ADDR" -t 30 -f m >iperf3-USR1.txt &
client=$!
sleep 10
pid=$(driver_pid e0)
[ "$pid" -gt 0 ] || die "no driver pid"
step "wild DMA: TX descriptors at an unmapped IOVA (SIGUSR1 to driver pid $pid)"
kill -USR1 "$pid"
wait "$client" || { cat iperf3-USR1.txt; die "the TCP transfer did not survive the wild DMA"; }
grep -E 'sender|receiver' iperf3-USR1.txt
wait_state e0 running 60
check_kept_state
step "recovered: $(json e0 "d['restarts']") restarts, last crash: $(json e0 "d['last_crash']")"
grep -q "e0: \[[0-9]*\] host: fault: TX descriptor ring moved to IOVA 0x2000000000" "$DAEMON_LOG" ||
	die "the host did not report its wild DMA"
fault="DMAR: .*Request device \[${AIRLOCK_RTL8139#0000:}\] fault addr 0x2000000[0-9a-f]{3}"
dmesg | grep -E "DMAR: .*fault" | tee dmar-faults.txt
grep -Eq "$fault" dmar-faults.txt || die "no IOMMU fault logged for $AIRLOCK_RTL8139 at the wild IOVA"

ctl status e0
step "stop airlockd cleanly: the device goes back to the in-kernel 8139cp"
ip link set air0 promisc off
stop_daemon_give_back
