#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A hostile DPDK PMD (airlock-host-dpdk-hostile, the test build): once
# serving, under the final filter, it tries to map more DMA for its device
# (VFIO_IOMMU_MAP_DMA), then, in a second device configuration, to open a
# VFIO container of its own. Each time the filter kills the process
# (SIGSYS, SECCOMP_RET_KILL_PROCESS) and airlockd names the call from the
# kernel's audit record; the device is taken back and reset. Both again
# with zero-copy=on (docs/dpdk.md): the stub's pool mapped for the device
# under the start-up filter changes nothing after it.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"
nic_use "$AIRLOCK_DUT" dpdk air0
NIC_HOST_DIR=$AIRLOCK_BUILD/drivers/dpdk

lab_peer_setup
modprobe vfio-pci
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"

# hostile_run WHAT SYSCALL [OPTION]: airlockd with the hostile host doing
# WHAT (with driver option OPTION); its first instance must die by
# seccomp on SYSCALL.
hostile_run() {
	local what=$1 call=$2 end
	NIC_DEVICE_KEYS="driver-options = vfio-intr=legacy hostile=$what${3:+ $3}"
	nic_config airlockd.conf airlock-host-dpdk-hostile
	: >"$DAEMON_LOG"
	start_daemon airlockd.conf
	end=$((SECONDS + 90))
	until grep -q "e0: driver pid [0-9]* ended: seccomp" "$DAEMON_LOG"; do
		[ "$SECONDS" -lt "$end" ] || die "the hostile PMD ($what) was not killed by seccomp"
		daemon_alive
		sleep 0.5
	done
	grep -q "host: hostile: $what\|host: hostile: " "$DAEMON_LOG" || die "the hostile act did not run"
	! grep -q "host: hostile: $what was not stopped" "$DAEMON_LOG" || die "$what was not stopped"
	grep "e0: driver pid [0-9]* ended: seccomp" "$DAEMON_LOG" | head -1 | tee -a kills.txt |
		grep -q "forbidden system call $call " || die "the kill does not name $call"
	grep -q "e0: pci $NIC_PCI: reset through VFIO, bus mastering off" "$DAEMON_LOG" ||
		die "the device was not taken back and reset"
	if [ "${3:-}" = zero-copy=on ]; then
		grep -q "e0: \[[0-9]*\] host: zero-copy TX and RX: " "$DAEMON_LOG" ||
			die "zero-copy=on: the hostile PMD was not on the zero-copy path when it acted"
	else
		! grep -q "e0: \[[0-9]*\] host: zero-copy" "$DAEMON_LOG" || die "zero-copy without zero-copy=on"
	fi
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || true
}

step "a PMD mapping DMA after start-up dies by seccomp, the call named"
hostile_run map-dma ioctl
step "a PMD opening a VFIO container after start-up dies by seccomp, the call named"
hostile_run open-vfio openat
step "zero-copy=on: a PMD mapping DMA after start-up dies by seccomp, the call named"
hostile_run map-dma ioctl zero-copy=on
step "zero-copy=on: a PMD opening a VFIO container after start-up dies by seccomp, the call named"
hostile_run open-vfio openat zero-copy=on
