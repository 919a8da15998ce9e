#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (run with bench/run-lab-bench, BENCH_ONLY=stages):
# where one frame's microseconds go, in-kernel e1000 against the same
# driver hosted under airlockd, in one boot (issue 19). Each phase runs a
# UDP ping-pong (sockperf, one 14-byte request in flight) from the DUT to
# the virtio-net peer in its namespace, first untraced
# (STAGES_PLAIN_SECONDS, default 3: the rate without tracing), then with
# ftrace on (STAGES_SECONDS, default 2) and a small set of events: the
# two sockperf processes' sendto/recvfrom, their wake-ups, the DUT's and
# the peer's interrupts, net_dev_start_xmit and netif_receive_skb, and,
# hosted, the driver process's wake-ups, its epoll returns and doorbell
# writes, kprobes on the stub (airlock_kick, airlock_napi_poll) and
# uprobes in the driver (e1000_xmit_frame, e1000_clean); in-kernel a
# kprobe on e1000_clean. frame-stages.py cuts the trace into exchanges
# and each exchange into stages (docs/performance.md, "Where one frame's
# time goes"). STAGES_ROUNDS (default 1) rounds of the two phases, which
# goes first alternating (odd rounds in-kernel). With STAGES_PINNED=1
# each round runs both phases a second time pinned: the DUT's side
# (client, its interrupt, the hosted driver process and so the stub's
# doorbell work) on vCPU 0, the peer's (server, its interrupt) on vCPU 1,
# so that the hosted path crosses no vCPU where the in-kernel one does
# not: what the cross-vCPU wake-ups cost, apart from the rest. With
# STAGES_PROFILE=1 each phase ends with a third ping-pong under perf
# (cpu-clock samples of the whole guest: TCG has no PMU), reported by
# process and by symbol in profile-LABEL.txt. Writes
# frame-stages.txt (one report per placement); the traces stay beside it
# (trace-PHASE[-pinned]-ROUND.txt).
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/e1000-daemon-lib.sh"

rounds=${STAGES_ROUNDS:-1}
traced_s=${STAGES_SECONDS:-2}
plain_s=${STAGES_PLAIN_SECONDS:-3}
pinned=${STAGES_PINNED:-0}
profile=${STAGES_PROFILE:-0}
port=11112
fifo=/tmp/frame-stages-go.fifo	# the results share takes no fifo
T=/sys/kernel/tracing
parser=$AIRLOCK_SRC/bench/lab/frame-stages.py
host_bin=$AIRLOCK_BUILD/drivers/linux/airlock-host-e1000

[ -d "$T/events" ] || mount -t tracefs nodev "$T"
[ -d "$T/events" ] || die "no tracefs"

# The peer's receive interrupt (its virtio device's input.0 vector), found
# before the peer's interface moves into its namespace.
peer_virtio=$(basename "$(ls -d "/sys/bus/pci/devices/$AIRLOCK_PEER"/virtio* | head -1)")
peer_irq=$(awk -v n="$peer_virtio-input.0" '$NF == n { sub(":", "", $1); print $1 }' /proc/interrupts)
[ -n "$peer_irq" ] || die "no $peer_virtio-input.0 in /proc/interrupts"
# The e1000 has no MSI under QEMU: its INTx line, in-kernel and under vfio-pci.
dut_irq=$(cat "/sys/bus/pci/devices/$AIRLOCK_DUT/irq")
step "peer RX irq $peer_irq ($peer_virtio-input.0), DUT irq $dut_irq"
echo "clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"

lab_peer_setup
modprobe vfio-pci
inpeer sockperf sr -i "$LAB_PEER_ADDR" -p "$port" --daemonize >/dev/null
sleep 0.5
server_pid=$(pgrep -f "sockperf sr -i $LAB_PEER_ADDR -p $port" | head -1)
[ -n "$server_pid" ] || die "no sockperf server"

# sockperf_rate FILE: transactions/s from sockperf's "[Valid Duration]" line.
sockperf_rate() {
	sed -n 's/.*\[Valid Duration\] RunTime=\([0-9.]*\) sec;.*ReceivedMessages=\([0-9]*\).*/\1 \2/p' "$1" |
		awk '$1 > 0 { printf "%.0f", $2 / $1 }'
}

# sockperf_rtt50 FILE: the median round trip in us (sockperf's "latency"
# is half of it).
sockperf_rtt50() {
	awk '/percentile 50.000 =/ { r = sprintf("%.0f", 2 * $NF) } END { print r == "" ? "?" : r }' "$1"
}

# trace_off: every event off, the probes gone, the buffer empty.
trace_off() {
	echo 0 >"$T/tracing_on"
	echo 0 >"$T/events/enable"
	echo >"$T/kprobe_events"
	echo >"$T/uprobe_events"
	echo >"$T/trace"
}

# ev SUBSYS/EVENT [FILTER]: enables one event, filtered.
ev() {
	echo "${2:-0}" >"$T/events/$1/filter"	# "0" clears a filter
	echo 1 >"$T/events/$1/enable"
}

# probe FILE NAME SPEC: defines and enables a kprobe or uprobe (group
# stages); a probe that cannot be placed is reported and left out.
probe() {
	if echo "p:stages/$2 $3" >>"$T/$1" 2>>probe-errors.txt; then
		echo 1 >"$T/events/stages/$2/enable"
	else
		echo "probe $2 ($3) refused" | tee -a probe-errors.txt
	fi
}

# trace_setup KIND CLIENT_PID [DRIVER_PID]: the events of one phase.
trace_setup() {
	local kind=$1 c=$2 d=${3:-} off
	trace_off
	echo x86-tsc >"$T/trace_clock"
	echo 8192 >"$T/buffer_size_kb"
	ev syscalls/sys_enter_sendto "common_pid == $c || common_pid == $server_pid"
	ev syscalls/sys_exit_recvfrom "common_pid == $c || common_pid == $server_pid"
	ev irq/irq_handler_entry "irq == $dut_irq || irq == $peer_irq"
	ev net/net_dev_start_xmit
	ev net/netif_receive_skb
	if [ "$kind" = kernel ]; then
		ev sched/sched_wakeup "pid == $c || pid == $server_pid"
		probe kprobe_events kclean "e1000:e1000_clean"
	else
		ev sched/sched_wakeup "pid == $c || pid == $server_pid || pid == $d"
		ev syscalls/sys_exit_epoll_wait "common_pid == $d && ret > 0"
		ev syscalls/sys_enter_write "common_pid == $d && fd == 6"
		probe kprobe_events kick "airlock:airlock_kick"
		probe kprobe_events stubpoll "airlock:airlock_napi_poll"
		# Probe name:symbol; the names are frame-stages.py's.
		for ps in dxmit:e1000_xmit_frame dclean:e1000_clean; do
			off=$(python3 "$parser" uprobe-offset "$host_bin" "${ps#*:}") || off=
			[ -n "$off" ] || { echo "no ${ps#*:} in $host_bin" | tee -a probe-errors.txt; continue; }
			probe uprobe_events "${ps%%:*}" "$host_bin:$off"
		done
	fi
}

# marker: the monotonic clock in the trace, to convert the TSC stamps.
marker() {
	python3 -c 'import os, time
fd = os.open("/sys/kernel/tracing/trace_marker", os.O_WRONLY)
os.write(fd, b"cal %d" % time.clock_gettime_ns(time.CLOCK_MONOTONIC))'
}

# counters [DRIVER_PID]: the guest's context switches so far and its busy
# clock ticks (all but idle and iowait), and the driver process's
# switches (voluntary, involuntary), its read and write system calls
# (/proc/PID/io: syscr, syscw; its epoll_waits are not counted, each that
# slept is a voluntary switch) and its user and system clock ticks.
counters() {
	local drv="0 0 0 0 0 0"
	if [ -n "${1:-}" ]; then
		drv=$(cat "/proc/$1/status" "/proc/$1/io" "/proc/$1/stat" | awk '
			/^voluntary_ctxt_switches:/ { v = $2 } /^nonvoluntary_ctxt_switches:/ { n = $2 }
			/^syscr:/ { r = $2 } /^syscw:/ { w = $2 } /^[0-9]+ \(/ { sub(/^.*\) /, ""); u = $12; s = $13 }
			END { print v, n, r, w, u, s }')
	fi
	echo "$(awk '/^cpu / { b = $2 + $3 + $4 + $7 + $8 } /^ctxt / { c = $2 } END { print c, b }' /proc/stat) $drv"
}

# per_exchange BEFORE AFTER SOCKPERF_OUTPUT: the counters' growth per
# exchange of the untraced run, as header fields (CPU time in us).
per_exchange() {
	local n
	n=$(sed -n 's/.*\[Valid Duration\].*ReceivedMessages=\([0-9]*\).*/\1/p' "$3")
	awk -v a="$1" -v b="$2" -v n="${n:-0}" -v hz="$(getconf CLK_TCK)" 'BEGIN {
		split(a, x, " "); split(b, y, " "); if (n <= 0) n = 1
		for (i = 1; i <= 8; i++) d[i] = (y[i] - x[i]) / n
		us = 1e6 / hz
		printf "ctxt_per_ex %.2f busy_us_per_ex %.0f drv_vol_per_ex %.2f drv_invol_per_ex %.2f" \
			" drv_reads_per_ex %.2f drv_writes_per_ex %.2f drv_user_us_per_ex %.0f drv_sys_us_per_ex %.0f",
			d[1], d[2] * us, d[3], d[4], d[5], d[6], d[7] * us, d[8] * us }'
}

# cpu_profile LABEL: where the guest's CPU goes during a ping-pong
# (STAGES_PLAIN_SECONDS), by process and by symbol, into profile-LABEL.txt.
cpu_profile() {
	local data=perf-$1.data
	command -v perf >/dev/null || die "STAGES_PROFILE needs perf (linux-perf, scripts/setup.sh)"
	perf record -q -N -a -e cpu-clock -F 2000 -o "$data" -- \
		$client_cpu sockperf pp -i "$LAB_PEER_ADDR" -p "$port" -t "$plain_s" >"sockperf-$1-profiled.txt" 2>&1 ||
		{ cat "sockperf-$1-profiled.txt"; die "profiled sockperf failed"; }
	perf report -i "$data" --stdio --no-children --sort comm >"profile-$1-comm.tmp" 2>/dev/null
	perf report -i "$data" --stdio --no-children --sort comm,dso,sym >"profile-$1-sym.tmp" 2>/dev/null
	{
		echo "# $1: $(sockperf_rate "sockperf-$1-profiled.txt") transactions/s under perf"
		grep -v '^$' "profile-$1-comm.tmp" | sed -n 1,30p
		grep -v '^$' "profile-$1-sym.tmp" | sed -n 1,90p
	} >"profile-$1.txt"
	rm -f "$data" "profile-$1-comm.tmp" "profile-$1-sym.tmp"
}

# measure KIND LABEL [DRIVER_PID]: the untraced rate, then the traced
# ping-pong into trace-LABEL.txt; the rates into rate_plain, rate_traced.
measure() {
	local kind=$1 label=$2 d=${3:-} c c0 c1 per_exchange
	ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null || die "$label: no ping"
	trace_off
	c0=$(counters "$d")
	$client_cpu sockperf pp -i "$LAB_PEER_ADDR" -p "$port" -t "$plain_s" >"sockperf-$label-plain.txt" 2>&1 ||
		{ cat "sockperf-$label-plain.txt"; die "sockperf failed"; }
	c1=$(counters "$d")
	rate_plain=$(sockperf_rate "sockperf-$label-plain.txt")
	per_exchange=$(per_exchange "$c0" "$c1" "sockperf-$label-plain.txt")
	rm -f "$fifo"
	mkfifo "$fifo"
	bash -c 'read -r _ <"$4"; exec $5 sockperf pp -i "$1" -p "$2" -t "$3"' sh \
		"$LAB_PEER_ADDR" "$port" "$traced_s" "$fifo" "$client_cpu" >"sockperf-$label-traced.txt" 2>&1 &
	c=$!
	trace_setup "$kind" "$c" "$d"
	echo 1 >"$T/tracing_on"
	marker	# (a marker needs tracing on)
	echo go >"$fifo"
	wait "$c" || { cat "sockperf-$label-traced.txt"; die "traced sockperf failed"; }
	marker
	echo 0 >"$T/tracing_on"
	rate_traced=$(sockperf_rate "sockperf-$label-traced.txt")
	{
		echo "# phase $kind label $label client $c server $server_pid driver ${d:-none}" \
			"dut_irq $dut_irq peer_irq $peer_irq dut_if $dut_if peer_if $AIRLOCK_PEER_IF" \
			"rate_plain ${rate_plain:-0} rate_traced ${rate_traced:-0}" \
			"rtt50_plain $(sockperf_rtt50 "sockperf-$label-plain.txt")" \
			"rtt50_traced $(sockperf_rtt50 "sockperf-$label-traced.txt")" \
			"$per_exchange"
		cat "$T/trace"
	} >"trace-$label.txt"
	grep -h 'Overruns\|entries-in-buffer' "trace-$label.txt" | head -2 || true
	trace_off
	[ "$profile" = 0 ] || cpu_profile "$label"
	step "$label: $rate_plain transactions/s untraced, $rate_traced traced" \
		"($(grep -vc '^#' "trace-$label.txt") events)"
}

# place free|pinned [DRIVER_PID]: where the phase's work runs. Free: where
# the scheduler and the interrupts' default affinity put it. Pinned: the
# DUT's side on vCPU 0, the peer's on vCPU 1 (client_cpu prefixes the
# client's command).
client_cpu=
place() {
	local cpus0=0-1 cpus1=0-1
	if [ "$1" = pinned ]; then
		cpus0=0 cpus1=1
	fi
	client_cpu="taskset -c $cpus0"
	echo "$cpus0" >"/proc/irq/$dut_irq/smp_affinity_list"
	echo "$cpus1" >"/proc/irq/$peer_irq/smp_affinity_list"
	taskset -a -p -c "$cpus1" "$server_pid" >/dev/null
	[ -z "${2:-}" ] || taskset -a -p -c "$cpus0" "$2" >/dev/null
}

# kernel_phase ROUND free|pinned
kernel_phase() {
	local suffix=
	[ "$2" = free ] || suffix=-$2
	dut_if=$(wait_netif_of_pci "$AIRLOCK_DUT")
	step "round $1: in-kernel e1000 ($dut_if), $2"
	inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
	lab_dut_up "$dut_if"
	place "$2"
	grep -E "^ *($dut_irq|$peer_irq):" /proc/interrupts || true
	measure kernel "kernel$suffix-$1"
	ip addr flush dev "$dut_if"
}

# hosted_phase ROUND free|pinned
hosted_phase() {
	local d suffix=
	[ "$2" = free ] || suffix=-$2
	step "round $1: hosted e1000 under airlockd, $2"
	insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
	nic_config airlockd.conf
	start_daemon airlockd.conf
	wait_state e0 running 60
	dut_if=air0
	lab_dut_up air0
	d=$(driver_pid e0)
	echo "driver pid $d, threads: $(ls "/proc/$d/task" | wc -l)"
	place "$2" "$d"
	grep -E "^ *($dut_irq|$peer_irq):" /proc/interrupts || true
	measure hosted "hosted$suffix-$1" "$d"
	[ "$(driver_pid e0)" = "$d" ] || die "the driver restarted during the measurement"
	ip addr flush dev air0
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || die "airlockd did not stop cleanly"
	rmmod airlock
}

# What a system call, a wake-up across vCPUs and one within a vCPU cost in
# this guest, with nothing else running (bench/ring-bench; the same on a
# hardware-virtualized machine is how much of each the emulation adds).
wakeups=
for where in "" --same-cpu; do
	wakeups+=$("$AIRLOCK_BUILD/bench/ring-bench" --seconds 3 $where | grep -E '^ring-bench:|^\| [a-z]')$'\n'
done

placements=free
[ "$pinned" = 0 ] || placements="free pinned"
for ((r = 1; r <= rounds; r++)); do
	for where in $placements; do
		if ((r % 2)); then
			kernel_phase "$r" "$where"
			hosted_phase "$r" "$where"
		else
			hosted_phase "$r" "$where"
			kernel_phase "$r" "$where"
		fi
	done
done
place free

{
	echo "This guest's costs (bench/ring-bench, ns per operation):"
	printf '%s' "$wakeups"
	echo
	echo "Placement free: the scheduler's and the interrupts' defaults."
	python3 "$parser" report trace-kernel-[0-9]*.txt trace-hosted-[0-9]*.txt
	if [ "$pinned" != 0 ]; then
		echo
		echo "Placement pinned: client, DUT interrupt and driver process on vCPU 0;"
		echo "the peer's server and interrupt on vCPU 1."
		python3 "$parser" report trace-*-pinned-*.txt
	fi
} | tee frame-stages.txt
