#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (run with BENCH_ONLY=dpdk bench/run-lab-bench): four
# ways to give the kernel an interface on the lab's e1000, in one boot, in
# interleaved rounds (BENCH_ROUNDS, default 2; the order reversed on even
# rounds, so that a phase's position favours none):
#   kernel   the in-kernel e1000;
#   e1000    the Linux e1000 hosted by airlock-host-e1000 under airlockd;
#   dpdk     DPDK's net_e1000_em hosted by airlock-host-dpdk under airlockd
#            (driver = dpdk, vfio-intr=legacy: QEMU's e1000 has INTx only);
#   dpdk-zc  (BENCH_DPDK_ZEROCOPY=1 only) the same with driver-options
#            zero-copy=on: the stub's pool as the PMD's packet memory
#            (docs/dpdk.md); with each hosted DPDK phase the host's TX
#            counters (frames dropped at the PMD's full ring, ethtool -S
#            host_tx_ring_full) are reported;
#   testpmd  DPDK's own exception path: the e1000 on vfio-pci, dpdk-testpmd
#            forwarding (io) between it and a net_tap port, the kernel's
#            interface being the TAP device dtap0.
# Each: iperf3 (one TCP stream, BENCH_SECONDS, default 10) each way, TCP and
# UDP request/response (sockperf ping-pong), the guest's CPU per Gbit
# (nic-bench-lib.sh). Then each user-space process is killed once (kill -9)
# under an iperf3 transfer: what the kernel side kept (interface, address,
# route, the TCP connection) and how long until an echo reply comes back
# (first-reply.py's probe, one request every 2 ms; for testpmd
# tap-recovery.py, which also starts testpmd again and re-adds the
# address). Numbers are reported, never asserted. Writes
# dpdk-vs-exception-path.txt and dpdk-vs-exception-path-kills.json.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"
. "$AIRLOCK_SRC/bench/lab/nic-bench-lib.sh"

seconds=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-2}
zerocopy=${BENCH_DPDK_ZEROCOPY:-0}
dpdk_host_dir=$AIRLOCK_BUILD/drivers/dpdk
[ -x "$dpdk_host_dir/airlock-host-dpdk" ] || die "this build has no airlock-host-dpdk (dpdk-dev missing?)"
command -v dpdk-testpmd >/dev/null || die "no dpdk-testpmd in the guest (Debian's dpdk-dev, scripts/setup.sh)"
dev=/sys/bus/pci/devices/$AIRLOCK_DUT
tap=dtap0
# testpmd as its EAL must run in the lab (docs/dpdk.md): no hugepages, so
# fixed memory and IOVA as VA; legacy interrupts (QEMU's e1000 has no
# MSI-X; testpmd polls anyway, but EAL's auto mode fails to set MSI-X up);
# no shared files or telemetry socket. Two lcores: testpmd's main one
# (which only prints statistics) and one forwarding core, which polls both
# ports all the time, as DPDK does. Not interactive: without
# --stats-period, non-interactive testpmd waits for Enter and would
# leave at once on stdin's EOF; with it, it loops until a signal. Its
# default mbuf pool (155456 mbufs for 2 lcores, 338 MB) does not fit in
# -m 512 without hugepages: 16384 mbufs (36 MB) in 256 MB. dtap0 gets the
# e1000's own MAC, so that the NIC's unicast filter passes its frames
# whether or not testpmd turns promiscuous mode on, and the peer sees the
# same MAC in every phase.
testpmd_cmd=(dpdk-testpmd -l 0-1 --no-huge -m 256 --iova-mode=va --vfio-intr=legacy
	--no-shconf --no-telemetry -a "$AIRLOCK_DUT" --vdev "net_tap0,iface=$tap,mac=$AIRLOCK_DUT_MAC"
	-- --forward-mode=io --nb-cores=1 --auto-start --stats-period=3600 --total-num-mbufs=16384)

# bind_to DRIVER: the device on DRIVER (e1000 or vfio-pci), through
# driver_override, which is cleared again so that airlockd's own binding
# is not fought.
bind_to() {
	local cur
	cur=$(basename "$(readlink "$dev/driver" 2>/dev/null)" 2>/dev/null || true)
	[ "$cur" = "$1" ] && return 0
	[ -z "$cur" ] || echo "$AIRLOCK_DUT" >"$dev/driver/unbind"
	echo "$1" >"$dev/driver_override"
	echo "$AIRLOCK_DUT" >/sys/bus/pci/drivers_probe
	echo >"$dev/driver_override"
	cur=$(basename "$(readlink "$dev/driver" 2>/dev/null)" 2>/dev/null || true)
	[ "$cur" = "$1" ] || die "$AIRLOCK_DUT: bound to '${cur:-nothing}', not $1"
}

# wait_gone PID SECONDS: until process PID (not our child) has ended.
wait_gone() {
	local end=$((SECONDS + $2))
	while [ -e "/proc/$1" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]; do
		[ "$SECONDS" -lt "$end" ] || die "pid $1 still running after $2 s"
		sleep 0.1
	done
}

# Results per round r: PREFIX_out[r], _in, _out_cpu, _in_cpu, _trr, _urr,
# _proc (the user-space process's share of one vCPU) for the phases below.
phases="k e p t"
hosted="e p"	# the user-space phases other than testpmd
[ "$zerocopy" != 1 ] || { phases="k e p z t"; hosted="e p z"; }
declare -A label=([k]="in-kernel e1000" [e]="hosted e1000 (airlockd)"
	[p]="hosted DPDK PMD (airlockd)" [z]="hosted DPDK PMD, zero-copy" [t]="testpmd + net_tap")
declare -A short=([k]=kernel [e]=hosted-e1000 [p]=hosted-dpdk [z]=hosted-dpdk-zc [t]=testpmd)
# Per hosted DPDK phase and round: frames dropped at the PMD's full TX ring, and the rings.
declare -A tx_full rings
for p in $phases; do
	declare -a "${p}_out" "${p}_in" "${p}_out_cpu" "${p}_in_cpu" "${p}_trr" "${p}_urr" "${p}_proc"
done

kernel_phase() {
	local r=$1 ifc
	bind_to e1000
	ifc=$(wait_netif_of_pci "$AIRLOCK_DUT")
	step "round $r: ${label[k]} ($ifc)"
	inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
	lab_dut_up "$ifc"
	measure_all k "${short[k]}" "$r"
	ip addr flush dev "$ifc"
	ip link set "$ifc" down
}

# hosted_up e|p: airlockd takes the device (from e1000, as in production)
# and hosts it with the Linux e1000 or the DPDK PMD; air0 addressed and up.
hosted_up() {
	if [ "$1" = p ] || [ "$1" = z ]; then
		nic_use "$AIRLOCK_DUT" dpdk air0
		NIC_HOST_DIR=$dpdk_host_dir NIC_DEVICE_KEYS="driver-options = vfio-intr=legacy$([ "$1" = z ] && echo ' zero-copy=on')" \
			nic_config airlockd.conf
	else
		nic_use "$AIRLOCK_DUT" e1000 air0
		NIC_HOST_DIR='' NIC_DEVICE_KEYS='' nic_config airlockd.conf
	fi
	bind_to e1000
	insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
	start_daemon airlockd.conf
	wait_state e0 running 90
	inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
	lab_dut_up air0
}

# hosted_down: airlockd stops cleanly, which gives the device back.
hosted_down() {
	ip addr flush dev air0
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || die "airlockd did not stop cleanly"
	rmmod airlock
}

hosted_phase() {
	local p=$1 r=$2
	step "round $r: ${label[$p]}"
	hosted_up "$p"
	measure_all "$p" "${short[$p]}" "$r" "$(driver_pid e0)"
	printf -v "${p}_mem" '%s' "$(proc_memory "$(driver_pid e0)")"
	printf -v "${p}_restarts[$r]" %s "$(json e0 "d['restarts']")"
	if [ "$p" != e ]; then
		sleep 1	# the driver publishes its counters every 500 ms
		tx_full[$p,$r]=$(driver_stat air0 host_tx_ring_full)
		rings[$p,$r]=$(ethtool -g air0 | awk '/^Current/ { c = 1 } c && ($1 == "RX:" || $1 == "TX:") { printf "%s%s", n++ ? "/" : "", $2 }')
	fi
	hosted_down
}

# testpmd_up: the device on vfio-pci, testpmd started, dtap0 addressed and
# up; sets testpmd_pid.
testpmd_up() {
	local i
	bind_to vfio-pci
	"${testpmd_cmd[@]}" </dev/null >>testpmd.log 2>&1 &
	testpmd_pid=$!
	for ((i = 0; i < 600; i++)); do
		[ -e "/sys/class/net/$tap" ] && break
		kill -0 "$testpmd_pid" 2>/dev/null || { tail -n 30 testpmd.log; die "dpdk-testpmd exited"; }
		sleep 0.1
	done
	[ -e "/sys/class/net/$tap" ] || { tail -n 30 testpmd.log; die "dpdk-testpmd made no $tap in 60 s"; }
	inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
	lab_dut_up "$tap"
}

# testpmd_down: SIGTERM (testpmd stops and closes its ports, dtap0 goes),
# the device back on e1000.
testpmd_down() {
	kill -TERM "$testpmd_pid" 2>/dev/null || true
	wait_gone "$testpmd_pid" 30
	wait "$testpmd_pid" 2>/dev/null || true
	bind_to e1000
}

testpmd_phase() {
	local r=$1
	step "round $r: ${label[t]}"
	testpmd_up
	measure_all t "${short[t]}" "$r" "$testpmd_pid"
	printf -v t_mem '%s' "$(proc_memory "$testpmd_pid")"
	ip addr flush dev "$tap"
	testpmd_down
}

phase() { case $1 in k) kernel_phase "$2" ;; e | p | z) hosted_phase "$1" "$2" ;; t) testpmd_phase "$2" ;; esac; }

lab_peer_setup
rr_servers
modprobe vfio-pci
# net_tap opens /dev/net/tun; the lab's kernel has tun as a module.
modprobe tun
[ -c /dev/net/tun ] || { mkdir -p /dev/net && mknod /dev/net/tun c 10 200; }
for ((r = 1; r <= rounds; r++)); do
	order=$phases
	((r % 2)) || order=$(echo "$phases" | tr ' ' '\n' | tac | tr '\n' ' ')
	for p in $order; do phase "$p" "$r"; done
done

# --- kill each user-space process once, under iperf3 ---
kill_secs=$((seconds < 10 ? 12 : seconds + 5))
: >dpdk-vs-exception-path-kills.json
declare -A kill_res

# kill_iperf3_start NAME: a transfer of kill_secs s in the background
# (client), its server's pid file in the peer; a timeout in case the
# connection hangs for good.
kill_iperf3_start() {
	inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" -I "/tmp/iperf3-kill-$1.pid" --logfile "/tmp/iperf3-kill-$1.log"
	sleep 0.5
	timeout $((kill_secs + 60)) iperf3 -c "$LAB_PEER_ADDR" -t "$kill_secs" -f m >"iperf3-kill-$1.txt" 2>&1 &
	client=$!
	sleep $((kill_secs / 3))
}

# kill_iperf3_end NAME: sets iperf_fate to what became of the transfer.
kill_iperf3_end() {
	local rc=0 mbps stalled resumed
	wait "$client" || rc=$?
	mbps=$(iperf3_receiver_mbps "iperf3-kill-$1.txt" 2>/dev/null || true)
	# Completing is not flowing again: TCP's retransmission timer backs
	# off during an outage, so a connection may live to its end without a
	# byte after the kill. The one-second intervals say which.
	read -r stalled resumed < <(awk '/^\[ *[0-9]+\] +[0-9.]+-[0-9.]+ +sec/ && !/sender|receiver/ {
		for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") v = $(i - 1)
		if (v + 0 == 0) z++; else if (z) back = 1 }
		END { print z + 0, back ? "resumed" : "did not resume" }' "iperf3-kill-$1.txt")
	if [ "$rc" = 0 ] && [ -n "$mbps" ]; then
		iperf_fate="completed, $mbps Mbit/s over ${kill_secs} s, $stalled one-second intervals without data, then it $resumed"
	elif [ "$rc" = 124 ]; then
		iperf_fate="hung (killed by timeout after $((kill_secs + 60)) s)"
	else
		iperf_fate="failed (exit $rc: $(grep -m 1 -i error "iperf3-kill-$1.txt" || tail -n 1 "iperf3-kill-$1.txt"))"
	fi
	[ ! -e "/tmp/iperf3-kill-$1.pid" ] || kill "$(cat "/tmp/iperf3-kill-$1.pid")" 2>/dev/null || true
}

# kept IF IFINDEX: what the kernel still has after a recovery.
kept() {
	local s
	if [ "$(cat "/sys/class/net/$1/ifindex" 2>/dev/null)" = "$2" ]; then s="interface kept (ifindex $2)"
	else s="interface replaced (ifindex $2 -> $(cat "/sys/class/net/$1/ifindex" 2>/dev/null || echo none))"; fi
	ip -o -4 addr show dev "$1" | grep -q " $LAB_DUT_ADDR/" && s+=", address kept" || s+=", address lost"
	ip -4 route show match "$LAB_PEER_ADDR" | grep -q "dev $1" && s+=", route kept" || s+=", route lost"
	echo "$s"
}

# jget JSON KEYS...: the values of KEYS in the object JSON, on one line.
# Booleans as kept / lost.
jget() {
	python3 -c 'import json, sys; d = json.loads(sys.argv[1])
print(*[{True: "kept", False: "lost"}.get(d[k], d[k]) if isinstance(d[k], bool) else d[k] for k in sys.argv[2:]])' "$@"
}

kill_hosted() {
	local p=$1 ifindex res total restart replay
	step "kill -9 under iperf3: ${label[$p]}"
	hosted_up "$p"
	ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null || die "no ping before the kill"
	ifindex=$(cat /sys/class/net/air0/ifindex)
	kill_iperf3_start "$p"
	res=$(python3 "$AIRLOCK_SRC/bench/lab/first-reply.py" hosted "$AIRLOCKCTL" e0 "$LAB_PEER_ADDR") ||
		die "first-reply.py failed for ${label[$p]}"
	echo "{\"${short[$p]}\": $res}" | tee -a dpdk-vs-exception-path-kills.json
	kill_iperf3_end "$p"
	read -r total restart replay < <(jget "$res" total airlockd_restart airlockd_replay)
	kill_res[$p]="first echo reply $total ms after the kill (airlockd: restart $restart ms, replay $replay ms)"
	kill_res[$p]+="; $(kept air0 "$ifindex"); iperf3 $iperf_fate"
	step "${label[$p]}: ${kill_res[$p]}"
	wait_state e0 running 60
	hosted_down
}

kill_testpmd() {
	local ifindex res gone addr_kept route_kept restart configure total
	step "kill -9 under iperf3: ${label[t]}"
	testpmd_up
	ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null || die "no ping before the kill"
	ifindex=$(cat "/sys/class/net/$tap/ifindex")
	kill_iperf3_start t
	res=$(python3 "$AIRLOCK_SRC/bench/lab/tap-recovery.py" "$testpmd_pid" "$tap" "$LAB_DUT_ADDR/24" \
		"$LAB_PEER_ADDR" testpmd.log -- "${testpmd_cmd[@]}") || die "tap-recovery.py failed"
	wait "$testpmd_pid" 2>/dev/null || true	# the killed one
	echo "{\"${short[t]}\": $res}" | tee -a dpdk-vs-exception-path-kills.json
	testpmd_pid=$(jget "$res" pid)
	read -r gone addr_kept route_kept restart configure total < <(jget "$res" gone addr_kept route_kept \
		restart configure total)
	kill_res[t]="$tap gone $gone ms after the kill; right after: address $addr_kept, route $route_kept;"
	kill_res[t]+=" testpmd started again at once: $tap back in $restart ms, address added and up in $configure ms;"
	kill_res[t]+=" first echo reply $total ms after the kill"
	kill_iperf3_end t
	kill_res[t]+="; after re-adding the address: $(kept "$tap" "$ifindex"); iperf3 $iperf_fate"
	step "${label[t]}: ${kill_res[t]}"
	ip addr flush dev "$tap"
	testpmd_down
}

kill_hosted e
kill_hosted p
kill_testpmd

# --- report ---
# med ARRAY_NAME: the median of that array.
med() {
	local -n _a=$1
	median "${_a[@]}"
}
cols="out in out_cpu in_cpu trr urr"
# row PREFIX: the medians of its six columns.
row() {
	local c m=()
	for c in $cols; do m+=("$(med "${1}_$c")"); done
	printf '| %-36s | %8s | %8s | %8s | %8s | %8s | %8s |\n' "${label[$1]}" "${m[@]}"
}
# ratio_row PREFIX: its medians over the in-kernel ones.
ratio_row() {
	local c m=()
	for c in $cols; do m+=("$(ratio "$(med "${1}_$c")" "$(med "k_$c")")"); done
	printf '| %-36s | %8s | %8s | %8s | %8s | %8s | %8s |\n' "${label[$1]} / kernel" "${m[@]}"
}
{
	echo "Same boot (TCG, 2 vCPUs), $rounds rounds of $(wc -w <<<"$phases") phases, the order reversed on even rounds"
	echo "(odd: $(for p in $phases; do printf '%s, ' "${label[$p]}"; done | sed 's/, $//'))."
	echo "iperf3 ${seconds} s, one TCP stream, DUT <-> virtio-net peer; sockperf ping-pong ${seconds} s,"
	echo "64 bytes, transactions/s. CPU: busy time of the whole guest per Gbit received."
	echo "Per round: Mbit/s out / in, TCP / UDP transactions/s, ms CPU per Gbit out / in:"
	for ((r = 1; r <= rounds; r++)); do
		for p in $phases; do
			local_out=${p}_out[$r] local_in=${p}_in[$r] local_t=${p}_trr[$r] local_u=${p}_urr[$r]
			local_oc=${p}_out_cpu[$r] local_ic=${p}_in_cpu[$r]
			printf '  round %d %-27s %6s / %-6s  %6s / %-6s  %5s / %s\n' "$r" "${label[$p]}:" \
				"${!local_out}" "${!local_in}" "${!local_t}" "${!local_u}" "${!local_oc}" "${!local_ic}"
		done
	done
	echo "Medians over the rounds:"
	printf '| %-36s | %8s | %8s | %8s | %8s | %8s | %8s |\n' "" "out Mb/s" "in Mb/s" \
		"out ms/G" "in ms/G" "TCP RR/s" "UDP RR/s"
	echo "|--------------------------------------|---------:|---------:|---------:|---------:|---------:|---------:|"
	for p in $phases; do row "$p"; done
	for p in $hosted t; do ratio_row "$p"; done
	echo "The user-space process's share of one vCPU over its phase (iperf3 both ways and both"
	echo "ping-pongs), per round:"
	for p in $hosted t; do
		printf '  %-27s' "${label[$p]}:"
		for ((r = 1; r <= rounds; r++)); do v=${p}_proc[$r]; printf ' %s' "${!v}"; done
		echo
	done
	echo "Its memory at the end of its last round:"
	for p in $hosted t; do v=${p}_mem; printf '  %-27s %s\n' "${label[$p]}:" "${!v}"; done
	for p in $hosted; do
		printf '  %s: driver restarts during the rounds:' "${label[$p]}"
		for ((r = 1; r <= rounds; r++)); do v=${p}_restarts[$r]; printf ' %s' "${!v}"; done
		echo
	done
	echo "Hosted DPDK PMD, per round: frames dropped at the PMD's full TX ring (ethtool -S"
	echo "host_tx_ring_full, over the phase), and the rings it ran (ethtool -g, RX/TX):"
	for p in $hosted; do
		[ "$p" != e ] || continue
		printf '  %-27s' "${label[$p]}:"
		for ((r = 1; r <= rounds; r++)); do printf ' %s (%s)' "${tx_full[$p,$r]}" "${rings[$p,$r]}"; done
		echo
	done
	echo "Where the guest's CPU went, ms per Gbit received, and context switches per Gbit:"
	printf '%s' "$splits"
	echo "kill -9 of the user-space process once, under an iperf3 transfer of ${kill_secs} s (killed"
	echo "$((kill_secs / 3)) s in); time to the first echo reply (one request every 2 ms):"
	for p in e p t; do echo "  ${label[$p]}: ${kill_res[$p]}"; done
} | tee dpdk-vs-exception-path.txt
