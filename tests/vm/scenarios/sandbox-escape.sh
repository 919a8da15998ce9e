#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The driver sandbox against escapes (tests/sandbox/escapes.h): a probe
# spawned like a driver host, holding the e1000's VFIO device fd but not the
# container, tries one escape per run. With the whole sandbox each must die
# by SIGSYS, and the kernel's audit record (type=1326) must name the pid and
# the system call; the VFIO device ioctl a driver needs must still work.
# Then the same escapes with every layer but seccomp, to show what each
# layer refuses on its own.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"

launch=$AIRLOCK_BUILD/tests/sandbox/sandbox-launch
probe=$AIRLOCK_BUILD/tests/sandbox/sandbox-probe
dev=/sys/bus/pci/devices/$AIRLOCK_DUT
escapes="open proc socket exec ptrace io_uring mmap-exec mprotect-exec vfio-container kill setuid"

step "bind $AIRLOCK_DUT to vfio-pci"
modprobe vfio-pci
echo vfio-pci >"$dev/driver_override"
[ -e "$dev/driver" ] && echo "$AIRLOCK_DUT" >"$dev/driver/unbind"
echo "$AIRLOCK_DUT" >/sys/bus/pci/drivers_probe
[ "$(basename "$(readlink "$dev/driver")")" = vfio-pci ] || die "not bound to vfio-pci"

# audit_seen PID NR: the kernel logged a seccomp kill of PID on syscall NR.
audit_seen() {
	local i
	for ((i = 0; i < 20; i++)); do
		dmesg | grep 'type=1326' | grep " pid=$1 " | grep -q " syscall=$2 " && return 0
		sleep 0.1
	done
	return 1
}

step "full sandbox: every escape dies by SIGSYS, the VFIO device ioctl works"
# Kill records go through printk's rate limit (10 per 5 s): pace the runs.
if ! "$launch" --pci "$AIRLOCK_DUT" --pace-ms 600 "$probe" $escapes vfio-device | tee escapes-full.txt; then
	die "an escape was not stopped as escapes.h expects"
fi

step "each kill is in the audit log with its pid and system call"
grep -c killed-by-sigsys escapes-full.txt | grep -qx "$(wc -w <<<"$escapes")" || die "not every escape was killed"
while read -r e pid nr; do
	audit_seen "$pid" "$nr" || die "$e: no audit record for pid $pid syscall $nr"
done < <(sed -n 's/^\([^:]*\): pid=\([0-9]*\) killed-by-sigsys .* nr=\([0-9]*\)$/\1 \2 \3/p' escapes-full.txt)
dmesg | grep 'type=1326' >audit.txt

step "every layer but seccomp: what each refuses on its own"
if ! "$launch" --layers --pci "$AIRLOCK_DUT" "$probe" $escapes vfio-device | tee escapes-layers.txt; then
	die "without seccomp, a layer did not do what escapes.h expects"
fi

step "give $AIRLOCK_DUT back to e1000"
echo "$AIRLOCK_DUT" >"$dev/driver/unbind"
echo >"$dev/driver_override"
echo "$AIRLOCK_DUT" >/sys/bus/pci/drivers_probe
