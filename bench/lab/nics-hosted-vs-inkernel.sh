#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab: rtl8139 pcnet e1000e
# Benchmark scenario (run with bench/run-lab-bench): the other hosted Linux
# NIC drivers against themselves in the kernel, in one boot: 8139cp on the
# RTL8139C+, pcnet32 on the PCnet-PCI II, e1000e on the 82574L
# (BENCH_DRIVERS, default all three). Per driver, BENCH_ROUNDS (default 2)
# rounds of two phases, the in-kernel driver and the same source hosted
# under airlockd (confined, as production runs it), their order swapped
# every round: iperf3 (one TCP stream, BENCH_SECONDS, default 10) each way
# to the virtio-net peer, the guest's CPU per Gbit, and TCP and UDP
# request/response (sockperf ping-pong), with bench/lab/nic-bench-lib.sh's
# helpers. All the NICs share the lab's hub; only the one measured has an
# address. BENCH_COALESCE (ethtool -C arguments, e.g. "rx-usecs 100") is
# set on the interface of both phases, the proxy forwarding it to the
# hosted driver; only for drivers with coalescing (e1000e).
# Writes nics-hosted-vs-inkernel.txt.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"
. "$AIRLOCK_SRC/bench/lab/nic-bench-lib.sh"

seconds=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-2}
drivers=${BENCH_DRIVERS:-8139cp pcnet32 e1000e}
coalesce=${BENCH_COALESCE:-}

# set_coalesce IF: BENCH_COALESCE on IF, if any, as the driver then says it.
set_coalesce() {
	[ -n "$coalesce" ] || return 0
	# shellcheck disable=SC2086 # ethtool's arguments, split on purpose
	ethtool -C "$1" $coalesce || die "$1: ethtool -C $coalesce refused"
	step "$1: $(ethtool -c "$1" | grep -E '^(rx|tx)-usecs:' | tr '\n' ' ')"
}

pci_of() {
	case $1 in
	8139cp) echo "$AIRLOCK_RTL8139" ;;
	pcnet32) echo "$AIRLOCK_PCNET" ;;
	e1000e) echo "$AIRLOCK_E1000E" ;;
	*) die "no lab NIC for driver $1" ;;
	esac
}

# Results per driver D and round r in k_D_* (in-kernel) and h_D_* (hosted),
# as nic-bench-lib.sh's measure_all names them; restarts_D, mem_D for the
# hosted driver's last phase.
kernel_phase() {
	local drv=$1 r=$2 ifc
	ifc=$(wait_netif_of_pci "$(pci_of "$drv")")
	step "$drv, round $r: in-kernel ($ifc)"
	inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
	lab_dut_up "$ifc"
	set_coalesce "$ifc"
	measure_all "k_$drv" "$drv-kernel" "$r"
	ip addr flush dev "$ifc"
	ip link set "$ifc" down
}

hosted_phase() {
	local drv=$1 r=$2 pid
	step "$drv, round $r: hosted under airlockd"
	insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
	nic_use "$(pci_of "$drv")" "$drv" air0
	nic_config airlockd.conf
	start_daemon airlockd.conf
	wait_state e0 running 60
	inpeer ip neigh flush dev "$AIRLOCK_PEER_IF"
	lab_dut_up air0
	set_coalesce air0
	pid=$(driver_pid e0)
	measure_all "h_$drv" "$drv-hosted" "$r" "$pid"
	printf -v "mem_${drv}" '%s' "$(proc_memory "$pid")"
	printf -v "restarts_${drv}" '%s' "$(json e0 "d['restarts']")"
	[ "$(driver_pid e0)" = "$pid" ] || printf -v "restarts_${drv}" '%s (pid changed)' "$(json e0 "d['restarts']")"
	ip addr flush dev air0
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || die "airlockd did not stop cleanly"
	rmmod airlock
}

lab_peer_setup
rr_servers
modprobe vfio-pci
for drv in $drivers; do
	[ -n "$(pci_of "$drv")" ] || die "the lab has no NIC for $drv"
	for ((r = 1; r <= rounds; r++)); do
		if ((r % 2)); then
			kernel_phase "$drv" "$r"
			hosted_phase "$drv" "$r"
		else
			hosted_phase "$drv" "$r"
			kernel_phase "$drv" "$r"
		fi
	done
done

# medians PREFIX: out, in, TCP and UDP transactions/s, CPU ms/Gbit out and in.
medians() {
	local -n o=${1}_out i=${1}_in t=${1}_trr u=${1}_urr oc=${1}_out_cpu ic=${1}_in_cpu
	echo "$(median "${o[@]}") $(median "${i[@]}") $(median "${t[@]}") $(median "${u[@]}")" \
		"$(median "${oc[@]}") $(median "${ic[@]}")"
}
# per_round PREFIX: each round's out/in Mbit/s.
per_round() {
	local -n o=${1}_out i=${1}_in
	local r
	for ((r = 1; r <= rounds; r++)); do printf '%s/%s ' "${o[r]}" "${i[r]}"; done
}

row() { printf '%-9s %-9s %-18s %-18s %-18s %s\n' "$@"; }

# driver_rows D: in-kernel, hosted and their ratios for driver D.
driver_rows() {
	local drv=$1 ko ki kt ku koc kic ho hi ht hu hoc hic
	local -n mem=mem_${drv} restarts=restarts_${drv} proc=h_${drv}_proc
	read -r ko ki kt ku koc kic < <(medians "k_$drv")
	read -r ho hi ht hu hoc hic < <(medians "h_$drv")
	row "$drv" in-kernel "$ko / $ki" "$kt / $ku" "$koc / $kic" "$(per_round "k_$drv")"
	row "" hosted "$ho / $hi" "$ht / $hu" "$hoc / $hic" "$(per_round "h_$drv")"
	row "" "hosted/k" "$(ratio "$ho" "$ko") / $(ratio "$hi" "$ki")" \
		"$(ratio "$ht" "$kt") / $(ratio "$hu" "$ku")" "$(ratio "$hoc" "$koc") / $(ratio "$hic" "$kic")" ""
	echo "          hosted driver process: CPU ${proc[*]} of one vCPU per round, $mem, restarts $restarts"
}

report() {
	local drv
	echo "Same boot (TCG, 2 vCPUs), per driver $rounds rounds of in-kernel and hosted (airlockd),"
	echo "which first alternating; iperf3 ${seconds} s one TCP stream each way, sockperf ping-pong."
	echo "Medians; CPU: the whole guest's busy ms per Gbit received."
	[ -z "$coalesce" ] || echo "Both phases with ethtool -C $coalesce."
	row driver side "Mbit/s out / in" "TCP / UDP trans/s" "CPU ms/Gbit o / i" "per round out/in"
	for drv in $drivers; do
		driver_rows "$drv"
	done
	echo "Where the guest's CPU went, ms per Gbit received, and context switches per Gbit:"
	printf '%s' "$splits"
}
report | tee nics-hosted-vs-inkernel.txt
