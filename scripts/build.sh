#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Configures (once) and builds the tree into $AIRLOCK_BUILD (default: build/):
# warnings are errors, ASan and UBSan on, airlock.ko built with Kbuild.
# AIRLOCK_RELEASE=1 configures a release tree instead (optimized, no
# sanitizers): what benchmarks measure, as production would run it.
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${AIRLOCK_BUILD:-$src/build}

if [ "${AIRLOCK_RELEASE:-0}" = 1 ]; then
	options=(--buildtype=release -Db_sanitize=none)
else
	options=(-Db_sanitize=address,undefined)
fi
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$src" --werror "${options[@]}" -Dkmod=enabled
fi
meson compile -C "$build"
