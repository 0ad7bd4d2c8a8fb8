#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hold-down: with updelay, a link whose carrier comes back is active only
# once it has held it that long; with downdelay, one that loses it stays
# active (and is sent to) that long. A flap shorter than the hold-down moves
# no traffic, and one during a wait starts the wait anew. Events and link
# show say when a link's change is pending.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
o2m_tmpdir
# Long enough that the script's own steps, slow under TCG, fit inside.
UP=$((3000 * o2m_slow))
DOWN=$((3000 * o2m_slow))
o2m_topology 2 mode failover
N=40

failover_is() { o2m_is failover_link "$1"; }
ms_now() { echo $(($(date +%s%N) / 1000000)); }
# since T0: milliseconds from T0 to now
since() { echo $(($(ms_now) - $1)); }
events() { grep -c "$1" "$TMP/events" || true; }

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
check_eq "failover sends on link 0" "$(o2m -j link show o2m0 | jq -r '.[0].failover_link')" 0

step "a carrier flap shorter than downdelay moves no traffic"
capture_start "$B" p1 "$TMP/flap.pcap" ether proto 0x88b5
inA "$FRAMES" send o2m0 $N --rate 100 &
sender=$!
ip -n "$B" link set p0 down
sleep 0.2	# the flap itself
ip -n "$B" link set p0 up
check "the sender ended" wait_for exited $sender
wait $sender
check "link 0 was pending down, and is no longer" \
	wait_for grep -q "link-pending link 0 (v0) none" "$TMP/events"
capture_stop "$TMP/flap.pcap"
check_eq "a pending-down event" "$(events "link-pending link 0 (v0) down")" 1
check_eq "no frame towards p1" "$(pcap_count "$TMP/flap.pcap")" 0
check_eq "link 0 never went inactive" "$(events "link-inactive")" 0
check_eq "no failover-link event" "$(events "failover-link")" 0

step "a carrier lost for longer than downdelay: the link goes after it"
t0=$(ms_now)
ip -n "$B" link set p0 down
check "link 0 is pending down" wait_for link_is 0 pending down
check_eq "and still active" "$(link_state 0 active)" true
capture_start "$B" p1 "$TMP/held.pcap" ether proto 0x88b5
o2m stats o2m0 clear
send_frames $N
capture_stop "$TMP/held.pcap"
check_eq "meanwhile, nothing towards p1" "$(pcap_count "$TMP/held.pcap")" 0
check_eq "link 0 took all $N, counted as drops" "$(link_stat 0 drops)" $N
check "link 1 takes over" wait_for failover_is 1
took=$(since "$t0")
info "link 0 left after ${took} ms"
check_range "not before downdelay (ms)" "$took" $DOWN $((DOWN + 10000 * o2m_slow))
check_eq "link 0 is pending nothing" "$(link_state 0 pending)" none

step "a carrier that comes back: active after updelay"
t0=$(ms_now)
ip -n "$B" link set p0 up
check "link 0 is pending up" wait_for link_is 0 pending up
check_eq "and not active yet" "$(link_state 0 active)" false
check "ip -d link show v0 says pending up" \
	sh -c "ip -n '$A' -d link show v0 | grep -q 'pending up'"
capture_start "$B" p1 "$TMP/wait.pcap" ether proto 0x88b5
send_frames $N
capture_stop "$TMP/wait.pcap"
check_eq "meanwhile, link 1 carries all $N" "$(pcap_count "$TMP/wait.pcap")" $N
check "link 0 takes the traffic back" wait_for failover_is 0
took=$(since "$t0")
info "link 0 came back after ${took} ms"
check_range "not before updelay (ms)" "$took" $UP $((UP + 10000 * o2m_slow))
check_eq "link 0 is pending nothing" "$(link_state 0 pending)" none

step "a flap during updelay starts the wait anew"
o2m link set o2m0 downdelay 0
ip -n "$B" link set p0 down
check "link 0 goes at once without downdelay" wait_for failover_is 1
ip -n "$B" link set p0 up
check "link 0 is pending up" wait_for link_is 0 pending up
sleep $((UP / 2000))	# half-way through the wait
ip -n "$B" link set p0 down
ip -n "$B" link set p0 up
t1=$(ms_now)
check "link 0 comes back" wait_for failover_is 0
took=$(since "$t1")
info "link 0 came back ${took} ms after the flap"
check_range "a whole updelay after the flap (ms)" "$took" $((UP - 100)) $((UP + 10000 * o2m_slow))

step "a flap linkwatch folds into one event starts the wait anew too"
# The rig's module turns v0's carrier off and on at once: the notifier sees
# the carrier up, as it was, and only the device's carrier counts tell.
rig=$O2M_BUILD/rig/o2m_rig.ko
if [ ! -f "$rig" ]; then
	check "the rig's module is built (make rig-module KVER=$(uname -r))" false
else
	insmod "$rig" 2>/dev/null || [ -d /sys/module/o2m_rig ]
	on_exit "rmmod o2m_rig"
	ip -n "$B" link set p0 down
	check "link 0 goes" wait_for failover_is 1
	ip -n "$B" link set p0 up
	check "link 0 is pending up" wait_for link_is 0 pending up
	sleep $((UP / 2000))	# half-way through the wait
	flaps=$(events "link-pending link 0 (v0)")
	t1=$(ms_now)
	check "the carrier of v0 flaps" \
		inA sh -c 'echo flap:v0 >/sys/module/o2m_rig/parameters/provoke'
	check "link 0 comes back" wait_for failover_is 0
	took=$(since "$t1")
	info "link 0 came back ${took} ms after the flap"
	check_range "a whole updelay after the flap (ms)" "$took" $((UP - 100)) \
		$((UP + 10000 * o2m_slow))
	check_eq "the wait never ended in between (one pending event since: none)" \
		"$(($(events "link-pending link 0 (v0)") - flaps))" 1
fi

step "a shorter updelay applies to a wait under way"
ip -n "$B" link set p0 down
check "link 0 goes" wait_for failover_is 1
ip -n "$B" link set p0 up
check "link 0 is pending up" wait_for link_is 0 pending up
t0=$(ms_now)
check "o2mctl link set o2m0 updelay 0" o2m link set o2m0 updelay 0
check "link 0 is active" wait_for failover_is 0
took=$(since "$t0")
check_range "at once, not after the old updelay (ms)" "$took" 0 $((UP - 500))

step "a link brought down goes at once, whatever downdelay says"
o2m link set o2m0 downdelay $DOWN updelay $UP
t0=$(ms_now)
ip -n "$A" link set v0 down
check "link 0 goes" wait_for failover_is 1
took=$(since "$t0")
check_range "before downdelay is over (ms)" "$took" 0 $((DOWN - 500))

step "manual detection holds nothing down"
ip -n "$A" link set v0 up
check "link 0 comes back after updelay" wait_for failover_is 0
o2m link set o2m0 detect manual
ip -n "$B" link set p1 down
check "link 1 loses its carrier" wait_for link_is 1 carrier false
check_eq "and is pending nothing" "$(link_state 1 pending)" none

step "the events"
check "pending up, down and none were reported" \
	sh -c "grep -q 'link-pending link 0 (v0) up' '$TMP/events' &&
	       grep -q 'link-pending link 0 (v0) down' '$TMP/events' &&
	       grep -q 'link-pending link 0 (v0) none' '$TMP/events'"
finish
