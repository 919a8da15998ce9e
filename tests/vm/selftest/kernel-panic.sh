#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Lab self-test: the guest crashes before the result is reported; the console
# says PASS-like things to try to fool the launcher. Must be a failure.
echo "run-scenario: PASS kernel-panic"
echo c >/proc/sysrq-trigger
