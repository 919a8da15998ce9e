#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab: pcnet
# Attack class 9 from a running pcnet32: its test build
# (airlock-host-pcnet32-faulty, drivers/pcnet32/faults.c) writes an IOVA
# nothing was ever mapped at (0xc0000000) as the transmit ring's address
# into the chip's initialization block and has the chip reload it (stop,
# INIT and STRT; SIGUSR1), in the middle of an iperf3. Nobody is told: the
# IOMMU must refuse the chip's descriptor fetches and log them for this
# device; the netdev watchdog the Linux family runs calls pcnet32's
# tx_timeout, whose restart writes the real ring address back into the
# block, so traffic comes back without a restart (one by airlockd would do
# too); the TCP transfer completes and the configuration survives;
# run-scenario checks dmesg.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"

[ -n "${AIRLOCK_PCNET:-}" ] || die "no PCnet in the lab (# lab: pcnet)"
nic_use "$AIRLOCK_PCNET" pcnet32 air0 1400
nic_faulty_up

restarts=$(json e0 "d['restarts']")
inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile /tmp/iperf3-usr1-server.log
sleep 0.5
timeout 150 iperf3 -c "$LAB_PEER_ADDR" -t 30 -f m >iperf3-usr1.txt &
client=$!
sleep 10
pid=$(driver_pid e0)
[ "$pid" -gt 0 ] || die "no driver pid"
step "wild DMA: the TX ring at an unmapped IOVA (SIGUSR1 to driver pid $pid)"
kill -USR1 "$pid"
wait "$client" || { cat iperf3-usr1.txt; die "the TCP transfer did not survive the wild DMA"; }
grep -E 'sender|receiver' iperf3-usr1.txt
wait_state e0 running 60
check_kept_state
step "recovered: $(($(json e0 "d['restarts']") - restarts)) restarts, last crash: $(json e0 "d['last_crash']")"
grep -q "e0: \[[0-9]*\] host: fault: TX ring moved to IOVA 0xc0000000" "$DAEMON_LOG" ||
	die "the host did not report its wild DMA"
# The IOMMU's record: this device, the page the init block was sent to.
dmesg | grep -E "DMAR: .*fault" | tee dmar-faults.txt
grep -Eq "DMAR: .*Request device \[${AIRLOCK_PCNET#0000:}\] fault addr 0xc0000[0-9a-f]{3}" dmar-faults.txt ||
	die "no IOMMU fault logged for $AIRLOCK_PCNET at the wild IOVA"

ctl status e0
step "stop airlockd cleanly: the device goes back to the in-kernel pcnet32"
stop_daemon_give_back
