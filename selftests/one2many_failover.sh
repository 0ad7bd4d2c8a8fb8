#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Failover: traffic on the lowest-numbered active link; on its carrier loss
# the next takes over, and it takes traffic back when it returns. Manual
# detection ignores carrier. The master's carrier follows the active set.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
o2m_tmpdir
o2m_topology 3
o2m link set o2m0 mode failover
N=50

active_count() { o2m -j link show o2m0 | json_get "d[0]['active_count']"; }
failover_link() { o2m -j link show o2m0 | json_get "d[0]['failover_link']"; }
carrier() { inA cat /sys/class/net/o2m0/carrier; }
carrier_is() { [ "$(carrier)" = "$1" ]; }

# send_to_one LINK: N frames, all of them sent on LINK, none on the others:
# seen on each peer, or in the link's own counters where the peer is down.
send_to_one() {
	local want=$1 i n
	capture_peers 3
	send_frames $N
	stop_peers 3
	for i in 0 1 2; do
		n=$(peer_count $i)
		if [ "$i" = "$want" ]; then
			check_eq "all $N frames towards p$i" "$n" $N
		else
			check_eq "none towards p$i" "$n" 0
		fi
	done
}

step "all links up: link 0 carries everything"
check_eq "failover link" "$(failover_link)" 0
send_to_one 0

step "link 0's carrier drops: link 1 takes over at once"
ip -n "$B" link set p0 down
send_to_one 1
check "the active set follows" wait_for o2m_is failover_link 1

step "link 0 returns and takes the traffic back"
ip -n "$B" link set p0 up
check "failover link is 0 again" wait_for o2m_is failover_link 0
send_to_one 0

step "manual detection ignores carrier"
check "o2mctl link set o2m0 detect manual" o2m link set o2m0 detect manual
ip -n "$B" link set p0 down
check "link 0 has no carrier in o2mctl's view" wait_for link_is 0 carrier false
check_eq "yet it is still active" "$(link_state 0 active)" true
o2m stats o2m0 clear
send_to_one 0
# Its qdisc, without carrier, is the noop qdisc: it refuses every frame
# (NET_XMIT_CN), and the link counts drops, not transmissions.
check_eq "link 0 took all $N, and counted them as drops, none as sent" \
	"$(link_stat 0 drops) $(link_stat 0 xmit_packets)" "$N 0"
check "disabling link 0 by hand moves traffic to link 1" o2m link disable o2m0 0
ip -n "$B" link set p0 up
send_to_one 1
o2m link enable o2m0 0
check "o2mctl link set o2m0 detect carrier" o2m link set o2m0 detect carrier

step "the master's carrier: on while at least one link is active"
check_eq "carrier with 3 active" "$(carrier)" 1
ip -n "$B" link set p0 down
ip -n "$B" link set p1 down
check "1 link active" wait_for o2m_is active_count 1
check_eq "carrier with 1 active" "$(carrier)" 1
ip -n "$B" link set p2 down
check "no carrier with none active" wait_for carrier_is 0
check_eq "failover link none" "$(failover_link)" None
o2m stats o2m0 clear
send_frames 10
for i in 0 1 2; do
	check_eq "with no active link, link $i sent nothing" "$(link_stat $i xmit_packets)" 0
done
ip -n "$B" link set p2 up
check "carrier back with one link" wait_for carrier_is 1
check_eq "failover link 2" "$(failover_link)" 2
ip -n "$A" link set v2 down
check "an administratively down link is inactive too" wait_for carrier_is 0
finish
