#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Cuts the traces of bench/lab/frame-stages.sh into stages.

frame-stages.py report TRACE...   the stage table (frame-stages.txt)
frame-stages.py uprobe-offset BIN SYMBOL   a symbol's file offset, for uprobe_events

Each trace is one phase's UDP ping-pong (sockperf, one request in flight)
with the header line frame-stages.sh writes. The client's sendto calls cut
it into exchanges; in each, milestones are found in order: anchors (which
every exchange has, on both paths) forward, each the first matching event
after the previous anchor; between two anchors the optional milestones
(those of one path only, or of a process that may not have slept)
backwards, each the last matching event before the milestone after it.
A stage is the time from the previous milestone found to its own; a
milestone not found makes its stage 0 and the next one longer, so each
exchange's stages add up to its round trip.
"""
import re
import statistics
import subprocess
import sys

# (key, anchor, path, category, label); path k = in-kernel only, h = hosted
# only, b = both. The label names the stage that ends at the milestone.
MILESTONES = [
    ("c_send", True, "b", "-", "client sendto (start)"),
    ("dut_xmit", True, "b", "stack", "DUT: sendto -> ndo_start_xmit (UDP/IP, qdisc)"),
    ("kick", False, "h", "airlock", "stub: start_xmit -> kick (copy to pool, ring post)"),
    ("d_wake_tx", False, "h", "airlock", "kick -> driver process woken"),
    ("d_epoll_tx", False, "h", "airlock", "driver woken -> its epoll_wait returns"),
    ("d_xmit", False, "h", "airlock", "epoll return -> driver's e1000_xmit_frame"),
    ("peer_irq", True, "b", "emulation", "e1000_xmit_frame -> peer irq (TDT write, QEMU e1000 TX, hub, virtio RX)"),
    ("peer_rx", True, "b", "peer", "peer irq -> peer netif_receive_skb"),
    ("s_wake", False, "b", "peer", "peer netif_receive_skb -> server woken"),
    ("s_recv", True, "b", "peer", "server woken -> its recvfrom returns"),
    ("s_send", True, "b", "peer", "server: recvfrom -> sendto"),
    ("peer_xmit", True, "b", "peer", "peer: sendto -> ndo_start_xmit"),
    ("dut_irq", True, "b", "emulation", "peer start_xmit -> DUT irq (QEMU virtio TX, hub, e1000 RX, INTx)"),
    ("k_clean", False, "k", "kernel", "DUT irq -> e1000_clean (hardirq, NAPI softirq)"),
    ("d_wake_rx", False, "h", "airlock", "DUT irq -> driver process woken (vfio-intx, eventfd)"),
    ("d_epoll_rx", False, "h", "airlock", "driver woken -> its epoll_wait returns"),
    ("d_clean", False, "h", "airlock", "epoll return -> driver's e1000_clean (e1000_intr first)"),
    ("d_bell", False, "h", "driver", "e1000_clean -> doorbell write (RX clean, ring post)"),
    ("stub_poll", False, "h", "airlock", "doorbell write -> stub NAPI poll (irq_work, softirq)"),
    ("dut_rx", True, "b", "driver", "e1000_clean / stub poll -> netif_receive_skb (RX clean / copy from pool)"),
    ("c_wake", False, "b", "stack", "netif_receive_skb -> client woken (UDP/IP)"),
    ("c_recv", True, "b", "stack", "client woken -> its recvfrom returns"),
]
KEYS = [m[0] for m in MILESTONES]

LINE = re.compile(r"^\s*(?P<comm>.*?)-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]\s+\S+\s+"
                  r"(?P<ts>[\d.]+):\s+(?P<rest>.*)$")


def parse(path):
    """(header dict, events as (ts, pid, kind, arg))."""
    hdr, evs = {}, []
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("# phase "):
                w = line[2:].split()
                hdr = dict(zip(w[::2], w[1::2]))
                continue
            if line.startswith("# entries-in-buffer/entries-written:"):
                a, b = line.split()[2].split("/")
                hdr["lost"] = int(b) - int(a)
                continue
            m = LINE.match(line)
            if not m:
                continue
            ts, pid, rest = m.group("ts"), int(m.group("pid")), m.group("rest")
            ts = float(ts) if "." in ts else int(ts)
            ev = classify(rest)
            if ev:
                evs.append((ts, pid) + ev)
    return hdr, evs


def field(rest, name):
    m = re.search(r"\b" + name + r"=(\S+)", rest)
    return m.group(1) if m else None


def classify(rest):
    if rest.startswith("sys_sendto("):
        return ("sendto", None)
    if rest.startswith("sys_recvfrom ->"):
        return ("recv_ret", None)
    if rest.startswith("sys_epoll_wait ->"):
        return ("epoll_ret", None)
    if rest.startswith("sys_write("):
        return ("bell", None)
    name, _, body = rest.partition(": ")
    if name == "sched_wakeup":
        return ("wakeup", int(field(body, "pid")))
    if name == "irq_handler_entry":
        return ("irq", int(field(body, "irq")))
    if name == "net_dev_start_xmit":
        return ("xmit", field(body, "dev"))
    if name == "netif_receive_skb":
        return ("rx", field(body, "dev"))
    if name == "tracing_mark_write" and body.startswith("cal "):
        return ("cal", int(body.split()[1]))
    if name in ("kick", "stubpoll", "kclean", "dxmit", "dclean"):
        return (name, None)
    return None


def matchers(h):
    c, s = int(h["client"]), int(h["server"])
    d = int(h["driver"]) if h.get("driver", "none") != "none" else -1
    dut_if, peer_if = h["dut_if"], h["peer_if"]
    dut_irq, peer_irq = int(h["dut_irq"]), int(h["peer_irq"])
    return {
        "c_send": lambda e: e[2] == "sendto" and e[1] == c,
        "dut_xmit": lambda e: e[2] == "xmit" and e[3] == dut_if,
        "kick": lambda e: e[2] == "kick",
        "d_wake_tx": lambda e: e[2] == "wakeup" and e[3] == d,
        "d_epoll_tx": lambda e: e[2] == "epoll_ret" and e[1] == d,
        "d_xmit": lambda e: e[2] == "dxmit" and e[1] == d,
        "peer_irq": lambda e: e[2] == "irq" and e[3] == peer_irq,
        "peer_rx": lambda e: e[2] == "rx" and e[3] == peer_if,
        "s_wake": lambda e: e[2] == "wakeup" and e[3] == s,
        "s_recv": lambda e: e[2] == "recv_ret" and e[1] == s,
        "s_send": lambda e: e[2] == "sendto" and e[1] == s,
        "peer_xmit": lambda e: e[2] == "xmit" and e[3] == peer_if,
        "dut_irq": lambda e: e[2] == "irq" and e[3] == dut_irq,
        "k_clean": lambda e: e[2] == "kclean",
        "d_wake_rx": lambda e: e[2] == "wakeup" and e[3] == d,
        "d_epoll_rx": lambda e: e[2] == "epoll_ret" and e[1] == d,
        "d_clean": lambda e: e[2] == "dclean" and e[1] == d,
        "d_bell": lambda e: e[2] == "bell" and e[1] == d,
        "stub_poll": lambda e: e[2] == "stubpoll",
        "dut_rx": lambda e: e[2] == "rx" and e[3] == dut_if,
        "c_wake": lambda e: e[2] == "wakeup" and e[3] == c,
        "c_recv": lambda e: e[2] == "recv_ret" and e[1] == c,
    }


def to_us(evs):
    """A function from trace stamps to microseconds: the two cal markers
    (CLOCK_MONOTONIC ns at the TSC stamp) give the TSC's rate."""
    cal = [(e[0], e[3]) for e in evs if e[2] == "cal"]
    if isinstance(evs[0][0], float):
        return lambda t: t * 1e6, None
    if len(cal) < 2:
        sys.exit("frame-stages: a TSC-stamped trace without two cal markers")
    (t0, n0), (t1, n1) = cal[0], cal[-1]
    us_per_tick = (n1 - n0) / 1000.0 / (t1 - t0)
    return lambda t: t * us_per_tick, 1.0 / us_per_tick


def exchanges(h, evs):
    """Per complete exchange: {key: time in us or None} plus 'next' (the
    next request's sendto)."""
    m = matchers(h)
    conv, _ = to_us(evs)
    starts = [i for i, e in enumerate(evs) if m["c_send"](e)]
    out = []
    for n, i0 in enumerate(starts[:-1]):
        i1 = starts[n + 1]
        found = {"c_send": i0}
        pos, ok = i0, True
        anchors = [k for k, a, *_ in MILESTONES if a]
        for k in anchors[1:]:
            j = next((j for j in range(pos + 1, i1) if m[k](evs[j])), None)
            if j is None:
                ok = False
                break
            found[k] = pos = j
        if not ok:
            continue
        # Optional milestones between anchors, backwards.
        upper = None
        for k, anchor, *_ in reversed(MILESTONES):
            if anchor:
                upper = found[k]
                lo = None
                continue
            # the anchor before this one
            idx = KEYS.index(k)
            lo = next(found[KEYS[x]] for x in range(idx - 1, -1, -1) if MILESTONES[x][1])
            j = next((j for j in range(upper - 1, lo, -1) if m[k](evs[j])), None)
            if j is not None:
                found[k] = upper = j
        t = {k: (conv(evs[found[k]][0]) if k in found else None) for k in KEYS}
        t["next"] = conv(evs[i1][0])
        out.append(t)
    return out


def stages(t):
    """{key: us} for one exchange: each milestone's stage, 0 if not found."""
    d, prev = {}, t["c_send"]
    for k in KEYS[1:]:
        if t[k] is None:
            d[k] = 0.0
        else:
            d[k] = t[k] - prev
            prev = t[k]
    d["turn"] = t["next"] - t["c_recv"]
    d["req"] = t["s_recv"] - t["c_send"]
    d["rsp"] = t["c_recv"] - t["s_recv"]
    d["total"] = t["next"] - t["c_send"]
    return d


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))]


def report(paths):
    phases = {"kernel": [], "hosted": []}
    info = []
    for p in paths:
        h, evs = parse(p)
        if not h or not evs:
            print(f"{p}: no header or no events")
            continue
        ex = exchanges(h, evs)
        _, ticks_per_us = to_us(evs)
        starts = sum(1 for e in evs if matchers(h)["c_send"](e))
        phases[h["phase"]].append((h, ex))
        rp, rt = float(h["rate_plain"] or 0), float(h["rate_traced"] or 0)
        info.append(f"{h['label']}: {h['rate_plain']} transactions/s untraced, "
                    f"{h['rate_traced']} traced"
                    + (f" (tracing adds {1e6 / rt - 1e6 / rp:.0f} us per exchange)" if rp and rt else "")
                    + f"; sockperf's median round trip {h.get('rtt50_plain', '?')} us untraced, "
                    f"{h.get('rtt50_traced', '?')} traced; {len(ex)} of {starts - 1} exchanges complete"
                    + (f"; untraced, per exchange: the guest's {h['ctxt_per_ex']} context switches"
                       f" and {h['busy_us_per_ex']} us of CPU" if "ctxt_per_ex" in h else "")
                    + (f"; the driver's {h['drv_vol_per_ex']} voluntary and {h['drv_invol_per_ex']}"
                       f" involuntary switches, {h['drv_reads_per_ex']} reads, {h['drv_writes_per_ex']} writes,"
                       f" {h['drv_user_us_per_ex']} us user and {h['drv_sys_us_per_ex']} us system CPU"
                       if h.get("driver", "none") != "none" and "drv_vol_per_ex" in h else "")
                    + (f"; {h['lost']} EVENTS LOST" if h.get("lost") else "")
                    + (f"; TSC {ticks_per_us:.1f} ticks/us" if ticks_per_us else ""))
    ds = {k: [stages(t) for _, ex in v for t in ex] for k, v in phases.items()}
    print("Per phase (sockperf ping-pong, UDP, 14 bytes, one request in flight):")
    for line in info:
        print("  " + line)
    print()
    print("Stages, microseconds per exchange: median / p90 / mean; 'seen' = share of")
    print("exchanges in which that milestone was found (not found: stage 0, next one longer).")
    hdr = f"{'stage (ends at the milestone)':<74} {'cat':<9} {'in-kernel':>19} {'hosted':>19} {'seen k/h':>9}"
    print(hdr)
    print("-" * len(hdr))

    def cell(kind, k):
        v = [d[k] for d in ds[kind]]
        if not v:
            return "-", None
        return f"{statistics.median(v):5.0f} /{pct(v, 0.9):5.0f} /{statistics.fmean(v):5.0f}", statistics.fmean(v)

    def seen(kind, k):
        v = [d[k] for d in ds[kind]]
        if not v or k in ("turn", "req", "rsp", "total"):
            return "-"
        return f"{100 * sum(1 for x in v if x > 0) / len(v):.0f}"

    sums = {}
    rows = [(k, lab, cat, path) for k, _, path, cat, lab in MILESTONES[1:]]
    rows.insert(KEYS.index("s_recv"), ("req", "= request total: client sendto -> server recvfrom", "", "b"))
    rows.append(("rsp", "= reply total: server recvfrom -> client recvfrom", "", "b"))
    rows.append(("turn", "client: recvfrom -> next sendto (sockperf)", "stack", "b"))
    rows.append(("total", "= exchange: sendto -> next sendto", "", "b"))
    for k, lab, cat, path in rows:
        ck, mk = cell("kernel", k) if path in "kb" else ("-", None)
        ch, mh = cell("hosted", k) if path in "hb" else ("-", None)
        if cat:
            s = sums.setdefault(cat, [0.0, 0.0])
            s[0] += mk or 0.0
            s[1] += mh or 0.0
        sk = seen("kernel", k) if path in "kb" else "-"
        sh = seen("hosted", k) if path in "hb" else "-"
        print(f"{lab:<74} {cat:<9} {ck:>19} {ch:>19} {sk + '/' + sh:>9}")
    print()
    print("Means by category (us per exchange), and the hosted path's extra:")
    tot = [0.0, 0.0]
    for cat, (a, b) in sums.items():
        tot[0] += a
        tot[1] += b
        print(f"  {cat:<10} in-kernel {a:7.1f}  hosted {b:7.1f}  extra {b - a:+7.1f}")
    print(f"  {'all':<10} in-kernel {tot[0]:7.1f}  hosted {tot[1]:7.1f}  extra {tot[1] - tot[0]:+7.1f}")
    print("categories: emulation = QEMU's device models between a driver's doorbell to the")
    print("device and the other side's interrupt; airlock = stages only the hosted path has;")
    print("kernel / driver = the e1000 driver's own receive work and the stub's copy;")
    print("stack = the DUT's socket layers and sockperf; peer = the virtio-net side.")


def uprobe_offset(binary, sym):
    nm = subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout
    addr = next((int(w[0], 16) for w in (l.split() for l in nm.splitlines())
                 if len(w) == 3 and w[2] == sym), None)
    if addr is None:
        sys.exit(1)
    ph = subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True,
                        check=True).stdout
    for l in ph.splitlines():
        w = l.split()
        if w and w[0] == "LOAD":
            off, va, memsz = int(w[1], 16), int(w[2], 16), int(w[5], 16)
            if va <= addr < va + memsz:
                print(hex(addr - va + off))
                return
    sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "report":
        report(sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "uprobe-offset":
        uprobe_offset(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
