#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every allocation of a control path fails in turn (failslab through
# /proc/thread-self/fail-nth, on the debug kernel): enslaving a link,
# creating a one2many device, adding a source. A request whose allocation
# failed must fail and leave everything exactly as it was; one that absorbed
# the failure must have done exactly what a success does. kmemleak, at the end of the
# run, finds what a failed path forgot to free.
# Some 400 requests, each followed by a few commands, on the debug kernel:
# o2m-timeout: 900
. "$(dirname "$0")/lib.sh"
require_root
fs=/sys/kernel/debug/failslab
[ -e /proc/self/fail-nth ] && [ -d $fs ] ||
	skip_unless_debug "needs failslab and fail-nth (the debug kernel: make check-debug)"
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
# Up and down once, as an enslave does: the qdisc a device gets when it is
# first opened is not a change.
ip -n "$A" link set d0 up
ip -n "$A" link set d0 down

# attempts DESC UNDO STATE REQUEST...: every allocation of REQUEST fails in
# turn (in $A); UNDO puts back what a successful attempt did, STATE prints
# what a user would compare. Sets $attempts $absorbed $changed $last.
attempts() {
	local desc=$1 undo=$2 state=$3 out
	shift 3
	out=$(inA "$FAILNTH" --max "$MAXN" --undo "$undo" --state "$state" "$@")
	attempts=$(sed -n 's/^attempts //p' <<<"$out")
	absorbed=$(sed -n 's/^absorbed //p' <<<"$out")
	changed=$(sed -n 's/^changed //p' <<<"$out")
	unknown=$(sed -n 's/^unknown //p' <<<"$out")
	timeouts=$(sed -n 's/^timeouts //p' <<<"$out")
	last=$(sed -n 's/^last //p' <<<"$out")
	[ -n "$last" ] || sed 's/^/   | /' <<<"$out"
	info "$attempts allocations failed in turn; the request survived $absorbed of them; $unknown lost their answer"
	info "answers (errno: times): $(awk '$1 ~ /^[0-9]+$/ { n[$2]++ } END { for (e in n) printf "%s: %d, ", e, n[e] }' <<<"$out")"
	sed -n '/^after .* state /,/^attempts /p' <<<"$out" | sed '$d' | sed 's/^/   /'
	check_range "$desc: a request with allocations to fail" "${attempts:-0}" 1 "$MAXN"
	check_eq "$desc: after them, the request went through" "$last" 0
	check_eq "$desc: each attempt did nothing, or exactly what a success does" "$changed" 0
	check_eq "$desc: every request got an answer" "$timeouts" 0
	# Only the answer's own allocation loses it: a few such points, not
	# one per allocation of the request.
	check_range "$desc: few answers lost to their own allocation" "${unknown:-99}" 0 4
}

# What a user would compare: d0's master, MTU, MAC, flags, promiscuity,
# link-layer multicast addresses, and o2m0's links (text, no JSON parser:
# the debug kernel under emulation is slow enough). Not the IPv4 groups nor
# the addresses' user counts: opening d0 joins 224.0.0.1 on the core's
# behalf, and the core lets that allocation fail quietly (seen at one of
# the enslave's allocations: no "inet 224.0.0.1", 01:00:5e:00:00:01 with one
# user fewer), where the master's own addresses are ours to sync.
ns="ip netns exec $A"
d0_state="ip -n $A -d link show d0 | sed 's/ *link\/ether/\nlink\/ether/'; ip -n $A maddr show dev d0 | awk '\$1 == \"link\" { print \$2 }'; $ns $O2MCTL link show o2m0"

# O2M_FAULT_ONLY: one of enslave, create, source (default: all three).
only=${O2M_FAULT_ONLY:-}
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }

if want enslave; then
step "every allocation of an enslave fails in turn"
attempts "enslave" "ip -n $A link set d0 nomaster" "$d0_state" enslave o2m0 d0
fi

if want create; then
step "every allocation of creating a one2many device fails in turn"
# A new name each time, f1, f2, ...: what the failures let through is
# deleted with the namespace, in one batch, instead of one slow delete each.
attempts "create" "" "ip -n $A -o link show | cut -d' ' -f2" "create" "f{n}"
fi

if want source; then
step "every allocation of adding a source fails in turn"
ip -n "$A" link set d0 up
# A source's device as the driver registered it (sysfs), not its node in
# /dev: device_add() ignores a failure to create the node (the driver core
# returns nothing to the driver; udev, where it runs, makes the node from
# the uevent), so one of the allocations of adding a source leaves a
# source, registered and working, without its node. That is counted below.
attempts "source add" "" "ls /sys/class/misc/ | grep '^o2m_source!'; $ns $O2MCTL source show 2>&1" source-add "fi{n}" d0
check "and the source added last works" src show "fi$((attempts + 1))"
nodes=0 lost=
for dev in /sys/class/misc/o2m_source!*; do
	name=${dev##*!}
	if [ -c "/dev/o2m_source/$name" ]; then
		nodes=$((nodes + 1))
	else
		lost="$lost $name"
	fi
done
info "sources with their node in /dev: $nodes; without (the driver core's loss):${lost:- none}"
check_range "few nodes lost to the driver core" "$(wc -w <<<"$lost")" 0 2
fi
finish
