#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Attack class 9 from a running driver: the unmodified e1000 under
# airlockd, in its test build (airlock-host-e1000-faulty), moves its TX
# descriptor ring to an IOVA nothing was ever mapped at (SIGUSR1) in the
# middle of an iperf3. Nobody is told: the IOMMU must refuse the fetch and
# log it for this device, the shim's netdev watchdog and the e1000's reset
# must bring traffic back, the TCP transfer complete and the configuration
# survive; run-scenario checks dmesg. The wild MMIO half (SIGUSR2) is in
# tests/vm/known-failing/e1000-wild-mmio.sh.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/e1000-daemon-lib.sh"

nic_faulty_up

# fault_mid_iperf3 SIGNAL WHAT: the signal to the driver a third into a
# 30 s iperf3; the transfer must complete, whatever brought the device back.
fault_mid_iperf3() {
	local sig=$1 what=$2 pid client restarts
	restarts=$(json e0 "d['restarts']")
	inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile "/tmp/iperf3-$sig-server.log"
	sleep 0.5
	timeout 150 iperf3 -c "$LAB_PEER_ADDR" -t 30 -f m >"iperf3-$sig.txt" &
	client=$!
	sleep 10
	pid=$(driver_pid e0)
	[ "$pid" -gt 0 ] || die "no driver pid"
	step "$what (SIG$sig to driver pid $pid)"
	kill "-$sig" "$pid"
	wait "$client" || { cat "iperf3-$sig.txt"; die "the TCP transfer did not survive: $what"; }
	grep -E 'sender|receiver' "iperf3-$sig.txt"
	wait_state e0 running 60
	check_kept_state
	step "recovered from '$what': $(($(json e0 "d['restarts']") - restarts)) restarts, last crash: $(json e0 "d['last_crash']")"
}

fault_mid_iperf3 USR1 "wild DMA: TX descriptors at an unmapped IOVA"
grep -q "e0: \[[0-9]*\] host: fault: TX descriptor ring moved to IOVA 0x2000000000" "$DAEMON_LOG" ||
	die "the host did not report its wild DMA"
# The IOMMU's record: this device, a page of the ring it was sent to.
fault="DMAR: .*Request device \[${AIRLOCK_DUT#0000:}\] fault addr 0x2000000[0-9a-f]{3}"
dmesg | grep -E "DMAR: .*fault" | tee dmar-faults.txt
grep -Eq "$fault" dmar-faults.txt || die "no IOMMU fault logged for $AIRLOCK_DUT at the wild IOVA"

ctl status e0
step "stop airlockd cleanly: the device goes back to the in-kernel e1000"
stop_daemon_give_back
