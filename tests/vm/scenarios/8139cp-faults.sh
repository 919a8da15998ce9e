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

nic_fault_mid_iperf3 USR1 "wild DMA: TX descriptors at an unmapped IOVA"
grep -q "e0: \[[0-9]*\] host: fault: TX descriptor ring moved to IOVA 0x2000000000" "$DAEMON_LOG" ||
	die "the host did not report its wild DMA"
check_dmar_fault '0x2000000[0-9a-f]{3}'

ctl status e0
step "stop airlockd cleanly: the device goes back to the in-kernel 8139cp"
ip link set air0 promisc off
stop_daemon_give_back
