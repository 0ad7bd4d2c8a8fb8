#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Enslaving and releasing links: numbering, what a link takes from the
# master (MTU, MAC, address lists, promiscuity) and gives back on release,
# what the master takes from them (offloads), changes to a link's own MTU
# and MAC refused, and every device that must be refused, with the reason
# the user reads.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
setup_ns A
ip -n "$A" link add o2m0 address 02:00:00:00:00:aa type one2many
ip -n "$A" link set o2m0 mtu 1400 up
ip -n "$A" link add d0 address 02:00:00:00:00:10 mtu 1500 type dummy
ip -n "$A" link add d1 type dummy
ip -n "$A" link add d2 type dummy

# What ethtool -k says of one feature.
feature() { inA ethtool -k "$1" | sed -n "s/^[[:space:]]*$2: \([a-z]*\).*/\1/p"; }
step "without links o2m0 offers no scatter-gather, and so no TSO"
check_eq "no scatter-gather" "$(feature o2m0 scatter-gather)" off
check_eq "no TSO" "$(feature o2m0 tx-tcp-segmentation)" off

step "ip link set DEV master takes the lowest free link number; o2mctl may choose one"
check "d0 master o2m0" ip -n "$A" link set d0 master o2m0
check "o2mctl link add o2m0 d1 id 7" o2m link add o2m0 d1 id 7
check "d2 master o2m0" ip -n "$A" link set d2 master o2m0
check_eq "link numbers" "$(o2m -j link show o2m0 | json_get "' '.join(l['ifname'] + '=' + str(l['id']) for l in d[0]['links'])")" "d0=0 d2=1 d1=7"
check_eq "ip -d link names one2many as the link's master kind" \
	"$(ip -n "$A" -j -d link show d1 | json_get "d[0]['linkinfo']['info_slave_kind']")" one2many

step "a link takes the master's MTU, MAC and flags"
check_eq "d0's MTU is the master's" "$(inA cat /sys/class/net/d0/mtu)" 1400
check_eq "d0's MAC is the master's" "$(inA cat /sys/class/net/d0/address)" 02:00:00:00:00:aa
check "d0 is marked SLAVE" sh -c "ip -n $A link show d0 | grep -q SLAVE"
check "d0 has o2m0 as master" sh -c "ip -n $A link show d0 | grep -q 'master o2m0'"
check "d0 was brought up" sh -c "ip -n $A link show d0 | grep -q ',UP'"

step "master MTU and MAC changes go to every link"
check "o2m0 mtu 1300" ip -n "$A" link set o2m0 mtu 1300
check_eq "d1's MTU follows" "$(inA cat /sys/class/net/d1/mtu)" 1300
check "o2m0 address 02:00:00:00:00:bb" ip -n "$A" link set o2m0 address 02:00:00:00:00:bb
check_eq "d2's MAC follows" "$(inA cat /sys/class/net/d2/address)" 02:00:00:00:00:bb

step "a link's own MTU and MAC are the master's; the master's offloads follow the links'"
check_err "ip link set d1 mtu 1200 is refused" "Device or resource busy" ip -n "$A" link set d1 mtu 1200
check_err "and mtu 9000" "Device or resource busy" ip -n "$A" link set d1 mtu 9000
check_eq "d1 keeps o2m0's MTU" "$(inA cat /sys/class/net/d1/mtu)" 1300
check_err "ip link set d2 address is refused, and says why" "has its master's MAC address" \
	ip -n "$A" link set d2 address 02:00:00:00:00:cc
check_eq "d2 keeps o2m0's MAC" "$(inA cat /sys/class/net/d2/address)" 02:00:00:00:00:bb
check_eq "o2m0 does scatter-gather, as its links do" "$(feature o2m0 scatter-gather)" on
for d in d0 d1 d2; do inA ethtool -K $d sg off >/dev/null; done
check_eq "ethtool -K sg off on every link: o2m0 no longer does it" \
	"$(feature o2m0 scatter-gather)" off
check_eq "nor TSO, which needs it" "$(feature o2m0 tcp-segmentation-offload)" off
inA ethtool -K d1 sg on >/dev/null
check_eq "one link does it again: so does o2m0 (the core linearises for the others)" \
	"$(feature o2m0 scatter-gather)" on
check_eq "but not TSO, which the others cannot do without it" \
	"$(feature o2m0 tx-tcp-segmentation)" off
for d in d0 d2; do inA ethtool -K $d sg on >/dev/null; done
check_eq "every link does SG and TSO again: so does o2m0" "$(feature o2m0 tx-tcp-segmentation)" on
inA ethtool -K d2 tso off >/dev/null
check_eq "ethtool -K d2 tso off: o2m0 no longer claims TSO" "$(feature o2m0 tx-tcp-segmentation)" off
check_eq "nor TSO for IPv6" "$(feature o2m0 tx-tcp6-segmentation)" off
check_eq "and still does scatter-gather" "$(feature o2m0 scatter-gather)" on
inA ethtool -K d2 tso on >/dev/null
check_eq "ethtool -K d2 tso on: o2m0 does TSO again" "$(feature o2m0 tx-tcp-segmentation)" on
inA ethtool -K o2m0 tso off >/dev/null
check_eq "the user's own ethtool -K o2m0 tso off holds" "$(feature o2m0 tx-tcp-segmentation)" off
inA ethtool -K o2m0 tso on >/dev/null

step "an MTU one link refuses after others took it: every link and the master keep theirs"
# The master takes any MTU up to 65535; a macvlan takes none above its lower
# device's (1500). Links are given the MTU in order of number: as link 3 it
# refuses after d0 (link 0) and d2 (link 1) took 1600, which must be given
# 1300 back.
ip -n "$A" link add e9 type dummy
ip -n "$A" link add mv9 link e9 type macvlan
check "a macvlan as link 3" o2m link add o2m0 mv9 id 3
check_err "o2m0 mtu 1600 is refused" "Invalid argument" ip -n "$A" link set o2m0 mtu 1600
check_eq "o2m0 keeps its MTU" "$(inA cat /sys/class/net/o2m0/mtu)" 1300
for d in d0 d2 d1 mv9; do
	check_eq "$d keeps its MTU" "$(inA cat /sys/class/net/$d/mtu)" 1300
done
check "o2m0 mtu 1500, which every link takes" ip -n "$A" link set o2m0 mtu 1500
check_eq "mv9 took it" "$(inA cat /sys/class/net/mv9/mtu)" 1500
check "o2m0 mtu 1300 again" ip -n "$A" link set o2m0 mtu 1300
ip -n "$A" link del mv9
ip -n "$A" link del e9

step "address lists and promiscuity are synced"
inA ip maddr add 01:00:5e:01:02:03 dev o2m0
check "d0 has the master's multicast address" sh -c "ip -n $A maddr show dev d0 | grep -q 01:00:5e:01:02:03"
ip -n "$A" link set o2m0 promisc on
check_eq "d0 is promiscuous with the master" "$(ip -n "$A" -j -d link show d0 | json_get "d[0]['promiscuity']")" 1
ip -n "$A" link set o2m0 promisc off
check_eq "and stops with it" "$(ip -n "$A" -j -d link show d0 | json_get "d[0]['promiscuity']")" 0

step "release restores what the link had"
check "d0 nomaster" ip -n "$A" link set d0 nomaster
check_eq "d0's MTU is back" "$(inA cat /sys/class/net/d0/mtu)" 1500
check_eq "d0's MAC is back" "$(inA cat /sys/class/net/d0/address)" 02:00:00:00:00:10
check_eq "d0 is no longer SLAVE" "$(ip -n "$A" -j link show d0 | json_get "'SLAVE' in d[0]['flags']")" False
check_eq "d0 lost the master's multicast address" \
	"$(ip -n "$A" -j maddr show dev d0 | json_get "any('01:00:5e:01:02:03' in str(m) for m in d[0]['maddr'])")" False
check_eq "link 0 is free again" "$(o2m -j link show o2m0 | json_get "[l['id'] for l in d[0]['links']]")" "[1, 7]"
check "o2mctl link del o2m0 7" o2m link del o2m0 7
check "o2mctl link del o2m0 d2" o2m link del o2m0 d2
check_eq "no links left" "$(o2m -j link show o2m0 | json_get "d[0]['link_count']")" 0

step "devices that cannot be links, refused with the reason, nothing changed"
check "setup: a second one2many" ip -n "$A" link add o2m1 type one2many
check "setup: a bridge port" sh -c "ip -n $A link add br0 type bridge && ip -n $A link add e0 type dummy && ip -n $A link set e0 master br0"
check "setup: a macvlan's lower device" sh -c "ip -n $A link add e1 type dummy && ip -n $A link add mv0 link e1 type macvlan"
check "setup: a tun device" sh -c "modprobe tun; ip netns exec $A ip tuntap add tun0 mode tun"
check_err "loopback" "the loopback device cannot be a link" o2m link add o2m0 lo
check_err "loopback via ip" "the loopback device cannot be a link" ip -n "$A" link set lo master o2m0
check_err "itself" "cannot be its own link" o2m link add o2m0 o2m0
check_err "another one2many" "a one2many device cannot be a link of another" o2m link add o2m0 o2m1
check_err "a non-Ethernet device" "only Ethernet devices can be links" o2m link add o2m0 tun0
check_err "a bridge port" "already enslaved" o2m link add o2m0 e0
check_err "a device with an rx_handler (macvlan lower)" "in use by another rx_handler" o2m link add o2m0 e1
check_err "a device that does not exist" "no such device" o2m link add o2m0 nosuch0
check_err "a link number past 63" "not a link number" o2m link add o2m0 d0 id 64
o2m link add o2m0 d0 id 3 >/dev/null
check_err "a link number in use" "that link number is in use" o2m link add o2m0 d1 id 3
check_err "a device already a link" "already enslaved" o2m link add o2m1 d0
check_eq "after all that, still one link" "$(o2m -j link show o2m0 | json_get "d[0]['link_count']")" 1
check_eq "e1 kept its MTU" "$(inA cat /sys/class/net/e1/mtu)" 1500
check_err "releasing a device that is no link" "not a link of this one2many device" o2m link del o2m0 d1
check_err "a link number that is not there" "no link with that number" o2m link del o2m0 9
check_err "not a one2many device" "not a one2many device" o2m link show d1

step "an enslave that fails midway leaves the device exactly as it was"
# A VLAN on a lower device that is down cannot be opened: by then the
# enslave has given it o2m0's MTU (1300) and MAC, which it must take back.
ip -n "$A" link add e2 type dummy
ip -n "$A" link add vl0 link e2 address 02:00:00:00:00:20 mtu 1500 type vlan id 5
vl0() { ip -n "$A" -j -d link show vl0 | json_get "(d[0]['mtu'], d[0]['address'], d[0]['flags'], d[0].get('master'))"; }
before=$(vl0)
check_err "o2mctl link add of vl0 fails, and says why" "Network is down" o2m link add o2m0 vl0
check_eq "vl0's MTU, MAC, flags, no master: as before" "$(vl0)" "$before"
check_err "ip link set vl0 master o2m0 fails the same" "Network is down" ip -n "$A" link set vl0 master o2m0
check_eq "vl0 still as before" "$(vl0)" "$before"
check_eq "that is: MTU 1500, its own MAC" "$(vl0 | cut -d, -f1-2)" "(1500, '02:00:00:00:00:20'"
check_eq "still one link" "$(o2m -j link show o2m0 | json_get "d[0]['link_count']")" 1
check "with its lower device up, vl0 becomes a link" \
	sh -c "ip -n $A link set e2 up && ip netns exec $A $O2MCTL link add o2m0 vl0"
check_eq "and takes o2m0's MTU and MAC" "$(vl0 | cut -d, -f1-2)" "(1300, '02:00:00:00:00:bb'"
ip -n "$A" link del vl0

step "64 links, and no 65th"
# One ip for all of them (-batch): 129 processes took most of this test's
# time under emulation.
for i in $(seq 0 64); do echo "link add x$i type dummy"; done | ip -n "$A" -batch -
ip -n "$A" link set d0 nomaster
for i in $(seq 0 63); do echo "link set x$i master o2m0"; done | ip -n "$A" -batch -
check_eq "64 links" "$(o2m -j link show o2m0 | json_get "d[0]['link_count']")" 64
check_eq "numbered 0..63" "$(o2m -j link show o2m0 | json_get "[l['id'] for l in d[0]['links']] == list(range(64))")" True
check_err "the 65th is refused" "all 64 links are in use" o2m link add o2m0 x64
check_err "by ip too" "all 64 links are in use" ip -n "$A" link set x64 master o2m0
check "deleting o2m0 releases all 64" ip -n "$A" link del o2m0
check_eq "x63 has no master" "$(ip -n "$A" -j link show x63 | json_get "d[0].get('master')")" None
finish
