#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The DPDK family's zero-copy data path, opt-in (driver-options =
# zero-copy=on, docs/dpdk.md), on the lab's e1000 as net_e1000_em under
# airlockd: the driver confined as by default, the stub's pool DMA-mapped
# (and pinned: VmLck over EAL's 64 MiB), the PMD's queues on the stub's
# buffers and a frame each way through them without a copy; ethtool -g
# showing the rings the driver runs (160/160, not the 256 it starts with);
# iperf3 each way with the host's TX counters (the PMD's ring full);
# MTU 9000, a new MAC, promiscuous; ethtool -G rx 512 tx 512, above what
# zero-copy takes: the port copies both ways, logged, 512/512 shown, then
# back to 160/160 and zero-copy; kill -9 mid-iperf3 -> the new driver maps
# the pool and goes without a copy again, the transfer completes, the
# state is kept; a clean stop with every TX buffer back (0 still out) and
# the device on the in-kernel e1000; then zero-copy=yes is refused with a
# clear line and the device given back.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/dpdk-lib.sh"
nic_use "$AIRLOCK_DUT" dpdk air0 9000
NIC_HOST_DIR=$AIRLOCK_BUILD/drivers/dpdk
NIC_DEVICE_KEYS="driver-options = vfio-intr=legacy zero-copy=on"
[ -x "$NIC_HOST_DIR/airlock-host-dpdk" ] || die "this build has no airlock-host-dpdk (dpdk-dev missing?)"

# check_zero_copy PID: the driver took the zero-copy path both ways (its
# log says so, and that frames went through it), not the copying fallback.
check_zero_copy() {
	local p="e0: \\[$1\\] host:"
	grep -q "$p zero-copy: the stub's [0-9]*-byte pool is EAL external memory, DMA-mapped" "$DAEMON_LOG" ||
		die "driver pid $1 did not DMA-map the stub's pool: $(grep "$p zero-copy" "$DAEMON_LOG")"
	grep -q "$p zero-copy TX and RX: " "$DAEMON_LOG" || die "driver pid $1: no zero-copy TX and RX"
	grep -q "$p port [0-9]*: RX zero-copy, received in place into the stub's buffers; TX zero-copy" "$DAEMON_LOG" ||
		die "driver pid $1: the PMD's queues are not on the stub's buffers"
	wait_log "$p zero-copy: first frame sent from the stub's TX buffer" ||
		die "driver pid $1 sent no frame from the stub's buffers"
	wait_log "$p zero-copy: first frame received in place into the stub's RX buffer" ||
		die "driver pid $1 received no frame in place"
}

# wait_log PATTERN: PATTERN in airlockd's log within 10 s.
wait_log() {
	local end=$((SECONDS + 10))
	until grep -q "$1" "$DAEMON_LOG"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# zc_rings PID: the rings driver PID set up for zero-copy (its log line).
zc_rings() {
	grep "e0: \[$1\] host: port [0-9]*: [0-9]* RX and [0-9]* TX descriptors (zero-copy)" "$DAEMON_LOG" |
		tail -n 1 | sed 's/.*: \([0-9]*\) RX and \([0-9]*\) TX descriptors.*/\1 \2/'
}

NIC_ETHTOOL_DRIVER=net_e1000_em
NIC_CONFINEMENT_CHECK=check_dpdk_confined
nic_hosted_up "$AIRLOCK_DUT_MAC"

step "zero-copy both ways: the pool mapped and pinned, the PMD's rings on the stub's buffers"
pid=$(driver_pid e0)
check_zero_copy "$pid"
grep "e0: \[$pid\] host: .*zero-copy" "$DAEMON_LOG"
step "driver pid $pid pins $(pinned_kb "$pid") kB"
[ "$(pinned_kb "$pid")" -ge 98304 ] ||
	die "the driver pins $(pinned_kb "$pid") kB: not EAL's 64 MiB and the 32 MiB pool"
read -r zrx ztx < <(zc_rings "$pid") || true
[ -n "$zrx" ] && [ "$zrx" -lt 256 ] && [ "$ztx" -lt 256 ] ||
	die "no zero-copy rings below 256 logged: '$zrx' '$ztx'"
step "ethtool -g: the rings in use, $zrx/$ztx, not the 256/256 the port started with"
check_rings_shown "$zrx" "$ztx"

step "iperf3 5 s each way without a copy; the host's TX counters (the PMD's ring full)"
tx=$(iperf3_mbps 5 iperf3-tx.txt)
rx=$(iperf3_mbps 5 iperf3-rx.txt -R)
step "net_e1000_em zero-copy under airlockd: $tx Mbit/s out, $rx Mbit/s in"
echo "$tx $rx" >"$AIRLOCK_RESULTS/dpdk-zerocopy.mbps"
sleep 1	# statistics are published every 500 ms
ethtool -S "$NIC_IF" >"ethtool-S-$NIC_IF.txt"
grep -E "host_tx_|tx_good_packets|rx_good_packets" "ethtool-S-$NIC_IF.txt" ||
	die "ethtool -S has no host_tx_ring_full counters"

step "MTU 9000, a new MAC, promiscuous: the state a recovery must keep"
set_kept_state

step "ethtool -G rx 512 tx 512, above zero-copy's rings: the port copies both ways, 512/512 shown"
ethtool -G "$NIC_IF" rx 512 tx 512
check_rings_shown 512 512
grep -q "e0: \[$pid\] host: port [0-9]*: RX copied from EAL's mbufs .*; TX copied into EAL's mbufs" "$DAEMON_LOG" ||
	die "512-descriptor rings: the driver did not say it copies"
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
step "ethtool -G rx $zrx tx $ztx: zero-copy again"
ethtool -G "$NIC_IF" rx "$zrx" tx "$ztx"
check_rings_shown "$zrx" "$ztx"
[ "$(grep -c "e0: \[$pid\] host: port [0-9]*: RX zero-copy, received in place into the stub's buffers; TX zero-copy" "$DAEMON_LOG")" -ge 2 ] ||
	die "back at $zrx/$ztx, the port did not go back to zero-copy"
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"

nic_crash_and_check
step "the restarted driver is on zero-copy again"
pid=$(driver_pid e0)
check_zero_copy "$pid"
check_rings_shown "$zrx" "$ztx"

last_pid=$pid
step "stop airlockd cleanly: the device goes back to the in-kernel e1000"
NIC_DRIVER=e1000
stop_daemon_give_back
! pgrep -f airlock-host-dpdk >/dev/null || die "the DPDK host outlived the daemon"
step "the last driver's counters: every TX buffer back after its port stopped"
dpdk_tx_counters "$last_pid"
grep "e0: \[$last_pid\] host: zero-copy: TX" "$DAEMON_LOG" || die "driver pid $last_pid logged no zero-copy counters"
grep -q "e0: \[$last_pid\] host: zero-copy: TX [0-9]* frames sent from the stub's buffers, 0 still out" "$DAEMON_LOG" ||
	die "driver pid $last_pid: TX buffers still out at its end"

step "zero-copy=yes: refused with a clear line, the device given back"
NIC_DRIVER=dpdk
NIC_DEVICE_KEYS="driver-options = vfio-intr=legacy zero-copy=yes"
nic_config airlockd-bad.conf
: >"$DAEMON_LOG"
start_daemon airlockd-bad.conf
wait_log "e0: \[[0-9]*\] host: bad option 'zero-copy=yes': zero-copy= takes on or off" ||
	die "no clear refusal of zero-copy=yes: $(grep 'e0: ' "$DAEMON_LOG" | tail -n 5)"
grep -m 1 "host: bad option" "$DAEMON_LOG"
kill -TERM "$daemon_pid"
wait "$daemon_pid" || true
[ "$(basename "$(readlink "/sys/bus/pci/devices/$NIC_PCI/driver")")" = e1000 ] ||
	die "after the refused option the device is not back on e1000"
