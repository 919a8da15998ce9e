#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The main job on the embedded default: set up, build, boot the lab VM and run
# the scenario that shows the lab is real (the in-kernel e1000 carrying ping
# and iperf3 to its virtio-net peer). The console streams to this terminal.
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

"$src/scripts/setup.sh"
"$src/scripts/build.sh"
exec "$src/tests/vm/run-scenario" "$src/tests/vm/scenarios/e1000-inkernel.sh"
