#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab: pcnet
# The unmodified pcnet32 hosted under airlockd: one device (driver =
# pcnet32 on the lab's PCnet-PCI II, an I/O-port device with a 32-bit DMA
# mask). The in-kernel pcnet32 holds it at start; the proxy gets the MAC
# from the device's address PROM; the driver process runs confined; ping
# and 10 s iperf3 each way; ethtool -i names pcnet32; link state (the
# driver's 10 Mb/s full duplex, admin down/up); statistics move (pcnet32
# has no ethtool -S counters of its own: the proxy's do); MTU up to the
# driver's maximum (1500, it has no ndo_change_mtu) and refused beyond it
# with the core's error, as in the kernel; IPv6 neighbour discovery (the
# solicited-node multicast address in the chip's logical address filter,
# not promiscuous mode); tcpdump sees frames for a foreign MAC (the chip
# really is promiscuous); MTU 1400, a new MAC learned by the peer (the
# family closes and reopens pcnet32 for it: eth_mac_addr refuses a running
# device) and promiscuous mode; kill -9 mid-iperf3 -> quiesce, restart,
# replay, the TCP transfer completes and the state is back in the new
# instance; a clean stop gives the device back to the in-kernel pcnet32,
# which pings.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"

[ -n "${AIRLOCK_PCNET:-}" ] || die "no PCnet in the lab (# lab: pcnet)"
PCNET_PROM_MAC=52:54:00:a1:00:06	# run-scenario's -device pcnet,mac=
nic_use "$AIRLOCK_PCNET" pcnet32 air0 1400

# check_ipv6_nd IF: the peer resolves the DUT's IPv6 address by neighbour
# discovery: its solicitation goes to the solicited-node multicast group,
# which the DUT's NIC takes only if the address list reached its hardware
# filter (IF is not promiscuous here), and the reply comes back.
check_ipv6_nd() {
	local ifc=$1 end
	ip -d link show "$ifc" | grep -q 'promiscuity 0' || die "$ifc is promiscuous already"
	ip -6 addr add fd00:a1::1/64 dev "$ifc" nodad
	inpeer ip -6 addr add fd00:a1::2/64 dev "$AIRLOCK_PEER_IF" nodad
	ip -6 maddr show dev "$ifc" | tee "maddr-$ifc.txt"
	inpeer ip -6 neigh flush dev "$AIRLOCK_PEER_IF"
	ip -6 neigh flush dev "$ifc"
	end=$((SECONDS + 20))
	until inpeer ping -6 -c 1 -W 2 fd00:a1::1 >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$end" ] || die "no IPv6 ping from the peer: neighbour discovery failed"
	done
	inpeer ip -6 neigh show fd00:a1::1 dev "$AIRLOCK_PEER_IF" | tee "neigh6-$ifc.txt"
	grep -q "lladdr $(cat "/sys/class/net/$ifc/address")" "neigh6-$ifc.txt" ||
		die "the peer did not learn the DUT's MAC by neighbour discovery"
	ping -6 -c 3 -i 0.2 -W 2 fd00:a1::2
}

step "the in-kernel pcnet32 holds $AIRLOCK_PCNET at start"
[ "$(basename "$(readlink "/sys/bus/pci/devices/$AIRLOCK_PCNET/driver")")" = pcnet32 ] ||
	die "$AIRLOCK_PCNET is not on the in-kernel pcnet32"
kif=$(wait_netif_of_pci "$AIRLOCK_PCNET")
[ "$(cat "/sys/class/net/$kif/address")" = "$PCNET_PROM_MAC" ] || die "the in-kernel pcnet32 reads another MAC"
ethtool "$kif" | grep -E 'Speed|Duplex' | tee ethtool-inkernel.txt

nic_hosted_up "$PCNET_PROM_MAC"

step "link state: the driver's speed and duplex, admin down and up"
# pcnet32 on a 79C970A without port options: 10 Mb/s, half duplex, as the
# in-kernel pcnet32 reports it.
check_link_state air0 10Mb/s Half

nic_iperf3_both_ways

step "statistics move (pcnet32 has no ethtool -S counters of its own)"
ethtool -S air0 | tee ethtool-S-air0.txt
rx0=$(cat /sys/class/net/air0/statistics/rx_packets)
tx0=$(cat /sys/class/net/air0/statistics/tx_packets)
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null
rx1=$(cat /sys/class/net/air0/statistics/rx_packets)
tx1=$(cat /sys/class/net/air0/statistics/tx_packets)
[ "$rx1" -gt "$rx0" ] && [ "$tx1" -gt "$tx0" ] || die "counters stood still: rx $rx0 -> $rx1, tx $tx0 -> $tx1"
step "rx_packets $rx0 -> $rx1, tx_packets $tx0 -> $tx1"

step "MTU: up to the driver's maximum (1500), refused beyond it"
ip -d link show air0 | tee ip-d-air0.txt
grep -q 'maxmtu 1500' ip-d-air0.txt || die "the proxy's maximum MTU is not pcnet32's 1500"
inpeer ip link set "$AIRLOCK_PEER_IF" mtu 9000
ip link set air0 mtu 1500
ping -c 1 -w 15 -M do -s 1472 "$LAB_PEER_ADDR" || die "no 1500-byte ping with DF"
if ip link set air0 mtu 1501 2>mtu-1501.err; then
	die "MTU 1501 accepted, beyond pcnet32's maximum"
fi
cat mtu-1501.err
grep -q 'mtu greater than device maximum' mtu-1501.err || die "MTU 1501 refused with another error"
[ "$(cat /sys/class/net/air0/mtu)" = 1500 ] || die "a refused MTU changed the MTU"

step "IPv6 neighbour discovery: the multicast list reaches the chip's filter"
check_ipv6_nd air0

step "tcpdump, promiscuous: the hardware passes frames for other MACs"
check_promisc_foreign air0

step "MTU 1400, a new MAC, promiscuous: the state a recovery must keep"
set_kept_state

nic_crash_and_check
step "IPv6 after the restart: the multicast list replayed into the chip"
ip link set air0 promisc off
inpeer ip -6 neigh flush dev "$AIRLOCK_PEER_IF"
inpeer ping -6 -c 1 -W 5 fd00:a1::1 || die "no IPv6 neighbour discovery after the restart"
ctl status e0

step "stop airlockd cleanly: the device goes back to the in-kernel pcnet32"
stop_daemon_give_back

step "received frames were posted in the buffers the device wrote, not copied"
check_rx_in_place 90
