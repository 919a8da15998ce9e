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

nic_fault_mid_iperf3 USR1 "wild DMA: the TX ring at an unmapped IOVA"
grep -q "e0: \[[0-9]*\] host: fault: TX ring moved to IOVA 0xc0000000" "$DAEMON_LOG" ||
	die "the host did not report its wild DMA"
# The IOMMU's record: this device, the page the init block was sent to.
check_dmar_fault '0xc0000[0-9a-f]{3}'

ctl status e0
step "stop airlockd cleanly: the device goes back to the in-kernel pcnet32"
stop_daemon_give_back
