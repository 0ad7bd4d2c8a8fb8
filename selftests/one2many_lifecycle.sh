#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The edges of a link's life that bonding and team were fixed for: a link
# moved to another namespace is released there cleanly, with its own MAC and
# MTU, takes addresses, and can be deleted; links take no IPv6 address of
# their own, whether they were down or up when enslaved; the master's
# address lists reach the links only while it is up, and leave them when it
# goes down, releases them or is deleted.
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

step "the master's addresses are on its links only while it is up"
ip -n "$A" link add o2m1 type one2many
ip -n "$A" link add v3 type veth peer name w3
ip -n "$A" link set v3 master o2m1
ip -n "$A" link set o2m1 up
ip -n "$A" link add mv0 link o2m1 type macvlan
ip -n "$A" link set mv0 up
mvmac=$(inA cat /sys/class/net/mv0/address)
inA ip maddr add 01:00:5e:01:02:03 dev o2m1
# What a user reads: the link's multicast list, its unicast list (bridge fdb
# shows both) and its promiscuity (a veth has no unicast filter: an extra
# unicast address makes it promiscuous).
# (A command that fails is no answer: 2, which check_not takes as a failure.)
has_addr() {
	local out
	out=$(ip -n "$A" maddr show dev "$1") || return 2
	grep -q "$2" <<<"$out"
}
has_uc() {
	local out
	out=$(bridge -n "$A" fdb show dev "$1") || return 2
	grep -q "^$2 " <<<"$out"
}
promiscuity() { ip -n "$A" -d link show "$1" | sed -n 's/.* promiscuity \([0-9]*\) .*/\1/p'; }
check "v3 has o2m1's multicast address" has_addr v3 01:00:5e:01:02:03
check "and mv0's MAC" has_uc v3 "$mvmac"
check_eq "which made it promiscuous" "$(promiscuity v3)" 1
ip -n "$A" link set o2m1 down
check_not "o2m1 down: v3 lost the multicast address" has_addr v3 01:00:5e:01:02:03
check_not "and mv0's MAC" has_uc v3 "$mvmac"
check_eq "and is not promiscuous" "$(promiscuity v3)" 0
inA ip maddr add 01:00:5e:01:02:04 dev o2m1
check_not "an address added to o2m1 while down stays off v3" has_addr v3 01:00:5e:01:02:04
ip -n "$A" link add v4 type veth peer name w4
ip -n "$A" link set v4 master o2m1
check_not "and off a link enslaved while o2m1 is down" has_addr v4 01:00:5e:01:02:03
ip -n "$A" link set o2m1 up
ip -n "$A" link set mv0 up
check "o2m1 up: v3 has both multicast addresses" \
	sh -c "ip -n $A maddr show dev v3 | grep 01:00:5e:01:02:03 && ip -n $A maddr show dev v3 | grep 01:00:5e:01:02:04"
check "so has v4" has_addr v4 01:00:5e:01:02:04
check "and mv0's MAC" has_uc v4 "$mvmac"
ip -n "$A" link set v4 nomaster
check_not "v4 released: no multicast address of o2m1's" has_addr v4 01:00:5e:01:02
check_not "nor mv0's MAC" has_uc v4 "$mvmac"
check_eq "nor promiscuity" "$(promiscuity v4)" 0
ip -n "$A" link set o2m1 promisc on
check_eq "o2m1 made promiscuous: so is v3" "$(promiscuity v3)" 2
ip -n "$A" link del o2m1
check "o2m1 deleted, with mv0" wait_for sh -c "! ip -n $A link show mv0 2>/dev/null"
check_not "v3 has no multicast address of o2m1's" has_addr v3 01:00:5e:01:02
check_not "nor mv0's MAC" has_uc v3 "$mvmac"
check_eq "nor promiscuity" "$(promiscuity v3)" 0
finish
