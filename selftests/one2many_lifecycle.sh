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
# In the background: a delete that waits for a leaked reference cannot be
# interrupted, so the wait is ours.
ip -n "$C" link del v0 &
del=$!
check "v0 is deleted in C within 10 s" wait_for exited $del

step "links stay without IPv6 addresses"
# IPv6 on, in this namespace: the addresses are what is being looked at.
ip -n "$A" link add v1 type veth peer name w1
ip -n "$A" link add v2 type veth peer name w2
ip -n "$A" link set w1 up
ip -n "$A" link set w2 up
ip -n "$A" link set v2 up
v2mac=$(inA cat /sys/class/net/v2/address)
check "v2, up, has its link-local address before" wait_for sh -c "ip -n $A -6 addr show dev v2 | grep -q fe80"
ip -n "$A" link set v1 master o2m0
ip -n "$A" link set v2 master o2m0
# addrconf acts once a link is really up (linkwatch), and has when o2m0,
# up with them, has its own link-local address.
check "v1, enslaved while down, comes up" wait_for sh -c "[ \$(ip netns exec $A cat /sys/class/net/v1/operstate) = up ]"
check "v2, enslaved while up, comes up" wait_for sh -c "[ \$(ip netns exec $A cat /sys/class/net/v2/operstate) = up ]"
check "o2m0 has its link-local address" wait_for sh -c "ip -n $A -6 addr show dev o2m0 | grep -q fe80"
check_eq "v1 has no IPv6 address" "$(ip -n "$A" -6 addr show dev v1)" ""
check_eq "v2 lost its own" "$(ip -n "$A" -6 addr show dev v2)" ""
ip -n "$A" link set v1 down
ip -n "$A" link set v1 up
check "v1 taken down and up again comes up" wait_for sh -c "[ \$(ip netns exec $A cat /sys/class/net/v1/operstate) = up ]"
ip -n "$A" link set o2m0 down
ip -n "$A" link set o2m0 up
check "o2m0, bounced too, has its link-local address again" wait_for sh -c "ip -n $A -6 addr show dev o2m0 | grep -q fe80"
check_eq "v1 still has none" "$(ip -n "$A" -6 addr show dev v1)" ""

step "a released link is itself again"
ip -n "$A" link set v2 nomaster
ip -n "$A" link set v1 nomaster
check "v2, enslaved while up, is up again" wait_for sh -c "[ \$(ip netns exec $A cat /sys/class/net/v2/operstate) = up ]"
check "and gets its link-local address back" wait_for sh -c "ip -n $A -6 addr show dev v2 | grep -q fe80"
check_eq "v1, enslaved while down, is down again" "$(inA cat /sys/class/net/v1/operstate)" down
check_eq "v2's MTU is its own" "$(inA cat /sys/class/net/v2/mtu)" 1500
check_eq "and its MAC" "$(inA cat /sys/class/net/v2/address)" "$v2mac"
finish
