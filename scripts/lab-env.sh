# SPDX-License-Identifier: GPL-2.0-only
# Shared settings for the set-up script and the lab launcher. Sourced, not run.
#
# The guest kernel is Debian's own, unpacked (never installed) into a cache
# folder outside the source tree so that fresh clones and CI runs reuse it.

AIRLOCK_CACHE=${AIRLOCK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/airlock-lab}

# The kernel release the lab boots, e.g. 6.1.0-56-amd64. Resolved from the
# linux-image-amd64 metapackage, so a Debian ABI bump moves the lab along.
# Prints nothing if apt does not know the metapackage (lists not fetched).
lab_resolve_release() {
	apt-cache depends --important linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -n 1
}

# The release the set-up script last prepared; empty when none is.
lab_cached_release() {
	cat "$AIRLOCK_CACHE/guest-release" 2>/dev/null || true
}

lab_kernel_dir() {
	printf '%s/kernel/%s\n' "$AIRLOCK_CACHE" "$1"
}
