# SPDX-License-Identifier: GPL-2.0-only
"""DPDK's exception path recovering from kill -9, for
bench/lab/dpdk-vs-exception-path.sh, run inside the lab guest.

    tap-recovery.py PID IFNAME ADDR/LEN DEST LOG -- COMMAND...

kill -9 PID (dpdk-testpmd), wait for its TAP interface IFNAME to vanish
(the kernel destroys it with the last fd), note what the kernel kept of
the address and the route to DEST, start COMMAND again (its output to
LOG), wait for IFNAME, give it ADDR/LEN and bring it up, as an operator's
network configuration would, and end at the first echo reply from DEST
(first-reply.py's raw-socket probe, one request every 2 ms). Prints one
JSON object: phases in milliseconds on one CLOCK_MONOTONIC, what was
left, and the new process's pid.
"""
import importlib.util
import json
import os
import subprocess
import sys
import time

_spec = importlib.util.spec_from_file_location(
    "first_reply", os.path.join(os.path.dirname(os.path.abspath(__file__)), "first-reply.py"))
probe = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(probe)


def wait_for(cond, timeout_s, what):
    end = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > end:
            sys.exit(f"tap-recovery: {what} after {timeout_s} s")
        time.sleep(0.001)
    return time.monotonic_ns()


def run(*argv):
    return subprocess.run(argv, capture_output=True, text=True).stdout.strip()


def main():
    pid, ifname, addr, dest, log = int(sys.argv[1]), *sys.argv[2:6]
    assert sys.argv[6] == "--", "usage: PID IFNAME ADDR/LEN DEST LOG -- COMMAND..."
    cmd = sys.argv[7:]
    sysdir = f"/sys/class/net/{ifname}"
    ip = addr.split("/")[0]
    assert os.path.exists(sysdir), f"no {ifname} before the kill"

    t0 = time.monotonic_ns()
    os.kill(pid, 9)
    t1 = wait_for(lambda: not os.path.exists(sysdir), 10, f"{ifname} still there")
    # What the kernel kept: the interface's address and the route via it.
    kept_addr = run("ip", "-o", "-4", "addr", "show", "to", ip)
    kept_route = run("ip", "-4", "route", "show", "match", dest)
    with open(log, "ab") as out:
        new = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    t2 = time.monotonic_ns()
    t3 = wait_for(lambda: os.path.exists(sysdir), 120, f"no {ifname} from the new process")
    subprocess.run(["ip", "addr", "add", addr, "dev", ifname], check=True)
    subprocess.run(["ip", "link", "set", ifname, "up"], check=True)
    t4 = time.monotonic_ns()
    t5 = probe.first_reply(dest, t4)
    print(json.dumps({
        "gone": probe.ms(t0, t1), "restart": probe.ms(t2, t3), "configure": probe.ms(t3, t4),
        "first_reply": probe.ms(t4, t5), "total": probe.ms(t0, t5),
        "addr_kept": kept_addr != "", "route_kept": kept_route != "", "pid": new.pid}), flush=True)


if __name__ == "__main__":
    main()
