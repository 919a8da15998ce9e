# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the scenarios that run one hosted Linux NIC driver under
# airlockd (the NIC scenarios *-airlockd.sh and *-faults.sh, the demo),
# sourced after lib.sh and daemon-lib.sh inside the lab guest. First
# nic_use PCI DRIVER [IF]: device e0 on PCI, hosted by airlock-host-DRIVER,
# DRIVER also the in-kernel driver it goes back to, proxy IF (air0). The
# checks on the proxy itself (inpeer, peer_sees_mac, driver stats, link
# state, promiscuous mode) are in lib.sh.
#
# A driver's library may define two hooks for state of its own that a
# recovery must keep: nic_kept_extra_set and nic_kept_extra_check
# (e1000-daemon-lib.sh: rx-fcs). A family whose process differs may set
# NIC_ETHTOOL_DRIVER (what ethtool -i names, default the driver) and
# NIC_CONFINEMENT_CHECK (a function given the driver's pid, default
# check_confined): dpdk-airlockd.sh.

NIC_NEW_MAC=02:a1:00:00:be:ef

# nic_use PCI DRIVER [IF [KEPT_MTU]]: the device under test; KEPT_MTU
# (default 9000) is the MTU set_kept_state gives it, at most the driver's.
nic_use() {
	NIC_PCI=$1 NIC_DRIVER=$2 NIC_IF=${3:-air0} NIC_KEPT_MTU=${4:-9000}
}

# coalesce_of IF: IF's rx-usecs in ethtool -c, "unsupported" if the driver
# has no coalescing, or what ethtool said otherwise.
coalesce_of() {
	local out
	if ! out=$(ethtool -c "$1" 2>&1); then
		case $out in
		*"not supported"*) echo unsupported ;;
		*) echo "error: $out" ;;
		esac
		return 0
	fi
	echo "$out" | awk '$1 == "rx-usecs:" { print $2 }'
}

# nic_inkernel_view: the in-kernel $NIC_DRIVER holds $NIC_PCI at start;
# sets what the hosted proxy is then held to: kif (the kernel's
# interface), eeprom_mac, kmax (its maxmtu), kerr (how the kernel
# refuses MTU kmax + 1) and kcoal (its rx-usecs, coalesce_of).
nic_inkernel_view() {
	local drv
	drv=$(basename "$(readlink "/sys/bus/pci/devices/$NIC_PCI/driver" || echo none)")
	[ "$drv" = "$NIC_DRIVER" ] || die "$NIC_PCI is on '$drv', not $NIC_DRIVER"
	kif=$(wait_netif_of_pci "$NIC_PCI")
	eeprom_mac=$(cat "/sys/class/net/$kif/address")
	kmax=$(ip -d link show "$kif" | sed -n 's/.* maxmtu \([0-9]*\).*/\1/p')
	kcoal=$(coalesce_of "$kif")
	step "in-kernel $kif: MAC $eeprom_mac, maxmtu $kmax, rx-usecs $kcoal"
	kerr=$(ip link set "$kif" mtu $((kmax + 1)) 2>&1) && die "the in-kernel $NIC_DRIVER took MTU $((kmax + 1))"
	return 0
}

# nic_config FILE [HOST]: airlockd with one device e0, the unmodified
# driver (with driver host binary HOST, a file in host-dir, if given, and
# the lines of $NIC_DEVICE_KEYS added to its section).
nic_config() {
	{
		printf '[daemon]\nhost-dir = %s\n\n' "${NIC_HOST_DIR:-$AIRLOCK_BUILD/drivers/linux}"
		printf '[device e0]\ndriver = %s\npci = %s\ninterface = %s\n' \
			"$NIC_DRIVER" "$NIC_PCI" "$NIC_IF"
		[ -z "${2:-}" ] || printf 'host = %s\n' "$2"
		printf 'user = nobody\nrestart-backoff-ms = 10,1000\ncrash-budget = 10/60s\n'
		# TCG on a shared machine stalls processes for seconds at times.
		printf 'heartbeat-timeout-ms = 3000\n'
		[ -z "${NIC_DEVICE_KEYS:-}" ] || printf '%s\n' "$NIC_DEVICE_KEYS"
	} >"$1"
}

# nic_daemon_up [HOST]: the peer, vfio-pci and airlock.ko, then airlockd
# hosting the device as e0 until its driver is running.
nic_daemon_up() {
	lab_peer_setup
	modprobe vfio-pci
	insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
	nic_config airlockd.conf "${1:-}"
	start_daemon airlockd.conf
	wait_state e0 running 60
}

# nic_faulty_up: airlockd hosts the driver's test build (faults on
# signals), the proxy is up and pings, and the configuration to keep is set.
nic_faulty_up() {
	step "airlockd hosts the $NIC_DRIVER's test build on $NIC_PCI"
	nic_daemon_up "airlock-host-$NIC_DRIVER-faulty"
	lab_dut_up "$NIC_IF"
	ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
	set_kept_state
}

# check_confined PID: seccomp filter on, no capabilities, not root.
check_confined() {
	local pid=$1 st
	[ "$pid" -gt 0 ] || die "no driver pid"
	st=$(cat "/proc/$pid/status")
	printf '%s\n' "$st" | grep -E '^(Uid|Gid|CapEff|CapPrm|Seccomp):' | tee -a confinement.txt
	printf '%s\n' "$st" | grep -q $'^Seccomp:\t2$' || die "driver pid $pid: no seccomp filter"
	printf '%s\n' "$st" | grep -q $'^CapEff:\t0000000000000000$' || die "driver pid $pid has capabilities"
	printf '%s\n' "$st" | awk '$1 == "Uid:" { exit ($2 == 0 || $3 == 0) }' ||
		die "driver pid $pid runs as root"
}

# nic_hosted_up MAC: airlockd hosts the device (the production build),
# and the first checks every hosted driver's scenario makes: the proxy has
# MAC (the device's EEPROM or PROM), the host reported its sandbox and is
# confined, the proxy pings, and ethtool -i names the driver and the
# device's bus-info.
nic_hosted_up() {
	local want_mac=$1 mac
	step "airlockd hosts the $NIC_DRIVER of $NIC_PCI"
	nic_daemon_up
	grep -qx "driver = $NIC_DRIVER" airlockd.conf || die "not driver = $NIC_DRIVER in the configuration"
	mac=$(cat "/sys/class/net/$NIC_IF/address")
	[ "$mac" = "$want_mac" ] || die "proxy MAC $mac, the device says $want_mac"
	grep -q "e0: \[[0-9]*\] host: confined" "$DAEMON_LOG" || die "the host did not report its sandbox"

	step "the driver process is confined"
	"${NIC_CONFINEMENT_CHECK:-check_confined}" "$(driver_pid e0)"

	step "ping"
	lab_dut_up "$NIC_IF"
	ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"

	step "ethtool -i: the hosted driver's own answer"
	ethtool -i "$NIC_IF" | tee ethtool-i.txt
	grep -q "^driver: ${NIC_ETHTOOL_DRIVER:-$NIC_DRIVER}\$" ethtool-i.txt ||
		die "ethtool -i does not name ${NIC_ETHTOOL_DRIVER:-$NIC_DRIVER}"
	grep -q "^bus-info: $NIC_PCI\$" ethtool-i.txt || die "ethtool -i: not the device's bus-info"
}

# nic_iperf3_both_ways: 10 s of iperf3 each way through the proxy; the
# Mbit/s go into the results folder as SCENARIO.mbps ("out in").
nic_iperf3_both_ways() {
	local tx rx
	step "iperf3 10 s each way"
	tx=$(iperf3_mbps 10 iperf3-tx.txt)
	rx=$(iperf3_mbps 10 iperf3-rx.txt -R)
	step "$NIC_DRIVER under airlockd: $tx Mbit/s out, $rx Mbit/s in"
	echo "$tx $rx" >"$AIRLOCK_RESULTS/$NIC_DRIVER-airlockd.mbps"
}

# jumbo_ping: one ping of the kept MTU's full size, not fragmented (DF).
jumbo_ping() {
	ping -c 1 -w 15 -M do -s $((NIC_KEPT_MTU - 28)) "$LAB_PEER_ADDR"
}

# The state a recovery must keep: the kept MTU (the peer gets 9000), a new
# MAC the peer learns, promiscuous mode on, and the driver's own extra.
set_kept_state() {
	inpeer ip link set "$AIRLOCK_PEER_IF" mtu 9000
	ip link set "$NIC_IF" mtu "$NIC_KEPT_MTU"
	ip link set "$NIC_IF" address "$NIC_NEW_MAC"
	peer_sees_mac "$NIC_NEW_MAC" || die "the peer did not learn $NIC_NEW_MAC"
	wait_carrier "$NIC_IF" 20	# drivers reset themselves for a new MTU
	jumbo_ping || die "no $NIC_KEPT_MTU-byte ping through the driver"
	ip link set "$NIC_IF" promisc on
	! declare -F nic_kept_extra_set >/dev/null || nic_kept_extra_set
}

# check_coalesce: ethtool -c of the proxy is the driver's own, as the
# in-kernel driver showed it (kcoal, nic_inkernel_view). Where it has
# coalescing, a value it refuses is refused with its errno (rx-usecs 5:
# e1000e, e1000 take 0, 1, 3, 4 and 10-10000), one it cannot change
# (tx-usecs) as unsupported, and rx-usecs 50 is taken and becomes state a
# recovery must keep (check_kept_state). Where it has none, ethtool -C is
# refused as unsupported.
check_coalesce() {
	local ifc=$1 now out
	now=$(coalesce_of "$ifc")
	step "ethtool -c $ifc: rx-usecs $now (in-kernel: $kcoal)"
	[ "$now" = "$kcoal" ] || die "ethtool -c $ifc shows rx-usecs '$now', the in-kernel $NIC_DRIVER '$kcoal'"
	if [ "$kcoal" = unsupported ]; then
		out=$(ethtool -C "$ifc" rx-usecs 50 2>&1) && die "$ifc took rx-usecs 50 from a driver without coalescing"
		echo "$out" | grep -q 'not supported' || die "ethtool -C refused otherwise than unsupported: $out"
		return 0
	fi
	out=$(ethtool -C "$ifc" rx-usecs 5 2>&1) && die "$ifc took rx-usecs 5, which $NIC_DRIVER refuses"
	echo "$out" | grep -q 'Invalid argument' || die "rx-usecs 5 refused, but not by $NIC_DRIVER: $out"
	out=$(ethtool -C "$ifc" tx-usecs 10 2>&1) && die "$ifc took tx-usecs, which $NIC_DRIVER cannot change"
	echo "$out" | grep -q 'not supported' || die "tx-usecs refused otherwise than unsupported: $out"
	[ "$(coalesce_of "$ifc")" = "$kcoal" ] || die "a refused ethtool -C changed rx-usecs to $(coalesce_of "$ifc")"
	ethtool -C "$ifc" rx-usecs 50 || die "$NIC_DRIVER refused rx-usecs 50"
	now=$(coalesce_of "$ifc")
	[ "$now" = 50 ] || die "rx-usecs 50 taken, but ethtool -c shows $now"
	NIC_KEPT_COALESCE=50
	step "ethtool -C $ifc rx-usecs 50 taken; 5 and tx-usecs refused"
}

# crash_mid_iperf3 SECONDS: an iperf3 of SECONDS; kill -9 the driver a third
# of the way in; airlockd must restart it and the transfer complete.
crash_mid_iperf3() {
	local secs=$1 pid client
	inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile /tmp/iperf3-crash-server.log
	sleep 0.5
	iperf3 -c "$LAB_PEER_ADDR" -t "$secs" -f m >iperf3-crash.txt &
	client=$!
	sleep $((secs / 3))
	pid=$(driver_pid e0)
	[ "$pid" -gt 0 ] || die "no driver pid"
	step "kill -9 $pid (the $NIC_DRIVER driver process)"
	kill -9 "$pid"
	wait_restarts e0 1 60
	[ "$(driver_pid e0)" != "$pid" ] || die "the same driver pid after a restart"
	wait "$client" || { cat iperf3-crash.txt; die "the TCP transfer did not survive the crash"; }
	grep -E 'sender|receiver' iperf3-crash.txt
	[ "$(iperf3_receiver_mbps iperf3-crash.txt)" != "" ] || die "iperf3 reports nothing received"
}

# nic_crash_and_check: kill -9 of the driver mid-iperf3 (crash_mid_iperf3);
# the transfer completes, the kept state is back in the new instance, the
# crash is classified SIGKILL, the device was reset through VFIO with bus
# mastering off before the restart (every hostable lab NIC sits alone
# behind a root port: a secondary bus reset), the new driver is confined.
nic_crash_and_check() {
	step "kill -9 the driver mid-iperf3"
	crash_mid_iperf3 12
	check_kept_state
	json e0 "d['last_crash']" | grep -q "signal SIGKILL" ||
		die "the crash classified as '$(json e0 "d['last_crash']")'"
	grep -q "e0: pci $NIC_PCI: reset through VFIO, bus mastering off" "$DAEMON_LOG" ||
		die "the device was not reset and quiesced before the restart"
	"${NIC_CONFINEMENT_CHECK:-check_confined}" "$(driver_pid e0)"
}

# nic_fault_mid_iperf3 SIGNAL WHAT: the signal to the test build's driver a
# third into a 30 s iperf3 (its faults.c does WHAT to the device); nobody is
# told, yet the transfer must complete and the kept state survive,
# whatever brought the device back.
nic_fault_mid_iperf3() {
	local sig=$1 what=$2 pid client restarts
	restarts=$(json e0 "d['restarts']")
	inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile "/tmp/iperf3-$sig-server.log"
	sleep 0.5
	timeout 150 iperf3 -c "$LAB_PEER_ADDR" -t 30 -f m >"iperf3-$sig.txt" &
	client=$!
	sleep 10
	pid=$(driver_pid e0)
	[ "$pid" -gt 0 ] || die "no driver pid"
	step "$what (SIG$sig to driver pid $pid)"
	kill "-$sig" "$pid"
	wait "$client" || { cat "iperf3-$sig.txt"; die "the TCP transfer did not survive: $what"; }
	grep -E 'sender|receiver' "iperf3-$sig.txt"
	wait_state e0 running 60
	check_kept_state
	step "recovered from '$what': $(($(json e0 "d['restarts']") - restarts)) restarts, last crash: $(json e0 "d['last_crash']")"
}

# check_dmar_fault ADDR_RE: the IOMMU refused a DMA of this device at an
# address matching ADDR_RE (an extended regex) and said so in dmesg.
check_dmar_fault() {
	dmesg | grep -E "DMAR: .*fault" | tee dmar-faults.txt
	grep -Eq "DMAR: .*Request device \[${NIC_PCI#0000:}\] fault addr $1" dmar-faults.txt ||
		die "no IOMMU fault logged for $NIC_PCI at the wild IOVA"
}

# The configuration is back in the new driver instance, not just in the
# proxy: a full-size ping crosses the device, the peer learns the MAC from
# frames the device sent, the device takes frames for a foreign MAC with
# nobody but the replay asking for promiscuous mode (tcpdump -p), and the
# new driver says the rx-usecs check_coalesce set, if it set one.
check_kept_state() {
	wait_carrier "$NIC_IF" 20
	[ "$(cat "/sys/class/net/$NIC_IF/mtu")" = "$NIC_KEPT_MTU" ] || die "MTU lost"
	[ "$(cat "/sys/class/net/$NIC_IF/address")" = "$NIC_NEW_MAC" ] || die "MAC lost"
	jumbo_ping || die "MTU $NIC_KEPT_MTU not replayed into the driver"
	peer_sees_mac "$NIC_NEW_MAC" || die "MAC not replayed into the driver"
	ip link show "$NIC_IF" | grep -q PROMISC || die "promiscuous mode lost"
	check_promisc_foreign "$NIC_IF" -p
	# Shown from the new driver's get_coalesce, which starts at its default.
	[ -z "${NIC_KEPT_COALESCE:-}" ] || [ "$(coalesce_of "$NIC_IF")" = "$NIC_KEPT_COALESCE" ] ||
		die "rx-usecs $NIC_KEPT_COALESCE not replayed into the driver: $(coalesce_of "$NIC_IF")"
	! declare -F nic_kept_extra_check >/dev/null || nic_kept_extra_check
}

# SIGTERM to airlockd: SHUTDOWN to the host (a clean remove, exit 0), the
# proxy destroyed, the device back on its in-kernel driver, which then
# carries ping.
stop_daemon_give_back() {
	local dev=/sys/bus/pci/devices/$NIC_PCI ifname= i
	ip addr flush dev "$NIC_IF"
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || die "airlockd did not stop cleanly"
	grep -q "airlockd: stopped" "$DAEMON_LOG" || die "no clean stop in the log"
	grep -q "e0: \[[0-9]*\] host: removing the driver" "$DAEMON_LOG" ||
		die "the driver host was not removed cleanly"
	grep -q "e0: \[[0-9]*\] host: shutdown" "$DAEMON_LOG" ||
		die "the driver host did not see SHUTDOWN"
	grep -q "e0: driver pid [0-9]* ended: stopped" "$DAEMON_LOG" ||
		die "the driver host did not end as stopped"
	! pgrep -f "airlock-host-$NIC_DRIVER" >/dev/null || die "the driver host outlived the daemon"
	for ((i = 0; i < 50; i++)); do
		ifname=$(netif_of_pci "$NIC_PCI")
		[ -n "$ifname" ] && break
		sleep 0.1
	done
	[ -n "$ifname" ] || die "the in-kernel $NIC_DRIVER made no interface"
	[ "$(basename "$(readlink "$dev/driver")")" = "$NIC_DRIVER" ] || die "not bound to $NIC_DRIVER"
	[ ! -e "/sys/class/net/$NIC_IF" ] || die "the proxy outlived the device's return"
	inpeer ip link set "$AIRLOCK_PEER_IF" mtu 1500
	inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
	lab_dut_up "$ifname"
	ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
}

# check_rx_in_place MIN_PERCENT: the Linux driver's last instance posted
# at least MIN_PERCENT of the frames it received in the stub's RX buffer
# the device wrote them into (drivers/linux/rx_lend.c), not copied; its
# exit line says "N frames received (M in place, D dropped)". Run after
# stop_daemon_give_back.
check_rx_in_place() {
	local min=$1 line got in_place
	line=$(grep -o '[0-9]* frames received ([0-9]* in place' "$DAEMON_LOG" | tail -1)
	[ -n "$line" ] || die "no 'frames received (N in place' line from the driver host"
	got=${line%% *}
	in_place=${line##*(}
	in_place=${in_place%% *}
	echo "received $got frames, $in_place of them in place (want at least $min%)"
	((got >= 100)) || die "only $got frames received: too few to tell"
	((in_place * 100 >= got * min)) || die "$in_place of $got frames posted in place, under $min%"
}

