#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab: e1000e
# The unmodified e1000e hosted under airlockd: one device (driver = e1000e
# on the lab's 82574L). The in-kernel e1000e holds it at start; the proxy
# gets the MAC from the device's EEPROM; the driver process runs confined
# and got its three MSI-X vectors (one VFIO eventfd each: the host
# kernel's vfio-msix interrupts for the device count them, a channel the
# driver cannot fake); ping and 10 s iperf3 each way; ethtool -i names
# e1000e; link state follows admin down/up; ethtool -S shows e1000e's own
# counters moving; promiscuous mode reaches the hardware; IPv6
# neighbour discovery (the multicast list in the chip's table); sending
# not far slower than receiving (TX frames lost in the device); MTU up to
# e1000e's maximum, refused beyond it as by the in-kernel e1000e; ethtool
# -c/-C are e1000e's (its ITR: rx-usecs 50 taken, 5 and tx-usecs
# refused); MTU 9000, a new MAC learned by the peer, promiscuous mode,
# rx-usecs 50; kill -9 mid-iperf3 ->
# quiesce, restart (MSI-X again), replay, the TCP transfer completes and
# the state is back in the new instance; a clean stop gives the device
# back to the in-kernel e1000e, which pings.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"

E1000E_MAC=52:54:00:a1:00:03	# run-scenario's -device e1000e,mac=
[ -n "${AIRLOCK_E1000E:-}" ] || die "no e1000e in this lab (# lab: e1000e)"
nic_use "$AIRLOCK_E1000E" e1000e air0 9000

# msix_irqs: the host kernel's count of MSI-X interrupts VFIO took for the
# device, summed over its vectors ("vfio-msix[N](BDF)" in /proc/interrupts).
msix_vectors() {
	grep -c "vfio-msix\[[0-9]*\]($AIRLOCK_E1000E)" /proc/interrupts || true
}
msix_irqs() {
	awk -v dev="($AIRLOCK_E1000E)" 'index($0, dev) && /vfio-msix/ {
		for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i } END { print n + 0 }' /proc/interrupts
}

# check_msix: the host logged MSI-X with 3 vectors (the shim, shim/msi.c),
# VFIO holds 3 MSI-X vectors for the device, and they fire under traffic.
check_msix() {
	local want_logs=$1 before after
	[ "$(grep -c "e0: \[[0-9]*\] .*$AIRLOCK_E1000E: interrupts: MSI-X, 3 vectors" "$DAEMON_LOG")" -ge "$want_logs" ] ||
		die "the driver did not get its 3 MSI-X vectors (log)"
	grep "vfio-msix" /proc/interrupts | tee -a msix.txt
	[ "$(msix_vectors)" = 3 ] || die "VFIO holds $(msix_vectors) MSI-X vectors of $AIRLOCK_E1000E, not 3"
	grep -q "vfio-intx($AIRLOCK_E1000E)\|vfio-msi\[0\]($AIRLOCK_E1000E)" /proc/interrupts &&
		die "INTx or MSI still routed alongside MSI-X"
	before=$(msix_irqs)
	ping -c 5 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null
	after=$(msix_irqs)
	step "MSI-X interrupts of $AIRLOCK_E1000E: $before -> $after"
	[ "$after" -gt "$before" ] || die "no MSI-X interrupt under traffic"
}

step "the in-kernel e1000e holds $AIRLOCK_E1000E at start"
nic_inkernel_view
[ "$eeprom_mac" = "$E1000E_MAC" ] || die "the in-kernel e1000e reads $eeprom_mac"

nic_hosted_up "$eeprom_mac"

step "MSI-X: three vectors, each a VFIO eventfd"
check_msix 1

step "link state: the PHY's speed, admin down and up"
check_link_state air0 1000Mb/s

nic_iperf3_both_ways

# Sending must not crawl: QEMU 7.2's e1000e drops a frame whose TX buffer
# spans two physically non-adjacent pages, which the family once handed it
# for every TSO frame (5 Mbit/s out against 300 in, docs/porting.md). Out
# at least a quarter of in, both from the same boot.
read -r tx rx <"$AIRLOCK_RESULTS/e1000e-airlockd.mbps"
step "out $tx Mbit/s, in $rx: out at least a quarter of in"
awk -v tx="$tx" -v rx="$rx" 'BEGIN { exit !(tx * 4 >= rx) }' ||
	die "e1000e sends at $tx Mbit/s, receives at $rx: TX frames are being lost"

# e1000e's rx_packets is its ndo_get_stats64, from the chip's GPRC register
# (the proxy's own counter is rx_queue_0_packets).
step "ethtool -S: e1000e's own counters move (rx_packets: GPRC)"
check_driver_stats_move air0 rx_packets

step "tcpdump, promiscuous: the hardware passes frames for other MACs"
check_promisc_foreign air0

step "IPv6 neighbour discovery: the peer's solicitation reaches the multicast table"
ip -6 addr add 2001:db8::1/64 dev air0 nodad
inpeer ip -6 addr add 2001:db8::2/64 dev "$AIRLOCK_PEER_IF" nodad
inpeer ip -6 neigh flush dev "$AIRLOCK_PEER_IF"
ip -d link show air0 | grep -q 'promiscuity 0' || die "air0 is promiscuous already"
inpeer ping -6 -c 3 -i 0.2 -W 2 2001:db8::1 || die "no IPv6 ping: neighbour discovery failed"
inpeer ip -6 neigh show 2001:db8::1 dev "$AIRLOCK_PEER_IF" | tee ndisc.txt
grep -q "lladdr $eeprom_mac" ndisc.txt || die "the peer did not resolve 2001:db8::1 to $eeprom_mac"
ip maddr show dev air0 | grep -q 'ff02::1:ff00:1' || die "air0 is not in the solicited-node group"

# The proxy's own limit (9000, its packet buffers) is below e1000e's 9212:
# the maximum is the lower of the two, and only at e1000e's own does the
# refusal have to read as the in-kernel driver's.
amax=$(ip -d link show air0 | sed -n 's/.* maxmtu \([0-9]*\).*/\1/p')
step "MTU: up to $amax (e1000e's $kmax), $((amax + 1)) refused"
[ -n "$amax" ] && [ "$amax" -le "$kmax" ] || die "the proxy's maxmtu $amax is beyond e1000e's $kmax"
ip link set air0 mtu "$amax" || die "air0 refused MTU $amax"
wait_carrier air0 20
ip link set air0 mtu 1500
err=$(ip link set air0 mtu $((amax + 1)) 2>&1) && die "air0 took MTU $((amax + 1))"
step "refused: air0 '$err', in-kernel $kif at $((kmax + 1)): '$kerr'"
[ "$amax" != "$kmax" ] || [ "$err" = "${kerr//$kif/air0}" ] ||
	die "air0 refuses MTU $((kmax + 1)) otherwise than e1000e in the kernel"
[ "$(cat /sys/class/net/air0/mtu)" = 1500 ] || die "a refused MTU changed air0's"

# e1000e's ITR through ethtool -C, kept across the crash below.
check_coalesce air0

step "MTU 9000, a new MAC, promiscuous, rx-usecs 50: the state a recovery must keep"
set_kept_state

step "kill -9 the driver mid-iperf3"
crash_mid_iperf3 12
check_kept_state
json e0 "d['last_crash']" | grep -q "signal SIGKILL" ||
	die "the crash classified as '$(json e0 "d['last_crash']")'"
grep -q "e0: pci $AIRLOCK_E1000E: reset through VFIO" "$DAEMON_LOG" ||
	die "the device was not reset before the restart"
check_confined "$(driver_pid e0)"
step "MSI-X again in the new instance"
check_msix 2
ctl status e0

step "stop airlockd cleanly: the device goes back to the in-kernel e1000e"
ip link set air0 promisc off
stop_daemon_give_back

step "received frames were posted in the buffers the device wrote, not copied"
check_rx_in_place 90
