#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The fault-injection campaign's watcher and report, run inside the lab guest
by bench/lab/campaign.sh.

  campaign.py watch  --faults N --max-seconds S   until N faults are injected
  campaign.py report [--assert]                   the table; --assert: CI's verdict

watch polls airlockctl, checks after every restart that the configuration
survived (kernel, stub shadow and the new driver instance itself), collects
every recovery's timing and stops at a moment when every fault injected so far
has been recovered from. report reads what watch saved, the daemon's log (one
"fault: KIND" line per fault, one "ended: REASON" line per instance), the
traffic log and the stub's counters.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time

SOCKET = os.environ.get("AIRLOCK_SOCKET", "/run/airlock/airlockd.sock")
LOG = os.environ.get("DAEMON_LOG", "airlockd.log")
STATE = "campaign-state.json"
# Device: (network namespace or None, interface).
DEVICES = {"a": ("wa", "cab0"), "b": ("wb", "cab1")}
for _k in range(1, int(os.environ.get("CAMPAIGN_CABLES", "1"))):  # campaign.sh's cable_end
    DEVICES[f"a{_k}"] = (f"wa{_k}", f"cab{2 * _k}")
    DEVICES[f"b{_k}"] = (f"wb{_k}", f"cab{2 * _k + 1}")
E1000 = os.environ.get("CAMPAIGN_E1000") == "1"
if E1000:
    DEVICES["e0"] = (None, "air0")  # the lab's e1000 (drivers/e1000/faults.c)
# DEVICE: damage to the hardware; the driver's own recovery may do, or a
# restart when airlockd sees a hang, TX stuck or a stall: either is fine,
# as long as traffic comes back (the e1000's transfers and final ping).
RESTART, VIOLATION, TOLERATED, DEVICE = "restart", "violation", "tolerated", "device"
EFFECT = {
    "segv": RESTART, "abort": RESTART, "trap": RESTART, "exit": RESTART,
    "hang": RESTART, "syscall": RESTART,
    "rx-buf": VIOLATION, "rx-index": VIOLATION, "tx-return": VIOLATION, "ctrl-reply": VIOLATION,
    "rx-len": TOLERATED, "state-garbage": TOLERATED,
    "wild-dma": DEVICE, "neighbour-dma": DEVICE, "wild-mmio": DEVICE, "tx-off": DEVICE,
}


def ends_instance(kind):
    """Whether a fault of @kind must end its driver instance."""
    return EFFECT.get(kind) in (RESTART, VIOLATION)
PROMISC = 1  # AIRLOCK_RX_MODE_PROMISC

FAULT_RE = re.compile(r"^(\w+): \[(\d+)\] host: fault: (\S+) at (\S+)")
END_RE = re.compile(r"^(\w+): driver pid (\d+) ended: (.*)$")
START_RE = re.compile(r"^(\w+): driver host \S+ started, pid (\d+)")
QUARANTINE_RE = re.compile(r"^(\w+): quarantined: (.*)$")


def run(*cmd, timeout=20):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True).stdout


def ask(command):
    """One request on airlockd's control socket (what airlockctl does, without
    starting a sanitizer-built process under TCG for every question)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as c:
        c.settimeout(15)
        c.connect(SOCKET)
        c.sendall(command.encode() + b"\n")
        data = b""
        while chunk := c.recv(65536):
            data += chunk
    reply = json.loads(data)
    if not reply.get("ok"):
        raise ValueError(f"airlockd: {command}: {reply.get('error')}")
    return reply["result"]


def status():
    return {d["name"]: d for d in ask("status")}


def stats(dev):
    return ask(f"stats {dev}")


# Inside each namespace, one long-lived reader of the interface's sysfs
# files: the kernel's own view, without an ip(8) process per question.
SYSFS_READER = r"""
import sys
for ifname in sys.stdin:
    base = "/sys/class/net/" + ifname.strip() + "/"
    v = [open(base + f).read().strip() for f in ("mtu", "address", "flags", "carrier")]
    print(v[0], v[1], int(v[2], 16), v[3], flush=True)
"""
_readers = {}


def link(dev):
    ns, ifname = DEVICES[dev]
    r = _readers.get(dev)
    if r is None or r.poll() is not None:
        r = _readers[dev] = subprocess.Popen(
            (["ip", "netns", "exec", ns] if ns else []) + ["python3", "-c", SYSFS_READER],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    r.stdin.write(ifname + "\n")
    r.stdin.flush()
    mtu, address, flags, _carrier = r.stdout.readline().split()
    return {"mtu": int(mtu), "address": address, "promiscuity": int(flags) & 0x100}


def probe(dev):
    """Kernel link, stub shadow and the driver's own view (its counters) of @dev."""
    sh = stats(dev)
    return link(dev), sh, sh.get("driver_stats", {})


def mac_int(mac):
    return int(mac.replace(":", ""), 16)


class LogReader:
    """The daemon's log, parsed once: each call reads only what was appended
    since the last (a 10,000-fault run writes megabytes, and the watcher
    looks five times a second)."""

    def __init__(self):
        self.offset = 0
        self.faults = []        # (offset, record)
        self.ends = {}          # (dev, pid) -> reason
        self.end_pos = {}       # (dev, pid) -> offset
        self.starts = []
        self.quarantines = []

    def update(self):
        with open(LOG, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        done = data.rfind(b"\n") + 1   # whole lines only: the daemon may be mid-line
        pos = self.offset
        for raw in data[:done].split(b"\n")[:-1]:
            self._line(pos, raw.decode("utf-8", "replace"))
            pos += len(raw) + 1
        self.offset += done

    def _line(self, pos, line):
        m = FAULT_RE.match(line)
        if m:
            self.faults.append((pos, {"dev": m[1], "pid": int(m[2]), "kind": m[3], "point": m[4]}))
            return
        m = END_RE.match(line)
        if m:
            self.ends[(m[1], int(m[2]))] = m[3]
            self.end_pos[(m[1], int(m[2]))] = pos
            return
        m = START_RE.match(line)
        if m:
            self.starts.append((m[1], int(m[2])))
            return
        m = QUARANTINE_RE.match(line)
        if m:
            self.quarantines.append((m[1], m[2]))


_log = LogReader()


def parse_log(limit=None, start=0):
    """Faults (in bytes [@start, @limit) of the log), instance ends and quarantines."""
    _log.update()
    faults = [f for pos, f in _log.faults if pos >= start and (limit is None or pos < limit)]
    if limit is not None:
        # Instances that ended inside the window; their faults may sit before it only.
        parse_log.ends_in_window = {k for k, p in _log.end_pos.items() if start <= p < limit}
    return faults, dict(_log.ends), list(_log.quarantines), list(_log.starts)


class Watch:
    def __init__(self, expect):
        self.expect = expect          # per device: mtu, mac, promisc
        self.checked_upto = {d: 0 for d in DEVICES}   # restarts value last checked
        self.checks = {"ok": 0, "lost": [], "unchecked": 0, "raced": 0}
        self.check_seconds = []
        self.recoveries = {}          # "dev/detected_at_us" -> record

    def collect(self, st):
        for dev, d in st.items():
            for r in d.get("recoveries") or []:
                self.recoveries[f"{dev}/{r['detected_at_us']}"] = dict(r, dev=dev)

    def check_config(self, dev, d):
        """One check of a recovered device. Returns True if it counted (ok or lost)."""
        problems = []
        for attempt in range(3):
            problems = []
            try:
                t0 = time.monotonic()
                lk, sh, view = probe(dev)
                again = status()[dev]
                self.check_seconds.append(time.monotonic() - t0)
            except (subprocess.SubprocessError, OSError, ValueError, KeyError, IndexError) as e:
                print(f"campaign: {dev}: check failed: {e!r}", flush=True)
                return False
            if again["pid"] != d["pid"] or again["state"] != "running":
                self.checks["raced"] += 1
                return False  # another fault came in between: that one gets checked next
            exp = self.expect[dev]
            if not problems:
                if lk["mtu"] != exp["mtu"] or sh["mtu"] != exp["mtu"]:
                    problems.append(f"MTU kernel {lk['mtu']} shadow {sh['mtu']} want {exp['mtu']}")
                if lk["address"] != exp["mac"] or sh["mac"] != exp["mac"]:
                    problems.append(f"MAC kernel {lk['address']} shadow {sh['mac']} want {exp['mac']}")
                if (lk["promiscuity"] > 0) != exp["promisc"] or bool(sh["rx_mode"] & PROMISC) != exp["promisc"]:
                    problems.append(f"promisc kernel {lk['promiscuity']} shadow rx_mode {sh['rx_mode']}")
                if dev == "e0":
                    pass  # the e1000 tells no MTU: campaign.sh's jumbo ping at the end checks it
                elif view.get("cable_mtu") != exp["mtu"]:
                    problems.append(f"driver MTU {view.get('cable_mtu')}")
                if dev != "e0" and view.get("cable_mac") != mac_int(exp["mac"]):
                    problems.append(f"driver MAC {view.get('cable_mac')}")
                if dev != "e0" and view.get("cable_rx_mode") != sh["rx_mode"]:
                    problems.append(f"driver rx_mode {view.get('cable_rx_mode')} shadow {sh['rx_mode']}")
            if not problems:
                self.checks["ok"] += 1
                return True
            # State garbage is allowed 200 ms on the driver's counters: look again.
            time.sleep(0.4)
        self.checks["lost"].append({"dev": dev, "pid": d["pid"], "restarts": d["restarts"],
                                    "problems": problems})
        print(f"campaign: {dev} pid {d['pid']}: configuration lost: {problems}", flush=True)
        return True

    def poll(self):
        st = status()
        self.collect(st)
        for dev, d in st.items():
            if d["state"] == "quarantined":
                raise SystemExit(f"campaign: {dev} quarantined: {d.get('quarantine_reason')}")
            if d["restarts"] > self.checked_upto[dev] and d["state"] == "running":
                if self.check_config(dev, d):
                    self.checks["unchecked"] += d["restarts"] - self.checked_upto[dev] - 1
                    self.checked_upto[dev] = d["restarts"]
        return st


def poll_patiently(w):
    """One poll, or None when airlockd did not answer in time: under TCG a
    guest can stand still for seconds (airlockd logs "did not run for N
    ms"), and a watcher that died of it would end a long run for nothing."""
    try:
        return w.poll()
    except (OSError, ValueError) as e:
        print(f"campaign: airlockd did not answer ({e!r}); asking again", flush=True)
        time.sleep(1)
        return None


def all_recovered(st, limit):
    """Every fatal fault before @limit ended its instance, and the device runs a new one."""
    faults, ends, _, _ = parse_log(limit)  # those of the set-up too
    for f in faults:
        if not ends_instance(f["kind"]):
            continue
        d = st[f["dev"]]
        if (f["dev"], f["pid"]) not in ends or d["state"] != "running" or d["pid"] == f["pid"]:
            return False
    return True


def watch(args):
    expect = {}
    for dev in DEVICES:
        lk = link(dev)
        expect[dev] = {"mtu": lk["mtu"], "mac": lk["address"], "promisc": lk["promiscuity"] > 0}
    print(f"campaign: expected configuration {expect}", flush=True)
    w = Watch(expect)
    # Faults during the set-up were recovered from too, but the campaign
    # counts those that hit a configured device under traffic.
    for dev, d in status().items():
        w.checked_upto[dev] = max(0, d["restarts"] - 1)  # the running instance is checked too
    log_start = os.path.getsize(LOG)
    start_us = time.time() * 1e6
    setup_faults = len(parse_log(log_start)[0])
    start = time.monotonic()
    deadline = start + args.max_seconds
    n = 0
    last_print = 0
    while time.monotonic() < deadline:
        if not poll_patiently(w):
            continue
        n = len(parse_log(start=log_start)[0])
        if n >= args.faults:
            break
        if n // 10 != last_print:
            last_print = n // 10
            print(f"campaign: {n} faults after {time.monotonic() - start:.0f} s", flush=True)
        time.sleep(0.2)
    reached = n >= args.faults
    # A quiet moment: every fault so far recovered (faults go on meanwhile).
    settle_end = time.monotonic() + 60
    settled = False
    while time.monotonic() < settle_end:
        limit = os.path.getsize(LOG)
        st = poll_patiently(w)
        if st is None:
            continue
        if all_recovered(st, limit):
            settled = True
            break
        time.sleep(0.3)
    elapsed = time.monotonic() - start
    if w.check_seconds:
        print(f"campaign: a configuration check takes {pct(w.check_seconds, 50):.2f} s (median)", flush=True)
    # Recoveries of faults inside the window only.
    recs = [r for r in w.recoveries.values() if r["detected_at_us"] >= start_us]
    json.dump({"expect": expect, "checks": w.checks, "recoveries": recs,
               "log_limit": limit, "log_start": log_start, "setup_faults": setup_faults,
               "reached": reached, "settled": settled,
               "seconds": elapsed, "want_faults": args.faults}, open(STATE, "w"), indent=1)
    print(f"campaign: watched {elapsed:.0f} s, {len(parse_log(limit, log_start)[0])} faults, "
          f"settled={settled}", flush=True)


def normal_reason(reason):
    """An instance end without its numbers (pids, times, counts)."""
    reason = re.sub(r" \(\d+\)$", "", reason)
    reason = re.sub(r"no heartbeat for \d+ ms.*", "no heartbeat", reason)
    reason = re.sub(r"(stalled|deaf|TX stuck|ABI violation): .*", r"\1", reason)
    return reason


def pct(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(-(-p * len(v) // 100)) - 1))
    return v[k]


def ms(us):
    return "-" if us is None else f"{us / 1000:.0f}"


def report(args):
    s = json.load(open(STATE))
    all_faults = parse_log()[0]
    faults, ends, quarantines, starts = parse_log(s["log_limit"], s["log_start"])
    def transfers(path):
        runs = [l.split() for l in open(path) if l.strip()] if os.path.exists(path) else []
        return (sum(1 for t in runs if t[0] == "ok"), [t for t in runs if t[0] == "fail"],
                sum(1 for t in runs if t[0] == "noconnect"))
    tcp_ok, tcp_fail, _ = transfers(args.traffic)
    e0_ok, e0_fail, e0_noconnect = transfers(args.traffic_e1000)
    sts = {dev: stats(dev) for dev in DEVICES}
    violations = sum(x["violations"] for x in sts.values())

    by_kind = {}
    problems = []
    # Instances a fatal fault ended (a set: 10,000 faults make pairwise scans slow).
    fatal_pids = {(g["dev"], g["pid"]) for g in all_faults if ends_instance(g["kind"])}
    for f in faults:
        k = by_kind.setdefault(f["kind"], {"n": 0, "outcomes": {}})
        k["n"] += 1
        effect = EFFECT.get(f["kind"])
        end = ends.get((f["dev"], f["pid"]))
        if not ends_instance(f["kind"]):
            # Survived unless a later fatal fault of the same instance ended it.
            later_fatal = (f["dev"], f["pid"]) in fatal_pids
            outcome = "survived" if end is None or later_fatal else f"ended: {end}"
            outcome = re.sub(r"no heartbeat for \d+ ms", "no heartbeat", outcome)
            outcome = re.sub(r"stalled: .*", "stalled", outcome)
            outcome = re.sub(r"deaf: .*", "deaf", outcome)
            if outcome != "survived" and effect == TOLERATED:
                problems.append(f"{f['dev']} pid {f['pid']}: tolerated fault {f['kind']} ended it ({end})")
        else:
            outcome = end or "not recovered"
            outcome = re.sub(r" \(\d+\)$", "", outcome)
            outcome = re.sub(r"no heartbeat for \d+ ms", "no heartbeat", outcome)
            if end is None:
                problems.append(f"{f['dev']} pid {f['pid']}: {f['kind']} not recovered")
            if effect == VIOLATION and "ABI violation" not in (end or ""):
                problems.append(f"{f['dev']} pid {f['pid']}: {f['kind']} ended as '{end}', not an ABI violation")
        k["outcomes"][outcome] = k["outcomes"].get(outcome, 0) + 1

    # An instance a device fault hit may end (a hang, TX stuck, a stall): explained.
    fault_pids = {(f["dev"], f["pid"]) for f in all_faults if EFFECT.get(f["kind"]) != TOLERATED}
    unexplained = {k: v for k, v in ends.items() if k not in fault_pids and v != "stopped"
                   and k in parse_log.ends_in_window}
    n_fatal = sum(1 for f in faults if ends_instance(f["kind"]))
    n_viol = sum(1 for f in faults if EFFECT.get(f["kind"]) == VIOLATION)
    recovered = sum(1 for f in faults if ends_instance(f["kind"]) and (f["dev"], f["pid"]) in ends)

    recs = [r for r in s["recoveries"] if r.get("total_us") is not None]
    lines = []
    lines.append(f"Fault-injection campaign: {len(faults)} faults in {s['seconds']:.0f} s "
                 f"(asked for {s['want_faults']}), {len(DEVICES) - E1000} cable devices under airlockd "
                 f"({(len(DEVICES) - E1000) // 2} cables), iperf3 across each cable"
                 + (", and the lab's e1000 (e0), iperf3 to the peer" if E1000 else ""))
    lines.append("")
    lines.append("| fault | injected | outcome (instance end as airlockd classified it) |")
    lines.append("| --- | ---: | --- |")
    for kind in EFFECT:
        if kind in by_kind:
            k = by_kind[kind]
            out = ", ".join(f"{o} x{n}" for o, n in sorted(k["outcomes"].items(), key=lambda x: -x[1]))
            lines.append(f"| {kind} ({EFFECT[kind]}) | {k['n']} | {out} |")
    lines.append("")
    lines.append("| result | value |")
    lines.append("| --- | ---: |")
    lines.append(f"| faults injected (configured, under traffic) | {len(faults)} |")
    lines.append(f"| ... and before, while the campaign set the configuration (not counted) | {s['setup_faults']} |")
    lines.append(f"| ... that end an instance (crash, hang, ABI violation) | {n_fatal} |")
    lines.append(f"| recoveries completed for them | {recovered} |")
    lines.append(f"| ABI violations counted by the stub (all of the run) / violation faults | {violations} / {n_viol} |")
    lines.append(f"| restarts without an injected fault (e.g. a TCG stall read as a hang) | {len(unexplained)} |")
    lines.append(f"| quarantines | {len(quarantines)} |")
    lines.append(f"| configuration checks after a recovery: passed / lost / skipped | "
                 f"{s['checks']['ok']} / {len(s['checks']['lost'])} / {s['checks']['unchecked']} |")
    lines.append(f"| (checks abandoned because the next fault came first) | {s['checks']['raced']} |")
    lines.append(f"| TCP transfers (iperf3 runs) completed / failed | {tcp_ok} / {len(tcp_fail)} |")
    if E1000:
        lines.append(f"| ... through the e1000 (e0) completed / failed | {e0_ok} / {len(e0_fail)} |")
        lines.append(f"| ... through the e1000 not started: no connection while it recovered | {e0_noconnect} |")
        per_dev = {}
        for f in faults:
            per_dev[f["dev"]] = per_dev.get(f["dev"], 0) + 1
        lines.append(f"| faults per device | {', '.join(f'{d} {n}' for d, n in sorted(per_dev.items()))} |")
    lines.append("")
    lines.append("Recovery time, ms (crash or detection -> first frame through the new instance; "
                 "airlockctl's record, detect = heartbeat silence for hangs, 0 otherwise):")
    lines.append("")
    lines.append("| recoveries | n | median | p90 | p99 | max |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    groups = [("all", recs),
              ("the e1000 (e0), every kind", [r for r in recs if r["dev"] == "e0"]) if E1000 else ("", []),
              ("hangs", [r for r in recs if r["reason"].startswith("hang")]),
              ("ABI violations", [r for r in recs if r["reason"].startswith("ABI violation")]),
              ("crashes and exits", [r for r in recs if not r["reason"].startswith(("hang", "ABI"))])]
    # Per kind of instance end, as airlockd classified it (a record names
    # no pid; each fault kind ends in its own class, the four violations
    # share "ABI violation", see the first table).
    by_reason = {}
    for r in recs:
        by_reason.setdefault(f"{'e0' if r['dev'] == 'e0' else 'cable'}: {normal_reason(r['reason'])}",
                             []).append(r)
    groups += [(name, rs) for name, rs in sorted(by_reason.items(), key=lambda x: -len(x[1]))]
    for name, rs in groups:
        if not name:
            continue
        t = [r["total_us"] for r in rs]
        lines.append(f"| {name} | {len(t)} | {ms(pct(t, 50))} | {ms(pct(t, 90))} | {ms(pct(t, 99))} | "
                     f"{ms(max(t) if t else None)} |")
    lines.append("")
    lines.append("| phase (all recoveries) | median | p90 | p99 | max |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for ph in ("detect", "backoff", "restart", "replay", "traffic"):
        t = [r[f"{ph}_us"] for r in recs if r.get(f"{ph}_us") is not None]
        lines.append(f"| {ph} | {ms(pct(t, 50))} | {ms(pct(t, 90))} | {ms(pct(t, 99))} | "
                     f"{ms(max(t) if t else None)} |")
    text = "\n".join(lines) + "\n"
    open("campaign.txt", "w").write(text)
    json.dump({"faults": len(faults), "by_kind": by_kind, "fatal": n_fatal, "recovered": recovered,
               "violations": violations, "violation_faults": n_viol,
               "unexplained": [f"{k[0]}/{k[1]}: {v}" for k, v in unexplained.items()],
               "quarantines": quarantines, "checks": s["checks"], "tcp_ok": tcp_ok,
               "tcp_failed": tcp_fail, "e1000_tcp_ok": e0_ok, "e1000_tcp_failed": e0_fail,
               "problems": problems}, open("campaign.json", "w"), indent=1)
    sys.stdout.write(text)
    for p in problems:
        print("problem:", p)
    if unexplained:
        print("unexplained restarts:", unexplained)

    if args.assert_:
        fails = list(problems)
        if not s["reached"]:
            fails.append(f"only {len(faults)} of {s['want_faults']} faults in time")
        if not s["settled"]:
            fails.append("never a moment with every fault recovered")
        if recovered != n_fatal:
            fails.append(f"{n_fatal - recovered} faults not recovered")
        if quarantines:
            fails.append(f"quarantined: {quarantines}")
        if s["checks"]["lost"]:
            fails.append(f"configuration lost: {s['checks']['lost']}")
        if s["checks"]["ok"] == 0:
            fails.append("no configuration check ran")
        if violations < n_viol:
            fails.append(f"the stub counted {violations} violations for {n_viol} violation faults")
        if tcp_fail:
            fails.append(f"TCP transfers failed: {tcp_fail}")
        if tcp_ok == 0:
            fails.append("no TCP transfer completed")
        if E1000 and e0_fail:
            fails.append(f"TCP transfers through the e1000 failed: {e0_fail}")
        if E1000 and e0_ok == 0:
            fails.append("no TCP transfer through the e1000 completed")
        for f in fails:
            print("FAILED:", f, file=sys.stderr)
        return 1 if fails else 0
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("watch")
    w.add_argument("--faults", type=int, required=True)
    w.add_argument("--max-seconds", type=float, required=True)
    r = sub.add_parser("report")
    r.add_argument("--traffic", default="traffic.txt")
    r.add_argument("--traffic-e1000", default="traffic-e0.txt")
    r.add_argument("--assert", dest="assert_", action="store_true")
    args = ap.parse_args()
    if args.cmd == "watch":
        watch(args)
        return 0
    return report(args)


if __name__ == "__main__":
    sys.exit(main())
