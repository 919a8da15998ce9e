#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Lab self-test: a scenario that exits 1 must be reported as a failure.
echo "failing on purpose"
exit 1
