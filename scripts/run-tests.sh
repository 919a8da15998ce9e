#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Every test: set up, build, the CMocka unit tests and a short fuzzing run
# (suite fuzz: each libFuzzer harness for 25 s), then every lab scenario and
# the lab's self-tests. Ends with one "N passed, N failed" line.
set -uo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${AIRLOCK_BUILD:-$src/build}

"$src/scripts/setup.sh" || exit 1
"$src/scripts/build.sh" || exit 1

meson test -C "$build" --suite unit --suite fuzz --print-errorlogs
unit_rc=$?
read -r unit_passed unit_failed < <("$src/scripts/count-unit-results" "$build/meson-logs/testlog.json")
unit_passed=${unit_passed:-0} unit_failed=${unit_failed:-0}
[ "$unit_rc" -eq 0 ] || [ "$unit_failed" -gt 0 ] || unit_failed=1

lab_out=$(mktemp)
"$src/tests/vm/run-all" 2>&1 | tee "$lab_out"
lab_rc=${PIPESTATUS[0]}
read -r lab_passed lab_failed < <(sed -n 's/^lab: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' "$lab_out")
rm -f "$lab_out"
lab_passed=${lab_passed:-0} lab_failed=${lab_failed:-0}
[ "$lab_rc" -eq 0 ] || [ "$lab_failed" -gt 0 ] || lab_failed=1

echo "unit and fuzz: $unit_passed passed, $unit_failed failed"
echo "lab: $lab_passed passed, $lab_failed failed"
echo "total: $((unit_passed + lab_passed)) passed, $((unit_failed + lab_failed)) failed"
[ $((unit_failed + lab_failed)) -eq 0 ]
