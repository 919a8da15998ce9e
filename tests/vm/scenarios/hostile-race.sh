#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A hostile driver against airlock.ko, attack classes 5, 6 and 7: TX
# buffers hoarded and the TX ring stalled (the watchdog forwards a TX
# timeout, traffic resumes when they come back), descriptors rewritten by a
# second thread while the kernel reads them, RX and doorbell floods, and
# random writes all over the region with the real module; detaches timed
# against the service work's carrier decision; and netconsole refused by
# the proxy. A good driver works after each; the guest's dmesg must stay
# free of warnings.
set -euo pipefail
. "$AIRLOCK_SRC/tests/vm/lib.sh"
. "$AIRLOCK_SRC/tests/hostile/lab.sh"

hostile_setup
attack hoard survive 0 --seconds 8
grep -q 'TX timeout forwarded: yes' hostile-hoard.log || die "hoard: no TX timeout reached the driver"
grep -q 'NETDEV WATCHDOG' dmesg-hoard.txt || die "hoard: the watchdog did not fire"
attack tx-stall survive 0 --seconds 3
attack desc-rewrite any 20 --seconds 8
attack rx-flood survive 0 --seconds 5
attack doorbell-flood survive 0 --seconds 5
attack chaos any 30 --seconds 15 --seed "$(date +%s)"
attack carrier-detach survive 0 --seconds 15

# netpoll transmits with interrupts off and would spin on a queue lock
# the same CPU's NAPI holds: the proxy opts out (IFF_DISABLE_NETPOLL).
# netpoll only looks in the initial namespace: a third proxy, up, no driver.
step "netconsole cannot bind a proxy"
read -r idc ifc < <("$wire" create air2)
ip link set "$ifc" up
lines0=$(dmesg | wc -l)
if modprobe netconsole "netconsole=6665@192.0.2.50/$ifc,6666@192.0.2.51/02:00:5e:00:00:09" \
	2>netconsole.err; then
	rmmod netconsole
	die "netconsole bound to $ifc: netpoll on the proxy"
fi
dmesg | tail -n +$((lines0 + 1)) | tee dmesg-netconsole.txt
grep -q "$ifc doesn't support polling" dmesg-netconsole.txt ||
	die "netconsole failed, but not for want of netpoll: $(cat netconsole.err)"
"$wire" destroy "$idc"
hostile_teardown
