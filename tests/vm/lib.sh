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

# The checks below are for the scenarios that host a NIC's driver behind a
# proxy (nic-daemon-lib.sh's users): they look at an interface whose far
# end is the lab peer, after lab_peer_setup.
inpeer() { ip netns exec "$LAB_NETNS" "$@"; }

# Whether the peer's neighbour entry for the DUT has MAC $1 after a fresh ARP.
peer_sees_mac() {
	inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
	inpeer ping -c 1 -W 2 "$LAB_DUT_ADDR" >/dev/null
	inpeer ip neigh show "$LAB_DUT_ADDR" dev "$AIRLOCK_PEER_IF" | grep -q "lladdr $1 "
}

# driver_stat IF NAME: counter NAME from ethtool -S IF (empty if none).
driver_stat() { ethtool -S "$1" | awk -v n="$2:" '$1 == n { print $2 }'; }

# check_driver_stats_move IF [COUNTER]: ethtool -S IF lists the driver's
# own received-frames counter COUNTER (default e1000's rx_packets; the
# stub's own counters have other names: generation, rx_queue_N_packets,
# ...) and a ping makes it grow. The shim publishes the driver's counters
# every 500 ms; a loaded TCG guest may take longer, so wait up to 10 s for
# the move rather than a fixed sleep.
check_driver_stats_move() {
	local ifc=$1 name=${2:-rx_packets} before after end
	ethtool -S "$ifc" >"ethtool-S-$ifc.txt"
	before=$(driver_stat "$ifc" "$name")
	[ -n "$before" ] || die "ethtool -S $ifc has no driver $name"
	ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null || die "no ping through $ifc"
	end=$((SECONDS + 10))
	while :; do
		after=$(driver_stat "$ifc" "$name")
		[ -n "$after" ] && [ "$after" -gt "$before" ] && break
		[ "$SECONDS" -lt "$end" ] || die "the driver's $name stayed at $before after a ping"
		sleep 0.2
	done
	step "driver $name $before -> $after"
}

# check_link_state IF [SPEED [DUPLEX]]: ethtool's link, speed and duplex
# are the driver's (default the e1000's 1000Mb/s, Full; the proxy alone
# knows no speed), admin down
# takes carrier and traffic away and up brings both back. The carrier file
# can't be read on a down interface (EINVAL) and ethtool says "no link"
# for any down interface, so the drop is seen in carrier_down_count.
check_link_state() {
	local ifc=$1 speed=${2:-1000Mb/s} duplex=${3:-Full} downs
	ethtool "$ifc" | tee "ethtool-$ifc.txt"
	grep -q 'Link detected: yes' "ethtool-$ifc.txt" || die "$ifc: no link"
	grep -q "Speed: $speed" "ethtool-$ifc.txt" || die "$ifc: not the driver's link speed"
	grep -q "Duplex: $duplex" "ethtool-$ifc.txt" || die "$ifc: not the driver's duplex"
	downs=$(cat "/sys/class/net/$ifc/carrier_down_count")
	ip link set "$ifc" down
	[ "$(cat "/sys/class/net/$ifc/carrier_down_count")" -gt "$downs" ] ||
		die "$ifc kept its carrier when set down"
	! ping -c 1 -W 1 "$LAB_PEER_ADDR" >/dev/null 2>&1 || die "ping worked with $ifc down"
	ip link set "$ifc" up
	wait_carrier "$ifc" 20
	ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null || die "no ping after $ifc came back up"
}

# check_promisc_foreign IF [-p]: tcpdump on IF (promiscuous by default)
# sees frames the peer sends to a MAC nobody has. Only a NIC really put in
# promiscuous mode (e1000: RCTL.UPE, written by the driver) takes them in;
# the kernel's promiscuity count alone would not prove it. With -p tcpdump
# asks for nothing: IF must already be promiscuous of its own (a replay's
# work). The peer keeps sending until tcpdump has its 3 frames, so a slow
# start of tcpdump or of the rx-mode update is not a failure; 30 s without
# them is.
check_promisc_foreign() {
	local ifc=$1 own=${2:-} dump end
	inpeer ip neigh replace 192.0.2.99 lladdr 02:00:00:00:00:99 dev "$AIRLOCK_PEER_IF"
	timeout 30 tcpdump $own -i "$ifc" -c 3 -n 'icmp and host 192.0.2.99' >"tcpdump-$ifc.txt" \
		2>"tcpdump-$ifc.err" &
	dump=$!
	end=$((SECONDS + 10))
	until [ -n "$own" ] || ip -d link show "$ifc" | grep -q 'promiscuity 1'; do
		[ "$SECONDS" -lt "$end" ] || die "tcpdump did not turn on promiscuity on $ifc"
		sleep 0.2
	done
	while kill -0 "$dump" 2>/dev/null; do
		inpeer ping -c 1 -W 1 192.0.2.99 >/dev/null 2>&1 || true
	done
	wait "$dump" || die "tcpdump saw no frames for another MAC on $ifc: $(cat "tcpdump-$ifc.err")"
	cat "tcpdump-$ifc.txt"
	inpeer ip neigh del 192.0.2.99 dev "$AIRLOCK_PEER_IF"
}

# echo_reply_len IF: the length of the frame an echo reply (to a 56-byte
# ping) arrives in on IF, as tcpdump sees it: 98, or 102 with the FCS kept.
echo_reply_len() {
	local ifc=$1 dump
	timeout 20 tcpdump -i "$ifc" -e -c 1 -n 'icmp[icmptype] = icmp-echoreply' \
		>"tcpdump-len-$ifc.txt" 2>"tcpdump-len-$ifc.err" &
	dump=$!
	while kill -0 "$dump" 2>/dev/null; do
		ping -c 1 -W 1 -s 56 "$LAB_PEER_ADDR" >/dev/null 2>&1 || true
	done
	wait "$dump" || die "tcpdump saw no echo reply on $ifc: $(cat "tcpdump-len-$ifc.err")"
	cat "tcpdump-len-$ifc.txt" >&2
	sed -n 's/.*, length \([0-9]*\): .*/\1/p' "tcpdump-len-$ifc.txt" | head -1
}

# check_rx_frames_plain IF: received frames reach the stack as the kernel's
# own e1000 delivers them: no FCS kept (rx-fcs off; with it IP's length no
# longer matches the frame's and GRO merges nothing), no bad frames taken
# (rx-all off). A 56-byte ping's reply is a 98-byte frame, 102 with the FCS.
check_rx_frames_plain() {
	local ifc=$1 len
	ethtool -k "$ifc" | tee "ethtool-k-$ifc.txt" | grep -E '^rx-(fcs|all):'
	grep -q '^rx-fcs: off' "ethtool-k-$ifc.txt" || die "$ifc keeps the FCS by default"
	grep -q '^rx-all: off' "ethtool-k-$ifc.txt" || die "$ifc takes bad frames by default"
	len=$(echo_reply_len "$ifc")
	[ "$len" = 98 ] || die "an echo reply on $ifc is a ${len:-?}-byte frame, not the 98 the peer sent"
}

# tso_state IF [NETNS]: "on" or "off", the interface's
# tcp-segmentation-offload as ethtool -k shows it (the line goes to stderr).
tso_state() {
	local line
	line=$(${2:+ip netns exec "$2"} ethtool -k "$1" | grep '^tcp-segmentation-offload:')
	echo "$1 $line" >&2
	awk '{ print $2 }' <<<"$line"
}

# check_e1000_tso IF: the hosted e1000 segments TCP itself, as in the
# kernel. Its host declared TSO, so the proxy offers it; TCP frames of
# several segments then leave the proxy whole (tcpdump on the proxy sees
# what xmit got: after the stack's own segmentation it would see 1448-byte
# segments only), and the device counts the segmentations it ran
# (tx_tcp_seg_good). iperf3 checks that the peer got the bytes.
check_e1000_tso() {
	local ifc=$1 dump seg0 seg1
	[ "$(tso_state "$ifc")" = on ] || die "$ifc does not offer TSO, though e1000 segments"
	seg0=$(ethtool -S "$ifc" | awk '$1 == "tx_tcp_seg_good:" { print $2 }')
	timeout 20 tcpdump -i "$ifc" -n -c 3 "tcp and dst host $LAB_PEER_ADDR and greater 3000" \
		>"tcpdump-tso-$ifc.txt" 2>"tcpdump-tso-$ifc.err" &
	dump=$!
	sleep 1
	step "through TSO: $(iperf3_mbps 3 iperf3-tso.txt) Mbit/s out"
	wait "$dump" || die "no TCP frame of several segments left $ifc: $(cat "tcpdump-tso-$ifc.err")"
	cat "tcpdump-tso-$ifc.txt"
	seg1=$(ethtool -S "$ifc" | awk '$1 == "tx_tcp_seg_good:" { print $2 }')
	[ "${seg1:-0}" -gt "${seg0:-0}" ] || die "e1000 counted no TCP segmentation ($seg0 -> $seg1)"
}
