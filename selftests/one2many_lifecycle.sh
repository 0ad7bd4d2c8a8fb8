#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The edges of a link's life that bonding and team were fixed for: a link
# moved to another namespace is released there cleanly, with its own MAC and
# MTU, takes addresses, and can be deleted.
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
finish
