#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Benchmark scenario (BENCH_ONLY=chaos bench/run-lab-bench): the hostile
# driver's random region writer ("chaos", 15 s in CI's hostile-race.sh)
# against the real module for CHAOS_ROUNDS rounds of CHAOS_SECONDS, a new
# seed each, and a good driver's ping after every round; run-scenario
# checks the guest's dmesg. Writes chaos.txt.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/hostile/lab.sh"

rounds=${CHAOS_ROUNDS:-5} seconds=${CHAOS_SECONDS:-120} seed=${CHAOS_SEED:-1}
# attack() gives airlock-hostile 150 s.
[ "$seconds" -le 140 ] || die "CHAOS_SECONDS at most 140, not $seconds"

hostile_setup
attaches=0 ended=0 writes=0
for ((i = 0; i < rounds; i++)); do
	# Any number of violations, each a rate-limited line at most.
	attack chaos any 1000000 --seconds "$seconds" --seed $((seed + i))
	read -r a e w < <(sed -n \
		's/^chaos: \([0-9]*\) rounds, \([0-9]*\) ended by the kernel, \([0-9]*\) random writes$/\1 \2 \3/p' \
		hostile-chaos.log) || die "round $i: no chaos summary"
	attaches=$((attaches + a)) ended=$((ended + e)) writes=$((writes + w))
done
hostile_teardown
{
	echo "chaos: $rounds rounds of ${seconds} s (seeds $seed to $((seed + rounds - 1)))"
	echo "attachments: $attaches, ended by the kernel: $ended, random writes: $writes"
	echo "a good driver pinged after every round; dmesg: checked by run-scenario"
} | tee chaos.txt
