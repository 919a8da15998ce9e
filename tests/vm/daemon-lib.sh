# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the daemon-*.sh scenarios, sourced after lib.sh inside the lab
# guest: airlockd on two cable devices (one cable, two ends) whose
# interfaces live in namespaces wa and wb; airlockctl to watch it.

AIRLOCKD=$AIRLOCK_BUILD/daemon/airlockd
AIRLOCKCTL=$AIRLOCK_BUILD/daemon/airlockctl
DAEMON_LOG=$PWD/airlockd.log
A=192.0.2.11 B=192.0.2.12
ina() { ip netns exec wa "$@"; }
inb() { ip netns exec wb "$@"; }
ctl() { timeout 15 "$AIRLOCKCTL" "$@"; }

# On failure: what is everyone blocked on (the kernel's view), then fail.
die_blocked() {
	echo w >/proc/sysrq-trigger
	sleep 1
	dmesg | tail -n 120
	die "$@"
}

# cable_config FILE [extra keys for device a...]: two cable ends, cab0 and
# cab1; device a runs the fault-injecting host.
cable_config() {
	local file=$1
	shift
	{
		printf '[daemon]\nhost-dir = %s\n\n' "$AIRLOCK_BUILD/drivers/cable"
		printf '[device a]\ndriver = cable\ncable = c0\ninterface = cab0\n'
		printf 'host = airlock-host-cable-faulty\nuser = nobody\n'
		printf '%s\n' "$@"
		# TCG on a shared machine stalls processes for seconds at times.
		printf '\n[device b]\ndriver = cable\ncable = c0\ninterface = cab1\n'
		printf 'heartbeat-timeout-ms = 3000\n'
	} >"$file"
}

# The log goes to the console too: a file on the results share may lose
# its tail if the guest dies.
start_daemon() {
	"$AIRLOCKD" -c "$1" 2> >(tee -a "$DAEMON_LOG" >&2) &
	daemon_pid=$!
	local i
	for ((i = 0; i < 100; i++)); do
		[ -S /run/airlock/airlockd.sock ] && ctl list >/dev/null 2>&1 && return 0
		kill -0 "$daemon_pid" 2>/dev/null || { cat "$DAEMON_LOG" >&2; die "airlockd exited"; }
		sleep 0.1
	done
	die "airlockd did not open its control socket"
}

# json DEV EXPR: a Python expression over the device's status object 'd'.
json() {
	ctl --json status "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"
}

daemon_alive() {
	kill -0 "$daemon_pid" 2>/dev/null || die "airlockd died"
}

# wait_state DEV STATE [SECONDS]
# Deadlines in seconds of the clock, not loop rounds: under TCG each round
# (airlockctl + python3) can take a second.
wait_state() {
	local end=$((SECONDS + ${3:-20}))
	while [ "$SECONDS" -lt "$end" ]; do
		daemon_alive
		[ "$(json "$1" "d['state']")" = "$2" ] && return 0
		sleep 0.1
	done
	ctl status "$1" >&2 || true
	die "$1 did not reach state $2"
}

# wait_restarts DEV N [SECONDS]: until the device has restarted N times and runs.
wait_restarts() {
	local end=$((SECONDS + ${3:-20}))
	while [ "$SECONDS" -lt "$end" ]; do
		daemon_alive
		[ "$(json "$1" "d['restarts']")" -ge "$2" ] &&
			[ "$(json "$1" "d['state']")" = running ] && return 0
		sleep 0.1
	done
	ctl status "$1" >&2 || true
	die_blocked "$1 did not come back after restart $2"
}

driver_pid() { json "$1" "d['pid']"; }

# Moves the two proxies into their namespaces and brings them up with
# addresses, a non-default MTU and MAC, and promiscuous mode on b: the
# state a recovery must keep.
setup_netns() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ -e /sys/class/net/cab0 ] && [ -e /sys/class/net/cab1 ] && break
		sleep 0.1
	done
	[ -e /sys/class/net/cab0 ] || die "no proxy cab0"
	ip netns add wa
	ip netns add wb
	ip link set cab0 netns wa
	ip link set cab1 netns wb
	ina ip link set cab0 mtu 4000 address 02:a1:00:00:0a:0a
	inb ip link set cab1 mtu 4000 promisc on
	ina ip addr add "$A/24" dev cab0
	inb ip addr add "$B/24" dev cab1
	ina ip link set cab0 up
	inb ip link set cab1 up
	wait_carrier_in wa cab0 20
	wait_carrier_in wb cab1 20
}

# The state the kernel asked for is still there (and carrier is back).
check_kept() {
	wait_carrier_in wa cab0 20
	[ "$(ina cat /sys/class/net/cab0/mtu)" = 4000 ] || die "cab0 lost its MTU"
	[ "$(ina cat /sys/class/net/cab0/address)" = 02:a1:00:00:0a:0a ] || die "cab0 lost its MAC"
	inb ip -d link show cab1 | grep -q 'promiscuity 1' || die "cab1 lost promiscuous mode"
	ctl --json stats a | python3 -c "
import json, sys
s = json.load(sys.stdin)
assert s['mtu'] == 4000 and s['mac'] == '02:a1:00:00:0a:0a' and s['attached'], s"
}
