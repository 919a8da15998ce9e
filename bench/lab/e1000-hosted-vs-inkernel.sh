#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (run with bench/run-lab-bench): the lab's e1000 in one
# boot, in rounds (BENCH_ROUNDS, default 4) of two phases: the in-kernel
# e1000 driver, and the same driver source hosted in airlock-host-e1000 by
# airlockd behind airlock.ko, as production runs it (confined: seccomp
# filter, namespaces, uid nobody; heartbeat). The device goes from one to
# the other as in production (vfio-pci and back). The two phases swap
# places every round, so that a phase's position favours neither
# (docs/performance.md). iperf3
# (one TCP stream) to the virtio-net peer each way; guest CPU time per
# gigabit from /proc/stat; the driver process's own CPU time and resident
# memory; request/response rates over TCP and UDP (sockperf ping-pong,
# one 64-byte message in flight: a frame each way per transaction, so the
# rate is the inverse of the path's round-trip latency). Interleaved
# rounds and their medians, because one phase of a TCG guest on a shared
# machine can be off by 2x. With BENCH_BUSY_POLL_US=N each round has a
# third phase, the hosted driver again with busy-poll-us = N (the driver
# polls that long after work before sleeping, docs/daemon.md), so the
# three are compared in the same boot. BENCH_PROXY_SYSFS="KEY=VALUE ..."
# sets the proxy's /sys/class/net/air0/KEY files in that third phase (with
# or without busy polling): napi_defer_hard_irqs=N gro_flush_timeout=NS
# is the kernel's own polling window for the stub's NAPI (the stub arms
# its doorbell only when napi_complete_done says so). BENCH_DRIVER_OPTIONS
# sets the third phase's driver-options (e1000's module parameters, e.g.
# copybreak=0: every frame posted in place, small ones too). Writes
# e1000-hosted-vs-inkernel.txt.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/e1000-daemon-lib.sh"
# measure, measure_rr, rr_servers, proc_ticks, host_pct, median, ratio.
. "$AIRLOCK_SRC/bench/lab/nic-bench-lib.sh"

seconds=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-4}
busy_poll=${BENCH_BUSY_POLL_US:-}
proxy_sysfs=${BENCH_PROXY_SYSFS:-}
driver_options=${BENCH_DRIVER_OPTIONS:-}
# The third phase, if any, its name in the tables and its device keys.
variant=${busy_poll:+busy-poll-us $busy_poll}
[ -z "$proxy_sysfs" ] || variant="${variant:+$variant, }air0 $proxy_sysfs"
[ -z "$driver_options" ] || variant="${variant:+$variant, }$driver_options"
variant_keys=${busy_poll:+busy-poll-us = $busy_poll}
[ -z "$driver_options" ] || variant_keys="${variant_keys:+$variant_keys
}driver-options = $driver_options"

# e1000_mpc IF: the device's missed-packet register (MPC: frames it found
# no RX descriptor for) now, on an idle link. e1000 adds what it reads of
# MPC to rx_missed_errors on every statistics update (e1000_update_stats:
# its 2 s watchdog, each ethtool -S in the kernel, the shim's 500 ms
# state-block refresh hosted), as hardware clears the register on read.
# QEMU 7.2's e1000 does not, so rx_missed_errors grows by the register's
# whole value on each update, idle or not, and the register carries over
# from one driver instance to the next: the counter itself means nothing.
# On an idle link every step of it is the register times the updates it
# spans, so the smallest step seen in 4 s is the register.
missed_stat() { ethtool -S "$1" | awk '$1 == "rx_missed_errors:" { print $2 }'; }
e1000_mpc() {
	local ifc=$1 prev cur i min=0
	prev=$(missed_stat "$ifc")
	for ((i = 0; i < 20; i++)); do
		sleep 0.2
		cur=$(missed_stat "$ifc")
		if [ "$cur" -gt "$prev" ] && { [ "$min" = 0 ] || [ $((cur - prev)) -lt "$min" ]; }; then
			min=$((cur - prev))
		fi
		prev=$cur
	done
	echo "$min"	# 0: no step in 4 s, the register is 0
}

# phase_misses IF VAR: sets VAR to the frames the device missed during a
# phase, MPC's growth since the last look (mpc_seen), whichever driver
# instance made that look.
mpc_seen=0
phase_misses() {
	local now
	now=$(e1000_mpc "$1")
	printf -v "$2" %s $((now - mpc_seen))
	mpc_seen=$now
}

# Results per round r: NAME_out[r], NAME_in[r], NAME_out_cpu[r],
# NAME_in_cpu[r], NAME_miss[r] for NAME k (in-kernel), d (airlockd) and b
# (airlockd, busy polling);
# the driver process's share and memory of the last round.
# NAME_trr[r], NAME_urr[r]: TCP and UDP transactions per second.
declare -a k_out k_in k_out_cpu k_in_cpu k_miss d_out d_in d_out_cpu d_in_cpu d_miss
declare -a b_out b_in b_out_cpu b_in_cpu b_miss
declare -a k_trr k_urr d_trr d_urr b_trr b_urr

# measure_both PREFIX ROUND [PID]: both directions; with PID (a hosted
# driver's process) also its CPU share each way and its memory (VmRSS,
# its kinds of pages, VmHWM), read before the process goes away.
measure_both() {
	local p=$1 r=$2 pid=${3:-} t0 t1 t2 rss hwm parts label
	case $p in k) label=kernel ;; b) label=variant ;; *) label=airlockd ;; esac
	ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null
	[ -z "$pid" ] || t0=$(proc_ticks "$pid")
	measure "$label-out-$r"
	printf -v "${p}_out[$r]" %s "$mbps"
	printf -v "${p}_out_cpu[$r]" %s "$cpu_ms_per_gbit"
	[ -z "$pid" ] || t1=$(proc_ticks "$pid")
	measure "$label-in-$r" -R
	printf -v "${p}_in[$r]" %s "$mbps"
	printf -v "${p}_in_cpu[$r]" %s "$cpu_ms_per_gbit"
	[ -z "$pid" ] || t2=$(proc_ticks "$pid")
	measure_rr "$label-tcp-rr-$r" tcp
	printf -v "${p}_trr[$r]" %s "$rr"
	measure_rr "$label-udp-rr-$r" udp
	printf -v "${p}_urr[$r]" %s "$rr"
	[ -n "$pid" ] || return 0
	printf -v "${p}_rr_proc" '%s' "$(host_pct $(($(proc_ticks "$pid") - t2)) 2)"
	printf -v "${p}_proc" '%s out, %s in' "$(host_pct $((t1 - t0)))" "$(host_pct $((t2 - t1)))"
	printf -v "${p}_mem" '%s' "$(proc_memory "$pid")"
}

# The device on the in-kernel e1000: its interface, addressed.
kernel_phase() {
	local r=$1 ifc
	ifc=$(wait_netif_of_pci "$AIRLOCK_DUT")
	step "round $r: in-kernel e1000 ($ifc)"
	inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
	lab_dut_up "$ifc"
	measure_both k "$r"
	phase_misses "$ifc" "k_miss[$r]"
	ip addr flush dev "$ifc"
}

# airlockd_phase ROUND [PREFIX [KEYS]]: airlockd takes the device from
# e1000, as in production, and gives it back when it stops (return-device
# defaults to yes); results under PREFIX (d), KEYS added to the device.
airlockd_phase() {
	local r=$1 p=${2:-d} d_pid daemon_t0
	step "round $r: hosted e1000 under airlockd (confined) ${3:-}"
	insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
	NIC_DEVICE_KEYS=${3:-} nic_config airlockd.conf
	start_daemon airlockd.conf
	wait_state e0 running 60
	lab_dut_up air0
	if [ "$p" = b ]; then
		local kv
		for kv in $proxy_sysfs; do
			echo "${kv#*=}" >"/sys/class/net/air0/${kv%%=*}" || die "air0: cannot set $kv"
			step "air0 ${kv%%=*} = $(cat "/sys/class/net/air0/${kv%%=*}")"
		done
	fi
	d_pid=$(driver_pid e0)
	daemon_t0=$(proc_ticks "$daemon_pid")
	measure_both "$p" "$r" "$d_pid"
	# airlockd's own share, beside its driver's: two transfers and two
	# ping-pongs, 4 x $seconds s.
	printf -v "${p}_daemon_pct" '%s' "$(awk -v t=$(($(proc_ticks "$daemon_pid") - daemon_t0)) \
		-v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.1f%%", t / hz / (4 * s) * 100 }')"
	phase_misses air0 "${p}_miss[$r]"
	# A restart would mean the numbers span two driver instances: say so.
	printf -v "${p}_restarts" '%s' "$(json e0 "d['restarts']")"
	[ "$(driver_pid e0)" = "$d_pid" ] || printf -v "${p}_restarts" '%s (pid changed)' "$(json e0 "d['restarts']")"
	ip addr flush dev air0
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || die "airlockd did not stop cleanly"
	grep -e 'shim:' -e 'loop rounds' -e 'busy polling:' "$DAEMON_LOG" | tail -3 || true
	rmmod airlock
}

lab_peer_setup
rr_servers
modprobe vfio-pci
# busy_phase ROUND: the hosted driver polling after work, if asked for.
busy_phase() {
	[ -z "$variant" ] || airlockd_phase "$1" b "$variant_keys"
}
for ((r = 1; r <= rounds; r++)); do
	if ((r % 2)); then
		kernel_phase "$r"
		airlockd_phase "$r"
		busy_phase "$r"
	else
		busy_phase "$r"
		airlockd_phase "$r"
		kernel_phase "$r"
	fi
done
heartbeat=$(awk -F' *= *' '$1 == "heartbeat-timeout-ms" { print $2 }' airlockd.conf)

# ratio_range A_ARRAY B_ARRAY: the lowest and highest per-round A/B.
ratio_range() {
	local -n a=$1 b=$2
	local r
	for ((r = 1; r <= rounds; r++)); do ratio "${a[r]}" "${b[r]}"; echo; done |
		sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'
}
# row LABEL PREFIX: the medians of PREFIX's four columns.
row() {
	local -n o=${2}_out i=${2}_in oc=${2}_out_cpu ic=${2}_in_cpu
	printf '%-22s %-11s %-10s %-12s %s\n' "$1" "$(median "${o[@]}")" "$(median "${i[@]}")" \
		"$(median "${oc[@]}")" "$(median "${ic[@]}")"
}
# ratio_row LABEL A B: A's medians over B's, then the per-round range.
ratio_row() {
	local -n ao=${2}_out ai=${2}_in aoc=${2}_out_cpu aic=${2}_in_cpu
	local -n bo=${3}_out bi=${3}_in boc=${3}_out_cpu bic=${3}_in_cpu
	printf '%-22s %-11s %-10s %-12s %-10s (rounds: out %s, in %s)\n' "$1" \
		"$(ratio "$(median "${ao[@]}")" "$(median "${bo[@]}")")" \
		"$(ratio "$(median "${ai[@]}")" "$(median "${bi[@]}")")" \
		"$(ratio "$(median "${aoc[@]}")" "$(median "${boc[@]}")")" \
		"$(ratio "$(median "${aic[@]}")" "$(median "${bic[@]}")")" \
		"$(ratio_range "${2}_out" "${3}_out")" "$(ratio_range "${2}_in" "${3}_in")"
}
{
	echo "Same boot (TCG, 2 vCPUs), $rounds rounds of in-kernel and airlockd,"
	echo "which of the two first alternating (odd rounds in-kernel)."
	echo "iperf3 ${seconds} s, one TCP stream, DUT <-> virtio-net peer."
	echo "CPU: busy time of the whole guest (both iperf3 ends, both NICs) per Gbit received."
	echo "Per round, Mbit/s out / in:"
	for ((r = 1; r <= rounds; r++)); do
		printf '  round %d: in-kernel %s / %s, airlockd %s / %s\n' "$r" \
			"${k_out[r]}" "${k_in[r]}" "${d_out[r]}" "${d_in[r]}"
	done
	echo "Medians over the rounds:"
	echo "                       out Mbit/s  in Mbit/s  out ms/Gbit  in ms/Gbit"
	row "in-kernel e1000:" k
	row "hosted, airlockd:" d
	[ -z "$variant" ] || row "$variant:" b
	ratio_row "airlockd/kernel:" d k
	[ -z "$variant" ] || ratio_row "variant/kernel:" b k
	echo "Request/response (sockperf ping-pong, 64 bytes), transactions/s per round, TCP / UDP:"
	for ((r = 1; r <= rounds; r++)); do
		printf '  round %d: in-kernel %s / %s, airlockd %s / %s\n' "$r" \
			"${k_trr[r]}" "${k_urr[r]}" "${d_trr[r]}" "${d_urr[r]}"
	done
	printf 'Medians: in-kernel %s / %s, airlockd %s / %s; airlockd/kernel %s / %s (rounds: TCP %s, UDP %s)\n' \
		"$(median "${k_trr[@]}")" "$(median "${k_urr[@]}")" \
		"$(median "${d_trr[@]}")" "$(median "${d_urr[@]}")" \
		"$(ratio "$(median "${d_trr[@]}")" "$(median "${k_trr[@]}")")" \
		"$(ratio "$(median "${d_urr[@]}")" "$(median "${k_urr[@]}")")" \
		"$(ratio_range d_trr k_trr)" "$(ratio_range d_urr k_urr)"
	if [ -n "$variant" ]; then
		printf '  %s, per round:' "$variant"
		for ((r = 1; r <= rounds; r++)); do printf ' %s / %s' "${b_trr[r]}" "${b_urr[r]}"; done
		printf '\n  median %s / %s; variant/kernel %s / %s (rounds: TCP %s, UDP %s)\n' \
			"$(median "${b_trr[@]}")" "$(median "${b_urr[@]}")" \
			"$(ratio "$(median "${b_trr[@]}")" "$(median "${k_trr[@]}")")" \
			"$(ratio "$(median "${b_urr[@]}")" "$(median "${k_urr[@]}")")" \
			"$(ratio_range b_trr k_trr)" "$(ratio_range b_urr k_urr)"
	fi
	echo "Where the guest's CPU went, ms per Gbit received (user includes the driver process),"
	echo "and the guest's context switches per Gbit:"
	printf '%s' "$splits"
	for ((r = 1; r <= rounds; r++)); do
		echo "frames the e1000 missed (no RX descriptor; its MPC register), round $r:" \
			"in-kernel ${k_miss[r]}, airlockd ${d_miss[r]}${variant:+, variant ${b_miss[r]}}"
	done
	echo "Last round:"
	echo "airlockd driver process:   CPU $d_proc of one vCPU, $d_rr_proc during ping-pong; $d_mem;" \
		"heartbeat-timeout-ms $heartbeat, restarts $d_restarts"
	echo "airlockd itself:           CPU $d_daemon_pct of one vCPU meanwhile"
	if [ -n "$variant" ]; then
		echo "variant driver process:     CPU $b_proc of one vCPU, $b_rr_proc during ping-pong; $b_mem;" \
			"restarts $b_restarts"
		echo "airlockd itself:           CPU $b_daemon_pct of one vCPU meanwhile"
	fi
} | tee e1000-hosted-vs-inkernel.txt
