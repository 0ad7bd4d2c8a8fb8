#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every allocation of a control path fails in turn (failslab through
# /proc/thread-self/fail-nth, on the debug kernel): enslaving a link,
# creating a one2many device, adding a source. A request whose allocation
# failed must fail and leave everything exactly as it was; one that
# absorbed the failure must have done exactly what a success does. Then
# those of one2many's datapath in the sending task, and those of its
# probes, made in a worker (fail_one2many in debugfs): each counted.
# kmemleak, at the end of the run, finds what a failed path forgot to free.
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

# O2M_FAULT_ONLY: one of enslave, create, source, datapath, probes (default:
# all).
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
if want datapath; then
step "one2many's datapath: every allocation of sending a frame in all mode fails in turn"
# The sending task runs o2m0's transmit (an AF_PACKET send: dev_queue_xmit
# on a device without a qdisc, BHs off, still in task context): fail-nth
# reaches the copy made for each link but the last. A frame o2m0 took goes to each link or is counted on
# it: arrived at the link's peer, or a memory failure, or a drop.
setup_ns B
no_ipv6 "$B"
for i in 0 1; do
	veth_pair "$A" "v$i" "$B" "p$i"
	check "v$i enslaved" ip -n "$A" link set "v$i" master o2m0
done
check_eq "o2m0's links are v0 and v1, as 0 and 1" \
	"$(o2m -j link show o2m0 | json_get "' '.join(l['ifname'] + '=' + str(l['id']) for l in d[0]['links'])")" "v0=0 v1=1"
check "mode all" o2m link set o2m0 mode all
# counts: o2m0's frames taken, then per link its memory failures, drops and
# its peer's frames received.
counts() {
	local i
	echo -n "$(link_stat -1 recv_packets)"
	for i in 0 1; do
		echo -n " $(link_stat $i memory_failures) $(link_stat $i drops)"
		echo -n " $(dev_stat "$B" "p$i" rx packets)"
	done
	echo
}
read -r in0 mf0_0 dr0_0 rx0_0 mf0_1 dr0_1 rx0_1 < <(counts)
out=$(inA python3 -S - <<'EOF2'
import os, socket
frame = bytes.fromhex("ffffffffffff020000000001" "88b5") + bytes(50)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("o2m0", 0))
sent = 0
for n in range(1, 16):
    w = os.open("/proc/thread-self/fail-nth", os.O_WRONLY)
    r = os.open("/proc/thread-self/fail-nth", os.O_RDONLY)
    os.write(w, str(n).encode())
    try:
        s.send(frame)
        sent += 1
        res = "sent"
    except OSError as e:
        res = e.strerror
    left = int(os.read(r, 32).decode().strip() or "0")
    os.write(w, b"0")
    os.close(r)
    os.close(w)
    print(f"   allocation {n}: {res}{'' if left == 0 else ' (no allocation failed)'}")
    if left:
        print(f"past the last allocation: {res}")
        break
print(f"sent {sent}")
EOF2
)
grep '^   ' <<<"$out"
sent=$(sed -n 's/^sent //p' <<<"$out")
check_eq "the attempts ran past the send's last allocation, which then went" \
	"$(sed -n 's/^past the last allocation: //p' <<<"$out")" sent
# settled: each link has accounted for every frame sent (the peers'
# receive work may still be under way); sets the counts after.
settled() {
	read -r in1 mf1_0 dr1_0 rx1_0 mf1_1 dr1_1 rx1_1 < <(counts)
	[ $((rx1_0 - rx0_0 + mf1_0 - mf0_0 + dr1_0 - dr0_0)) -ge "$sent" ] &&
		[ $((rx1_1 - rx0_1 + mf1_1 - mf0_1 + dr1_1 - dr0_1)) -ge "$sent" ]
}
check "every frame accounted for on both links" wait_for settled
settled
info "sent $sent; o2m0 took $((in1 - in0)); link 0: $((rx1_0 - rx0_0)) arrived, $((mf1_0 - mf0_0)) memory failures, $((dr1_0 - dr0_0)) drops; link 1: $((rx1_1 - rx0_1)) arrived, $((mf1_1 - mf0_1)) memory failures, $((dr1_1 - dr0_1)) drops"
check_eq "o2m0 took every frame that was sent" "$((in1 - in0))" "$sent"
check_range "a copy for a link failed and was counted" "$((mf1_0 - mf0_0 + mf1_1 - mf0_1))" 1 15
check_eq "link 0: each frame arrived or was counted" \
	"$((rx1_0 - rx0_0 + mf1_0 - mf0_0 + dr1_0 - dr0_0))" "$sent"
check_eq "link 1: each frame arrived or was counted" \
	"$((rx1_1 - rx0_1 + mf1_1 - mf0_1 + dr1_1 - dr0_1))" "$sent"
fi
if want probes; then
step "one2many's probes: their allocations fail (fail_one2many), each counted"
# The probes are made in a worker, which fail-nth, a task's own, cannot
# reach: the module's own fault attribute fails them.
check "one2many's probes can be failed" injectable one2many
on_exit "fail_allocs one2many 0"
ip -n "$A" link add o2m1 type one2many
ip -n "$A" link add pr0 type dummy
ip -n "$A" link set pr0 master o2m1
ip -n "$A" link set pr0 up
ip -n "$A" link set o2m1 up
check "o2m1 probes an IPv4 and an IPv6 target every 50 ms" \
	o2m link set o2m1 detect probe probe_targets 192.0.2.1,2001:db8::1 probe_interval 50
# pr0_is FIELD: pr0's FIELD in "o2mctl -j link show o2m1"; pr0_failures:
# its memory failures.
pr0_is() { o2m -j link show o2m1 | json_path 0 links 0 "$1"; }
pr0_failures() { o2m -j stats o2m1 0 | json_path links 0 stats memory_failures; }
probes_above() { [ "$(pr0_is probes_sent)" -ge "$1" ] 2>/dev/null; }
check "pr0 sends probes" wait_for probes_above 2
mf0=$(pr0_failures)
check "four allocations to fail" fail_allocs one2many 4
check "all four failed" wait_for fail_allocs_done one2many
fail_allocs one2many 0
# The fault attribute counts a failure before the probe's code counts it: wait
# for the counter, then see that it went no further.
failures_above() { [ "$(($(pr0_failures) - mf0))" -ge "$1" ] 2>/dev/null; }
check "pr0 counted them" wait_for failures_above 4
sent=$(pr0_is probes_sent)
check_eq "each once, as pr0's memory failure" "$(($(pr0_failures) - mf0))" 4
check "and pr0's probes go on" wait_for probes_above $((sent + 2))
check "o2m1 can be deleted" ip -n "$A" link del o2m1
fi
finish
