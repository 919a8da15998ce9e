#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (run with bench/run-lab-bench): the lab's e1000 first
# with the in-kernel e1000 driver, then with the same driver source hosted
# in airlock-host-e1000 behind airlock.ko, in one boot. iperf3 (one TCP
# stream) to the virtio-net peer each way; guest CPU time per gigabit from
# /proc/stat; the driver process's own CPU time and resident memory.
# Writes e1000-hosted-vs-inkernel.txt.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

seconds=${BENCH_SECONDS:-10}
host=$AIRLOCK_BUILD/drivers/e1000/airlock-host-e1000
dev=/sys/bus/pci/devices/$AIRLOCK_DUT
hz=$(getconf CLK_TCK)

# Busy jiffies of all CPUs: everything but idle and iowait.
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# measure NAME [iperf3 options]: one iperf3 run; sets mbps and cpu_ms_per_gbit.
measure() {
	local name=$1 c0 c1
	shift
	c0=$(cpu_busy)
	mbps=$(iperf3_mbps "$seconds" "iperf3-$name.txt" "$@")
	c1=$(cpu_busy)
	# ms of CPU per gigabit that arrived: busy jiffies over Mbit/s x s / 1000.
	cpu_ms_per_gbit=$(awk -v j=$((c1 - c0)) -v hz="$hz" -v m="$mbps" -v s="$seconds" \
		'BEGIN { printf "%.0f", j * 1000 / hz / (m * s / 1000) }')
	step "$name: $mbps Mbit/s, $cpu_ms_per_gbit ms CPU per Gbit"
}

# Clock ticks the process $1 has run (user + system).
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

lab_peer_setup

step "in-kernel e1000 ($AIRLOCK_DUT_IF)"
lab_dut_up "$AIRLOCK_DUT_IF"
ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null
measure kernel-out; k_out=$mbps k_out_cpu=$cpu_ms_per_gbit
measure kernel-in -R; k_in=$mbps k_in_cpu=$cpu_ms_per_gbit
ip addr flush dev "$AIRLOCK_DUT_IF"

step "hosted e1000 (airlock-host-e1000)"
modprobe vfio-pci
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
export AIRLOCK_HOST_IFNAME=air0
"$host" --pci "$AIRLOCK_DUT" 2>host.log &
host_pid=$!
for ((i = 0; i < 100; i++)); do
	grep -q "host: serving" host.log && break
	kill -0 "$host_pid" || die "the host exited: $(cat host.log)"
	sleep 0.1
done
grep -q "host: serving" host.log || die "the host did not start serving"
lab_dut_up air0
ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null
t0=$(proc_ticks "$host_pid")
measure hosted-out; h_out=$mbps h_out_cpu=$cpu_ms_per_gbit
t1=$(proc_ticks "$host_pid")
measure hosted-in -R; h_in=$mbps h_in_cpu=$cpu_ms_per_gbit
t2=$(proc_ticks "$host_pid")
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$host_pid/status")
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$host_pid/status")
kill -TERM "$host_pid"
wait "$host_pid" || die "the host exited with $?"
grep -e 'shim:' -e 'loop rounds' host.log || true

ratio() { awk -v h="$1" -v k="$2" 'BEGIN { printf "%.2f", h / k }'; }
host_pct() { awk -v t="$1" -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.0f%%", t / hz / s * 100 }'; }
{
	echo "Same boot (TCG, 2 vCPUs). iperf3 ${seconds} s, one TCP stream, DUT <-> virtio-net peer."
	echo "CPU: busy time of the whole guest (both iperf3 ends, both NICs) per Gbit received."
	echo "                      out Mbit/s  in Mbit/s  out ms/Gbit  in ms/Gbit"
	printf 'in-kernel e1000:      %-11s %-10s %-12s %s\n' "$k_out" "$k_in" "$k_out_cpu" "$k_in_cpu"
	printf 'hosted e1000:         %-11s %-10s %-12s %s\n' "$h_out" "$h_in" "$h_out_cpu" "$h_in_cpu"
	printf 'ratio hosted/kernel:  %-11s %-10s %-12s %s\n' "$(ratio "$h_out" "$k_out")" \
		"$(ratio "$h_in" "$k_in")" "$(ratio "$h_out_cpu" "$k_out_cpu")" "$(ratio "$h_in_cpu" "$k_in_cpu")"
	echo "driver process: CPU $(host_pct $((t1 - t0))) of one vCPU out, $(host_pct $((t2 - t1))) in;" \
		"VmRSS $rss kB, VmHWM $hwm kB"
} | tee e1000-hosted-vs-inkernel.txt
