#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# airlockd refuses bad configurations before it changes anything: a wrong
# PCI address, an unknown driver, a bad line, an unknown key, a repeated
# device, a cable with one end, a PCI device whose driver host is not
# installed. Each time it exits non-zero with FILE:LINE: what is wrong, and
# nothing is left: no proxy (ip link, GET_SHADOW), no record in the run
# directory, no driver host, the e1000 still on its in-kernel driver. A
# set-up failure after the e1000 went to vfio-pci gives it back. --check
# parses without setting up. Under systemd (NOTIFY_SOCKET) READY=1,
# STATUS= and watchdog keep-alives arrive.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/daemon-lib.sh"

PROXIES=$AIRLOCK_BUILD/tests/vm/airlock-proxies
HOSTS=$AIRLOCK_BUILD/drivers/cable
step() { printf '== [%ss] %s\n' "$SECONDS" "$*"; }

insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
pci_driver() { basename "$(readlink "/sys/bus/pci/devices/$AIRLOCK_DUT/driver" 2>/dev/null)"; }
[ "$(pci_driver)" = e1000 ] || die "the e1000 is not on e1000 to begin with"
# A host-dir with the cable's hosts and without the e1000's.
mkdir hosts
ln -s "$HOSTS/airlock-host-cable" "$HOSTS/airlock-host-cable-faulty" hosts/
links_before=$(ip -o link | wc -l)

# What a refused start must leave: nothing of its own.
nothing_left() {
	local proxies
	proxies=$("$PROXIES") || die "$1: airlock-proxies failed"
	[ -z "$proxies" ] || die "$1: proxies left: $proxies"
	[ "$(ip -o link | wc -l)" = "$links_before" ] || { ip -o link; die "$1: interfaces changed"; }
	[ "$(pci_driver)" = e1000 ] || die "$1: $AIRLOCK_DUT is on '$(pci_driver)', not e1000"
	[ -n "$(netif_of_pci "$AIRLOCK_DUT")" ] || die "$1: the e1000 has no interface"
	! compgen -G "/run/airlock/*.state" >/dev/null || die "$1: records left: $(ls /run/airlock)"
	[ ! -e /run/airlock/airlockd.sock ] || die "$1: control socket left"
	! pgrep -f airlock-host >/dev/null || die "$1: a driver host runs"
}

# expect_fail NAME RC MESSAGE: airlockd on NAME.conf (from stdin) exits
# with RC and says "NAME.conf:LINE: MESSAGE" (MESSAGE may hold the line).
expect_fail() {
	local name=$1 want_rc=$2 want=$3 rc=0
	cat >"$name.conf"
	step "$name"
	timeout 60 "$AIRLOCKD" -c "$name.conf" 2>"$name.err" || rc=$?
	cat "$name.err"
	[ "$rc" = "$want_rc" ] || die "$name: exit status $rc, want $want_rc"
	grep -qF -- "$name.conf:$want" "$name.err" || die "$name: no '$name.conf:$want'"
	[ "$(grep -c . "$name.err")" -le 2 ] || die "$name: more said than the error"
	nothing_left "$name"
	# Each airlockd start costs seconds under TCG: --check only where asked.
	[ "${4:-}" = check ] || return 0
	rc=0
	timeout 60 "$AIRLOCKD" --check -c "$name.conf" >"$name.check" 2>&1 || rc=$?
	cat "$name.check"
	[ "$rc" = 2 ] || die "$name: --check exit status $rc, want 2"
	grep -qF -- "$name.conf:$want" "$name.check" || die "$name: --check says otherwise"
	nothing_left "$name --check"
}

# Two cable ends; lines 4 and 9 are the device headers.
cables() {
	printf '[daemon]\nhost-dir = %s\n\n' "$PWD/hosts"
	printf '[device a]\ndriver = cable\ncable = c0\ninterface = cab0\n\n'
	printf '[device b]\ndriver = cable\ncable = c0\ninterface = cab1\n'
}
# One e1000 device on PCI address $1 (line 4), host $2.
e1000_dev() {
	printf '[daemon]\nhost-dir = %s\nrun-dir = %s\n' "$PWD/hosts" "${3:-/run/airlock}"
	printf '[device lan]\ndriver = e1000\npci = %s\ninterface = lan0\n' "$1"
	[ -z "$2" ] || printf 'host = %s\n' "$2"
}

# The known list is the build's linux_driver_names, then dpdk and cable.
cables | sed '10s/.*/driver = e1001/' |
	expect_fail unknown-driver 2 "10: unknown driver 'e1001' (known: e1000, 8139cp, pcnet32, e1000e, dpdk, cable)" check
{ cables; echo 'this is not a key value line'; } |
	expect_fail bad-line 2 "13: not a [section] header or a 'key = value' line"
cables | sed '12s/.*/colour = blue/' |
	expect_fail unknown-key 2 "12: unknown key 'colour' in [device b]"
cables | sed '9s/.*/[device a]/' |
	expect_fail duplicate-device 2 "9: [device a] appears twice (first on line 4)" check
cables | head -n 8 |
	expect_fail missing-peer 2 "4: [device a]: cable 'c0' has 1 end(s); a cable has two"
e1000_dev 00:03.0 "" | expect_fail malformed-pci 2 "6: pci: '00:03.0' is not a PCI address"
# Well-formed but absent: found only by looking (the host exists, so that
# check passes and the PCI one speaks).
e1000_dev 0000:00:1f.7 airlock-host-cable-faulty |
	expect_fail wrong-pci 1 "4: [device lan]: pci 0000:00:1f.7: no such PCI device; nothing started"
[ ! -e /sys/bus/pci/drivers/vfio-pci ] || die "vfio-pci is loaded already"
e1000_dev "$AIRLOCK_DUT" airlock-host-cable-faulty |
	expect_fail no-vfio-pci 1 "4: [device lan]: pci $AIRLOCK_DUT: vfio-pci is not loaded (modprobe vfio-pci); nothing started"
modprobe vfio-pci	# as airlockd.service's ExecStartPre does
e1000_dev "$AIRLOCK_DUT" "" |
	expect_fail no-e1000-host 1 "4: [device lan]: driver host $PWD/hosts/airlock-host-e1000: No such file or directory; nothing started"

step "a set-up failure after vfio-pci took the e1000: it is given back"
# The run directory is read-only: the device's record cannot be written,
# after the device went to vfio-pci and into the container.
mkdir ro-run
mount -t tmpfs -o ro,size=64k tmpfs ro-run
rc=0
e1000_dev "$AIRLOCK_DUT" airlock-host-cable-faulty "$PWD/ro-run" >late.conf
timeout 60 "$AIRLOCKD" -c late.conf 2>late.err || rc=$?
cat late.err
[ "$rc" = 1 ] || die "late failure: exit status $rc, want 1"
grep -q "lan: pci $AIRLOCK_DUT: on vfio-pci (original driver: e1000)" late.err ||
	die "late failure: the e1000 never reached vfio-pci (the check proves nothing)"
grep -q "lan: set-up failed: Read-only file system; undoing every device" late.err ||
	die "late failure: no undo"
grep -q "lan: pci $AIRLOCK_DUT: given back to e1000" late.err || die "late failure: not given back"
umount ro-run
nothing_left late-failure
ifname=$(netif_of_pci "$AIRLOCK_DUT")
lab_peer_setup
lab_dut_up "$ifname"
ping -c 2 -i 0.2 -W 2 "$LAB_PEER_ADDR" || die "the e1000 given back does not work"
ip addr flush dev "$ifname"
ip link set "$ifname" down
links_before=$(ip -o link | wc -l)

step "--check on a good file sets nothing up"
cables >good.conf
"$AIRLOCKD" --check -c good.conf | tee good.check
grep -q "good.conf: 2 device(s), configuration good" good.check || die "--check said otherwise"
nothing_left good-check

step "NOTIFY_SOCKET: READY=1, STATUS=, WATCHDOG=1"
python3 - /run/notify.sock >notify.txt <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(1)
print("listening", flush=True)
end, watchdogs = time.time() + 60, 0
while time.time() < end:
    try:
        msg = s.recv(4096).decode()
    except socket.timeout:
        continue
    for line in msg.split("\n"):
        print(line, flush=True)
        watchdogs += line == "WATCHDOG=1"
    if watchdogs >= 2:
        break
PY
listener=$!
for ((i = 0; i < 100; i++)); do
	[ -S /run/notify.sock ] && break
	sleep 0.1
done
[ -S /run/notify.sock ] || die "the listener did not start"
# WATCHDOG_PID must name airlockd itself: set it in the shell that execs it.
NOTIFY_SOCKET=/run/notify.sock WATCHDOG_USEC=1000000 \
	bash -c 'export WATCHDOG_PID=$$; exec "$0" -c good.conf' "$AIRLOCKD" \
	2> >(tee -a "$DAEMON_LOG" >&2) &
daemon_pid=$!
wait "$listener" || die "the listener failed"
cat notify.txt
grep -qx "READY=1" notify.txt || die "no READY=1"
grep -q "^STATUS=supervising 2 device(s)" notify.txt || die "no STATUS="
[ "$(grep -cx WATCHDOG=1 notify.txt)" -ge 2 ] || die "no watchdog keep-alives"
daemon_alive
[ -S /run/airlock/airlockd.sock ] || die "READY=1 without a control socket"
wait_state a running 30
kill -TERM "$daemon_pid"
wait "$daemon_pid" || die "airlockd did not stop cleanly"
