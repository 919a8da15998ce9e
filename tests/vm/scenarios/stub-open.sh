#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# ndo_open is the one entry point that waits for the driver, and the wait is
# bounded: with no driver "ip link set up" succeeds at once (the next
# driver's replay opens the device); a driver that refuses makes it fail
# with the driver's errno; a driver that never answers makes it fail with
# ETIMEDOUT after the device's control timeout; and a driver replaced while
# the kernel waits answers through the new instance's replay.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

wire=$AIRLOCK_BUILD/tests/wire/airlock-wire
timeout_ms=2500

insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
read -r ida ifa < <("$wire" create air0 --ctrl-timeout-ms "$timeout_ms")
read -r idb ifb < <("$wire" create air1 --ctrl-timeout-ms "$timeout_ms")

wire_pid=
start_wire() {
	"$wire" serve "$ida" "$idb" "$@" 2>>wire.log &
	wire_pid=$!
	# Attached once the shadow says so.
	for _ in $(seq 50); do
		"$wire" shadow "$ida" | grep -q 'attached=1' && return 0
		sleep 0.1
	done
	die "airlock-wire did not attach"
}
stop_wire() {
	kill -9 "$wire_pid"
	wait "$wire_pid" 2>/dev/null || true
	for _ in $(seq 50); do
		"$wire" shadow "$ida" | grep -q 'attached=0' && return 0
		sleep 0.1
	done
	die "airlock-wire did not detach"
}
# Runs "ip link set $ifa up", prints its exit status, error and duration (ms).
try_up() {
	local t0 t1 rc=0
	t0=$(date +%s%N)
	ip link set "$ifa" up 2>up.err || rc=$?
	t1=$(date +%s%N)
	printf '%s %s %s\n' "$rc" "$(( (t1 - t0) / 1000000 ))" "$(tr -d '\n' <up.err)"
}

step "no driver: up succeeds at once, carrier stays off"
read -r rc ms err < <(try_up)
echo "rc=$rc ${ms} ms $err"
[ "$rc" = 0 ] || die "up failed with no driver: $err"
[ "$ms" -lt "$timeout_ms" ] || die "up waited ${ms} ms with no driver"
sleep 0.3
[ "$(cat "/sys/class/net/$ifa/carrier")" = 0 ] || die "carrier on with no driver"
ip link set "$ifa" down

step "a driver that refuses OPEN: up fails with its errno (EIO)"
start_wire --open-reply 5
read -r rc ms err < <(try_up)
echo "rc=$rc ${ms} ms $err"
[ "$rc" != 0 ] || die "up succeeded though the driver refused"
grep -q 'Input/output error' up.err || die "wrong error: $err"
ip -o link show "$ifa" | grep -q ',UP' && die "$ifa is up after a failed open"
stop_wire

step "a driver that never answers: up fails with ETIMEDOUT, bounded"
start_wire --open-reply none
read -r rc ms err < <(try_up)
echo "rc=$rc ${ms} ms $err"
[ "$rc" != 0 ] || die "up succeeded though the driver never answered"
grep -q 'timed out' up.err || die "wrong error: $err"
[ "$ms" -ge $((timeout_ms - 100)) ] || die "gave up after ${ms} ms, before the timeout"
[ "$ms" -lt $((timeout_ms + 5000)) ] || die "waited ${ms} ms, far past the timeout"
"$wire" shadow "$ida" | tee shadow-timeout.txt | grep -q 'up=0' || die "shadow says up"
grep -q 'ctrl_errors=0 ' shadow-timeout.txt && die "the timeout was not counted"

step "the driver replaced while up waits: the new one's replay answers"
ip link set "$ifa" up 2>up.err &
up_pid=$!
sleep 0.3
stop_wire
start_wire
wait "$up_pid" || die "up failed across the reattach: $(cat up.err)"
wait_carrier "$ifa"
ip link set "$ifb" up
wait_carrier "$ifb"

step "clean up"
kill "$wire_pid"
wait "$wire_pid" || die "airlock-wire did not exit cleanly"
"$wire" destroy "$ida"
"$wire" destroy "$idb"
rmmod airlock
