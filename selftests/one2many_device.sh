#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The one2many device itself: creation with defaults and options, its
# address, deletion, deletion with its namespace, and module unload.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
setup_ns A

step "ip link add o2m0 type one2many gives a device with ng_one2many's defaults, and ours"
check "create o2m0" ip -n "$A" link add o2m0 type one2many
check_eq "transmit mode is round-robin" "$(o2m -j link show o2m0 | json_get "d[0]['mode']")" rr
check_eq "failure detection is carrier" "$(o2m -j link show o2m0 | json_get "d[0]['detect']")" carrier
check_eq "no links" "$(o2m -j link show o2m0 | json_get "d[0]['link_count']")" 0
ip -n "$A" link set o2m0 up
check_eq "no carrier without an active link" "$(inA cat /sys/class/net/o2m0/carrier)" 0
mac=$(inA cat /sys/class/net/o2m0/address)
check "a random, locally administered unicast MAC ($mac)" \
	python3 -S -c "import sys; b = int(sys.argv[1].split(':')[0], 16); sys.exit(not (b & 2 and not b & 1))" "$mac"
check_eq "the driver is one2many" "$(inA ethtool -i o2m0 | sed -n 's/^driver: //p')" one2many

step "a given address is kept"
check "create o2m1 with an address" ip -n "$A" link add o2m1 address 02:11:22:33:44:55 type one2many
check_eq "its address" "$(inA cat /sys/class/net/o2m1/address)" 02:11:22:33:44:55
check_err "a multicast address is refused" "not a valid unicast MAC address" \
	ip -n "$A" link add o2m2 address 01:11:22:33:44:55 type one2many

step "deletion"
check "ip link del o2m1" ip -n "$A" link del o2m1
check_err "o2m1 is gone" 'Device "o2m1" does not exist' ip -n "$A" link show o2m1

step "links can be moved out of the namespace only by leaving the device"
check_err "o2m0 itself stays in its namespace" "Invalid argument" ip -n "$A" link set o2m0 netns 1
check "o2m0 is still there" ip -n "$A" link show o2m0

step "the device goes with its namespace"
# Its link is a veth whose peer lives in A: the peer goes when the
# namespace's devices are really unregistered, which happens after "ip netns
# del" returns (cleanup_net runs from a workqueue).
setup_ns C
ip -n "$C" link add o2m0 type one2many
ip -n "$C" link add v0 type veth peer name vc0 netns "$A"
ip -n "$C" link set v0 master o2m0
check "o2m0 in a second namespace, with a link" \
	sh -c "ip netns exec $C $O2MCTL link show o2m0 | grep -q 'link 0: v0'"
ip netns del "$C"
check "the namespace's devices are unregistered (the link's peer vc0 goes)" \
	wait_for sh -c "! ip -n $A link show vc0"
check_eq "no reference to the module is left" "$(cat /sys/module/one2many/refcnt)" 0

step "unloading the module deletes the devices"
ip -n "$A" link add d0 type dummy
ip -n "$A" link set d0 master o2m0
check "rmmod one2many with a device and a link" rmmod one2many
check_err "o2m0 is gone" 'Device "o2m0" does not exist' ip -n "$A" link show o2m0
check "d0 is left" ip -n "$A" link show d0
check_eq "d0 has no master" "$(ip -n "$A" -j link show d0 | json_get "d[0].get('master')")" None
finish
