#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every allocation of a control path fails in turn (failslab through
# /proc/thread-self/fail-nth, on the debug kernel): enslaving a link,
# creating a one2many device, adding a source. A request whose allocation
# failed must fail and leave everything exactly as it was; one that absorbed
# the failure must have done its whole work. kmemleak, at the end of the
# run, finds what a failed path forgot to free.
. "$(dirname "$0")/lib.sh"
require_root
fs=/sys/kernel/debug/failslab
[ -e /proc/self/fail-nth ] && [ -d $fs ] ||
	skip "needs failslab and fail-nth (the debug kernel: make check-debug)"
load_module one2many
load_module o2m_source
FAILNTH=$O2M_TOP/selftests/failnth.py
MAXN=${O2M_FAULT_MAX:-400}

# GFP_KERNEL allocations too, and quietly: a stack per failure would flood
# the serial console.
old_wait=$(cat $fs/ignore-gfp-wait) old_verbose=$(cat $fs/verbose)
echo N >$fs/ignore-gfp-wait
echo 0 >$fs/verbose
on_exit "echo $old_wait >$fs/ignore-gfp-wait; echo $old_verbose >$fs/verbose"

setup_ns A
no_ipv6 "$A"
ip -n "$A" link add o2m0 type one2many
ip -n "$A" link set o2m0 up
ip -n "$A" link set o2m0 promisc on
inA ip maddr add 01:00:5e:01:02:03 dev o2m0
ip -n "$A" link add d0 type dummy
ip -n "$A" link set d0 mtu 1400

# What a user would compare: d0's master, MTU, MAC, flags, promiscuity,
# multicast addresses, and o2m0's links.
state() {
	ip -n "$A" -d -j link show d0 | json_get \
		"[d[0].get(k) for k in ('master', 'mtu', 'address', 'flags', 'promiscuity', 'allmulti', 'operstate')]"
	ip -n "$A" maddr show dev d0
	o2m -j link show o2m0 | json_get "[l['id'] for l in d[0]['links']]"
}

# try N ARGS...: one request with its Nth allocation failing; sets
# $injected (yes/no) and $err.
try() {
	local out
	out=$(inA "$FAILNTH" "$@")
	injected=no
	[ "$(sed -n 1p <<<"$out")" = injected ] && injected=yes
	err=$(sed -n 's/^error \([-0-9]*\).*/\1/p' <<<"$out")
	msg=$(sed -n 's/^error [-0-9]* //p' <<<"$out")
}

step "every allocation of an enslave fails in turn"
before=$(state)
changed=0 absorbed=0
for ((n = 1; n <= MAXN; n++)); do
	try $n enslave o2m0 d0
	[ $injected = no ] && break
	if [ "$err" = 0 ]; then
		absorbed=$((absorbed + 1))
		ip -n "$A" link set d0 nomaster
	fi
	now=$(state)
	if [ "$now" != "$before" ]; then
		changed=$((changed + 1))
		[ $changed = 1 ] && info "after failing allocation $n (error $err):" \
			"$(diff <(echo "$before") <(echo "$now") | tr '\n' ' ')"
		ip -n "$A" link set d0 nomaster 2>/dev/null
	fi
done
info "$((n - 1)) allocations failed in turn; $absorbed failures absorbed"
check_eq "after them, the enslave went through" "$injected/$err" "no/0"
check_eq "no failed enslave left d0 or o2m0 changed" "$changed" 0
ip -n "$A" link set d0 nomaster

step "every allocation of creating a one2many device fails in turn"
left=0
for ((n = 1; n <= MAXN; n++)); do
	try $n create o2m7
	[ $injected = no ] && break
	if [ "$err" = 0 ]; then
		ip -n "$A" link del o2m7
	elif ip -n "$A" link show o2m7 >/dev/null 2>&1; then
		left=$((left + 1))
		ip -n "$A" link del o2m7
	fi
done
info "$((n - 1)) allocations failed in turn"
check_eq "after them, o2m7 was created" "$injected/$err" "no/0"
check_eq "no failed create left a device" "$left" 0
ip -n "$A" link del o2m7 2>/dev/null

step "every allocation of adding a source fails in turn"
ip -n "$A" link set d0 up
left=0
for ((n = 1; n <= MAXN; n++)); do
	try $n source-add fi0 d0
	[ $injected = no ] && break
	if [ "$err" = 0 ]; then
		src del fi0
	elif [ -e /dev/o2m_source/fi0 ] || src show fi0 >/dev/null 2>&1; then
		left=$((left + 1))
		src del fi0 2>/dev/null
	fi
done
info "$((n - 1)) allocations failed in turn"
check_eq "after them, the source was added" "$injected/$err" "no/0"
check_eq "no failed add left a source or its node" "$left" 0
check "and it works" src show fi0
src del fi0
finish
