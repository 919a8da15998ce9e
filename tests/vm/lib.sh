# SPDX-License-Identifier: GPL-2.0-only
# Helpers for scenarios, sourced inside the lab guest. Scenarios run with
# `set -euo pipefail`: a failed step fails the scenario.

# Addresses from TEST-NET-1 (RFC 5737): they exist only on the guest's hub.
LAB_DUT_ADDR=192.0.2.1
LAB_PEER_ADDR=192.0.2.2
LAB_NETNS=peer

step() { printf '== %s\n' "$*"; }
die() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

# Waits up to $2 seconds (default 10) for carrier on interface $1.
wait_carrier() {
	local i
	for ((i = 0; i < ${2:-10} * 10; i++)); do
		[ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 1 ] && return 0
		sleep 0.1
	done
	die "no carrier on $1"
}

# wait_carrier_in NETNS IF [SECONDS]: wait_carrier inside a namespace.
wait_carrier_in() {
	ip netns exec "$1" bash -c "$(declare -f wait_carrier die); wait_carrier $2 ${3:-10}"
}

# The receiver's Mbit/s in an iperf3 client report (what arrived).
iperf3_receiver_mbps() {
	awk '/ receiver$/ { for (i = 2; i <= NF; i++) if ($i == "Mbits/sec") print $(i - 1) }' \
		"$1" | tail -n 1
}

# Moves the virtio-net peer into its own namespace, so traffic between the
# two addresses has to cross the wire rather than the local stack.
lab_peer_setup() {
	ip netns add "$LAB_NETNS"
	ip link set "$AIRLOCK_PEER_IF" netns "$LAB_NETNS"
	ip -n "$LAB_NETNS" addr add "$LAB_PEER_ADDR/24" dev "$AIRLOCK_PEER_IF"
	ip -n "$LAB_NETNS" link set "$AIRLOCK_PEER_IF" up
	ip -n "$LAB_NETNS" link set lo up
}

# Gives interface $1 the DUT address and waits for its link.
lab_dut_up() {
	ip addr add "$LAB_DUT_ADDR/24" dev "$1"
	ip link set "$1" up
	wait_carrier "$1"
	wait_carrier_in "$LAB_NETNS" "$AIRLOCK_PEER_IF"
}

# The interface the kernel's driver made for PCI device $1, if any.
netif_of_pci() {
	ls "/sys/bus/pci/devices/$1/net" 2>/dev/null | head -n 1
}

# wait_netif_of_pci BDF: waits (5 s) for the kernel driver's interface of
# PCI device BDF after a bind and prints its name; dies if none comes.
wait_netif_of_pci() {
	local i ifname
	for ((i = 0; i < 50; i++)); do
		ifname=$(netif_of_pci "$1")
		[ -n "$ifname" ] && { echo "$ifname"; return 0; }
		sleep 0.1
	done
	die "no kernel driver made an interface for $1"
}

# iperf3_mbps SECONDS OUTPUT_FILE [iperf3 client options...]: runs a client
# from the DUT side against a one-shot server in the peer namespace; prints
# the receiver's Mbit/s (what arrived) and keeps iperf3's report in OUTPUT_FILE.
iperf3_mbps() {
	local seconds=$1 out=$2
	shift 2
	ip netns exec "$LAB_NETNS" iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile /tmp/iperf3-server.log
	sleep 0.5
	iperf3 -c "$LAB_PEER_ADDR" -t "$seconds" -f m "$@" >"$out"
	iperf3_receiver_mbps "$out"
}

# netns_pair IF_A ADDR_A IF_B ADDR_B: the two ends of a path through the
# stub, each alone in a namespace (wa, wb) so their traffic cannot take a
# shortcut through the guest's own stack: ADDR/24 on each, both up.
netns_pair() {
	ip netns add wa
	ip netns add wb
	ip link set "$1" netns wa
	ip link set "$3" netns wb
	ip -n wa addr add "$2/24" dev "$1"
	ip -n wb addr add "$4/24" dev "$3"
	ip -n wa link set "$1" up
	ip -n wb link set "$3" up
}
