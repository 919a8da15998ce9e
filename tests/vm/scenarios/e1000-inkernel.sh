#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Lab proof (a): the in-kernel e1000 carries ping and a 5 s iperf3 to the
# virtio-net peer in its own namespace. Throughput: e1000-inkernel.mbps.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

dut_if=$(netif_of_pci "$AIRLOCK_DUT")
[ -n "$dut_if" ] || die "the e1000 at $AIRLOCK_DUT has no interface"
[ "$(basename "$(readlink "/sys/class/net/$dut_if/device/driver")")" = e1000 ] ||
	die "$dut_if is not driven by e1000"

step "peer in namespace $LAB_NETNS, $dut_if up"
lab_peer_setup
lab_dut_up "$dut_if"

step "ping"
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"

step "iperf3, 5 s, e1000 -> virtio-net"
mbps=$(iperf3_mbps 5 iperf3-e1000.txt)
[ -n "$mbps" ] || die "iperf3 reported no throughput"
echo "$mbps" >e1000-inkernel.mbps
echo "in-kernel e1000: $mbps Mbit/s"
