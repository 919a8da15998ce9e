#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Lab self-test: a guest that never finishes must be killed at the launcher's
# timeout and reported as hung. A panic with reboot-on-panic turned off
# freezes the guest for good.
echo 0 >/proc/sys/kernel/panic
echo c >/proc/sysrq-trigger
