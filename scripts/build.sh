#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Configures (once) and builds the tree into $AIRLOCK_BUILD (default: build/):
# warnings are errors, ASan and UBSan on, airlock.ko built with Kbuild.
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${AIRLOCK_BUILD:-$src/build}

if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$src" --werror -Db_sanitize=address,undefined -Dkmod=enabled
fi
meson compile -C "$build"
