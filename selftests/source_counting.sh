#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# o2m_source counts as sent only what the target's qdisc took: a target that
# is down or without carrier cannot be started, a run whose target goes down
# ends with an event, a congested qdisc's NET_XMIT_CN is a drop, and a frame
# longer than the target's MTU allows is refused at start, or ends the run
# (one drop) if the MTU shrank during it. Throughout, what the source says it
# sent is what reached the peer's ingress, and the rest is in its drops.
. "$(dirname "$0")/lib.sh"
require_root
require_cmd tc
load_module o2m_source
o2m_tmpdir
setup_ns A B
no_ipv6 "$A" "$B"
veth_pair "$A" s0 "$B" r0
rmac=$(inB cat /sys/class/net/r0/address)
smac=$(inA cat /sys/class/net/s0/address)
"$FRAMES" frame --dst "$rmac" --src "$smac" --len 100 >"$TMP/f100"
"$FRAMES" frame --dst "$rmac" --src "$smac" --len 1200 >"$TMP/f1200"

inA "$O2MCTL" monitor >"$TMP/events" 2>"$TMP/mon.log" &
mon=$!
on_exit "kill $mon"
check "the monitor is listening" wait_for grep -q monitoring "$TMP/mon.log"

carrier() { [ "$(inA cat /sys/class/net/s0/carrier 2>/dev/null)" = "$1" ]; }
# What arrived: counted at r0's ingress by a matchall filter, not by r0's rx
# counter (a veth's is its peer's transmit count, the same success the
# source counts).
tc -n "$B" qdisc add dev r0 clsact
tc -n "$B" filter add dev r0 ingress matchall action pass
rx() {
	tc -n "$B" -s -j filter show dev r0 ingress |
		jq_get '[.[] | select(.options) | .options.actions[].stats.packets] | add // 0'
}
# sums DESC: what the source counts as sent is what reached r0. (A veth
# tells its caller of every frame it drops, so none is sent and lost; the
# source sends a refused frame again, so s0 may count more drops than the
# source, which counts a frame once, when it gives up on it.)
sums() {
	local out drops got lost
	out=$(src_stat c out_frames)
	drops=$(src_stat c drops)
	got=$(($(rx) - rx0))
	lost=$(($(dev_stat "$A" s0 tx dropped) - lost0))
	info "$1: out_frames $out, drops $drops; r0 received $got, s0 dropped $lost"
	check_eq "$1: what the source sent is what arrived" "$out" "$got"
}
mark() { rx0=$(rx) lost0=$(dev_stat "$A" s0 tx dropped); src stats c clear; }

check "source add c dev s0" src add c dev s0
queue_frame c "$TMP/f100"

step "start refuses a target that is down or has no carrier"
ip -n "$A" link set s0 down
check_err "s0 down" "the target interface is down" src start c 10
ip -n "$A" link set s0 up
ip -n "$B" link set r0 down
check "s0 up, its peer down: no carrier" wait_for carrier 0
check_err "no carrier" "the target interface has no carrier" src start c 10
check_eq "nothing was counted" "$(src_stat c out_frames)/$(src_stat c drops)" 0/0
ip -n "$B" link set r0 up
check "the peer up again: carrier" wait_for carrier 1

step "a run whose target loses its carrier ends, with an event"
mark
src set c pps 2000
check "start, 2000 pps, no end" src start c
check "frames leave" wait_for src_sent c 100
ip -n "$B" link set r0 down
check "the run ends" wait_for src_idle c
check "the monitor says why" wait_for grep -q "source c: target-down" "$TMP/events"
sums "carrier lost"
ip -n "$B" link set r0 up
check "the peer up again: carrier" wait_for carrier 1
mark
check "start again" src start c
check "frames leave" wait_for src_sent c 100
ip -n "$A" link set s0 down
check "s0 taken down: the run ends" wait_for src_idle c
check "with an event" wait_for sh -c "[ \$(grep -c 'source c: target-down' $TMP/events) = 2 ]"
sums "target down"
ip -n "$A" link set s0 up
check "s0 up again: carrier" wait_for carrier 1
src set c pps 0

step "a congested qdisc's NET_XMIT_CN counts as a drop"
# RED under a 4 Mbit/s token bucket: past its thresholds every frame it
# refuses is refused with NET_XMIT_CN, which pfifo-style queues never say.
# On the debug kernel the source did not outpace 4 Mbit/s, no queue built
# and RED dropped nothing: a quarter of the rate there.
rate=$((4000 / o2m_slow))kbit
tc -n "$A" qdisc add dev s0 root handle 1: tbf rate $rate burst 4k latency 200ms
tc -n "$A" qdisc add dev s0 parent 1:1 handle 10: red limit 100000 min 2000 max 6000 \
	avpkt 100 burst 30 probability 1 bandwidth $rate
mark
check "start 5000, no pps limit" src start c 5000
WAIT_FOR_TIMEOUT=30 check "the run ends" wait_for src_idle c
red_drops=$(tc -n "$A" -s -j qdisc show dev s0 | json_get "[q for q in d if q['kind'] == 'red'][0]['drops']")
check_range "RED dropped some" "$red_drops" 1 5000
check_eq "out_frames + drops = 5000" $(($(src_stat c out_frames) + $(src_stat c drops))) 5000
check_eq "the source's drops are RED's" "$(src_stat c drops)" "$red_drops"
arrived() { [ "$(rx)" -ge $((rx0 + $(src_stat c out_frames))) ]; }
check "what it sent arrives" wait_for arrived
sums "RED"
tc -n "$A" qdisc del dev s0 root

step "ECN: a qdisc that marks CE marks the copy it was handed, not the queued frame"
# RED with ecn marks an ECN-capable packet it would drop: INET_ECN_set_ce()
# writes the IP header in place, in whatever skb it was handed. Were that a
# clone of the queued frame, every later send would carry CE.
"$FRAMES" icmp --dst-mac "$rmac" --src-mac "$smac" --src-ip 10.9.9.1 --dst-ip 10.9.9.2 \
	--tos 2 >"$TMP/ect0"
check "source add e dev s0" src add e dev s0
queue_frame e "$TMP/ect0"
# Each send of an ECN-capable frame is a private copy, slower than a clone:
# on the debug kernel the source then did not outpace even 1 Mbit/s with
# these short frames, and RED marked none. A quarter of that there.
ecn_rate=$((4000 / o2m_slow / o2m_slow))kbit
tc -n "$A" qdisc add dev s0 root handle 1: tbf rate $ecn_rate burst 4k latency 200ms
tc -n "$A" qdisc add dev s0 parent 1:1 handle 10: red limit 100000 min 2000 max 6000 \
	avpkt 100 burst 30 probability 1 bandwidth $ecn_rate ecn
check "start 5000, no pps limit" src start e 5000
WAIT_FOR_TIMEOUT=30 check "the run ends" wait_for src_idle e
marked=$(tc -n "$A" -s -j qdisc show dev s0 | json_get "[q for q in d if q['kind'] == 'red'][0]['marked']")
check_range "RED marked some CE" "$marked" 1 5000
tc -n "$A" qdisc del dev s0 root
capture_start "$B" r0 "$TMP/ecn.pcap" icmp
check "then, with no marking qdisc, 20 more" src start e 20
check "they are sent" wait_for src_idle e
capture_stop "$TMP/ecn.pcap"
tcpdump -r "$TMP/ecn.pcap" -nv 2>/dev/null >"$TMP/ecn.txt"
grep -o 'tos 0x[0-9a-f]*,[^ ]*' "$TMP/ecn.txt" | sort | uniq -c | sed 's/^/   | /'
check_eq "all 20 arrived ECT(0), as queued: none CE" \
	"$(grep -c 'tos 0x3,CE,' "$TMP/ecn.txt") CE, $(grep -c 'tos 0x2,ECT(0),' "$TMP/ecn.txt") ECT(0)" \
	"0 CE, 20 ECT(0)"
src del e

step "getclear reads and clears in one step, under a run"
mark
src set c pps 20000
check "start, 20000 pps, no end" src start c
check "frames leave" wait_for src_sent c 200
sum=0
for i in $(seq 20); do
	n=$(srcj stats c getclear | json_path stats out_frames)
	sum=$((sum + n))
done
src stop c
left=$(src_stat c out_frames)
arrived_all() { [ "$(rx)" -ge $((rx0 + sum + left)) ]; }
check "every frame counted has arrived" wait_for arrived_all
info "20 getclear replies: $sum frames; left after the run: $left; arrived: $(($(rx) - rx0))"
check_eq "the replies and what is left add up to what arrived" $((sum + left)) $(($(rx) - rx0))

step "the elapsed time is the monotonic clock's"
mark
src set c pps 100
check "start, 100 pps" src start c
date -s "+1 hour" >/dev/null
elapsed=$(srcj stats c | json_get "d['stats']['elapsed_time'] // 1000000000")
date -s "-1 hour" >/dev/null
src stop c
check_range "the wall clock set an hour ahead: elapsed still seconds" "$elapsed" 0 600

step "a frame longer than the target's MTU allows never counts as sent"
src clrdata c
src stats c clear
queue_frame c "$TMP/f1200"
# MTU + 18 (an Ethernet header and a VLAN tag), as the core forwards.
ip -n "$A" link set s0 mtu 1181
check_err "start refuses a 1200-byte frame at MTU 1181" "longer than the target's MTU allows" \
	src start c 10
check_eq "and counted nothing" "$(src_stat c out_frames)/$(src_stat c drops)" 0/0
ip -n "$A" link set s0 mtu 1182
mark
src set c pps 2000
check "at MTU 1182 it fits: start, 2000 pps" src start c
check "frames leave" wait_for src_sent c 50
ip -n "$A" link set s0 mtu 1000
check "the MTU shrinks under the run: it ends" wait_for src_idle c
check "the monitor says why" wait_for grep -q "source c: too-long" "$TMP/events"
check_eq "with one drop" "$(src_stat c drops)" 1
sums "MTU"
finish
