#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The driver sandbox against escapes (tests/sandbox/escapes.h): a probe
# spawned like a driver host, holding the e1000's VFIO device fd but not the
# container, tries one escape per run. With the whole sandbox each must die
# by SIGSYS, and the kernel's audit record (type=1326) must name the pid and
# the system call; the VFIO device ioctl a driver needs must still work.
# Then the same escapes with every layer but seccomp, to show what each
# layer refuses on its own. Last, attack class 9 with the device itself,
# from the full sandbox: TX descriptors at a physical page nobody mapped
# (the IOMMU must block the fetch and log it, the page must stay as it was,
# no frame of it may reach the peer), random writes over BAR0, a mapping
# past it; then the in-kernel e1000 gets the device back and must work.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

launch=$AIRLOCK_BUILD/tests/sandbox/sandbox-launch
probe=$AIRLOCK_BUILD/tests/sandbox/sandbox-probe
dev=/sys/bus/pci/devices/$AIRLOCK_DUT
escapes="open proc socket exec ptrace io_uring mmap-exec mprotect-exec vfio-container kill setuid"

step "bind $AIRLOCK_DUT to vfio-pci"
modprobe vfio-pci
echo vfio-pci >"$dev/driver_override"
[ -e "$dev/driver" ] && echo "$AIRLOCK_DUT" >"$dev/driver/unbind"
echo "$AIRLOCK_DUT" >/sys/bus/pci/drivers_probe
[ "$(basename "$(readlink "$dev/driver")")" = vfio-pci ] || die "not bound to vfio-pci"

# audit_seen PID NR: the kernel logged a seccomp kill of PID on syscall NR.
audit_seen() {
	local i
	for ((i = 0; i < 20; i++)); do
		dmesg | grep 'type=1326' | grep " pid=$1 " | grep -q " syscall=$2 " && return 0
		sleep 0.1
	done
	return 1
}

step "full sandbox: every escape dies by SIGSYS, the VFIO device ioctl works"
# Kill records go through printk's rate limit (10 per 5 s): pace the runs.
if ! "$launch" --pci "$AIRLOCK_DUT" --pace-ms 600 "$probe" $escapes vfio-device | tee escapes-full.txt; then
	die "an escape was not stopped as escapes.h expects"
fi

step "each kill is in the audit log with its pid and system call"
grep -c killed-by-sigsys escapes-full.txt | grep -qx "$(wc -w <<<"$escapes")" || die "not every escape was killed"
while read -r e pid nr; do
	audit_seen "$pid" "$nr" || die "$e: no audit record for pid $pid syscall $nr"
done < <(sed -n 's/^\([^:]*\): pid=\([0-9]*\) killed-by-sigsys .* nr=\([0-9]*\)$/\1 \2 \3/p' escapes-full.txt)
dmesg | grep 'type=1326' >audit.txt

step "every layer but seccomp: what each refuses on its own"
if ! "$launch" --layers --pci "$AIRLOCK_DUT" "$probe" $escapes vfio-device | tee escapes-layers.txt; then
	die "without seccomp, a layer did not do what escapes.h expects"
fi

step "class 9: the device attacks from the full sandbox"
lab_peer_setup
# What a device that reached the victim page would send: its marker frame.
ip netns exec "$LAB_NETNS" tcpdump -i "$AIRLOCK_PEER_IF" -U -n -w victim.pcap 'ether proto 0x88b5' \
	2>tcpdump.log &
capture=$!
sleep 2
"$launch" --pci "$AIRLOCK_DUT" --pace-ms 300 "$probe" wild-dma wild-mmio bar-outside | tee device-attacks.txt ||
	die "a device attack was not contained as escapes.h expects"
sleep 1
kill -INT "$capture"
wait "$capture" || true
frames=$(tcpdump -r victim.pcap -n 2>/dev/null | wc -l)
[ "$frames" -eq 0 ] || die "$frames frames of the victim page reached the peer"
target=$(sed -n 's/^wild-dma: .* target=\(0x[0-9a-f]*\)$/\1/p' device-attacks.txt)
[ -n "$target" ] || die "no target address in the launcher's report"
# The IOMMU's fault record: this device, exactly the address it was aimed at.
fault="DMAR: .*Request device \[${AIRLOCK_DUT#0000:}\] fault addr $target"
for ((i = 0; i < 20; i++)); do
	dmesg | grep -Eq "$fault" && break
	sleep 0.1
done
dmesg | grep -E "DMAR: .*fault" | tee dmar-faults.txt
grep -Eq "$fault" dmar-faults.txt || die "no IOMMU fault logged for $AIRLOCK_DUT at $target"

step "give $AIRLOCK_DUT back to e1000: it works after the attacks"
echo "$AIRLOCK_DUT" >"$dev/driver/unbind"
echo >"$dev/driver_override"
echo "$AIRLOCK_DUT" >/sys/bus/pci/drivers_probe
ifname=$(wait_netif_of_pci "$AIRLOCK_DUT")
lab_dut_up "$ifname"
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
