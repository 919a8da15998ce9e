#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab: systemd
# The Debian packages under a real systemd, as an operator meets them
# (issue 20). The guest runs Debian's systemd as PID 1 (the lab's systemd
# mode, docs/lab.md); run-scenario built airlock and airlock-dkms on the
# host (tests/vm/build-debs, AIRLOCK_DEBS). dpkg -i of both: DKMS builds
# airlock.ko against the guest kernel's headers. With a configuration for
# the lab's e1000: systemctl start airlockd -> active (running) with the
# daemon's STATUS= line, the proxy pings, the journal has the daemon's
# lines, the driver process confines itself inside the unit's sandbox.
# systemctl kill -s KILL under iperf3 -> systemd restarts the service
# (Restart=on-failure), the proxy and its address stay, the transfer
# completes. SIGSTOP airlockd -> systemd's watchdog (WatchdogSec, as
# shipped) kills and restarts it, traffic resumes. dpkg -i of the same
# version of airlock again while it runs (it must not restart the
# service: a restart gives the NIC back and makes its proxy anew). systemctl stop gives the e1000 back to the
# kernel's e1000; apt-get remove leaves no proxy, no record, no module.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"

AIRLOCKCTL=/usr/sbin/airlockctl
ctl() { timeout 15 "$AIRLOCKCTL" "$@"; }
json() {
	ctl --json status "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"
}
driver_pid() { json "$1" "d['pid']"; }
unit_prop() { systemctl show -p "$1" --value airlockd; }
release=$(uname -r)
export DEBIAN_FRONTEND=noninteractive
debs=("$AIRLOCK_DEBS"/airlock-dkms_*_all.deb "$AIRLOCK_DEBS"/airlock_*_amd64.deb)

# wait_running SECONDS: the unit active and e0's driver running.
wait_running() {
	local end=$((SECONDS + $1))
	while [ "$SECONDS" -lt "$end" ]; do
		if [ "$(unit_prop ActiveState)" = active ] &&
			[ "$(json e0 "d['state']" 2>/dev/null)" = running ]; then
			return 0
		fi
		sleep 0.5
	done
	systemctl status --no-pager airlockd || true
	die "airlockd's e0 not running after $1 s"
}

# wait_nrestarts N SECONDS: systemd restarted the service N times.
wait_nrestarts() {
	local end=$((SECONDS + $2))
	while [ "$SECONDS" -lt "$end" ]; do
		[ "$(unit_prop NRestarts)" -ge "$1" ] && return 0
		sleep 0.5
	done
	systemctl status --no-pager airlockd || true
	die "systemd did not restart airlockd (NRestarts $(unit_prop NRestarts), want $1)"
}

check_installed() {
	dkms status airlock >dkms-status.txt
	cat dkms-status.txt
	grep -q "^airlock/[^,]*, $release, x86_64: installed" dkms-status.txt ||
		die "DKMS did not install airlock.ko for $release"
	[ "$(modinfo -F filename airlock)" = "/lib/modules/$release/updates/dkms/airlock.ko" ] ||
		die "modprobe would not find DKMS's airlock.ko: $(modinfo -F filename airlock)"
	[ -x /usr/sbin/airlockd ] && [ -x /usr/libexec/airlock/airlock-host-e1000 ] ||
		die "airlockd or the e1000 host not installed"
}

step "dpkg -i airlock-dkms and airlock (DKMS builds airlock.ko for $release)"
start=$SECONDS
dpkg -i "${debs[@]}" 2>&1 | tee dpkg-install.txt
echo "dpkg -i took $((SECONDS - start)) s"
check_installed
[ "$(systemctl is-enabled airlockd)" = enabled ] || die "the unit is not enabled"
# No configuration yet: the unit's condition keeps it from starting.
[ "$(unit_prop ActiveState)" = inactive ] || die "airlockd started without a configuration"

step "a configuration for the lab's e1000 ($AIRLOCK_DUT)"
install -d /etc/airlock
nic_use "$AIRLOCK_DUT" e1000
cat >/etc/airlock/airlockd.conf <<EOF
[device e0]
driver = e1000
pci = $AIRLOCK_DUT
interface = air0
user = nobody
restart-backoff-ms = 10,1000
crash-budget = 10/60s
# TCG on a shared machine stalls processes for seconds at times.
heartbeat-timeout-ms = 3000
EOF
airlockd --check -c /etc/airlock/airlockd.conf
lab_peer_setup

step "systemctl start airlockd"
systemctl start airlockd || {
	systemctl status --no-pager airlockd || true
	journalctl -u airlockd --no-pager -o cat || true
	die "systemctl start airlockd failed"
}
wait_running 60
systemctl status --no-pager airlockd | tee systemctl-status.txt
grep -q 'Active: active (running)' systemctl-status.txt || die "not active (running)"
grep -q 'Status: "1 of 1 device(s) running, 0 quarantined"' systemctl-status.txt ||
	die "no STATUS= line from the daemon in systemctl status"
[ -d /sys/module/airlock ] || die "the unit did not load airlock.ko"
mac=$(cat /sys/class/net/air0/address)
[ "$mac" = "$AIRLOCK_DUT_MAC" ] || die "proxy MAC $mac, the device says $AIRLOCK_DUT_MAC"

step "the proxy pings"
lab_dut_up air0
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"

step "journalctl -u airlockd has the daemon's lines"
journalctl -u airlockd --no-pager -o cat >journal-start.txt
cat journal-start.txt
grep -q "e0: \[[0-9]*\] host: confined" journal-start.txt || die "no 'host: confined' in the journal"

step "the driver process confines itself inside the unit's sandbox"
pid=$(driver_pid e0)
check_confined "$pid"
grep -q '^0::/system.slice/airlockd.service/driver-e0$' "/proc/$pid/cgroup" ||
	die "the driver is not in the unit's delegated cgroup: $(cat "/proc/$pid/cgroup")"

step "systemd-analyze security airlockd"
systemd-analyze security --no-pager airlockd >security.txt 2>&1 || true
tail -n 1 security.txt
grep -q 'Overall exposure level for airlockd.service' security.txt ||
	die "systemd-analyze security gave no verdict"

step "systemctl kill -s KILL airlockd under iperf3: systemd restarts it"
ifindex=$(cat /sys/class/net/air0/ifindex)
old_main=$(unit_prop MainPID)
inpeer iperf3 -s -1 -D -B "$LAB_PEER_ADDR" --logfile /tmp/iperf3-kill-server.log
sleep 0.5
iperf3 -c "$LAB_PEER_ADDR" -t 15 -f m >iperf3-kill.txt &
client=$!
sleep 4
systemctl kill -s KILL airlockd
wait_nrestarts 1 30
wait_running 60
[ "$(unit_prop MainPID)" != "$old_main" ] || die "the same airlockd after a restart"
wait "$client" || { cat iperf3-kill.txt; die "the TCP transfer did not survive the restart"; }
grep -E 'sender|receiver' iperf3-kill.txt
[ -n "$(iperf3_receiver_mbps iperf3-kill.txt)" ] || die "iperf3 reports nothing received"
[ "$(cat /sys/class/net/air0/ifindex)" = "$ifindex" ] || die "a new proxy, not the same one"
ip -4 addr show dev air0 | grep -q "inet $LAB_DUT_ADDR/24" || die "the proxy lost its address"
check_confined "$(driver_pid e0)"

step "watchdog: SIGSTOP airlockd, systemd kills and restarts it after WatchdogSec"
watchdog=$(unit_prop WatchdogUSec)
echo "WatchdogSec: $watchdog"
old_main=$(unit_prop MainPID)
kill -STOP "$old_main"
stopped=$SECONDS
wait_nrestarts 2 60
echo "restarted $((SECONDS - stopped)) s after SIGSTOP"
# systemd's timer runs from the last WATCHDOG=1, which airlockd sends every
# half WatchdogSec: the kill comes 5 to 10 s after the SIGSTOP.
[ $((SECONDS - stopped)) -ge 4 ] || die "restarted before the watchdog could expire"
wait_running 60
[ "$(unit_prop MainPID)" != "$old_main" ] || die "the same airlockd after the watchdog"
journalctl -u airlockd --no-pager -o cat | grep -i 'watchdog timeout' ||
	die "no watchdog timeout in the journal"
wait_carrier air0 20
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"

# airlock only: airlock-dkms again would rebuild the module (its prerm
# removes it from DKMS on upgrade), another ~3 min under TCG.
step "dpkg -i of the same airlock again, while it runs: airlockd and the proxy stay"
old_main=$(unit_prop MainPID)
start=$SECONDS
dpkg -i "$AIRLOCK_DEBS"/airlock_*_amd64.deb 2>&1 | tee dpkg-reinstall.txt
echo "dpkg -i again took $((SECONDS - start)) s"
check_installed
[ "$(wc -l <dkms-status.txt)" = 1 ] || die "DKMS lists airlock more than once"
wait_running 60
[ "$(unit_prop MainPID)" = "$old_main" ] || die "the reinstall restarted airlockd"
[ "$(cat /sys/class/net/air0/ifindex)" = "$ifindex" ] || die "a new proxy after the reinstall"
wait_carrier air0 20
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"

step "systemctl stop airlockd: the e1000 goes back to the kernel's e1000"
ip addr flush dev air0
systemctl stop airlockd
[ "$(unit_prop ActiveState)" = inactive ] || die "airlockd is $(unit_prop ActiveState) after stop"
journalctl -u airlockd --no-pager -o cat >journal.txt
grep -q "airlockd: stopped" journal.txt || die "no clean stop in the journal"
! pgrep -f airlock-host-e1000 >/dev/null || die "the driver host outlived the service"
ifname=$(wait_netif_of_pci "$AIRLOCK_DUT")
[ "$(basename "$(readlink "/sys/bus/pci/devices/$AIRLOCK_DUT/driver")")" = e1000 ] ||
	die "the e1000 is not back on the kernel's e1000"
[ ! -e /sys/class/net/air0 ] || die "the proxy outlived the stop"
lab_dut_up "$ifname"
ping -c 3 -i 0.2 -W 2 "$LAB_PEER_ADDR"
ip addr flush dev "$ifname"

step "apt-get remove: no proxy, no record, no module"
# The service running again, to prove remove stops it.
systemctl start airlockd
wait_running 60
apt-get remove -y airlock airlock-dkms 2>&1 | tee apt-remove.txt
! systemctl is-active -q airlockd || die "airlockd still runs"
! pgrep -x airlockd >/dev/null || die "an airlockd process is left"
[ ! -e /sys/module/airlock ] || die "airlock.ko is still loaded"
[ ! -e /sys/class/net/air0 ] || die "a proxy is left"
[ ! -e /run/airlock ] || die "/run/airlock is left: $(ls -R /run/airlock)"
! find "/lib/modules/$release" /var/lib/dkms -name 'airlock.ko*' | grep . ||
	die "an airlock.ko is left installed"
[ -z "$(dkms status airlock)" ] || die "DKMS still knows airlock: $(dkms status airlock)"
[ ! -e /lib/systemd/system/airlockd.service ] || die "the unit is left"
[ "$(basename "$(readlink "/sys/bus/pci/devices/$AIRLOCK_DUT/driver")")" = e1000 ] ||
	die "the e1000 is not on the kernel's e1000 after remove"
echo "packages removed cleanly"
