#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Changing the mode, the detection and the links while traffic flows: no
# frame is sent to a link being removed, nothing breaks, nothing leaks, and
# the kernel log stays clean (the runner checks it).
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
o2m_tmpdir
o2m_topology 4

# v3 is made up before it is enslaved, so that each release leaves it up
# (a link is given back as it was): a frame still sent to it after its
# release would leave it, and show in its TX counters. Its peer p3 never
# sends, so nothing else moves them.
ip -n "$A" link set v3 nomaster
ip -n "$A" link set v3 up
ip -n "$A" link set v3 master o2m0
v3_sent() { echo $(($(dev_stat "$A" v3 tx packets) + $(dev_stat "$A" v3 tx dropped))); }

step "traffic from two senders while the configuration changes under it"
ip netns exec "$A" "$FRAMES" send o2m0 1000000 --rate 2000 2>"$TMP/s1.log" &
s1=$!
ip netns exec "$A" "$FRAMES" send o2m0 1000000 --rate 2000 --tag 1 2>"$TMP/s2.log" &
s2=$!
on_exit "kill $s1 $s2"
changes=0
after_release=0
for round in 1 2 3; do
	for mode in all failover rr; do
		o2m link set o2m0 mode $mode && changes=$((changes + 1))
		o2m link set o2m0 detect manual && o2m link set o2m0 detect carrier
		# Traffic under this configuration for a while: a window, no
		# condition.
		sleep 0.1
	done
	ip -n "$B" link set p1 down
	o2m link disable o2m0 2
	ip -n "$A" link set v3 nomaster
	# From here until v3 is a link again, no frame may leave it; the
	# window is the time traffic has to show it.
	before=$(v3_sent)
	sleep 0.1
	after_release=$((after_release + $(v3_sent) - before))
	ip -n "$B" link set p1 up
	o2m link enable o2m0 2
	ip -n "$A" link set v3 master o2m0
done
check_eq "no frame left v3 once it was released" $after_release 0
check_range "while it was a link, v3 did carry frames" "$(v3_sent)" 1 1000000
check_eq "9 mode changes went through" $changes 9
check "the senders are still running" kill -0 $s1 $s2 || cat "$TMP"/s*.log
kill $s1 $s2 2>/dev/null
wait $s1 $s2 2>/dev/null

step "afterwards the device works as before"
check_eq "4 links, all active" "$(o2m -j link show o2m0 | json_get "(d[0]['link_count'], d[0]['active_count'])")" "(4, 4)"
check_eq "mode rr" "$(o2m -j link show o2m0 | json_get "d[0]['mode']")" rr
capture_peers 4
send_frames 400
stop_peers 4
for i in 0 1 2 3; do
	check_range "p$i received N/4 ± 1" "$(peer_count $i)" 99 101
done
check "the device deletes cleanly" ip -n "$A" link del o2m0
finish
