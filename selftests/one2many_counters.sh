#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The counters a user reads: what a link sent in octets is the sum of its
# frames' lengths; a frame a link's transmit refuses is a drop of that link
# and of the master ("ip -s link" TX dropped); and the kernel really sends
# every counter, which o2mctl would otherwise print as 0.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
o2m_tmpdir
o2m_topology 2
N=40

step "octets: each link counts the lengths of the frames it sent"
# Round-robin over two links with four lengths in turn: each link sends
# two of them, so the links' sums differ.
o2m stats o2m0 clear
tx_bytes=$(dev_stat "$A" o2m0 tx bytes)
capture_peers 2
send_frames $N --len 62,100,333,1000
stop_peers 2
total=0
for i in 0 1; do
	check_eq "p$i received $((N / 2))" "$(peer_count $i)" $((N / 2))
	octets=$(inA "$FRAMES" octets "$TMP/p$i.pcap")
	check_eq "link $i's xmit_octets: the lengths p$i received" "$(link_stat $i xmit_octets)" "$octets"
	total=$((total + octets))
done
check_eq "the master's recv_octets: every frame's length" "$(link_stat -1 recv_octets)" $total
check_eq "o2m0's TX bytes (ip -s link) grew by as much" \
	$(($(dev_stat "$A" o2m0 tx bytes) - tx_bytes)) $total

step "a link whose transmit refuses every frame: drops on the link and the master"
# pfifo with a limit of 0 refuses every frame it is given (NET_XMIT_DROP).
check "v1's qdisc: pfifo limit 0" inA tc qdisc replace dev v1 root pfifo limit 0
o2m stats o2m0 clear
tx_dropped=$(dev_stat "$A" o2m0 tx dropped)
tx_packets=$(dev_stat "$A" o2m0 tx packets)
capture_peers 2
send_frames $N
stop_peers 2
check_eq "v1's qdisc dropped $((N / 2))" \
	"$(inA tc -j -s qdisc show dev v1 | json_get "d[0]['drops']")" $((N / 2))
check_eq "p1 received none" "$(peer_count 1)" 0
check_eq "link 1 counted $((N / 2)) drops" "$(link_stat 1 drops)" $((N / 2))
check_eq "and sent none" "$(link_stat 1 xmit_packets)" 0
check_eq "p0 received $((N / 2))" "$(peer_count 0)" $((N / 2))
check_eq "link 0 sent $((N / 2)), dropped none" "$(link_stat 0 xmit_packets) $(link_stat 0 drops)" "$((N / 2)) 0"
check_eq "the master counted $((N / 2)) drops" "$(link_stat -1 drops)" $((N / 2))
check_eq "o2m0's TX dropped (ip -s link) grew by $((N / 2))" \
	$(($(dev_stat "$A" o2m0 tx dropped) - tx_dropped)) $((N / 2))
check_eq "and its TX packets by the $((N / 2)) sent" \
	$(($(dev_stat "$A" o2m0 tx packets) - tx_packets)) $((N / 2))
inA tc qdisc del dev v1 root

step "every counter is in the kernel's answer, for the master and each link"
for id in -1 0 1; do
	check_eq "link $id: all six counters sent, as o2mctl shows them" \
		"$(link_stat_sent $id)" "$(o2m -j stats o2m0 $id | json_get "d['links'][0]['stats']")"
done
finish
