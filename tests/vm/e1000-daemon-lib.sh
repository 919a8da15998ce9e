# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the scenarios that run the e1000 under airlockd
# (e1000-airlockd.sh, demo.sh), sourced after lib.sh and daemon-lib.sh
# inside the lab guest: one device e0 on $AIRLOCK_DUT, proxy air0. The
# checks both e1000 scenarios make (inpeer, peer_sees_mac, driver stats,
# link state, promiscuous mode) are in lib.sh.

E1000_NEW_MAC=02:a1:00:00:be:ef

# e1000_config FILE: airlockd with one device, the unmodified e1000.
e1000_config() {
	{
		printf '[daemon]\nhost-dir = %s\n\n' "$AIRLOCK_BUILD/drivers/linux"
		printf '[device e0]\ndriver = e1000\npci = %s\ninterface = air0\n' "$AIRLOCK_DUT"
		printf 'user = nobody\nrestart-backoff-ms = 10,1000\ncrash-budget = 10/60s\n'
		# TCG on a shared machine stalls processes for seconds at times.
		printf 'heartbeat-timeout-ms = 3000\n'
	} >"$1"
}

# e1000_daemon_up [HOST]: the peer, vfio-pci and airlock.ko, then airlockd
# hosting the lab's e1000 as device e0 (with driver host binary HOST, a
# file in host-dir, if given, and the lines of $E1000_DEVICE_KEYS added to
# its section) until its driver is running.
e1000_daemon_up() {
	lab_peer_setup
	modprobe vfio-pci
	insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
	e1000_config airlockd.conf
	[ -z "${1:-}" ] || echo "host = $1" >>airlockd.conf	# the last section is [device e0]
	[ -z "${E1000_DEVICE_KEYS:-}" ] || echo "$E1000_DEVICE_KEYS" >>airlockd.conf
	start_daemon airlockd.conf
	wait_state e0 running 60
}

# e1000_faulty_up: airlockd hosts the e1000's test build (faults on
# signals), air0 is up and pings, and the configuration to keep is set.
e1000_faulty_up() {
	step "airlockd hosts the e1000's test build on $AIRLOCK_DUT"
	e1000_daemon_up airlock-host-e1000-faulty
	lab_dut_up air0
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

# MTU 9000 (the peer too), a new MAC the peer learns, and a driver feature:
# rx-fcs on, which the driver offered at HELLO (the proxy shows it
# toggleable) and which makes e1000 keep the FCS, 4 bytes more per frame.
set_kept_state() {
	local len
	inpeer ip link set "$AIRLOCK_PEER_IF" mtu 9000
	ip link set air0 mtu 9000
	ip link set air0 address "$E1000_NEW_MAC"
	peer_sees_mac "$E1000_NEW_MAC" || die "the peer did not learn $E1000_NEW_MAC"
	wait_carrier air0 20	# e1000 resets itself for a new MTU
	ping -c 1 -w 15 -M do -s 8972 "$LAB_PEER_ADDR" || die "no jumbo ping through the driver"
	ethtool -K air0 rx-fcs on || die "rx-fcs, which e1000 offers, cannot be turned on: $(ethtool -k air0 | grep '^rx-fcs')"
	len=$(echo_reply_len air0)
	[ "$len" = 102 ] || die "rx-fcs on, but an echo reply is a ${len:-?}-byte frame, not 98 + the FCS"
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
	step "kill -9 $pid (the e1000 driver process)"
	kill -9 "$pid"
	wait_restarts e0 1 60
	[ "$(driver_pid e0)" != "$pid" ] || die "the same driver pid after a restart"
	wait "$client" || { cat iperf3-crash.txt; die "the TCP transfer did not survive the crash"; }
	grep -E 'sender|receiver' iperf3-crash.txt
	[ "$(iperf3_receiver_mbps iperf3-crash.txt)" != "" ] || die "iperf3 reports nothing received"
}

# The configuration is back in the new driver instance, not just in the proxy.
check_kept_state() {
	local len
	wait_carrier air0 20
	[ "$(cat /sys/class/net/air0/mtu)" = 9000 ] || die "MTU lost"
	[ "$(cat /sys/class/net/air0/address)" = "$E1000_NEW_MAC" ] || die "MAC lost"
	ping -c 1 -w 15 -M do -s 8972 "$LAB_PEER_ADDR" || die "MTU 9000 not replayed into the driver"
	peer_sees_mac "$E1000_NEW_MAC" || die "MAC not replayed into the driver"
	ethtool -k air0 | grep -q '^rx-fcs: on' || die "rx-fcs lost: $(ethtool -k air0 | grep '^rx-fcs')"
	len=$(echo_reply_len air0)
	[ "$len" = 102 ] || die "rx-fcs not replayed into the driver: an echo reply is a ${len:-?}-byte frame"
}

# SIGTERM to airlockd: SHUTDOWN to the host (a clean remove, exit 0), the
# proxy destroyed, the device back on e1000, which then carries ping.
stop_daemon_give_back() {
	local dev=/sys/bus/pci/devices/$AIRLOCK_DUT ifname= i
	ip addr flush dev air0
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || die "airlockd did not stop cleanly"
	grep -q "airlockd: stopped" "$DAEMON_LOG" || die "no clean stop in the log"
	grep -q "e0: \[[0-9]*\] host: removing the driver" "$DAEMON_LOG" ||
		die "the driver host was not removed cleanly"
	grep -q "e0: \[[0-9]*\] host: shutdown" "$DAEMON_LOG" ||
		die "the driver host did not see SHUTDOWN"
	grep -q "e0: driver pid [0-9]* ended: stopped" "$DAEMON_LOG" ||
		die "the driver host did not end as stopped"
	! pgrep -f airlock-host-e1000 >/dev/null || die "the driver host outlived the daemon"
	for ((i = 0; i < 50; i++)); do
		ifname=$(netif_of_pci "$AIRLOCK_DUT")
		[ -n "$ifname" ] && break
		sleep 0.1
	done
	[ -n "$ifname" ] || die "the in-kernel e1000 made no interface"
	[ "$(basename "$(readlink "$dev/driver")")" = e1000 ] || die "not bound to e1000"
	[ ! -e /sys/class/net/air0 ] || die "the proxy outlived the device's return"
	inpeer ip link set "$AIRLOCK_PEER_IF" mtu 1500
	inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
	lab_dut_up "$ifname"
	ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
}
