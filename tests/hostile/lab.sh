# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the hostile-*.sh lab scenarios, sourced inside the guest after
# tests/vm/lib.sh. Two proxy devices: air0 (id $ida, namespace wa, the one
# attacked) and air1 (id $idb, namespace wb). After each attack a good
# driver (airlock-wire) must carry a ping from wa to wb.

wire=$AIRLOCK_BUILD/tests/wire/airlock-wire
# The build has ASan: its leak check at every exit costs seconds under TCG.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
hostile=$AIRLOCK_BUILD/tests/hostile/airlock-hostile
A=192.0.2.11 B=192.0.2.12
ina() { ip netns exec wa "$@"; }
inb() { ip netns exec wb "$@"; }

hostile_setup() {
	insmod "$AIRLOCK_BUILD/kmod-stub/airlock.ko"
	read -r ida ifa < <("$wire" create air0)
	read -r idb ifb < <("$wire" create air1)
	netns_pair "$ifa" "$A" "$ifb" "$B"
	step "created $ifa (id $ida) and $ifb (id $idb)"
	good_driver_ping "set-up"
}

# shadow_field ID NAME: one value of the device's shadow state.
shadow_field() {
	"$wire" shadow "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# good_driver_ping WHAT: a well-behaved driver attaches and a ping crosses.
good_driver_ping() {
	local pid
	"$wire" serve "$ida" "$idb" 2>>wire.log &
	pid=$!
	wait_carrier_in wa "$ifa" 15
	wait_carrier_in wb "$ifb" 15
	ina ping -c 2 -i 0.2 -W 3 "$B" >/dev/null || die "no ping through a good driver after $1"
	kill "$pid"
	wait "$pid" || die "airlock-wire did not exit cleanly after $1"
}

# attack NAME EXPECT MAX_WARNINGS [hostile options...]
#   EXPECT detach: the kernel counted one violation and ended the attachment;
#          survive: no violation, the attacker stayed attached until it left;
#          any: either, any number of times (attacks that reattach).
#   MAX_WARNINGS: how many "violated the ABI" lines the kernel may log.
# Either way afterwards: nothing attached, the proxy still there, a good
# driver carries a ping. The attacker's own checks set its exit status.
attack() {
	local name=$1 expect=$2 max_warn=$3 lines0 warns log shadow violations attached
	shift 3
	log=hostile-$name.log
	step "attack $name (expect: $expect)"
	lines0=$(dmesg | wc -l)
	ina timeout 150 "$hostile" "$name" "$ida" "$@" >"$log" 2>&1 ||
		{ cat "$log"; die "airlock-hostile $name failed"; }
	sed 's/^/  | /' "$log"
	# airlock-hostile's last line: the kernel's counters from before to after.
	shadow=$(grep '^shadow: ' "$log") || die "$name: no shadow line"
	violations=$(sed -n 's/.*violations +\([0-9]*\).*/\1/p' <<<"$shadow")
	attached=$(sed -n 's/.*attached \([0-9]*\).*/\1/p' <<<"$shadow")
	case $expect in
	detach)
		[ "$violations" -eq 1 ] || die "$name: $violations violations counted, want 1"
		grep -q '^outcome: detached' "$log" || die "$name: the kernel did not detach it"
		;;
	survive)
		[ "$violations" -eq 0 ] || die "$name: $violations violations counted, want 0"
		! grep -q '^outcome: detached' "$log" || die "$name: detached, want ignored"
		;;
	esac
	[ "$attached" = 0 ] || die "$name: still attached after the attacker left"
	[ -e "/sys/class/net/$ifa" ] || ina test -e "/sys/class/net/$ifa" ||
		die "$name: the proxy interface is gone"
	dmesg | tail -n +$((lines0 + 1)) >"dmesg-$name.txt"
	warns=$(grep -c 'violated the ABI' "dmesg-$name.txt" || true)
	[ "$warns" -le "$max_warn" ] || die "$name: $warns violation lines in dmesg, want <= $max_warn"
	good_driver_ping "$name"
}

# hostile_teardown: the devices go, the module unloads cleanly.
hostile_teardown() {
	"$wire" destroy "$ida"
	"$wire" destroy "$idb"
	rmmod airlock
	[ ! -e /sys/module/airlock ] || die "module still loaded"
}
