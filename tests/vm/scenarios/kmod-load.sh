#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Lab proof (c): airlock.ko, built on the host against the guest's headers,
# loads into the guest kernel, answers on /dev/airlock, unloads cleanly, and
# loads a second time.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

ko=$AIRLOCK_BUILD/kmod-stub/airlock.ko
[ -f "$ko" ] || die "$ko not built"
[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$(uname -r)" ] ||
	die "$ko was built for another kernel"

for round in 1 2; do
	step "insmod, round $round"
	insmod "$ko"
	[ -c /dev/airlock ] || die "no /dev/airlock"
	"$AIRLOCK_BUILD/tests/vm/airlock-version"
	step "rmmod, round $round"
	rmmod airlock
	[ ! -e /sys/module/airlock ] || die "airlock still loaded"
	[ ! -e /dev/airlock ] || die "/dev/airlock outlived the module"
done
