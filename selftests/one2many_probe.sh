#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Path probing (detect probe): each link sends its own ARP probes and
# neighbour solicitations to the targets, and is active only while answers
# come back on it. A path broken behind a link whose carrier stays up (a
# bridge in the middle whose far side goes) takes the link out within
# interval x misses, and traffic moves to the other link; the link is back
# as soon as the path is. The same with an IPv6 target alone.
#
#   A: o2m0 { v0, v1 }  --  M: br0 { p0, c0 }, br1 { p1, c1 }  --  T: brT { t0, t1 }
#                                                     192.0.2.1, 2001:db8::1 on brT
. "$(dirname "$0")/lib.sh"
require_root
require_cmd jq
load_module one2many
o2m_tmpdir
setup_ns A M T
INTERVAL=$((200 * o2m_slow))
MISSES=3
WINDOW=$((INTERVAL * MISSES))

ip -n "$A" link add o2m0 type one2many mode failover
for i in 0 1; do
	ip -n "$A" link add "v$i" type veth peer name "p$i" netns "$M"
	ip -n "$M" link add "c$i" type veth peer name "t$i" netns "$T"
	ip -n "$M" link add "br$i" type bridge
	ip -n "$M" link set "p$i" master "br$i" up
	ip -n "$M" link set "c$i" master "br$i" up
	ip -n "$M" link set "br$i" up
	ip -n "$A" link set "v$i" master o2m0
done
ip -n "$T" link add brT type bridge
ip -n "$T" link set t0 master brT up
ip -n "$T" link set t1 master brT up
ip -n "$T" addr add 192.0.2.1/24 dev brT
ip -n "$T" addr add 2001:db8::1/64 dev brT nodad
ip -n "$T" link set brT up
ip -n "$A" addr add 192.0.2.10/24 dev o2m0
ip -n "$A" link set o2m0 up

# carried_by I: 20 test frames from the master reach the target over path I
# (they come into brT on tI).
rx_at() { dev_stat "$T" "t$1" rx packets; }
carried_by() {
	local want=$(($(rx_at "$1") + 20))
	inA "$FRAMES" send o2m0 20 && wait_for sh -c "[ \$(ip -n '$T' -j -s link show t$1 |
		jq .[0].stats64.rx.packets) -ge $want ]"
}
answers() { link_state "$1" probe_answers; }
answered() { [ "$(answers "$1")" -ge "$2" ]; }
# stamp_ms FILE PATTERN: the time an event monitor (o2mctl -t, ip -ts) put
# on the first line matching PATTERN, in ms since the epoch.
stamp_ms() {
	local t
	t=$(grep -m1 "$2" "$1" | sed -n 's/^\[\([^]Z]*\)Z\?\].*/\1/p')
	[ -n "$t" ] && echo $(($(date -d "$t${3:-}" +%s%N) / 1000000))
}

ip netns exec "$A" "$O2MCTL" -t monitor >"$TMP/events" 2>"$TMP/mon.log" &
mon=$!
on_exit "kill $mon"
check "the monitor is listening" wait_for monitor_ready $mon

step "settings: refused without a target, shown once set"
check_err "ip: probe detection needs a target" "needs at least one probe target" \
	ip -n "$A" link set o2m0 type one2many detect probe
check_err "o2mctl: the same" "needs at least one probe target" \
	o2m link set o2m0 detect probe
check_eq "nothing changed" "$(o2m -j link show o2m0 | json_path 0 detect)" carrier
# O2M_CMD_SET_CONFIG 2, O2M_A_IFNAME 2, O2M_A_DETECT 4, O2M_A_PROBE_TARGETS
# 19 { O2M_PROBE_A_IPV4 1, O2M_PROBE_A_IPV6 2 }: what o2mctl would refuse
# itself, refused by the kernel, with nothing changed.
genl_set() { inA "$O2M_TOP/selftests/genl.py" one2many 2 2:str:o2m0 "$@"; }
check_err "the kernel refuses a multicast target" "must be a unicast address" \
	genl_set 4:u32:3 "19:nest:[1:be32:0xe0000001]"
check_err "an IPv6 target of 4 bytes" "size out of range" genl_set "19:nest:[2:hex:20010db8]"
check_err "a target twice" "listed twice" \
	genl_set 4:u32:3 "19:nest:[1:be32:0xc0000201;1:be32:0xc0000201]"
many=$(for i in $(seq 1 17); do printf '1:be32:0xc00002%02x;' $i; done)
check_err "17 targets" "at most 16" genl_set 4:u32:3 "19:nest:[${many%;}]"
check_err "an interval under 10 ms" "out of range" genl_set 17:u32:9
check_err "a miss count under 2" "out of range" genl_set 18:u32:1
check_eq "none of it changed a thing" \
	"$(o2m -j link show o2m0 | jq -c '.[0] | [.detect, .probe_targets, .probe_interval_ms, .probe_misses]')" \
	'["carrier",[],1000,3]'
check "ip link set ... detect probe probe_targets ..." \
	ip -n "$A" link set o2m0 type one2many detect probe probe_targets 192.0.2.1 \
		probe_interval $INTERVAL probe_misses $MISSES
check_eq "ip -d link shows them" \
	"$(ip -n "$A" -j -d link show o2m0 |
		jq -c '.[0].linkinfo.info_data | [.detect, .probe_interval_ms, .probe_misses, .probe_targets]')" \
	"[\"probe\",$INTERVAL,$MISSES,[\"192.0.2.1\"]]"
check_eq "o2mctl -j link show too" \
	"$(o2m -j link show o2m0 | jq -c '.[0] | [.detect, .probe_interval_ms, .probe_misses, .probe_targets]')" \
	"[\"probe\",$INTERVAL,$MISSES,[\"192.0.2.1\"]]"
check_err "the last target cannot go while probing" "needs a target" \
	o2m link set o2m0 probe_targets none
check_eq "and is still there" "$(o2m -j link show o2m0 | jq -c '.[0].probe_targets')" '["192.0.2.1"]'

step "both paths answer, each on its own link"
check "link 0 hears answers" wait_for answered 0 2
check "link 1 hears answers" wait_for answered 1 2
check "both links are active" wait_for o2m_is active_count 2
check_eq "link 0's path is up" "$(link_state 0 path)" true
addr0=$(link_state 0 probe_addr)
addr1=$(link_state 1 probe_addr)
check "each link probes from an address of its own" \
	sh -c "[ '$addr0' != '$addr1' ] && [ '$addr0' != '$(ip -n "$A" -j link show o2m0 | jq_get '.[0].address')' ]"
check "T learnt link 0's probe address on t0" \
	sh -c "bridge -n '$T' fdb show br brT | grep -q '^$addr0 dev t0 '"
check "T learnt link 1's probe address on t1" \
	sh -c "bridge -n '$T' fdb show br brT | grep -q '^$addr1 dev t1 '"
check "frames reach T over link 0" carried_by 0
check_eq "failover sends on link 0" "$(o2m -j link show o2m0 | json_path 0 failover_link)" 0
# Steady answers keep a path up: no link goes out over a few windows.
a0=$(answers 0)
check "link 0 keeps hearing over three windows" wait_for answered 0 $((a0 + 3 * MISSES))
check_eq "and no link ever went out" "$(grep -c link-inactive "$TMP/events")" 0

step "the path behind link 0 dies, its carrier stays"
# When the path died: as M's own rtnetlink monitor saw c0 go down.
ip -n "$M" -ts monitor link >"$TMP/m.events" 2>&1 &
on_exit "kill $!"
m_monitor_ready() { ip -n "$M" link set br1 alias b && grep -q br1 "$TMP/m.events"; }
check "M's monitor is listening" wait_for m_monitor_ready
ip -n "$M" link set c0 down
check "link 0 goes out" wait_for link_is 0 active false
check "M saw c0 go down" wait_for grep -q "c0.*state DOWN" "$TMP/m.events"
t0=$(stamp_ms "$TMP/m.events" "c0.*state DOWN")
out=$(stamp_ms "$TMP/events" "link-inactive link 0" Z)
check_eq "link 0 still has carrier" "$(link_state 0 carrier)" true
check_eq "its path is down" "$(link_state 0 path)" false
info "out $((out - t0)) ms after the path died (window $WINDOW ms)"
# The last answer came at most an interval before the break. Both times are
# when a monitor read an event, each a scheduling latency late, more under
# emulation: the bench measures it closely (comparison 8).
check_range "out within interval x misses" $((out - t0)) $((WINDOW - INTERVAL - 50)) \
	$((WINDOW + 100 * o2m_slow))
check "failover moves to link 1" wait_for o2m_is failover_link 1
check "frames reach T over link 1" carried_by 1
check_eq "the master kept its carrier" "$(o2m -j link show o2m0 | json_path 0 carrier)" true

step "the path comes back: so does link 0"
ip -n "$M" link set c0 up
check "link 0 is active again" wait_for link_is 0 active true
check "failover is back on link 0" wait_for o2m_is failover_link 0
check "frames reach T over link 0 again" carried_by 0

step "the master down for longer than a window, and up: no link goes out"
# Answers 50 ms away, as on a real network, not within the probe's softirq.
for i in 0 1; do
	check "netem delay 50ms towards the target on path $i" \
		tc -n "$M" qdisc add dev "c$i" root netem delay 50ms
done
n=$(grep -c "link-inactive" "$TMP/events")
age_over() { [ "$(link_state 0 probe_age_ms)" -gt "$1" ]; }
ip -n "$A" link set o2m0 down
check "no answer for a window (nothing is probed while down)" wait_for age_over $WINDOW
ip -n "$A" link set o2m0 up
a0=$(answers 0)
check "link 0 is answered again" wait_for answered 0 $((a0 + 2))
check_eq "no link went out on the way" "$(grep -c "link-inactive" "$TMP/events")" "$n"
check_eq "both links are active" "$(o2m -j link show o2m0 | json_path 0 active_count)" 2
for i in 0 1; do tc -n "$M" qdisc del dev "c$i" root; done

step "an IPv6 target alone"
check "probe_targets 2001:db8::1" o2m link set o2m0 probe_targets 2001:db8::1
check_eq "shown" "$(o2m -j link show o2m0 | jq -c '.[0].probe_targets')" '["2001:db8::1"]'
a0=$(answers 0)
check "link 0 hears neighbour advertisements" wait_for answered 0 $((a0 + 2))
check "link 1 too" wait_for answered 1 $(($(answers 1) + 2))
n=$(grep -c "link-inactive link 0" "$TMP/events")
ip -n "$M" link set c0 down
check "link 0 goes out" wait_for link_is 0 active false
check_eq "once" "$(grep -c "link-inactive link 0" "$TMP/events")" $((n + 1))
ip -n "$M" link set c0 up
check "and comes back" wait_for link_is 0 active true

step "a link enslaved while probing is out until it is answered"
ip -n "$A" link add v2 type veth peer name p2 netns "$M"
ip -n "$M" link add c2 type veth peer name t2 netns "$T"
ip -n "$M" link add br2 type bridge
ip -n "$M" link set p2 master br2 up
ip -n "$M" link set br2 up
check "enslave v2 (its far side not yet there)" ip -n "$A" link set v2 master o2m0
check "link 2 probes" wait_for sh -c "[ \$('$O2MCTL' -n '$A' -j link show o2m0 |
	jq -r '.[0].links[] | select(.id == 2) | .probes_sent') -ge 2 ]"
check_eq "and is not active" "$(link_state 2 active)" false
ip -n "$M" link set c2 master br2 up
ip -n "$T" link set t2 master brT up
check "once its path is there, it is" wait_for link_is 2 active true

step "back to carrier detection: every link with carrier is active"
ip -n "$M" link set c0 down
check "link 0 goes out" wait_for link_is 0 active false
check "detect carrier" o2m link set o2m0 detect carrier
check "link 0 is active on its carrier alone" wait_for link_is 0 active true
check_eq "no path is reported" "$(o2m -j link show o2m0 | jq -c '[.[0].links[].path]')" \
	'[false,false,false]'
s0=$(link_state 0 probes_sent)
sleep $((3 * INTERVAL / 1000 + 1))	# a window for probes that must not come
check_eq "and link 0 probes no more" "$(link_state 0 probes_sent)" "$s0"

step "from carrier to probe: active links stay so while their paths answer"
ip -n "$M" link set c0 up
n=$(grep -c "link-inactive" "$TMP/events")
check "detect probe again" o2m link set o2m0 detect probe
a0=$(answers 0)
check "link 0 is answered" wait_for answered 0 $((a0 + 2))
check_eq "no link went out on the way" "$(grep -c "link-inactive" "$TMP/events")" "$n"

finish
