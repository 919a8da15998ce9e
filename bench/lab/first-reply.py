# SPDX-License-Identifier: GPL-2.0-only
"""Recovery clocks for bench/lab/e1000-recovery.sh, run inside the lab guest.

    first-reply.py kernel BDF DEST ADDR/LEN
                                       unbind and bind the in-kernel e1000,
                                       then address its new interface
    first-reply.py hosted AIRLOCKCTL DEV DEST
                                       kill -9 the hosted driver of DEV

Each prints one JSON object with its phases in milliseconds, all taken on
CLOCK_MONOTONIC in this process, ending at the first ICMP echo reply from
DEST after the disruption: the moment the path works again as the user
sees it. Echo requests go out every 2 ms from a raw socket; a send that
fails (no route while the interface is gone) is retried on the next one.
"""
import json
import os
import select
import socket
import struct
import subprocess
import sys
import time

PROBE_INTERVAL_NS = 2_000_000
PROBE_TIMEOUT_NS = 30_000_000_000


def ms(a, b):
    return round((b - a) / 1e6, 2)


def icmp_checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def echo_request(ident, seq):
    payload = b"airlock-recovery"
    head = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    return struct.pack("!BBHHH", 8, 0, icmp_checksum(head + payload), ident, seq) + payload


def first_reply(dest, since_ns):
    """Monotonic ns of the first echo reply from dest to a request sent now or later."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ident = os.getpid() & 0xFFFF
    seq = 0
    try:
        while time.monotonic_ns() - since_ns < PROBE_TIMEOUT_NS:
            seq = (seq + 1) & 0xFFFF
            try:
                sock.sendto(echo_request(ident, seq), (dest, 0))
            except OSError:
                pass  # ENETUNREACH, ENODEV: the interface is not back yet
            deadline = time.monotonic_ns() + PROBE_INTERVAL_NS
            while (left := deadline - time.monotonic_ns()) > 0:
                if not select.select([sock], [], [], left / 1e9)[0]:
                    break
                data, (src, _) = sock.recvfrom(2048)
                ihl = (data[0] & 0x0F) * 4
                kind, _, _, rid, _ = struct.unpack("!BBHHH", data[ihl:ihl + 8])
                if kind == 0 and rid == ident and src == dest:
                    return time.monotonic_ns()
        sys.exit(f"no echo reply from {dest} in {PROBE_TIMEOUT_NS // 10**9} s")
    finally:
        sock.close()


def wait_path(path, timeout_s=10):
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        try:
            names = os.listdir(path)
            if names:
                return names[0]
        except FileNotFoundError:
            pass
        time.sleep(0.001)
    sys.exit(f"nothing in {path} after {timeout_s} s")


def kernel(bdf, dest, addr):
    drv = "/sys/bus/pci/drivers/e1000"
    t0 = time.monotonic_ns()
    with open(f"{drv}/unbind", "w") as f:
        f.write(bdf)
    t1 = time.monotonic_ns()
    with open(f"{drv}/bind", "w") as f:
        f.write(bdf)  # returns after the driver's probe
    ifname = wait_path(f"/sys/bus/pci/devices/{bdf}/net")
    t2 = time.monotonic_ns()
    # What an operator's network configuration does for a new interface.
    subprocess.run(["ip", "addr", "add", addr, "dev", ifname], check=True)
    subprocess.run(["ip", "link", "set", ifname, "up"], check=True)
    t3 = time.monotonic_ns()
    t4 = first_reply(dest, t3)
    return {"unbind": ms(t0, t1), "bind": ms(t1, t2), "configure": ms(t2, t3),
            "first_reply": ms(t3, t4), "total": ms(t0, t4)}


def hosted(ctl, dev, dest):
    def status():
        out = subprocess.run([ctl, "--json", "status", dev], check=True,
                             capture_output=True, timeout=15).stdout
        return json.loads(out)

    before = status()
    assert before["state"] == "running" and before["pid"] > 0, before
    t0_wall_us = time.time_ns() // 1000  # airlockd's records are on the wall clock
    t0 = time.monotonic_ns()
    os.kill(before["pid"], 9)
    t1 = first_reply(dest, t0)
    # airlockd's own record of this recovery, once it has one with traffic.
    end = time.monotonic() + 30
    while True:
        d = status()
        recs = d["recoveries"]
        if d["restarts"] == before["restarts"] + 1 and recs and recs[-1]["total_us"] is not None:
            break
        if time.monotonic() > end:
            sys.exit(f"no recovery record with traffic in 30 s: {d}")
        time.sleep(0.2)
    r = recs[-1]
    out = {"total": ms(t0, t1), "detected": round((r["detected_at_us"] - t0_wall_us) / 1000, 2)}
    for ph in ("detect", "backoff", "restart", "spawn", "replay", "traffic", "total"):
        v = r.get(ph + "_us")
        out["airlockd_" + ph] = None if v is None else round(v / 1000, 2)
    return out


def main():
    mode = sys.argv[1]
    if mode == "kernel":
        res = kernel(sys.argv[2], sys.argv[3], sys.argv[4])
    elif mode == "hosted":
        res = hosted(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown mode {mode}")
    print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
