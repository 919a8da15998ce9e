#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab: rtl8139
# The unmodified 8139cp (with the kernel's mii library) hosted under
# airlockd on the lab's RTL8139C+ (QEMU's rtl8139, revision 0x20): the
# in-kernel 8139cp holds it at boot; under airlockd (driver = 8139cp) the
# proxy gets the EEPROM's MAC and the in-kernel driver's MTU limit; the
# driver process runs confined; ping and 10 s iperf3 each way; ethtool -i
# names 8139cp; link state (the PHY's speed through mii, admin down/up);
# ethtool -S shows the chip's own tally counters moving; tcpdump sees
# frames for a foreign MAC (the chip really is promiscuous); IPv6 neighbour
# discovery (the solicited-node group reaches the multicast hash filter);
# MTU up to 4096, 4097 refused as the kernel refuses it for 8139cp;
# ethtool -c/-C refused (8139cp has no coalescing), as in the kernel; a new
# MAC learned by the peer; kill -9 of the driver mid-iperf3 -> airlockd
# resets the device, restarts the host, the stub replays MTU, MAC and
# promiscuous mode, the TCP transfer completes; a clean stop gives the
# device back to the in-kernel 8139cp, which carries ping.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"

CP_MAX_MTU=4096		# 8139cp.c's CP_MAX_MTU, its dev->max_mtu
[ -n "${AIRLOCK_RTL8139:-}" ] || die "no RTL8139C+ in this lab (# lab: rtl8139)"
nic_use "$AIRLOCK_RTL8139" 8139cp air0 "$CP_MAX_MTU"

step "the in-kernel 8139cp holds $AIRLOCK_RTL8139 (8139too refuses revision 0x20)"
nic_inkernel_view
[ "$kmax" = "$CP_MAX_MTU" ] || die "the in-kernel 8139cp's maxmtu is $kmax, not $CP_MAX_MTU"

nic_hosted_up "$eeprom_mac"

step "link state: the PHY's speed through mii, admin down and up"
check_link_state air0 100Mb/s

nic_iperf3_both_ways

step "ethtool -S: the chip's own tally counters move"
check_driver_stats_move air0 rx_ok

step "tcpdump, promiscuous: the hardware passes frames for other MACs"
check_promisc_foreign air0

step "IPv6 neighbour discovery: the peer's solicitation reaches the multicast filter"
ip -6 addr add 2001:db8::1/64 dev air0 nodad
inpeer ip -6 addr add 2001:db8::2/64 dev "$AIRLOCK_PEER_IF" nodad
inpeer ip -6 neigh flush dev "$AIRLOCK_PEER_IF"
# The peer asks for 2001:db8::1 at its solicited-node group ff02::1:ff00:1:
# only a multicast filter that holds the group lets the solicitation in.
inpeer ping -6 -c 3 -i 0.2 -W 2 2001:db8::1 || die "no IPv6 ping: neighbour discovery failed"
inpeer ip -6 neigh show 2001:db8::1 dev "$AIRLOCK_PEER_IF" | tee ndisc.txt
grep -q "lladdr $eeprom_mac" ndisc.txt || die "the peer did not resolve 2001:db8::1 to $eeprom_mac"
ip maddr show dev air0 | grep -q 'ff02::1:ff00:1' || die "air0 is not in the solicited-node group"

step "MTU: up to the driver's $CP_MAX_MTU, $((CP_MAX_MTU + 1)) refused as for the in-kernel 8139cp"
err=$(ip link set air0 mtu $((CP_MAX_MTU + 1)) 2>&1) && die "air0 took MTU $((CP_MAX_MTU + 1))"
step "refused: air0 '$err', in-kernel $kif '$kerr'"
[ "$err" = "${kerr//$kif/air0}" ] || die "air0 refuses MTU $((CP_MAX_MTU + 1)) otherwise than 8139cp in the kernel"
[ "$(cat /sys/class/net/air0/mtu)" = 1500 ] || die "a refused MTU changed air0's"

# 8139cp has no coalescing: ethtool -c and -C refused, as in the kernel.
check_coalesce air0

step "MTU $CP_MAX_MTU, a new MAC, promiscuous: the state a recovery must keep"
set_kept_state

nic_crash_and_check
ctl status e0

step "stop airlockd cleanly: the device goes back to the in-kernel 8139cp"
ip link set air0 promisc off
stop_daemon_give_back

step "received frames were posted in the buffers the device wrote, not copied"
check_rx_in_place 90
