#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (run with bench/run-lab-bench): the lab's e1000 in one
# boot three times: with the in-kernel e1000 driver; with the same driver
# source hosted in airlock-host-e1000 standalone behind airlock.ko; with
# that same host program run by airlockd, as production runs it (confined:
# seccomp filter, namespaces, uid nobody; heartbeat). iperf3 (one TCP
# stream) to the virtio-net peer each way; guest CPU time per gigabit from
# /proc/stat; the driver process's own CPU time and resident memory.
# Writes e1000-hosted-vs-inkernel.txt.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/e1000-daemon-lib.sh"

seconds=${BENCH_SECONDS:-10}
host=$AIRLOCK_BUILD/drivers/e1000/airlock-host-e1000
hz=$(getconf CLK_TCK)

# Jiffies of all CPUs: user, nice, system, idle, irq, softirq (not iowait,
# steal), then the context switches so far.
cpu_parts() { awk '/^cpu / { c = $2 " " $3 " " $4 " " $5 " " $7 " " $8 } /^ctxt / { print c, $2 }' /proc/stat; }

# measure NAME [iperf3 options]: one iperf3 run; sets mbps and
# cpu_ms_per_gbit (busy time: everything but idle), and appends to splits
# where that time went (ms per Gbit): which side is CPU-bound, and whether
# the extra work of a hosted driver is its own (user) or the kernel's; and
# the context switches per Gbit, dear under TCG (each wakeup of the driver
# process is two of them).
splits=
measure() {
	local name=$1 c0 c1
	shift
	c0=$(cpu_parts)
	mbps=$(iperf3_mbps "$seconds" "iperf3-$name.txt" "$@")
	c1=$(cpu_parts)
	# ms of CPU per gigabit that arrived: jiffies over Mbit/s x s / 1000.
	read -r cpu_ms_per_gbit split < <(awk -v a="$c0" -v b="$c1" -v hz="$hz" -v m="$mbps" \
		-v s="$seconds" 'BEGIN {
		split(a, x, " "); split(b, y, " "); g = m * s / 1000
		for (i = 1; i <= 6; i++) ms[i] = (y[i] - x[i]) * 1000 / hz / g
		printf "%.0f user %.0f, system %.0f, softirq %.0f, idle %.0f, context switches %.0f\n",
			ms[1] + ms[2] + ms[3] + ms[5] + ms[6], ms[1] + ms[2], ms[3], ms[6], ms[4],
			(y[7] - x[7]) / g }')
	splits+=$(printf '%-15s %s' "$name:" "$split")$'\n'
	step "$name: $mbps Mbit/s, $cpu_ms_per_gbit ms CPU per Gbit ($split)"
}

# Where received frames waited or were lost, from e1000's own counters at
# the end of a phase: the device finding no RX descriptor, the driver
# failing to refill one, the FIFO overflowing. Whether a later hosted
# instance's count starts from 0 is not established: compare the first
# hosted phase with the in-kernel one.
rx_pressure() {
	ethtool -S "$1" | awk '$1 ~ /^(rx_no_buffer_count|alloc_rx_buff_failed|rx_missed_errors):$/ {
		printf "%s%s %s", n++ ? ", " : "", substr($1, 1, length($1) - 1), $2 }' ||
		echo "ethtool -S $1 failed"
}

# Clock ticks the process $1 has run (user + system).
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# A share of one vCPU from clock ticks over the run's seconds.
host_pct() { awk -v t="$1" -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.0f%%", t / hz / s * 100 }'; }

# measure_driver PREFIX PID: both directions through a hosted driver whose
# process is PID; sets PREFIX_out, PREFIX_in, their CPU per Gbit,
# PREFIX_proc (the process's CPU share each way) and PREFIX_mem (VmRSS, its
# kinds of pages, VmHWM), all read before the process goes away.
measure_driver() {
	local p=$1 pid=$2 t0 t1 t2 rss hwm parts
	ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null
	t0=$(proc_ticks "$pid")
	measure "$p-out"
	printf -v "${p}_out" %s "$mbps"
	printf -v "${p}_out_cpu" %s "$cpu_ms_per_gbit"
	t1=$(proc_ticks "$pid")
	measure "$p-in" -R
	printf -v "${p}_in" %s "$mbps"
	printf -v "${p}_in_cpu" %s "$cpu_ms_per_gbit"
	t2=$(proc_ticks "$pid")
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
	hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
	# Which kind of pages: the region and DMA heap are shared memfds (RssShmem).
	parts=$(awk '/^Rss(Anon|File|Shmem):/ { printf "%s%s %s", n++ ? ", " : "", $1, $2 }' \
		"/proc/$pid/status")
	printf -v "${p}_proc" '%s out, %s in' "$(host_pct $((t1 - t0)))" "$(host_pct $((t2 - t1)))"
	printf -v "${p}_mem" 'VmRSS %s kB (%s), VmHWM %s kB' "$rss" "$parts" "$hwm"
}

lab_peer_setup

step "in-kernel e1000 ($AIRLOCK_DUT_IF)"
lab_dut_up "$AIRLOCK_DUT_IF"
ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null
measure kernel-out; k_out=$mbps k_out_cpu=$cpu_ms_per_gbit
measure kernel-in -R; k_in=$mbps k_in_cpu=$cpu_ms_per_gbit
k_rx=$(rx_pressure "$AIRLOCK_DUT_IF")
ip addr flush dev "$AIRLOCK_DUT_IF"

step "hosted e1000, standalone (airlock-host-e1000)"
modprobe vfio-pci
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
AIRLOCK_HOST_IFNAME=air0 "$host" --pci "$AIRLOCK_DUT" 2>host.log &
host_pid=$!
for ((i = 0; i < 100; i++)); do
	grep -q "host: serving" host.log && break
	kill -0 "$host_pid" || die "the host exited: $(cat host.log)"
	sleep 0.1
done
grep -q "host: serving" host.log || die "the host did not start serving"
lab_dut_up air0
measure_driver h "$host_pid"
h_rx=$(rx_pressure air0)
kill -TERM "$host_pid"
wait "$host_pid" || die "the host exited with $?"
grep -e 'shim:' -e 'loop rounds' host.log || true

# airlockd takes the device from the kernel's e1000, as in production.
step "the device back to the in-kernel e1000 for airlockd to take"
ip addr flush dev air0
give_back_to_e1000
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"

step "hosted e1000 under airlockd (the same host program, confined)"
e1000_config airlockd.conf
start_daemon airlockd.conf
wait_state e0 running 60
lab_dut_up air0
d_pid=$(driver_pid e0)
daemon_t0=$(proc_ticks "$daemon_pid")
measure_driver d "$d_pid"
# airlockd's own share, beside its driver's: both directions, 2 x $seconds s.
daemon_pct=$(awk -v t=$(($(proc_ticks "$daemon_pid") - daemon_t0)) -v hz="$hz" -v s="$seconds" \
	'BEGIN { printf "%.1f%%", t / hz / (2 * s) * 100 }')
d_rx=$(rx_pressure air0)
# A restart would mean the numbers span two driver instances: say so.
d_restarts=$(json e0 "d['restarts']")
[ "$(driver_pid e0)" = "$d_pid" ] || d_restarts="$d_restarts (pid changed)"
heartbeat=$(awk -F' *= *' '$1 == "heartbeat-timeout-ms" { print $2 }' airlockd.conf)
ip addr flush dev air0
kill -TERM "$daemon_pid"
wait "$daemon_pid" || die "airlockd did not stop cleanly"
grep -e 'shim:' -e 'loop rounds' "$DAEMON_LOG" || true

ratio() { awk -v h="$1" -v k="$2" 'BEGIN { printf "%.2f", h / k }'; }
# ratio_row LABEL A_OUT A_IN A_OUT_CPU A_IN_CPU B_OUT B_IN B_OUT_CPU B_IN_CPU: A over B.
ratio_row() {
	printf '%-22s %-11s %-10s %-12s %s\n' "$1" "$(ratio "$2" "$6")" "$(ratio "$3" "$7")" \
		"$(ratio "$4" "$8")" "$(ratio "$5" "$9")"
}
{
	echo "Same boot (TCG, 2 vCPUs). iperf3 ${seconds} s, one TCP stream, DUT <-> virtio-net peer."
	echo "CPU: busy time of the whole guest (both iperf3 ends, both NICs) per Gbit received."
	echo "                       out Mbit/s  in Mbit/s  out ms/Gbit  in ms/Gbit"
	printf '%-22s %-11s %-10s %-12s %s\n' "in-kernel e1000:" "$k_out" "$k_in" "$k_out_cpu" "$k_in_cpu"
	printf '%-22s %-11s %-10s %-12s %s\n' "hosted, standalone:" "$h_out" "$h_in" "$h_out_cpu" "$h_in_cpu"
	printf '%-22s %-11s %-10s %-12s %s\n' "hosted, airlockd:" "$d_out" "$d_in" "$d_out_cpu" "$d_in_cpu"
	ratio_row "standalone/kernel:" "$h_out" "$h_in" "$h_out_cpu" "$h_in_cpu" \
		"$k_out" "$k_in" "$k_out_cpu" "$k_in_cpu"
	ratio_row "airlockd/kernel:" "$d_out" "$d_in" "$d_out_cpu" "$d_in_cpu" \
		"$k_out" "$k_in" "$k_out_cpu" "$k_in_cpu"
	ratio_row "airlockd/standalone:" "$d_out" "$d_in" "$d_out_cpu" "$d_in_cpu" \
		"$h_out" "$h_in" "$h_out_cpu" "$h_in_cpu"
	echo "Where the guest's CPU went, ms per Gbit received (user includes the driver process),"
	echo "and the guest's context switches per Gbit:"
	printf '%s' "$splits"
	echo "e1000 RX counters, in-kernel: $k_rx"
	echo "e1000 RX counters, standalone: $h_rx"
	echo "e1000 RX counters, airlockd: $d_rx"
	echo "standalone driver process: CPU $h_proc of one vCPU; $h_mem"
	echo "airlockd driver process:   CPU $d_proc of one vCPU; $d_mem;" \
		"heartbeat-timeout-ms $heartbeat, restarts $d_restarts"
	echo "airlockd itself:           CPU $daemon_pct of one vCPU meanwhile"
} | tee e1000-hosted-vs-inkernel.txt
