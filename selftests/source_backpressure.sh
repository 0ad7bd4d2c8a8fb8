#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An unlimited source backs off on whatever pushes back: the queue a frame
# is bound for (a multi-queue target too), a qdisc that refuses frames
# (tbf's byte limit, pfifo's frame limit, fq's per-flow limit), a peer
# whose backlog is full. It drops nothing, and what it counts as sent is
# what the peer received. A frame that is refused whatever the wait (a
# filter dropping it) is counted as a drop once, and the run goes on.
# o2m-timeout: 300
. "$(dirname "$0")/lib.sh"
require_root
require_cmd tc
load_module o2m_source
o2m_tmpdir
setup_ns A B
no_ipv6 "$A" "$B"
"$FRAMES" frame >"$TMP/f"
N=3000

# rx_packets NS DEV
rx_packets() {
	dev_stat "$1" "$2" rx packets
}

# run_to DEV DESC: N frames, unlimited, to DEV (whose peer in B is pDEV);
# nothing dropped, and the peer got every frame counted as sent.
run_to() {
	local dev=$1 before
	src del bp 2>/dev/null
	src add bp dev "$dev" >/dev/null
	queue_frame bp "$TMP/f"
	before=$(rx_packets "$B" "p$dev")
	src start bp $N
	WAIT_FOR_TIMEOUT=60 check "the run of $N ends" wait_for src_idle bp
	check_eq "$2: no drops" "$(src_stat bp drops)" 0
	check_eq "all $N sent" "$(src_stat bp out_frames)" $N
	check_eq "p$dev received what was sent" "$(( $(rx_packets "$B" "p$dev") - before ))" \
		"$(src_stat bp out_frames)"
}

tcA() { ip netns exec "$A" tc "$@"; }

step "tbf whose byte limit is far below the device's queue length"
veth_pair "$A" t0 "$B" pt0
ip -n "$A" link set t0 txqueuelen 1000
# Slower on a debug kernel, so that the source still outruns the shaper:
# 1250 kbit, some 2600 of these frames a second, was once more than the
# source made there (tbf refused none).
tcA qdisc add dev t0 root tbf rate $((5000 / (o2m_slow * o2m_slow)))kbit burst 1600 limit 600
run_to t0 "tbf limit 600 bytes"
check "tbf itself refused frames (they were sent again)" \
	sh -c "[ $(tcA -j -s qdisc show dev t0 | json_get "d[0]['drops']") -gt 0 ]"

step "pfifo limit 10 under a shaper"
veth_pair "$A" t1 "$B" pt1
ip -n "$A" link set t1 txqueuelen 1000
tcA qdisc add dev t1 root handle 1: tbf rate 5mbit burst 1600 limit 100000
tcA qdisc add dev t1 parent 1:1 pfifo limit 10
run_to t1 "pfifo limit 10"

step "fq: 100 frames a flow, paced"
veth_pair "$A" t2 "$B" pt2
ip -n "$A" link set t2 txqueuelen 1000
tcA qdisc add dev t2 root fq flow_limit 100 maxrate 5mbit
run_to t2 "fq flow_limit 100"

step "four transmit queues, each shaped: the frames' own queue pushes back"
ip -n "$A" link add t3 numtxqueues 4 type veth peer name pt3 netns "$B"
ip -n "$A" link set t3 up txqueuelen 16
ip -n "$B" link set pt3 up
tcA qdisc add dev t3 root handle 1: mq
for q in 1 2 3 4; do
	tcA qdisc add dev t3 parent 1:$q tbf rate 5mbit burst 1600 limit 100000
done
# Every CPU sends on the last queue (XPS), so that queue 0 stays empty.
ip netns exec "$A" sh -c 'echo 0 >/sys/class/net/t3/queues/tx-0/xps_cpus &&
	printf %x $(((1 << $(nproc)) - 1)) >/sys/class/net/t3/queues/tx-3/xps_cpus'
run_to t3 "veth numtxqueues 4"
check_eq "the last queue carried them all" \
	"$(tcA -j -s qdisc show dev t3 parent 1:4 | json_get "d[0]['packets']")" $N

step "no qdisc: the peer's backlog is the limit"
veth_pair "$A" t4 "$B" pt4
run_to t4 "veth, noqueue"

step "a filter drops every frame: each counted once, the run ends"
tcA qdisc add dev t4 clsact
tcA filter add dev t4 egress matchall action drop
src del bp
src add bp dev t4 >/dev/null
queue_frame bp "$TMP/f"
src start bp 20
WAIT_FOR_TIMEOUT=30 check "the run of 20 ends" wait_for src_idle bp
check_eq "20 drops" "$(src_stat bp drops)" 20
check_eq "none sent" "$(src_stat bp out_frames)" 0
finish
