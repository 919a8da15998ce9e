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

nic_fault_mid_iperf3 USR1 "wild DMA: TX descriptors at an unmapped IOVA"
grep -q "e0: \[[0-9]*\] host: fault: TX descriptor ring moved to IOVA 0x2000000000" "$DAEMON_LOG" ||
	die "the host did not report its wild DMA"
# The IOMMU's record: this device, a page of the ring it was sent to.
check_dmar_fault '0x2000000[0-9a-f]{3}'

ctl status e0
step "stop airlockd cleanly: the device goes back to the in-kernel e1000"
stop_daemon_give_back
