#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A hostile driver against airlock.ko, ring indices (attack class 1): a
# producer or consumer index that jumps more than a ring ahead, goes
# backwards or wraps wrongly, on every ring the driver writes an index of;
# on the rings the kernel consumes, also without a doorbell (found within
# the service period).
# Each must be detached with at most one log line; a good driver works after.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/hostile/lab.sh"

hostile_setup
attack rx-index-ahead detach 1
attack rx-index-back detach 1
attack rx-index-wrap detach 1
attack rx-index-silent detach 1
attack ret-index-ahead detach 1
attack ret-index-silent detach 1
attack tx-consumer-ahead detach 1
attack ctrl-consumer-ahead detach 1
attack ctrl-rsp-index-ahead detach 1
hostile_teardown
