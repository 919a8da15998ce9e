#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs what Airlock needs on a Debian 12 machine and prepares the lab's
# guest kernel. Idempotent: when everything is there it only checks, quickly.
#
# Debian packages only. The guest kernel is fetched with `apt-get download` and
# unpacked with `dpkg-deb -x` into $AIRLOCK_CACHE: no kernel is ever installed
# on this machine.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab-env.sh"

log() { printf 'setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ -r /etc/debian_version ] || die "this script supports Debian 12 only"

packages=(
	gcc make meson ninja-build pkg-config
	liburing-dev libseccomp-dev libcmocka-dev
	libinih-dev libsystemd-dev libjson-c-dev scdoc
	clang libclang-rt-14-dev
	qemu-system-x86 busybox-static cpio kmod
	iperf3 sockperf ethtool iproute2 iputils-ping tcpdump procps
	# bench/lab/frame-stages.sh's CPU profiles (STAGES_PROFILE=1).
	linux-perf
	linux-source-6.1
	# The Debian packages (debian/control's Build-Depends) and their test
	# under systemd in the lab (tests/vm/build-debs; the guest installs
	# them with the host's dpkg and DKMS).
	debhelper dh-dkms dkms bash-completion lintian
	# The DPDK family (drivers/dpdk, built when libdpdk is found).
	dpdk-dev
)

apt_updated=
apt_update_once() {
	[ -n "$apt_updated" ] && return
	log "apt-get update"
	apt-get update -qq
	apt_updated=1
}

missing_packages() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || printf '%s\n' "$p"
	done
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
	local missing
	mapfile -t missing < <(missing_packages "$@")
	[ "${#missing[@]}" -eq 0 ] && return
	apt_update_once
	log "installing: ${missing[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

resolve_release() {
	local release
	release=$(lab_resolve_release)
	if [ -z "$release" ]; then
		apt_update_once
		release=$(lab_resolve_release)
	fi
	[ -n "$release" ] || die "cannot resolve the kernel ABI from the linux-image-amd64 metapackage"
	printf '%s\n' "$release"
}

# Unpacks linux-image-$release into the cache and indexes its modules so that
# modprobe works inside the guest.
fetch_guest_kernel() {
	local release=$1 dir tmp
	dir=$(lab_kernel_dir "$release")
	if [ -f "$dir/.complete" ]; then
		return
	fi
	log "fetching guest kernel linux-image-$release"
	tmp=$(mktemp -d)
	# apt-get download drops privileges to _apt, which must be able to write.
	chmod 0777 "$tmp"
	(cd "$tmp" && apt-get download -qq "linux-image-$release") >&2 ||
		{ rm -rf "$tmp"; die "apt-get download linux-image-$release failed"; }
	rm -rf "$dir"
	mkdir -p "$dir"
	dpkg-deb -x "$tmp"/linux-image-"$release"_*.deb "$dir"
	rm -rf "$tmp"
	[ -f "$dir/boot/vmlinuz-$release" ] || die "no vmlinuz in linux-image-$release"
	depmod -b "$dir" "$release"
	touch "$dir/.complete"
}

main() {
	install_packages "${packages[@]}"
	local release
	release=$(resolve_release)
	install_packages "linux-headers-$release"
	fetch_guest_kernel "$release"
	mkdir -p "$AIRLOCK_CACHE"
	printf '%s\n' "$release" > "$AIRLOCK_CACHE/guest-release"
	log "ready: guest kernel $release in $(lab_kernel_dir "$release")"
}

main "$@"
