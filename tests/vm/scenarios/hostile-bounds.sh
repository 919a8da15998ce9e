#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A hostile driver against airlock.ko, attack classes 1 (memory bounds) and
# 4 (lifetimes); ring indices are hostile-rings.sh. Each attack must be detached (or ignored)
# as designed, with at most one log line, and a good driver works after it.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/hostile/lab.sh"

hostile_setup
attack rx-bad-index detach 1
attack rx-foreign-buf detach 1
attack rx-bad-len survive 0
attack ret-bad-index detach 1
attack ret-double detach 1
attack ret-unowned detach 1
attack ret-stale detach 1
attack region-truncate survive 0
hostile_teardown
