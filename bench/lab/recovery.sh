#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (run with bench/run-lab-bench): recovery time of a
# driver under airlockd. Two cable devices carry a ping flood (one echo
# every 2 ms) between namespaces; the driver of one is killed with SIGKILL
# BENCH_CRASHES times (default 60), each time once the last recovery has
# seen traffic. Per recovery: kill -> detected (our clock against the
# record's detected_at), and airlockd's own phases (airlockctl --json
# status: detect, backoff, restart with its spawn part, replay, traffic).
# Writes recovery.txt (median and p99 per phase) and recovery.json.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"

crashes=${BENCH_CRASHES:-60}

insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
# No backoff, a budget the benchmark cannot spend, a heartbeat deadline
# TCG's stalls cannot trip; the plain cable host, as production runs it.
cable_config airlockd.conf "heartbeat-timeout-ms = 3000" "crash-budget = 999/60m" \
	"restart-backoff-ms = 0,1"
sed -i 's/^host = airlock-host-cable-faulty$/host = airlock-host-cable/' airlockd.conf
start_daemon airlockd.conf
setup_netns
wait_state a running
ina ping -c 2 -i 0.2 -W 2 "$B" >/dev/null

ina ping -i 0.002 -q "$B" >ping.txt 2>&1 &
pinger=$!
sleep 1

python3 - "$AIRLOCKCTL" "$crashes" >recovery-run.txt <<'PY'
import json, os, subprocess, sys, time
ctl, crashes = sys.argv[1], int(sys.argv[2])

def status():
    out = subprocess.run([ctl, "--json", "status", "a"], check=True, capture_output=True,
                         timeout=15).stdout
    return json.loads(out)

kills = []
for i in range(crashes):
    d = status()
    assert d["state"] == "running" and d["pid"] > 0, d
    t0 = time.time_ns() // 1000
    os.kill(d["pid"], 9)
    kills.append(t0)
    # Each airlockctl costs CPU the recovery itself needs (2 vCPUs): look rarely.
    time.sleep(0.5)
    end = time.time() + 30
    while True:
        d = status()
        recs = d["recoveries"]
        if d["restarts"] == i + 1 and recs and recs[-1]["total_us"] is not None:
            break
        if time.time() > end:
            sys.exit(f"crash {i + 1}: no recovery with traffic in 30 s: {d}")
        time.sleep(0.3)
    print(f"crash {i + 1}: total {recs[-1]['total_us'] / 1000:.1f} ms", flush=True)
json.dump({"kills_us": kills, "status": d}, open("recovery.json", "w"), indent=1)
PY
kill "$pinger"
wait "$pinger" || true

python3 - recovery.json >recovery.txt <<'PY'
import json, math, sys
run = json.load(open(sys.argv[1]))
recs = run["status"]["recoveries"][-len(run["kills_us"]):]
assert len(recs) == len(run["kills_us"]), "history shorter than the run"

def pct(v, p):
    v = sorted(v)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]

rows = [("kill -> detected", [r["detected_at_us"] - k for r, k in zip(recs, run["kills_us"])])]
for ph, label in (("detect", "detect (heartbeat)"), ("backoff", "backoff"),
                  ("restart", "restart (spawn -> HELLO)"), ("spawn", "  of it clone3 + exec"),
                  ("replay", "replay (ATTACH -> link up)"), ("traffic", "traffic (-> first frame)"),
                  ("total", "total")):
    rows.append((label, [r[ph + "_us"] for r in recs if r[ph + "_us"] is not None]))
print(f"{len(recs)} recoveries (kill -9 of the driver under a 2 ms ping flood), milliseconds")
print(f"| {'phase':<28} | {'median':>8} | {'p99':>8} | {'max':>8} |")
print(f"|{'-' * 30}|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|")
for label, v in rows:
    print(f"| {label:<28} | {pct(v, 50) / 1000:8.1f} | {pct(v, 99) / 1000:8.1f} | {max(v) / 1000:8.1f} |")
PY
tail -n 3 ping.txt
cat recovery.txt
kill -TERM "$daemon_pid"
wait "$daemon_pid"
