#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The one2many family through o2mctl: JSON output a real parser reads,
# statistics get/clear/getclear, permissions, exit codes and events.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
o2m_tmpdir
o2m_topology 2

step "o2mctl -j output parses as JSON"
check "link show -j" sh -c "ip netns exec $A $O2MCTL -j link show | python3 -S -m json.tool"
check "link show o2m0 stats -j" sh -c "ip netns exec $A $O2MCTL -j link show o2m0 stats | python3 -S -m json.tool"
check "stats -j" sh -c "ip netns exec $A $O2MCTL -j stats o2m0 | python3 -S -m json.tool"
check "link add -j" sh -c "ip -n $A link add d9 type dummy && ip netns exec $A $O2MCTL -j link add o2m0 d9 id 9 | python3 -S -m json.tool"
check_eq "link show lists the three links" \
	"$(o2m -j link show o2m0 | json_get "[(l['id'], l['ifname']) for l in d[0]['links']]")" \
	"[(0, 'v0'), (1, 'v1'), (9, 'd9')]"
check_eq "stats lists the master and each link" \
	"$(o2m -j stats o2m0 | json_get "[l['id'] for l in d['links']]")" "[-1, 0, 1, 9]"
check_eq "stats master is link -1" "$(o2m -j stats o2m0 master | json_get "d['links'][0]['id']")" -1

step "statistics: clear, and get-and-clear"
o2m link disable o2m0 9
send_frames 10
check_eq "link 0 sent 5" "$(link_stat 0 xmit_packets)" 5
check_eq "getclear prints them" "$(o2m -j stats o2m0 0 getclear | json_get "d['links'][0]['stats']['xmit_packets']")" 5
check_eq "and they are gone" "$(link_stat 0 xmit_packets)" 0
check_eq "link 1 kept its own" "$(link_stat 1 xmit_packets)" 5
check "clear all" o2m stats o2m0 clear
check_eq "link 1 cleared" "$(link_stat 1 xmit_packets)" 0
check_eq "the master cleared" "$(link_stat -1 recv_packets)" 0
check_eq "ip -s link keeps counting (never cleared)" \
	"$(ip -n "$A" -j -s link show o2m0 | json_get "d[0]['stats64']['tx']['packets']")" 10
check_err "stats of a link that does not exist" "no link with that number" o2m stats o2m0 5

step "exit codes: 0 ok, 1 error, 2 usage"
o2m link show o2m0 >/dev/null; check_eq "ok" $? 0
o2m link show nosuch0 >/dev/null 2>&1; check_eq "error" $? 1
o2m link set o2m0 mode sideways >/dev/null 2>&1; check_eq "usage" $? 2
o2m frobnicate >/dev/null 2>&1; check_eq "unknown command" $? 2
check_err "a bad mode names the choices" "use rr, all or failover" o2m link set o2m0 mode sideways
check "help on every level" sh -c "$O2MCTL help && $O2MCTL link help && $O2MCTL stats help"

step "reading works unprivileged; changing needs CAP_NET_ADMIN"
nobody() { inA setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$O2MCTL" "$@"; }
check "link show as nobody" nobody link show o2m0
check "stats as nobody" nobody stats o2m0
check_err "link set as nobody" "Operation not permitted" nobody link set o2m0 mode all
check_err "stats clear as nobody" "Operation not permitted" nobody stats o2m0 clear
check_err "link add as nobody" "Operation not permitted" nobody link add o2m0 d9

step "reading does not wait for RTNL, nor for a change waiting for it"
# The rig's module holds RTNL, as a slow configuration would, until its
# writer is killed. A change made meanwhile waits (the control), and every
# GET answers all the same: all of it before the release, which the kernel
# log says after a mark of this step's own.
rig=$O2M_BUILD/rig/o2m_rig.ko
if [ ! -f "$rig" ]; then
	check "the rig's module is built (make rig-module KVER=$(uname -r))" false
else
	insmod "$rig" 2>/dev/null || [ -d /sys/module/o2m_rig ]
	on_exit "rmmod o2m_rig"
	mark="o2m-netlink-rtnl-$$-$RANDOM"
	echo "$mark" >/dev/kmsg
	since_mark() {
		local log
		log=$(dmesg) || return 2
		sed -n "/$mark/,\$p" <<<"$log" | grep -q "$1"
	}
	holding() { since_mark "o2m_rig: holding RTNL"; }
	released() { since_mark "o2m_rig: RTNL released"; }
	# PID sleeps in our handler of a change: waiting for RTNL
	blocked() { grep -q o2m_nl_set_link "/proc/$1/stack"; }
	echo holdrtnl:60000 >/sys/module/o2m_rig/parameters/provoke &
	hold=$!
	on_exit "kill $hold"
	if check "RTNL is held" wait_for holding; then
		"$O2MCTL" -n "$A" link enable o2m0 0 &
		ctl=$!
		check "a change waits for RTNL (the control)" wait_for blocked $ctl
		# A time limit only so that a GET that waits cannot hang the test:
		# "released" below is what tells.
		nb=(timeout $((20 * o2m_slow)) ip netns exec "$A" setpriv --reuid=65534
		    --regid=65534 --clear-groups --inh-caps=-all "$O2MCTL")
		check "link show as nobody" "${nb[@]}" link show o2m0
		check "link show of every device as nobody" "${nb[@]}" link show
		check "stats as nobody" "${nb[@]}" stats o2m0
		check "stats of one link as nobody" "${nb[@]}" stats o2m0 1
		check_not "all of that while RTNL was held" released
		kill $hold
		wait $ctl
		check_eq "the change went through once RTNL was free" $? 0
	fi
	kill $hold 2>/dev/null
	wait $hold
	check "RTNL released" wait_for released
fi

step "o2mctl monitor prints events as they happen"
inA "$O2MCTL" monitor >"$TMP/events" 2>"$TMP/mon.log" &
mon=$!
on_exit "kill $mon"
check "the monitor is listening" wait_for grep -q monitoring "$TMP/mon.log"
o2m link set o2m0 mode failover
ip -n "$B" link set p0 down
check "link 0 went inactive" wait_for grep -qx "o2m0: link-inactive link 0 (v0)" "$TMP/events"
check "failover moved to link 1" wait_for grep -qx "o2m0: failover-link 1" "$TMP/events"
ip -n "$B" link set p1 down
check "the master lost carrier" wait_for grep -qx "o2m0: carrier-down" "$TMP/events"
ip -n "$B" link set p1 up
check "and got it back" wait_for grep -qx "o2m0: carrier-up" "$TMP/events"
o2m link del o2m0 9
check "a link was removed" wait_for grep -qx "o2m0: link-removed link 9 (d9)" "$TMP/events"
ip -n "$A" link set d9 master o2m0
check "and added, at the lowest free number" wait_for grep -qx "o2m0: link-added link 2 (d9)" "$TMP/events"
kill $mon
sed 's/^/   | /' "$TMP/events"

step "o2mctl -j monitor count 1 prints one JSON line and exits"
# It says on stderr when it listens, in JSON mode too. (ip netns exec
# execs o2mctl: $! is the monitor.)
ip netns exec "$A" "$O2MCTL" -j monitor count 1 >"$TMP/ev.json" 2>"$TMP/mon.log" &
mon=$!
on_exit "kill $mon"
check "the monitor says it is listening" wait_for grep -q '^o2mctl: monitoring events of one2many' "$TMP/mon.log"
check "and it is: its socket joined the group" monitor_ready $mon
o2m link disable o2m0 1
check "it exits after the event" wait_for exited $mon
check "the event: link 1 inactive" python3 -S -c "import json; e = json.load(open('$TMP/ev.json')); assert e['event'] == 'link-inactive' and e['link'] == {'id': 1, 'ifname': 'v1', 'pending': 'none', 'path': False}, e"
o2m link enable o2m0 1

step "o2mctl -t monitor: each event with the time it was read"
ip netns exec "$A" "$O2MCTL" -t monitor count 1 >"$TMP/ev.t" 2>"$TMP/mon.log" &
mon=$!
on_exit "kill $mon"
check "listening" wait_for grep -q monitoring "$TMP/mon.log"
# The time printed is the guest clock's between the change and the
# monitor's exit (whole seconds: the time's own are cut off).
before=$(date -u +%s)
o2m link disable o2m0 1
check "it exits after the event" wait_for exited $mon
after=$(date -u +%s)
sed 's/^/   | /' "$TMP/ev.t"
check "[ISO 8601 UTC, microseconds] before the event" \
	grep -qE '^\[20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6}Z\] o2m0: link-inactive link 1 \(v1\)$' "$TMP/ev.t"
check_range "and it is the time it was read, on the guest's clock (s)" \
	"$(date -u -d "$(sed 's/^\[\([^]]*\)\].*/\1/' "$TMP/ev.t")" +%s)" "$before" "$after"
ip netns exec "$A" "$O2MCTL" -t -j monitor count 1 >"$TMP/ev.tj" 2>"$TMP/mon.log" &
mon=$!
check "listening (-j)" wait_for grep -q monitoring "$TMP/mon.log"
o2m link enable o2m0 1
check "it exits after the event (-j)" wait_for exited $mon
check "a time key, of the same form" python3 -S -c "import json, re; e = json.load(open('$TMP/ev.tj')); assert re.fullmatch(r'20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z', e['time']), e"

step "a monitor that falls behind says that it lost events, and exits 1"
ip netns exec "$A" "$O2MCTL" monitor >"$TMP/events" 2>"$TMP/mon.log" &
mon=$!
on_exit "kill -CONT $mon; kill $mon"
check "listening" wait_for grep -q monitoring "$TMP/mon.log"
# Stopped, it reads nothing while a link leaves and comes back 300 times,
# under RTNL, each time an event or more, and fills its socket's buffer.
kill -STOP $mon
for i in $(seq 300); do echo "link set v1 nomaster"; echo "link set v1 master o2m0"; done >"$TMP/flaps"
ip -n "$A" -batch "$TMP/flaps"
kill -CONT $mon
WAIT_FOR_TIMEOUT=30 check "it exits" wait_for exited $mon
wait $mon
check_eq "with status 1" $? 1
check "and says why" grep -q "^o2mctl: monitor: events were lost: the socket's receive buffer overflowed" "$TMP/mon.log"
check_range "after the events it did read" "$(grep -c 'link 1 (v1)' "$TMP/events")" 10 10000
finish
