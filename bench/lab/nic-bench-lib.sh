# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2154
# Measurement helpers for the lab benchmarks that compare ways of giving
# the kernel an interface on a lab NIC (e1000-hosted-vs-inkernel.sh,
# dpdk-vs-exception-path.sh, nics-hosted-vs-inkernel.sh), sourced after
# tests/vm/lib.sh inside the guest, for any number of phases: results go
# into indexed arrays PREFIX_out, PREFIX_in, ... by round. The caller sets
# seconds (each measurement's length).

hz=$(getconf CLK_TCK)

# Jiffies of all CPUs: user, nice, system, idle, irq, softirq (not iowait,
# steal), then the context switches so far.
cpu_parts() { awk '/^cpu / { c = $2 " " $3 " " $4 " " $5 " " $7 " " $8 } /^ctxt / { print c, $2 }' /proc/stat; }

# measure NAME [iperf3 options]: one iperf3 run (one TCP stream, $seconds
# s); sets mbps and cpu_ms_per_gbit (the whole guest's busy time, everything
# but idle, per Gbit that arrived), and appends to splits where that time
# went: user (which includes a user-space driver or testpmd), system,
# softirq, and the context switches per Gbit.
splits=
measure() {
	local name=$1 c0 c1 split
	shift
	c0=$(cpu_parts)
	mbps=$(iperf3_mbps "$seconds" "iperf3-$name.txt" "$@")
	c1=$(cpu_parts)
	read -r cpu_ms_per_gbit split < <(awk -v a="$c0" -v b="$c1" -v hz="$hz" -v m="$mbps" \
		-v s="$seconds" 'BEGIN {
		split(a, x, " "); split(b, y, " "); g = m * s / 1000
		if (g <= 0) { print "n/a nothing arrived"; exit }
		for (i = 1; i <= 6; i++) ms[i] = (y[i] - x[i]) * 1000 / hz / g
		printf "%.0f user %.0f, system %.0f, softirq %.0f, idle %.0f, context switches %.0f\n",
			ms[1] + ms[2] + ms[3] + ms[5] + ms[6], ms[1] + ms[2], ms[3], ms[6], ms[4],
			(y[7] - x[7]) / g }')
	splits+=$(printf '%-26s %s' "$name:" "$split")$'\n'
	step "$name: $mbps Mbit/s, $cpu_ms_per_gbit ms CPU per Gbit ($split)"
}

# rr_servers: the peer's sockperf servers for measure_rr.
RR_PORT_TCP=11111 RR_PORT_UDP=11112
rr_servers() {
	inpeer sockperf sr --tcp -i "$LAB_PEER_ADDR" -p "$RR_PORT_TCP" --daemonize >/dev/null
	inpeer sockperf sr -i "$LAB_PEER_ADDR" -p "$RR_PORT_UDP" --daemonize >/dev/null
}

# measure_rr NAME tcp|udp: sets rr to the transactions per second of a
# ping-pong (one 64-byte message in flight) with the peer's sockperf server
# ($seconds s; sockperf's "[Valid Duration]" line, warm-up excluded).
measure_rr() {
	local name=$1 proto=$2 out=sockperf-$1.txt
	if [ "$proto" = tcp ]; then
		sockperf pp --tcp -i "$LAB_PEER_ADDR" -p "$RR_PORT_TCP" -t "$seconds" >"$out" 2>&1
	else
		sockperf pp -i "$LAB_PEER_ADDR" -p "$RR_PORT_UDP" -t "$seconds" >"$out" 2>&1
	fi || { cat "$out"; die "sockperf $proto ping-pong failed ($name)"; }
	rr=$(sed -n 's/.*\[Valid Duration\] RunTime=\([0-9.]*\) sec;.*ReceivedMessages=\([0-9]*\).*/\1 \2/p' "$out" |
		awk '$1 > 0 { printf "%.0f", $2 / $1 }')
	[ -n "$rr" ] || { cat "$out"; die "no rate in sockperf's output ($name)"; }
	step "$name: $rr transactions/s ($proto)"
}

# Clock ticks the process $1 has run (user + system).
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# proc_memory PID: the process's memory for the tables. Its own pages
# (RssAnon + RssFile: heap, stacks, code and libraries) apart from the
# shared memfds it maps (RssShmem: the region, its packet pool, the DMA
# heap), which airlockd sizes per device; then the peak (VmHWM).
proc_memory() {
	awk '/^(VmRSS|VmHWM|RssAnon|RssFile|RssShmem):/ { v[$1] = $2 }
	     END { printf "VmRSS %d kB (own %d: anon %d + file %d; shmem %d), VmHWM %d kB",
		   v["VmRSS:"], v["RssAnon:"] + v["RssFile:"], v["RssAnon:"], v["RssFile:"],
		   v["RssShmem:"], v["VmHWM:"] }' "/proc/$1/status"
}

# A share of one vCPU from clock ticks over the run's seconds (times N runs).
host_pct() { awk -v t="$1" -v hz="$hz" -v s="$seconds" -v n="${2:-1}" 'BEGIN { printf "%.0f%%", t / hz / s / n * 100 }'; }

# measure_all PREFIX LABEL ROUND [PID]: iperf3 out and in, TCP and UDP
# ping-pong, into PREFIX_out[ROUND], PREFIX_in, PREFIX_out_cpu, PREFIX_in_cpu,
# PREFIX_trr, PREFIX_urr; with PID (the user-space process carrying the
# traffic) its share of one vCPU over the four into PREFIX_proc.
measure_all() {
	local p=$1 label=$2 r=$3 pid=${4:-} t0
	ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null || die "$label: no ping before measuring"
	[ -z "$pid" ] || t0=$(proc_ticks "$pid")
	measure "$label-out-$r"
	printf -v "${p}_out[$r]" %s "$mbps"
	printf -v "${p}_out_cpu[$r]" %s "$cpu_ms_per_gbit"
	measure "$label-in-$r" -R
	printf -v "${p}_in[$r]" %s "$mbps"
	printf -v "${p}_in_cpu[$r]" %s "$cpu_ms_per_gbit"
	measure_rr "$label-tcp-rr-$r" tcp
	printf -v "${p}_trr[$r]" %s "$rr"
	measure_rr "$label-udp-rr-$r" udp
	printf -v "${p}_urr[$r]" %s "$rr"
	[ -z "$pid" ] || printf -v "${p}_proc[$r]" %s "$(host_pct $(($(proc_ticks "$pid") - t0)) 4)"
}

# median VALUES...: the middle one (the mean of the two middle ones).
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
