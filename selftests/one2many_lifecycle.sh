#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The edges of a link's life that bonding and team were fixed for: a link
# moved to another namespace is released there cleanly, with its own MAC and
# MTU, takes addresses, and can be deleted; links take no IPv6 address of
# their own, whether they were down or up when enslaved.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
setup_ns A C

step "a link moved to another namespace is released, whole"
ip -n "$A" link add o2m0 type one2many
ip -n "$A" link add v0 type veth peer name w0
mac=$(inA cat /sys/class/net/v0/address)
ip -n "$A" link set o2m0 mtu 1400
ip -n "$A" link set v0 master o2m0
ip -n "$A" link set o2m0 up
check_eq "v0 took o2m0's MTU" "$(inA cat /sys/class/net/v0/mtu)" 1400
check "ip link set v0 netns C" ip -n "$A" link set v0 netns "$C"
check_eq "o2m0 has no link left" \
	"$(o2m -j link show o2m0 | json_get "len(d[0]['links'])")" 0
check_eq "v0 has its own MAC back" "$(ip netns exec "$C" cat /sys/class/net/v0/address)" "$mac"
check_eq "and its own MTU" "$(ip netns exec "$C" cat /sys/class/net/v0/mtu)" 1500
check "v0 takes an IPv4 address in C" ip -n "$C" addr add 10.9.9.1/24 dev v0
check "and an IPv6 address" ip -n "$C" addr add fd00:9::1/64 dev v0 nodad
check "and comes up" ip -n "$C" link set v0 up
check "v0 is deleted in C within 10 s" timeout 10 ip -n "$C" link del v0

step "links stay without IPv6 addresses"
# IPv6 on, in this namespace: the addresses are what is being looked at.
ip -n "$A" link add v1 type veth peer name w1
ip -n "$A" link add v2 type veth peer name w2
ip -n "$A" link set w1 up
ip -n "$A" link set w2 up
ip -n "$A" link set v2 up
check "v2, up, has its link-local address before" wait_for sh -c "ip -n $A -6 addr show dev v2 | grep -q fe80"
ip -n "$A" link set v1 master o2m0
ip -n "$A" link set v2 master o2m0
check_eq "v1, enslaved while down, came up" "$(inA cat /sys/class/net/v1/operstate)" up
check_eq "v1 has no IPv6 address" "$(ip -n "$A" -6 addr show dev v1)" ""
check_eq "v2, enslaved while up, lost its own" "$(ip -n "$A" -6 addr show dev v2)" ""
check "o2m0 has its link-local address" wait_for sh -c "ip -n $A -6 addr show dev o2m0 | grep -q fe80"
ip -n "$A" link set v1 down
ip -n "$A" link set v1 up
check_eq "v1 taken down and up again still has none" "$(ip -n "$A" -6 addr show dev v1)" ""
finish
