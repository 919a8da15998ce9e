#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab: e1000e
# e1000e's interrupt fallbacks under airlockd, chosen with its own module
# parameter (driver-options = IntMode=N): MSI, then INTx (legacy), each
# carrying ping with the host kernel's VFIO counting its interrupts
# (vfio-msi / vfio-intx in /proc/interrupts, which the driver cannot
# fake). With MSI, e1000e at open fires an interrupt at itself and
# msleeps 100 ms under rtnl; only if its handler ran meanwhile does it
# keep MSI, else it logs "MSI interrupt test failed" and falls back to
# INTx. The hosted driver must end where the in-kernel e1000e, asked for
# MSI on the same device in the same boot, ends.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"

[ -n "${AIRLOCK_E1000E:-}" ] || die "no e1000e in this lab (# lab: e1000e)"
nic_use "$AIRLOCK_E1000E" e1000e air0

# vfio_irqs KIND: the host kernel's count of KIND (vfio-msi, vfio-intx)
# interrupts for the device, over all CPUs and vectors.
vfio_irqs() {
	awk -v kind="$1" -v dev="($AIRLOCK_E1000E)" 'index($0, dev) && index($0, kind) {
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i } END { print n + 0 }' /proc/interrupts
}

# hosted_with MODE KIND LOG: airlockd hosts e1000e with IntMode=MODE; the
# shim logged LOG last; VFIO routes KIND (and no MSI-X); ping moves KIND.
hosted_with() {
	local mode=$1 kind=$2 want=$3 before after
	NIC_DEVICE_KEYS="driver-options = IntMode=$mode"
	nic_config airlockd.conf
	start_daemon airlockd.conf
	wait_state e0 running 60
	lab_dut_up air0
	ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
	grep -E "e0: \[[0-9]*\] .*$AIRLOCK_E1000E: interrupts: " "$DAEMON_LOG" | tail -n 1 | tee irq-mode.txt
	grep -q "interrupts: $want\$" irq-mode.txt || die "IntMode=$mode: the driver ended on $(cat irq-mode.txt)"
	grep "vfio" /proc/interrupts | tee -a "proc-interrupts-$mode.txt"
	grep -q "vfio-msix" "proc-interrupts-$mode.txt" && die "MSI-X routed with IntMode=$mode"
	before=$(vfio_irqs "$kind")
	ping -c 5 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null
	after=$(vfio_irqs "$kind")
	step "$kind interrupts of $AIRLOCK_E1000E: $before -> $after"
	[ "$after" -gt "$before" ] || die "no $kind interrupt under traffic"
}

stop_daemon() {
	ip addr flush dev air0
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || die "airlockd did not stop cleanly"
	: >"$DAEMON_LOG"
}

step "the in-kernel e1000e with IntMode=1: does its MSI self-test pass on this device?"
modprobe -r e1000e
dmesg -C
modprobe e1000e IntMode=1
kif=$(wait_netif_of_pci "$AIRLOCK_E1000E")
ip link set "$kif" up
sleep 1
dmesg | grep -i "e1000e\|msi" | tee inkernel-msi.txt
if grep -q "MSI interrupt test failed" inkernel-msi.txt; then
	msi_kind=vfio-intx msi_want=INTx
else
	msi_kind=vfio-msi msi_want="MSI, 1 vector"
fi
ip link set "$kif" down
step "in-kernel e1000e with MSI ends on $msi_want"

lab_peer_setup
modprobe vfio-pci
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"

step "IntMode=1: MSI, its self-test waiting for its own interrupt, ends as in-kernel ($msi_want)"
hosted_with 1 "$msi_kind" "$msi_want"
grep -q "interrupts: MSI, 1 vector" "$DAEMON_LOG" || die "IntMode=1: MSI was never enabled"
check_confined "$(driver_pid e0)"
stop_daemon

step "IntMode=0: INTx"
hosted_with 0 vfio-intx "INTx"
stop_daemon
