#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Lab self-test: a scenario that exits 0 but leaves a kernel backtrace in
# dmesg (sysrq-l prints every CPU's "Call Trace") must be a failure.
echo l >/proc/sysrq-trigger
sleep 1
exit 0
