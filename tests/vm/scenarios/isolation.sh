#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab: second-e1000
# Device isolation with two PCI NICs under one airlockd: e0 on the lab's
# e1000 runs the e1000's test build, e1 the plain e1000 on a second e1000.
# - Each device has a VFIO container of its own holding only its DMA heap
#   and packet pool, at IOVAs no other device was given: e0's driver aims
#   its TX descriptor ring at the first IOVA past its own memory, where
#   airlockd mapped e1's pool (SIGPWR): the IOMMU refuses it (a fault
#   record naming e0's device at that address), e1 keeps carrying pings
#   with its MTU and MAC, and e0 comes back.
# - Each driver runs as a uid of its own, neither root nor nobody: a
#   process running as nobody cannot signal either.
# - A dead driver's device is quiesced at once and stays so: bus mastering
#   is off in the command register while e1 is stopped, and while e0 sits
#   in quarantine after its crash budget (1) is spent.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"

[ -n "${AIRLOCK_DUT2:-}" ] || die "no second e1000 (run-scenario --second-e1000)"
E1_ADDR=192.0.2.3
in1() { ip netns exec w1 "$@"; }

# bus_master BDF: 1 if bus mastering is on in the device's command register.
bus_master() {
	local cmd
	cmd=$(od -An -tx2 -j4 -N2 "/sys/bus/pci/devices/$1/config" | tr -d ' ')
	echo $(((0x$cmd >> 2) & 1))
}

# stays_quiet BDF WHAT: bus mastering off now and 3 s later.
stays_quiet() {
	[ "$(bus_master "$1")" = 0 ] || die "$2: bus mastering on"
	sleep 3
	[ "$(bus_master "$1")" = 0 ] || die "$2: bus mastering back on"
	echo "$2: bus mastering off"
}

# dma_iova DEV 1|2: the IOVA airlockd logged for DEV's pool (1) or heap (2).
dma_iova() {
	sed -n "s/^$1: DMA: own container; packet pool at IOVA \(0x[0-9a-f]*\), heap at \(0x[0-9a-f]*\)$/\1 \2/p" \
		"$DAEMON_LOG" | tail -n 1 | cut -d ' ' -f "$2"
}

lab_peer_setup
modprobe vfio-pci
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
{
	printf '[daemon]\nhost-dir = %s\n\n' "$AIRLOCK_BUILD/drivers/linux"
	printf '[device e0]\ndriver = e1000\npci = %s\ninterface = air0\n' "$AIRLOCK_DUT"
	printf 'host = airlock-host-e1000-faulty\ncrash-budget = 1/60s\n'
	printf 'restart-backoff-ms = 10,1000\nheartbeat-timeout-ms = 3000\n\n'
	printf '[device e1]\ndriver = e1000\npci = %s\ninterface = air1\n' "$AIRLOCK_DUT2"
	printf 'heartbeat-timeout-ms = 3000\n'
} >airlockd.conf

step "airlockd hosts the e1000s of $AIRLOCK_DUT (test build) and $AIRLOCK_DUT2"
start_daemon airlockd.conf
wait_state e0 running 90
wait_state e1 running 90
lab_dut_up air0
ip netns add w1
ip link set air1 netns w1
in1 ip link set lo up
in1 ip link set air1 mtu 4000 address 02:a1:00:00:e1:e1
in1 ip addr add "$E1_ADDR/24" dev air1
in1 ip link set air1 up
wait_carrier_in w1 air1 20
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
in1 ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"

step "each driver runs as a uid of its own"
p0=$(driver_pid e0) p1=$(driver_pid e1)
u0=$(awk '/^Uid:/ { print $2 }' "/proc/$p0/status")
u1=$(awk '/^Uid:/ { print $2 }' "/proc/$p1/status")
echo "e0: pid $p0 uid $u0; e1: pid $p1 uid $u1"
[ "$u0" != "$u1" ] || die "both drivers run as uid $u0"
for u in "$u0" "$u1"; do
	[ "$u" != 0 ] && [ "$u" != 65534 ] || die "a driver runs as uid $u"
done
for p in "$p0" "$p1"; do
	! setpriv --reuid=nobody --regid=nogroup --clear-groups kill -0 "$p" 2>/dev/null ||
		die "a process running as nobody can signal driver pid $p"
done

step "e0's driver aims its TX descriptors at e1's memory"
pool1=$(dma_iova e1 1)
heap0=$(dma_iova e0 2)
[ -n "$pool1" ] && [ -n "$heap0" ] || die "airlockd did not log the devices' own containers and IOVAs"
echo "e0's heap at $heap0, e1's pool at $pool1"
ping -i 0.2 -W 1 "$LAB_PEER_ADDR" >ping-e0.txt 2>&1 &
ping0=$!
in1 ping -c 60 -i 0.25 -W 2 "$LAB_PEER_ADDR" >ping-e1.txt 2>&1 &
ping1=$!
sleep 2
kill -PWR "$(driver_pid e0)"
for ((i = 0; i < 100; i++)); do
	grep -q "e0: \[[0-9]*\] host: fault: TX descriptor ring moved to IOVA $pool1 " "$DAEMON_LOG" && break
	sleep 0.1
done
grep "host: fault: TX descriptor ring" "$DAEMON_LOG" || die "the test build did not move its ring"
grep -q "e0: \[[0-9]*\] host: fault: TX descriptor ring moved to IOVA $pool1 " "$DAEMON_LOG" ||
	die "the ring did not go to e1's pool IOVA $pool1"
# The IOMMU's record: e0's device, the page of e1's pool the ring was sent to.
fault="DMAR: .*Request device \[${AIRLOCK_DUT#0000:}\] fault addr ${pool1%???}[0-9a-f]{3}"
for ((i = 0; i < 100; i++)); do
	dmesg | grep -Eq "$fault" && break
	sleep 0.2
done
dmesg | grep -E "DMAR: .*fault" | tee dmar-faults.txt || true
grep -Eq "$fault" dmar-faults.txt || die "no IOMMU fault for $AIRLOCK_DUT at e1's pool IOVA $pool1"
wait "$ping1" || true
cat ping-e1.txt | tail -n 3
received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' ping-e1.txt)
[ "${received:-0}" -ge 54 ] || die "e1 lost pings while e0 attacked it: ${received:-0} of 60"
[ "$(in1 cat /sys/class/net/air1/mtu)" = 4000 ] || die "e1 lost its MTU"
[ "$(in1 cat /sys/class/net/air1/address)" = 02:a1:00:00:e1:e1 ] || die "e1 lost its MAC"
[ "$(json e1 "d['restarts']")" = 0 ] || die "e1 restarted"

step "e0 comes back"
for ((i = 0; i < 60; i++)); do
	ping -c 1 -W 1 "$LAB_PEER_ADDR" >/dev/null 2>&1 && break
	sleep 1
done
kill "$ping0" 2>/dev/null || true
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR" || die "e0 did not carry traffic again"
ctl status e0

step "e1 stopped: its device is quiesced"
ctl stop e1
wait_state e1 stopped 30
stays_quiet "$AIRLOCK_DUT2" "e1 stopped"

step "e0 crashes into quarantine: its device is quiesced"
for ((i = 0; i < 3; i++)); do
	[ "$(json e0 "d['state']")" = quarantined ] && break
	wait_state e0 running 60
	kill -9 "$(driver_pid e0)"
	sleep 1
done
wait_state e0 quarantined 30
stays_quiet "$AIRLOCK_DUT" "e0 quarantined"
ctl status e0

step "stop airlockd: both devices go back to e1000"
ip addr flush dev air0
kill -TERM "$daemon_pid"
wait "$daemon_pid" || die "airlockd did not stop cleanly"
for bdf in "$AIRLOCK_DUT" "$AIRLOCK_DUT2"; do
	[ "$(basename "$(readlink "/sys/bus/pci/devices/$bdf/driver")")" = e1000 ] ||
		die "$bdf is not back on e1000"
done
