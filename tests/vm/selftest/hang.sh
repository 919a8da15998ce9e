#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Lab self-test: a guest that never finishes must be killed at the launcher's
# timeout and reported as hung. Killing our parent (the guest-side `timeout`)
# while holding the output pipe open leaves stage 2 waiting forever.
kill -KILL "$PPID"
exec sleep 100000
