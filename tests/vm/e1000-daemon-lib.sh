# SPDX-License-Identifier: GPL-2.0-only
# What is the e1000's own in the scenarios that host it under airlockd
# (e1000-airlockd.sh, e1000-faults.sh, the demo, the benchmark), sourced
# after lib.sh and daemon-lib.sh inside the lab guest: the lab's e1000 on
# $AIRLOCK_DUT as device e0 behind air0, with nic-daemon-lib.sh's checks,
# and a feature of the driver's that a recovery must keep.
. "$AIRLOCK_SRC/tests/vm/nic-daemon-lib.sh"
nic_use "$AIRLOCK_DUT" e1000 air0 9000

# rx-fcs on, which the driver offered at HELLO (the proxy shows it
# toggleable) and which makes e1000 keep the FCS, 4 bytes more per frame.
nic_kept_extra_set() {
	local len
	ethtool -K air0 rx-fcs on || die "rx-fcs, which e1000 offers, cannot be turned on: $(ethtool -k air0 | grep '^rx-fcs')"
	len=$(echo_reply_len air0)
	[ "$len" = 102 ] || die "rx-fcs on, but an echo reply is a ${len:-?}-byte frame, not 98 + the FCS"
}

nic_kept_extra_check() {
	local len
	ethtool -k air0 | grep -q '^rx-fcs: on' || die "rx-fcs lost: $(ethtool -k air0 | grep '^rx-fcs')"
	len=$(echo_reply_len air0)
	[ "$len" = 102 ] || die "rx-fcs not replayed into the driver: an echo reply is a ${len:-?}-byte frame"
}
