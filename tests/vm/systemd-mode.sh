# SPDX-License-Identifier: GPL-2.0-only
# The lab's systemd mode, sourced by run-scenario for a scenario with a line
# "# lab: systemd" (docs/lab.md). The guest then boots Debian's systemd as
# PID 1 from the host's root, made writable by an overlay held in guest
# memory (tests/vm/guest/systemd-stage1), and a oneshot unit runs the
# scenario (tests/vm/guest/systemd-stage2), reports on the same port with
# the same token, and powers off: the verdict is read exactly as for the
# other scenarios.
#
# The packages are built on the host first (tests/vm/build-debs, cached by
# the hash of their sources under $build/debs) and the scenario finds them
# in AIRLOCK_DEBS.

if ! debs=$("$here/build-debs" "$build/debs"); then
	echo "run-scenario: the Debian packages did not build" >&2
	exit 1
fi

# Stage 1 hands over to systemd-stage1 after mounting the host's root;
# systemd starts airlock-lab.target (sysinit.target and the scenario's unit)
# rather than the host's default target.
kernel_args+=" airlock_mode=systemd airlock_systemd=$here/guest/systemd-stage1"
stage2=$here/guest/systemd-stage2
kernel_args+=" systemd.unit=airlock-lab.target"

# DKMS compiles airlock.ko inside the guest and depmod reads the whole
# module tree over 9p: under TCG that alone is ~5 minutes (install and
# remove), more than run-all's 600 s for the whole boot.
[ "$timeout" -ge 1200 ] || timeout=1200
# systemd's own boot to the scenario's unit took 80 s to over 120 s under
# TCG (the other scenarios' boots: ~10 s): a boot is only retried once it
# has taken longer than that.
: "${AIRLOCK_LAB_BOOT_LIMIT:=300}"

lab_env_extra() {
	printf 'export AIRLOCK_DEBS=%q\n' "$debs"
}
