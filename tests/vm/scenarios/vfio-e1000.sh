#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Lab proof (b): the e1000 moves to vfio-pci through driver_override; a C
# program reaches it through container, group and device (registers, DMA
# mapping); then it goes back to e1000 and carries traffic again.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

dev=/sys/bus/pci/devices/$AIRLOCK_DUT
driver_of() { basename "$(readlink "$dev/driver" 2>/dev/null)"; }

# Binds the device to driver $1 the way airlockd will: override, unbind, probe.
rebind() {
	echo "$1" >"$dev/driver_override"
	[ -e "$dev/driver" ] && echo "$AIRLOCK_DUT" >"$dev/driver/unbind"
	echo "$AIRLOCK_DUT" >/sys/bus/pci/drivers_probe
	[ "$(driver_of)" = "$1" ] || die "$AIRLOCK_DUT is bound to '$(driver_of)', not $1"
}

lab_peer_setup

step "bind $AIRLOCK_DUT to vfio-pci"
modprobe vfio-pci
rebind vfio-pci
group=$(basename "$(readlink "$dev/iommu_group")")
[ -c "/dev/vfio/$group" ] || die "no /dev/vfio/$group"
[ -z "$(netif_of_pci "$AIRLOCK_DUT")" ] || die "the e1000 interface survived the unbind"

step "vfio-probe"
"$AIRLOCK_BUILD/tests/vm/vfio-probe" "$AIRLOCK_DUT" "$AIRLOCK_DUT_MAC"

step "back to e1000"
rebind e1000
echo >"$dev/driver_override"
dut_if=$(netif_of_pci "$AIRLOCK_DUT")
[ -n "$dut_if" ] || die "e1000 made no interface after the rebind"
lab_dut_up "$dut_if"
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
