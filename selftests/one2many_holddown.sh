#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hold-down: with updelay, a link whose carrier comes back is active only
# once it has held it that long; with downdelay, one that loses it stays
# active (and is sent to) that long. A flap shorter than the hold-down moves
# no traffic, and one during a wait starts the wait anew, also one too quick
# for linkwatch to show. While no link is active, one that comes back is
# used at once. Events and link show say when a link's change is pending.
#
# What happens "meanwhile" is checked under a 60 s delay, which then ends
# when the delay is lowered (a new value applies to a wait under way); how
# long a wait lasts is timed on its own, with nothing else in between.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
o2m_tmpdir
LONG=60000
UP=$((3000 * o2m_slow))
DOWN=$((3000 * o2m_slow))
o2m_topology 2 mode failover
N=40

failover_is() { o2m_is failover_link "$1"; }
ms_now() { echo $(($(date +%s%N) / 1000000)); }
# since T0: milliseconds from T0 to now
since() { echo $(($(ms_now) - $1)); }
events() { grep -c "$1" "$TMP/events" || true; }
sent_some() { [ "$(link_stat 0 xmit_packets)" -ge 1 ]; }
dropped_some() { [ "$(link_stat 0 drops)" -ge 1 ]; }

ip netns exec "$A" "$O2MCTL" monitor >"$TMP/events" 2>"$TMP/mon.log" &
mon=$!
on_exit "kill $mon"
check "the monitor is listening" wait_for monitor_ready $mon

step "the settings, from ip and from o2mctl"
check "ip link set ... updelay $UP downdelay $DOWN" \
	ip -n "$A" link set o2m0 type one2many updelay $UP downdelay $DOWN
check_eq "ip -d link: updelay_ms, downdelay_ms" \
	"$(ip -n "$A" -j -d link show o2m0 | jq -c '.[0].linkinfo.info_data | [.updelay_ms, .downdelay_ms]')" \
	"[$UP,$DOWN]"
check_eq "o2mctl -j link show" \
	"$(o2m -j link show o2m0 | jq -c '[.[0].updelay_ms, .[0].downdelay_ms]')" "[$UP,$DOWN]"
check "o2mctl link show says it" \
	sh -c "'$O2MCTL' -n '$A' link show o2m0 | grep -q 'updelay ${UP}ms downdelay ${DOWN}ms'"
check_err "ip refuses a delay over 60000 ms" "not a valid updelay" \
	ip -n "$A" link set o2m0 type one2many updelay 60001
check_err "o2mctl too" "updelay 60001 is too large" o2m link set o2m0 updelay 60001
check_eq "and nothing changed" "$(o2m -j link show o2m0 | jq -c '.[0].updelay_ms')" $UP
check_eq "no link is pending" "$(o2m -j link show o2m0 | jq -c '[.[0].links[].pending]')" \
	'["none","none"]'
check_eq "failover sends on link 0" "$(o2m -j link show o2m0 | json_path 0 failover_link)" 0

step "a carrier flap shorter than downdelay moves no traffic"
# Through rtnetlink here (o2mctl's generic netlink further on): each path
# must tell the transmit path that a link without carrier is still sent to.
check "ip link set o2m0 type one2many downdelay $LONG" \
	ip -n "$A" link set o2m0 type one2many downdelay $LONG
o2m stats o2m0 clear
capture_start "$B" p1 "$TMP/flap.pcap" ether proto 0x88b5
# A sender that runs until it is stopped (5000 frames at 100 a second).
ip netns exec "$A" "$FRAMES" send o2m0 5000 --rate 100 &
sender=$!
on_exit "kill $sender"
check "the sender has begun" wait_for sent_some
ip -n "$B" link set p0 down
check "link 0 is pending down" wait_for grep -q "link-pending link 0 (v0) down" "$TMP/events"
check "and is sent to without its carrier: drops" wait_for dropped_some
ip -n "$B" link set p0 up
check "the wait ended with the carrier back" \
	wait_for grep -q "link-pending link 0 (v0) none" "$TMP/events"
kill $sender
wait $sender 2>/dev/null
capture_stop "$TMP/flap.pcap"
check_eq "no frame towards p1" "$(pcap_count "$TMP/flap.pcap")" 0
check_eq "link 0 never went inactive" "$(events "link-inactive")" 0
check_eq "no failover-link event" "$(events "failover-link")" 0

step "a carrier lost: the link stays in use until downdelay is over"
ip -n "$B" link set p0 down
check "link 0 is pending down" wait_for link_is 0 pending down
check_eq "and still active" "$(link_state 0 active)" true
capture_start "$B" p1 "$TMP/held.pcap" ether proto 0x88b5
o2m stats o2m0 clear
send_frames $N
capture_stop "$TMP/held.pcap"
check_eq "meanwhile, nothing towards p1" "$(pcap_count "$TMP/held.pcap")" 0
check_eq "link 0 took all $N, counted as drops" "$(link_stat 0 drops)" $N
check "o2mctl link set o2m0 downdelay $DOWN (a wait under way ends sooner)" \
	o2m link set o2m0 downdelay $DOWN
check "link 1 takes over" wait_for failover_is 1
check_eq "link 0 is pending nothing" "$(link_state 0 pending)" none

step "a carrier that comes back: not used until updelay is over"
o2m link set o2m0 updelay $LONG
ip -n "$B" link set p0 up
check "link 0 is pending up" wait_for link_is 0 pending up
check_eq "and not active yet" "$(link_state 0 active)" false
check "ip -d link show v0 says pending up" \
	sh -c "ip -n '$A' -d link show v0 | grep -q 'pending up'"
check "and ip -d link show v1 says nothing of it" \
	sh -c "! ip -n '$A' -d link show v1 | grep -q 'pending'"
capture_start "$B" p1 "$TMP/wait.pcap" ether proto 0x88b5
send_frames $N
capture_stop "$TMP/wait.pcap"
check_eq "meanwhile, link 1 carries all $N" "$(pcap_count "$TMP/wait.pcap")" $N
t0=$(ms_now)
check "o2mctl link set o2m0 updelay 0 (a wait under way ends at once)" \
	o2m link set o2m0 updelay 0
check "link 0 takes the traffic back" wait_for failover_is 0
check_range "at once, not after the old updelay (ms)" "$(since "$t0")" 0 $((LONG / 2))

# timed DELAY NAME UPDOWN LINK: p0 taken UPDOWN, failover is on LINK after
# the hold-down NAME (DELAY ms) and no sooner.
timed() {
	local t0 took
	t0=$(ms_now)
	ip -n "$B" link set p0 "$3"
	check "failover moves to link $4" wait_for failover_is "$4"
	took=$(since "$t0")
	info "after ${took} ms"
	check_range "not before $2 (ms)" "$took" "$1" $(($1 + 10000 * o2m_slow))
}

step "how long: downdelay, timed"
timed $DOWN downdelay down 1

step "how long: updelay, timed"
o2m link set o2m0 updelay $UP
timed $UP updelay up 0

step "a flap during updelay starts the wait anew"
o2m link set o2m0 downdelay 0 updelay $LONG
ip -n "$B" link set p0 down
check "link 0 goes at once without downdelay" wait_for failover_is 1
ip -n "$B" link set p0 up
check "link 0 is pending up" wait_for link_is 0 pending up
sleep 1.5	# well into the wait
# The wait starts anew when the kernel sees the carrier back, after this:
# read before the flap, the clock cannot count the steps' own time against
# the updelay (a wait that did not start anew ends 1.5 s and more early).
t1=$(ms_now)
ip -n "$B" link set p0 down
ip -n "$B" link set p0 up
check "link 0 is pending up again" wait_for link_is 0 pending up
o2m link set o2m0 updelay $UP
check "link 0 comes back" wait_for failover_is 0
took=$(since "$t1")
info "link 0 came back ${took} ms after the flap"
check_range "a whole updelay after the flap (ms)" "$took" $((UP - 50)) $((UP + 10000 * o2m_slow))

# The rig's module turns v0's carrier off and on at once under RTNL, which
# linkwatch needs: the notifier sees the carrier as it was, and only the
# device's carrier counts tell of the flap.
rig=$O2M_BUILD/rig/o2m_rig.ko
flap() { inA sh -c 'echo flap:v0 >/sys/module/o2m_rig/parameters/provoke'; }
if [ ! -f "$rig" ]; then
	check "the rig's module is built (make rig-module KVER=$(uname -r))" false
else
	if [ ! -d /sys/module/o2m_rig ] && insmod "$rig"; then
		on_exit "rmmod o2m_rig"
	fi

	step "a flap too quick for linkwatch, during updelay: the wait starts anew"
	o2m link set o2m0 updelay $LONG
	ip -n "$B" link set p0 down
	check "link 0 goes" wait_for failover_is 1
	ip -n "$B" link set p0 up
	check "link 0 is pending up" wait_for link_is 0 pending up
	sleep 1.5	# well into the wait
	before=$(events "link-pending link 0 (v0)")
	t1=$(ms_now)
	check "the carrier of v0 flaps" flap
	o2m link set o2m0 updelay $UP
	check "link 0 comes back" wait_for failover_is 0
	took=$(since "$t1")
	info "link 0 came back ${took} ms after the flap"
	check_range "a whole updelay after the flap (ms)" "$took" $((UP - 1000)) \
		$((UP + 10000 * o2m_slow))
	check_eq "the wait never ended in between (one pending event since: none)" \
		"$(($(events "link-pending link 0 (v0)") - before))" 1

	step "a flap too quick for linkwatch, on a link in use: it was lost, it waits out updelay"
	o2m link set o2m0 updelay $LONG downdelay 0
	inactive=$(events "link-inactive link 0 (v0)")
	check "the carrier of v0 flaps" flap
	check "link 0 is pending up" wait_for link_is 0 pending up
	check_eq "link 1 carries the traffic" "$(o2m -j link show o2m0 | json_path 0 failover_link)" 1
	check_eq "after a link-inactive" "$(($(events "link-inactive link 0 (v0)") - inactive))" 1
	o2m link set o2m0 updelay 0
	check "link 0 comes back" wait_for failover_is 0

	step "the same under downdelay: taken as a flap shorter than it"
	o2m link set o2m0 updelay $LONG downdelay $LONG
	before=$(events "link-pending link 0 (v0)")
	check "the carrier of v0 flaps" flap
	check "and o2mctl link show has seen it (a change under RTNL after the flap)" \
		o2m link set o2m0 notify 1
	check_eq "link 0 is still active" "$(link_state 0 active)" true
	check_eq "no wait began" "$(($(events "link-pending link 0 (v0)") - before))" 0
fi

step "no link active: a link that comes back is used at once"
o2m link set o2m0 updelay $LONG downdelay 0
ip -n "$B" link set p0 down
ip -n "$B" link set p1 down
check "the master's carrier goes" wait_for o2m_is carrier false
ip -n "$B" link set p1 up
check "link 1 is used at once, whatever updelay says" wait_for failover_is 1
ip -n "$B" link set p0 up
check "link 0, with link 1 active, waits" wait_for link_is 0 pending up

step "a link released while it waits, and a link enslaved, take their state at once"
check "ip link set v0 nomaster" ip -n "$A" link set v0 nomaster
check "ip link set v0 master o2m0" ip -n "$A" link set v0 master o2m0
check_eq "link 0 is active at once" "$(link_state 0 active) $(link_state 0 pending)" "true none"

step "detection: manual holds nothing, carrier takes each link as it is"
o2m link set o2m0 downdelay $LONG
o2m link set o2m0 detect manual
ip -n "$B" link set p1 down
check "link 1 loses its carrier" wait_for link_is 1 carrier false
check "o2mctl link set o2m0 detect carrier" o2m link set o2m0 detect carrier
check_eq "link 1 is inactive at once, no downdelay" \
	"$(link_state 1 active) $(link_state 1 pending)" "false none"

step "the master deleted while a wait is under way"
ip -n "$B" link set p1 up
check "link 1 is pending up" wait_for link_is 1 pending up
check "ip link del o2m0" ip -n "$A" link del o2m0
check "the links are free" sh -c "! ip -n '$A' -d link show v1 | grep -q one2many_slave"

step "the events"
check "pending up, down and none were reported" \
	sh -c "grep -q 'link-pending link 0 (v0) up' '$TMP/events' &&
	       grep -q 'link-pending link 0 (v0) down' '$TMP/events' &&
	       grep -q 'link-pending link 0 (v0) none' '$TMP/events'"
finish
