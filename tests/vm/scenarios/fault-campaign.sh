#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# CI's short fault-injection campaign: 20 seeded faults into two cable
# drivers and the lab's e1000 under airlockd and iperf3 (bench/lab/
# campaign.sh has the long one). Passes only if every fault was recovered
# from, no configuration was lost, nothing was quarantined, every TCP
# transfer completed (the e1000's too) and the proxies still carry jumbo
# frames; run-scenario adds a clean dmesg.
set -euo pipefail
export CAMPAIGN_FAULTS=20 CAMPAIGN_PERIOD_MS=3000 CAMPAIGN_SEED=${CAMPAIGN_SEED:-1}
export CAMPAIGN_MAX_SECONDS=120 CAMPAIGN_ASSERT=1
export CAMPAIGN_E1000=1 CAMPAIGN_E1000_PERIOD_MS=8000
exec bash "$AIRLOCK_SRC/bench/lab/campaign.sh"
