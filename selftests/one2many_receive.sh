#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Receive: frames from every link, enabled or not, active or not, come up
# through the master and reach a socket bound to the master's address.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
o2m_tmpdir
o2m_topology 3
ip -n "$A" addr add 10.99.0.1/24 dev o2m0
mac=$(inA cat /sys/class/net/o2m0/address)
o2m link disable o2m0 2

step "a UDP datagram from each peer, addressed to the master"
# Until all 15 came; 30 s of silence ends it sooner: each sender is a Python
# start, seconds apart on a loaded TCG guest.
inA "$FRAMES" udp-recv 10.99.0.1 4000 --timeout 30 --count 15 >"$TMP/got" 2>"$TMP/ready" &
rx=$!
check "the receiving socket is bound" wait_for grep -q ready "$TMP/ready"
for i in 0 1 2; do
	inB "$FRAMES" udp "p$i" --dst-mac "$mac" --src-ip "10.99.0.$((i + 10))" \
		--dst-ip 10.99.0.1 --port 4000 --tag "$i" --count 5
done
wait $rx
for i in 0 1 2; do
	check_eq "5 datagrams that came in on link $i reached the socket" \
		"$(grep -c "^tag=$i " "$TMP/got")" 5
	check_eq "link $i counted them" "$(link_stat $i recv_packets)" 5
done
check_eq "the master counted 15 frames up to the stack" "$(link_stat -1 xmit_packets)" 15
check_eq "ip -s link shows them as received" \
	"$(ip -n "$A" -j -s link show o2m0 | json_get "d[0]['stats64']['rx']['packets']")" 15
# Ethernet 14 + IPv4 20 + UDP 8 + "tag=N n=N" 9
check_eq "octets count whole frames (15 x 51)" "$(link_stat -1 xmit_octets)" $((15 * 51))

step "a frame for another host is not taken for ours"
ip -n "$A" link set o2m0 promisc on
inA "$FRAMES" udp-recv 10.99.0.1 4000 --timeout 2 >"$TMP/got2" 2>"$TMP/ready" &
rx=$!
check "the receiving socket is bound" wait_for grep -q ready "$TMP/ready"
inB "$FRAMES" udp p0 --dst-mac 02:de:ad:be:ef:01 --src-ip 10.99.0.10 \
	--dst-ip 10.99.0.1 --port 4000 --tag 9 --count 3
wait $rx
check_eq "nothing reached the socket" "$(grep -c "^tag=9 " "$TMP/got2")" 0
check_eq "but link 0 received them" "$(link_stat 0 recv_packets)" 8
finish
