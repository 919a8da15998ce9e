# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the DPDK family's scenarios (dpdk-airlockd.sh, copying, and
# dpdk-zerocopy.sh, zero-copy=on), sourced after nic-daemon-lib.sh inside
# the lab guest, once nic_use has named the device.

# check_dpdk_confined PID: check_confined, and the rest of the DPDK sandbox.
check_dpdk_confined() {
	local pid=$1 t group
	check_confined "$pid"
	grep -q $'^NoNewPrivs:\t1$' "/proc/$pid/status" || die "driver pid $pid may gain privileges"
	# Two filters stacked (start-up, final), on every thread.
	for t in /proc/"$pid"/task/*; do
		grep -q $'^Seccomp:\t2$' "$t/status" || die "thread $t has no seccomp filter"
		grep -q $'^Seccomp_filters:\t2$' "$t/status" ||
			die "thread $t: not the start-up and the final filter: $(grep Seccomp_filters "$t/status")"
	done
	group=$(basename "$(readlink "/sys/bus/pci/devices/$NIC_PCI/iommu_group")")
	[ "$(cd "/proc/$pid/root" && find . -mindepth 1 -maxdepth 1 | sort | tr '\n' ' ')" = "./dev ./sys " ] ||
		die "the driver's root holds more than dev and sys: $(ls "/proc/$pid/root")"
	[ "$(ls "/proc/$pid/root/dev/vfio" | sort | tr '\n' ' ')" = "$group vfio " ] ||
		die "the driver's /dev/vfio holds more than group $group: $(ls "/proc/$pid/root/dev/vfio")"
	[ "$(ls "/proc/$pid/root/sys/bus/pci/devices")" = "$NIC_PCI" ] ||
		die "the driver sees other PCI devices: $(ls "/proc/$pid/root/sys/bus/pci/devices")"
	! touch "/proc/$pid/root/sys/bus/pci/devices/$NIC_PCI/x" 2>/dev/null || die "the driver's sysfs view is writable"
	ls -l "/proc/$pid/fd" | grep -c "/dev/vfio/$group" | grep -qx 1 || die "not one open VFIO group"
}

# ring_current WHICH: ethtool -g's current RX or TX size.
ring_current() {
	ethtool -g "$NIC_IF" | awk -v w="$1:" '/^Current/ { c = 1 } c && $1 == w { print $2; exit }'
}

# check_rings_shown RX TX: ethtool -g shows the rings the driver runs.
check_rings_shown() {
	[ "$(ring_current RX)/$(ring_current TX)" = "$1/$2" ] ||
		die "ethtool -g shows $(ring_current RX)/$(ring_current TX), the driver runs $1/$2"
}

# pinned_kb PID: the driver's locked memory (VFIO's DMA mappings pin
# their pages against RLIMIT_MEMLOCK), in kB.
pinned_kb() {
	awk '$1 == "VmLck:" { print $2 }' "/proc/$1/status"
}

# dpdk_tx_counters PID: the TX counters driver PID logged at its end
# (frames dropped at the PMD's full ring, xmits put off); dies without.
dpdk_tx_counters() {
	grep "e0: \[$1\] host: port [0-9]*: TX: [0-9]* frames dropped, the PMD's ring full; [0-9]* put off" "$DAEMON_LOG" ||
		die "driver pid $1 logged no TX counters at its end"
}
