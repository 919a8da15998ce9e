#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (run with bench/run-lab-bench, BENCH_ONLY=idle): what
# an idle hosted device costs. The lab's e1000, up and addressed, no
# traffic, for IDLE_SECONDS (default 30), once on the in-kernel e1000 and
# once hosted by airlockd with the production defaults (no lab heartbeat
# override): the CPU share of the driver process and of airlockd (clock
# ticks from /proc/PID/stat), their wake-ups per second (voluntary context
# switches: each is one sleep ended), and the whole guest's busy share in
# both phases, side by side. Writes idle-cpu.txt.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/e1000-daemon-lib.sh"

seconds=${IDLE_SECONDS:-30}
hz=$(getconf CLK_TCK)

# Clock ticks the process has run (user + system), and its sleeps so far.
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
proc_wakeups() { awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$1/status"; }
# Busy and total jiffies of the whole guest (all vCPUs).
guest_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }

pct() { awk -v t="$1" -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.2f%%", t / hz / s * 100 }'; }
per_s() { awk -v n="$1" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }'; }

# idle_guest VAR: sleeps $seconds s; VAR gets the guest's busy share over them.
idle_guest() {
	local b0 t0 b1 t1
	read -r b0 t0 < <(guest_jiffies)
	sleep "$seconds"
	read -r b1 t1 < <(guest_jiffies)
	printf -v "$1" '%s' "$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.2f%%", b / t * 100 }')"
}

lab_peer_setup
modprobe vfio-pci

ifc=$(wait_netif_of_pci "$AIRLOCK_DUT")
step "in-kernel e1000 ($ifc), idle for $seconds s"
lab_dut_up "$ifc"
ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null
sleep 3
idle_guest kernel_guest
ip addr flush dev "$ifc"

step "hosted e1000 under airlockd (production defaults), idle for $seconds s"
insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
nic_config airlockd.conf
sed -i '/^heartbeat-timeout-ms/d' airlockd.conf	# the production default
start_daemon airlockd.conf
wait_state e0 running 60
lab_dut_up air0
ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null
sleep 3	# the replay and the first frames' timing done: the slow tick
d_pid=$(driver_pid e0)
d_t0=$(proc_ticks "$d_pid") d_w0=$(proc_wakeups "$d_pid")
a_t0=$(proc_ticks "$daemon_pid") a_w0=$(proc_wakeups "$daemon_pid")
idle_guest hosted_guest
d_t=$(($(proc_ticks "$d_pid") - d_t0)) d_w=$(($(proc_wakeups "$d_pid") - d_w0))
a_t=$(($(proc_ticks "$daemon_pid") - a_t0)) a_w=$(($(proc_wakeups "$daemon_pid") - a_w0))
[ "$(driver_pid e0)" = "$d_pid" ] || die "the driver restarted while idle"
ip addr flush dev air0
kill -TERM "$daemon_pid"
wait "$daemon_pid" || die "airlockd did not stop cleanly"
rmmod airlock

{
	echo "Idle device, $seconds s, no traffic (TCG, 2 vCPUs), CPU as a share of one vCPU:"
	printf '  driver process:  %s, %s wake-ups/s\n' "$(pct "$d_t")" "$(per_s "$d_w")"
	printf '  airlockd:        %s, %s wake-ups/s\n' "$(pct "$a_t")" "$(per_s "$a_w")"
	printf '  both:            %s\n' "$(pct $((d_t + a_t)))"
	echo "Whole guest busy (all vCPUs): in-kernel e1000 $kernel_guest, hosted $hosted_guest"
	echo "(clock ticks of $((1000 / hz)) ms: one tick over $seconds s is $(pct 1))"
} | tee idle-cpu.txt
