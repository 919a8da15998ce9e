#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (run with bench/run-lab-bench): what a hosted e1000's
# recovery costs over the kernel's own way back from a broken driver, a
# reload, in one boot. In-kernel: unbind and bind the e1000, address the
# new interface and bring it up, as a network configuration would. Hosted:
# kill -9 of the driver process under airlockd, which restarts it and
# replays the state (the proxy, its address and neighbours stay). Both
# end at the first echo reply from the peer (bench/lab/first-reply.py,
# one request every 2 ms, all on one monotonic clock). BENCH_ROUNDS
# (default 2) rounds, the two sides swapping places each round, of
# BENCH_RECOVERIES (default 5) each. The lab's heartbeat timeout and no
# restart backoff, so that the hosted figure is the mechanism's own (a
# kill is found by its pidfd, not by the heartbeat). Writes
# e1000-recovery.txt and e1000-recovery.json.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"
. "$AIRLOCK_SRC/tests/vm/e1000-daemon-lib.sh"

rounds=${BENCH_ROUNDS:-2}
per_round=${BENCH_RECOVERIES:-5}
probe=$AIRLOCK_SRC/bench/lab/first-reply.py
: >kernel.jsonl
: >hosted.jsonl

kernel_side() {
	local r=$1 i ifc
	ifc=$(wait_netif_of_pci "$AIRLOCK_DUT")
	step "round $r: in-kernel e1000 ($ifc), $per_round reloads"
	lab_dut_up "$ifc"
	ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null || die "no ping before the reloads"
	for ((i = 1; i <= per_round; i++)); do
		python3 "$probe" kernel "$AIRLOCK_DUT" "$LAB_PEER_ADDR" "$LAB_DUT_ADDR/24" >>kernel.jsonl
		tail -n 1 kernel.jsonl
		sleep 1
	done
	ip addr flush dev "$(wait_netif_of_pci "$AIRLOCK_DUT")"
}

hosted_side() {
	local r=$1 i
	step "round $r: hosted e1000 under airlockd, $per_round kills"
	insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
	NIC_DEVICE_KEYS="restart-backoff-ms = 0,1
crash-budget = 999/60m" nic_config airlockd.conf
	# nic_config's own backoff and budget come first: the last one counts.
	start_daemon airlockd.conf
	wait_state e0 running 60
	lab_dut_up air0
	ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" >/dev/null || die "no ping before the kills"
	for ((i = 1; i <= per_round; i++)); do
		python3 "$probe" hosted "$AIRLOCKCTL" e0 "$LAB_PEER_ADDR" >>hosted.jsonl
		tail -n 1 hosted.jsonl
		wait_state e0 running 30
		sleep 1
	done
	ip addr flush dev air0
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || die "airlockd did not stop cleanly"
	rmmod airlock
}

lab_peer_setup
modprobe vfio-pci
for ((r = 1; r <= rounds; r++)); do
	if ((r % 2)); then
		kernel_side "$r"
		hosted_side "$r"
	else
		hosted_side "$r"
		kernel_side "$r"
	fi
done

python3 - kernel.jsonl hosted.jsonl >e1000-recovery.txt <<'PY'
import json, math, sys
kernel = [json.loads(l) for l in open(sys.argv[1])]
hosted = [json.loads(l) for l in open(sys.argv[2])]
json.dump({"kernel": kernel, "hosted": hosted}, open("e1000-recovery.json", "w"), indent=1)

def pct(v, p):
    v = sorted(v)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]

def rows(runs, phases):
    for key, label in phases:
        v = [r[key] for r in runs if r.get(key) is not None]
        if v:
            print(f"| {label:<44} | {pct(v, 50):8.1f} | {pct(v, 90):8.1f} | {max(v):8.1f} |")

print(f"e1000, same boot (TCG, 2 vCPUs): {len(kernel)} in-kernel reloads, {len(hosted)} hosted"
      " recoveries, milliseconds, each to the first echo reply (one request every 2 ms)")
print(f"| {'phase':<44} | {'median':>8} | {'p90':>8} | {'max':>8} |")
print(f"|{'-' * 46}|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|")
rows(kernel, (("unbind", "in-kernel: unbind"), ("bind", "in-kernel: bind (probe) -> interface"),
              ("configure", "in-kernel: ip addr add, ip link set up"),
              ("first_reply", "in-kernel: -> first reply (link, ARP)"),
              ("total", "in-kernel: total")))
rows(hosted, (("detected", "hosted: kill -> detected (process torn down)"),
              ("airlockd_detect", "hosted: detect (pidfd)"),
              ("airlockd_backoff", "hosted: backoff"),
              ("airlockd_restart", "hosted: restart (spawn -> HELLO: probe)"),
              ("airlockd_spawn", "hosted:   of it clone3 + exec"),
              ("airlockd_replay", "hosted: replay (ATTACH -> link up)"),
              ("airlockd_traffic", "hosted: traffic (-> first frame)"),
              ("airlockd_total", "hosted: airlockd's total"),
              ("total", "hosted: total, kill -> first reply")))
k = pct([r["total"] for r in kernel], 50)
h = pct([r["total"] for r in hosted], 50)
print(f"Median overhead of a hosted recovery over an in-kernel reload: {h - k:+.1f} ms"
      f" ({h:.1f} against {k:.1f})")
PY
cat e1000-recovery.txt
