#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Round-robin spreads frames evenly over the active links, as seen on the
# wire: with k active links each gets N/k frames, give or take one, and a
# link that drops out leaves the rest evenly loaded (not its successor
# doubled, as bonding's scan-forward does). The turn is kept per CPU: from
# C CPUs at once, each link gets N/k give or take C.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
o2m_tmpdir
o2m_topology 4
N=400

step "$N frames over 4 active links"
capture_peers 4
send_frames $N
stop_peers 4
for i in 0 1 2 3; do
	check_range "p$i received N/4 ± 1" "$(peer_count $i)" 99 101
	check_range "link $i counted it" "$(link_stat $i xmit_packets)" 99 101
done
check_eq "the master handed all of them on" "$(link_stat -1 recv_packets)" $N

step "link 1's carrier drops: 3 links share evenly"
ip -n "$B" link set p1 down
check "3 links active" wait_for o2m_is active_count 3
o2m stats o2m0 clear
capture_peers 4
send_frames 300
stop_peers 4
for i in 0 2 3; do
	check_range "p$i received 300/3 ± 1" "$(peer_count $i)" 99 101
done
check_eq "link 1 sent nothing" "$(link_stat 1 xmit_packets)" 0
check_eq "nothing left on link 1 towards p1" "$(peer_count 1)" 0

step "disabling link 3 by hand: 2 links share evenly"
check "o2mctl link disable o2m0 3" o2m link disable o2m0 3
check_eq "link 3 is disabled" "$(link_state 3 enabled)" false
o2m stats o2m0 clear
capture_peers 4
send_frames 200
stop_peers 4
check_range "p0 received 200/2 ± 1" "$(peer_count 0)" 99 101
check_range "p2 received 200/2 ± 1" "$(peer_count 2)" 99 101
check_eq "p3 received nothing" "$(peer_count 3)" 0
check_eq "nothing left on link 1 towards p1, still down" "$(peer_count 1)" 0

step "both come back: 4 links again"
ip -n "$B" link set p1 up
o2m link enable o2m0 3
check "4 links active" wait_for o2m_is active_count 4
capture_peers 4
send_frames 400
stop_peers 4
for i in 0 1 2 3; do
	check_range "p$i received N/4 ± 1" "$(peer_count $i)" 99 101
done

step "from two CPUs at once: each keeps its own turn"
if [ "$(nproc)" -ge 2 ]; then
	o2m stats o2m0 clear
	capture_peers 4
	inA taskset -c 0 "$FRAMES" send o2m0 201 &
	one=$!
	inA taskset -c 1 "$FRAMES" send o2m0 199
	wait $one
	stop_peers 4
	for i in 0 1 2 3; do
		check_range "p$i received 400/4 ± 2" "$(peer_count $i)" 98 102
	done
	check_eq "the master handed all of them on" "$(link_stat -1 recv_packets)" 400
else
	info "one CPU only: nothing to try"
fi
finish
