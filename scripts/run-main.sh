#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The main job on the embedded default: set up, build, boot the lab VM and
# show what Airlock is for: airlockd hosts the unmodified e1000 driver in a
# confined process, iperf3 runs through it, the driver is killed mid-transfer,
# and airlockd's log, `airlockctl status` and the completed transfer show the
# recovery (tests/vm/demo/e1000-recovery.sh). The console streams to this
# terminal; results land in build/lab-results/e1000-recovery/.
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

"$src/scripts/setup.sh"
"$src/scripts/build.sh"
exec "$src/tests/vm/run-scenario" --timeout 400 "$src/tests/vm/demo/e1000-recovery.sh"
