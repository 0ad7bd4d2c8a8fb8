#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A sink at the other end of a veth counts what a source sent: every frame,
# by the counter the source writes; frames skipped (lost), sent again
# (duplicates) and sent out of order (late), a jump, a stray frame and a
# restarted count, made so by setting the source's counter between runs;
# values out of its range; frames too short; only its ethertype, only what
# the device receives. The latency of each frame from its timestamp, with
# percentiles and a histogram that add up; zeros are no timestamp; the
# longest gap between frames at a known rate. Clear starts it all again;
# every refusal, through o2mctl and raw netlink, changes nothing; a
# namespace's admin may add a sink, 64 at most, others not; a sink
# outlives its device, and a deletion mid-run. A one2many in mode all,
# sending to a one2many on both links, shows as duplicates.
. "$(dirname "$0")/lib.sh"
require_root
require_cmd setpriv
load_module o2m_source
o2m_tmpdir
setup_ns A B
no_ipv6 "$A" "$B"
veth_pair "$A" s0 "$B" r0
src add e dev s0 >/dev/null
"$FRAMES" frame --len 60 >"$TMP/f"
queue_frame e "$TMP/f"
src counter e 0 on offset 30 width 4 next 0
src timestamp e on offset 40 format ns

# send N [NEXT]: N frames, the first with counter value NEXT if given; they
# have all arrived at sink k when it returns.
send() {
	local before
	before=$(sink_stat k frames)
	[ -n "${2:-}" ] && src counter e 0 next "$2"
	src start e "$1"
	wait_for src_idle e || _fail "the run of $1 ends"
	wait_for sink_has k $((before + $1)) || _fail "the sink saw the run of $1"
}
# seq_is DESC "(LOST, DUPLICATES, LATE, RESYNCS, STRAY)": sink k's sequence
# counters come to that (the last frame's may still be on its way).
seq_now() {
	sinkj stats k | json_get "(d['stats']['lost'], d['stats']['duplicates'], d['stats']['late'], d['stats']['resyncs'], d['stats']['stray'])"
}
seq_at() { [ "$(seq_now)" = "$1" ]; }
seq_is() {
	if wait_for seq_at "$2"; then
		_pass "$1"
	else
		_fail "$1" "expected: $2" "actual:   $(seq_now)"
	fi
}

step "a sink of the source's layout"
check "sink add k dev r0 ethertype 0x88b5 counter 30 4 timestamp 40 ns" \
	sink add k dev r0 ethertype 0x88b5 counter 30 4 timestamp 40 ns
check_eq "show says what it watches" "$(sink show k | head -1)" \
	"k: dev r0 ethertype 0x88b5 counter 30 4 min 0 max 4294967295 timestamp 40 ns"
check_eq "the same in JSON" "$(sinkj show | json_get "(d[0]['ifname'], d[0]['ethertype'], d[0]['counter'], d[0]['timestamp'])")" \
	"('r0', 34997, {'offset': 30, 'width': 4, 'min': 0, 'max': 4294967295}, {'offset': 40, 'format': 'ns'})"
check "a sink of another ethertype" sink add ip4 dev r0 ethertype 0x0800
check "one whose counter lies past the frames' end" sink add short dev r0 counter 100 2
check "one whose timestamp is where the frames have zeros" sink add zero dev r0 timestamp 50 ns
check "one of every ethertype on the sending end" "$O2MCTL" -n "$A" sink add tx dev s0

step "1000 frames in order"
src set e pps 20000
send 1000
sinkj stats k >"$TMP/k.json"
check_eq "1000 frames, 60000 octets" "$(json_get "(d['stats']['frames'], d['stats']['octets'])" <"$TMP/k.json")" "(1000, 60000)"
seq_is "none lost, duplicated, late, restarted or stray" "(0, 0, 0, 0, 0)"
check_eq "each with a latency, none invalid" \
	"$(json_get "(d['stats']['latency']['frames'], d['stats']['latency']['invalid'])" <"$TMP/k.json")" "(1000, 0)"
check_eq "0 < min <= p50 <= p99 <= p99.9 <= max, the mean within" "$(json_get "(lambda l: 0 < l['min'] <= l['p50'] <= l['p99'] <= l['p999'] <= l['max'] and l['min'] <= l['mean'] <= l['max'])(d['stats']['latency'])" <"$TMP/k.json")" True
check_eq "the histogram's buckets hold the 1000, each [low, high), in order" "$(json_get "(lambda h: sum(b['count'] for b in h) == 1000 and all(b['low'] < b['high'] for b in h) and all(a['high'] <= b['low'] for a, b in zip(h, h[1:])))(d['stats']['latency']['histogram'])" <"$TMP/k.json")" True
check_eq "min and max fall in its first and last buckets" "$(json_get "(lambda l: l['histogram'][0]['low'] <= l['min'] < l['histogram'][0]['high'] and l['histogram'][-1]['low'] <= l['max'] < l['histogram'][-1]['high'])(d['stats']['latency'])" <"$TMP/k.json")" True
info "$(sink stats k | grep -E 'latency|p50')"
check_eq "the IPv4 sink matched none" "$(sink_stat ip4 frames)" 0
check_eq "the sink on the sending end matched none" \
	"$("$O2MCTL" -n "$A" -j sink stats tx | json_path stats frames)" 0
check_eq "the sink whose counter lies past the frames: all short, none matched" \
	"$(sinkj stats short | json_get "(d['stats']['short'], d['stats']['frames'])")" "(1000, 0)"
check_eq "the one that reads zeros as a timestamp: 1000 invalid, no latency" \
	"$(sinkj stats zero | json_get "(d['stats']['latency']['invalid'], d['stats']['latency']['frames'])")" "(1000, 0)"

step "5 values skipped: lost; 3 sent again: duplicates; 4 skipped then sent: late"
send 10 1005
seq_is "5 lost" "(5, 0, 0, 0, 0)"
send 3 1012
seq_is "3 duplicates" "(5, 3, 0, 0, 0)"
send 2 1019
seq_is "4 more lost (1015..1018)" "(9, 3, 0, 0, 0)"
send 4 1015
seq_is "which came late: lost 5 again" "(5, 3, 4, 0, 0)"
send 1 1021
seq_is "in order again" "(5, 3, 4, 0, 0)"

step "far values: a jump the next frame follows, a stray frame it does not"
send 2 3022
seq_is "a jump of 2000 the next follows: 2000 lost" "(2005, 3, 4, 0, 0)"
send 2 3020
seq_is "2 of them came late after all" "(2003, 3, 6, 0, 0)"
send 1 100
send 2 3024
seq_is "100 in between, not followed: a stray frame, nothing else changes" "(2003, 3, 6, 0, 1)"
send 5 3000000000
seq_is "half the range and more ahead, followed: a restart, nothing lost" "(2003, 3, 6, 1, 1)"

step "clear"
check "sink clear k" sink clear k
check_eq "every counter is 0" "$(sinkj stats k | json_get "sorted(set(v for k, v in d['stats'].items() if k != 'latency') | set(v for k, v in d['stats']['latency'].items() if k != 'histogram')), d['stats']['latency']['histogram']")" "([0], [])"
send 5 77
seq_is "and the sequence starts at the next frame" "(0, 0, 0, 0, 0)"
check_eq "5 frames and 5 latencies since: each CPU's counters started again" \
	"$(sinkj stats k | json_get "(d['stats']['frames'], d['stats']['latency']['frames'])")" "(5, 5)"

step "a counter in a range, and a value out of it"
check "sink add r dev r0 ethertype 0x88b5 counter 32 2 min 10 max 20" \
	sink add r dev r0 ethertype 0x88b5 counter 32 2 min 10 max 20
send 12 15
check_eq "15..20 then 21..26: 6 out of range" "$(sink_stat r out_of_range)" 6
src counter e 0 min 10 max 20 next 20
send 3
src counter e 0 min 0 max 4294967295
check_eq "20 (seen: a duplicate), then 10, 11: wrapped at max, nothing lost" \
	"$(sinkj stats r | json_get "(d['stats']['lost'], d['stats']['duplicates'], d['stats']['out_of_range'])")" "(0, 1, 6)"
sink del r
check "sink add odd: a counter of 3001 values" sink add odd dev r0 ethertype 0x88b5 counter 30 4 max 3000
send 1 0
send 2 1501
check_eq "a jump of 1501, just under half of it, followed: 1500 lost, no restart" \
	"$(sinkj stats odd | json_get "(d['stats']['lost'], d['stats']['resyncs'])")" "(1500, 0)"
sink del odd

step "the longest gap, at 100 frames a second"
src set e pps 100
sink clear k
send 20
gap=$(sink_stat k gap_max)
info "gap max $gap ns"
check_range "at least the mean gap, 10 ms, and under a second" "$gap" 9500000 999999999
src set e pps 20000

step "what a sink refuses"
check_err "a name taken" "a sink of that name exists" sink add k dev r0
check_err "no such device" "no such interface in the sink's namespace" sink add n dev nothere
check_err "not Ethernet" "a sink watches an Ethernet interface" sink add n dev lo
check_err "a max past the width (usage)" "max 256 does not fit in 1 bytes (at most 255)" sink add n dev r0 counter 30 1 max 256
check_err "min above max (usage)" "min 9 is above max 8" sink add n dev r0 counter 30 1 min 9 max 8
check_err "an ethertype below 0x0600 (usage)" "ethertype 0x05ff is too small (at least 1536)" sink add n dev r0 ethertype 0x05ff
check_err "no device (usage)" "say which interface it watches" sink add n counter 30
check_err "a bad name" "is not a sink name" sink add a/b dev r0
GENL=$O2M_TOP/selftests/genl.py
# Numbers from include/uapi/linux/o2m_source.h
SET=4 SINK_ADD=16 SINK_DEL=17 SINK_CLR=19
A_NAME=1 A_IFNAME=3 A_PPS=4 A_COUNTER=12 A_ETHERTYPE=15 A_SINK_STATS=16
CTR_A_INDEX=1 CTR_A_OFFSET=2 CTR_A_MIN=6 CTR_A_MAX=7 CTR_A_INCREMENT=8 TS_A_FLAGS=2 A_TIMESTAMP=11
raw() { ip netns exec "$B" "$GENL" o2m_source "$@"; }
ADD_N="$SINK_ADD $A_NAME:str:n $A_IFNAME:str:r0"
check_err "the kernel: an ethertype below 0x0600" "an ethertype is 0x0600 or more" raw $ADD_N $A_ETHERTYPE:u16:256
check_err "the kernel: a counter that counts by 2" "a sink follows a counter that counts up by one" \
	raw $ADD_N "$A_COUNTER:nest:[$CTR_A_OFFSET:u32:30;$CTR_A_INCREMENT:s32:2]"
check_err "the kernel: a source counter's index" "a sink's counter has an offset, a width, a min and a max only" \
	raw $ADD_N "$A_COUNTER:nest:[$CTR_A_INDEX:u8:0;$CTR_A_OFFSET:u32:30]"
check_err "the kernel: a counter without its offset" "say where the counter is" \
	raw $ADD_N "$A_COUNTER:nest:[$CTR_A_MIN:u32:3]"
check_err "the kernel: min above max" "a counter's min must not be above its max" \
	raw $ADD_N "$A_COUNTER:nest:[$CTR_A_OFFSET:u32:30;$CTR_A_MIN:u32:9;$CTR_A_MAX:u32:8]"
check_err "the kernel: a range of 2 values" "a sink's counter takes 3 values at least" \
	raw $ADD_N "$A_COUNTER:nest:[$CTR_A_OFFSET:u32:30;$CTR_A_MIN:u32:8;$CTR_A_MAX:u32:9]"
check_err "the kernel: a timestamp's flags" "a sink's timestamp has an offset and a format only" \
	raw $ADD_N "$A_TIMESTAMP:nest:[$TS_A_FLAGS:u32:1]"
check_err "the kernel: statistics in a request" "statistics are read only" raw $ADD_N $A_SINK_STATS:hex:00000000
check_err "the kernel: a source's setting" "this command does not take that attribute" raw $ADD_N $A_PPS:u32:5
check_err "the kernel: no interface" "say which interface the sink watches" raw $SINK_ADD $A_NAME:str:n
check_err "the kernel: a bad name" "a sink name is ASCII letters" raw $SINK_ADD $A_NAME:str:a/b $A_IFNAME:str:r0
check_err "the kernel: del with more than a name" "this command does not take that attribute" \
	raw $SINK_DEL $A_NAME:str:k $A_IFNAME:str:r0
check_err "and a source's command an ethertype" "this command does not take that attribute" \
	"$GENL" o2m_source $SET $A_NAME:str:e $A_ETHERTYPE:u16:2048
check_eq "none of them was made, nor k deleted" "$(sinkj show | json_get "[s['name'] for s in d]")" "['k', 'ip4', 'short', 'zero']"
check_err "del of none" "no sink of that name" sink del n

step "a namespace's admin adds sinks there, 64 at most; others may only read"
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
check_err "nobody may not add" "Operation not permitted" \
	ip netns exec "$B" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$O2MCTL" sink add n dev r0
check_err "nor delete" "Operation not permitted" \
	ip netns exec "$B" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$O2MCTL" sink del k
check_err "nor clear" "Operation not permitted" \
	ip netns exec "$B" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$O2MCTL" sink clear k
check_err "nor the root of a user namespace of its own, in a network namespace it does not own" \
	"Operation not permitted" ip netns exec "$B" setpriv --reuid=65534 --regid=65534 \
	--clear-groups --inh-caps=-all unshare -Ur "$O2MCTL" sink del k
check "but may read" ip netns exec "$B" setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all "$O2MCTL" sink show k
check "nobody's own user and network namespace: a sink on its dummy" \
	nobody unshare -Urn sh -c "ip link add z0 type dummy && '$O2MCTL' sink add z dev z0 && '$O2MCTL' sink show z"
ip -n "$B" link add d1 type dummy
for i in $(seq 5 64); do sink add "m$i" dev d1 >/dev/null || break; done
check_eq "64 sinks" "$(sinkj show | json_get "len(d)")" 64
check_err "a 65th is refused" "the most it may" sink add m65 dev d1

step "a sink outlives its device, and keeps its counters"
ip -n "$B" link del d1
check_eq "the dummy's sinks watch nothing" "$(sinkj show m5 | json_get "d[0]['ifname']")" None
check "they can be deleted" sink del m5

step "a sink deleted while its frames arrive"
check "sink add live dev r0" sink add live dev r0 ethertype 0x88b5 counter 30 4
src start e
check "it counts" wait_for sink_has live 100
k_before=$(sink_stat k frames)
check "sink del live, mid-run" sink del live
check "k, on the same device, counts on" wait_for sink_has k $((k_before + 100))
src stop e

step "a sink whose device leaves the namespace"
ip -n "$B" link set r0 netns "$A"
ip -n "$A" link set r0 up
check_eq "r0 gone to another namespace: k watches nothing" "$(sinkj show k | json_get "d[0]['ifname']")" None
check "a sink on r0 there" "$O2MCTL" -n "$A" sink add moved dev r0 ethertype 0x88b5
k_before=$(sink_stat k frames)
moved_has() { [ "$("$O2MCTL" -n "$A" -j sink stats moved | json_path stats frames)" = "$1" ]; }
# Once s0 has its carrier back, with r0 up again.
check "50 frames to r0" wait_for src start e 50
wait_for src_idle e || _fail "the run of 50 ends"
check "arrive at r0's new sink" wait_for moved_has 50
check_eq "and k counted none: it keeps what it had" "$(sink_stat k frames)" "$k_before"

step "one2many in mode all to a receiver on both links: each frame twice, as duplicates"
load_module one2many
setup_ns C D
no_ipv6 "$C" "$D"
ip -n "$C" link add o2m0 type one2many
ip -n "$D" link add o2m1 type one2many
for i in 0 1; do
	ip -n "$C" link add "v$i" type veth peer name "p$i" netns "$D"
	ip -n "$C" link set "v$i" master o2m0
	ip -n "$D" link set "p$i" master o2m1
	ip -n "$D" link set "p$i" up
done
ip -n "$C" link set o2m0 up
ip -n "$D" link set o2m1 up
"$O2MCTL" -n "$C" link set o2m0 mode all
"$O2MCTL" -n "$C" source add dup dev o2m0 pps 1000 >/dev/null
queue_frame dup "$TMP/f"
"$O2MCTL" -n "$C" source counter dup 0 on offset 30 width 4 next 0
check "a sink on the receiving one2many" "$O2MCTL" -n "$D" sink add both dev o2m1 ethertype 0x88b5 counter 30 4
both_has() { [ "$("$O2MCTL" -n "$D" -j sink stats both | json_path stats frames)" = "$1" ]; }
# Once o2m0 has its carrier, from its links'.
check "100 frames from a source on the sending one2many" wait_for "$O2MCTL" -n "$C" source start dup 100
check "200 arrive: one through each link" wait_for both_has 200
check_eq "100 of them duplicates, none lost or late" \
	"$("$O2MCTL" -n "$D" -j sink stats both | json_get "(d['stats']['duplicates'], d['stats']['lost'], d['stats']['late'], d['stats']['stray'])")" \
	"(100, 0, 0, 0)"

finish
