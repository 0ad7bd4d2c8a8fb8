#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A sink where frames take other paths than source_sink.sh's: a VLAN tag
# (the core takes it off; a sink reads the offsets the source wrote, with
# the tag put back as a capture shows it), a VLAN device above the
# sink's, the timeval timestamp, frames received on two CPUs at once,
# frames GRO merged (counted as their segments, the sequence whole), and
# the module removed while sinks count.
. "$(dirname "$0")/lib.sh"
require_root
load_module o2m_source
o2m_tmpdir
setup_ns A B
no_ipv6 "$A" "$B"
veth_pair "$A" s0 "$B" r0
r0_mac=$(ip -n "$B" -j link show r0 | json_path 0 address)

# run SRC N SINK TOTAL: N frames from SRC; SINK has TOTAL when it returns.
run() {
	src start "$1" "$2"
	wait_for src_idle "$1" || _fail "the run of $2 from $1 ends"
	wait_for sink_has "$3" "$4" || _fail "$3 saw the run of $2 from $1"
}
# seq_of SINK: (frames, lost, duplicates, late, out_of_range, short)
seq_of() {
	sinkj stats "$1" | json_get "(d['stats']['frames'], d['stats']['lost'], d['stats']['duplicates'], d['stats']['late'], d['stats']['out_of_range'], d['stats']['short'])"
}

step "frames with a VLAN tag: the offsets are the source's"
# dst, src, 802.1Q tag of VLAN 100, ethertype 0x88b5, zeros to 64 bytes.
python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1].replace(":", "") +
	"020000000001" "81000064" "88b5") + bytes(46))' "$r0_mac" >"$TMP/v"
src add v dev s0 pps 20000 >/dev/null
queue_frame v "$TMP/v"
src counter v 0 on offset 34 width 4 next 0
src timestamp v on offset 44 format ns
check "a sink on r0 of the inner ethertype, at the source's offsets" \
	sink add t dev r0 ethertype 0x88b5 counter 34 4 timestamp 44 ns
check "one of the tag's own ethertype" sink add q dev r0 ethertype 0x8100 counter 34 4
check "one of IPv4" sink add ip4 dev r0 ethertype 0x0800
check "one of 802.1ad's tag" sink add ad dev r0 ethertype 0x88a8
check "one whose counter is the tag's VLAN id, bytes 14 and 15, in [99, 101]" \
	sink add tci dev r0 ethertype 0x88b5 counter 14 2 min 99 max 101
run v 200 t 200
check_eq "200 frames, 64 octets each with the tag: in order, none short" \
	"$(seq_of t) $(sink_stat t octets)" "(200, 0, 0, 0, 0, 0) 12800"
check_eq "each with its latency" \
	"$(sinkj stats t | json_get "(d['stats']['latency']['frames'], d['stats']['latency']['invalid'])")" "(200, 0)"
check_eq "the tag's ethertype matches them too" "$(seq_of q)" "(200, 0, 0, 0, 0, 0)"
check_eq "IPv4's none, 802.1ad's none" "$(sink_stat ip4 frames) $(sink_stat ad frames)" "0 0"
check_eq "the VLAN id, read from the tag put back: 100 each time (none out of range), 199 duplicates" \
	"$(seq_of tci)" "(200, 0, 199, 0, 0, 0)"
sink del tci
sink del ad

step "and with a VLAN device above r0, which takes the frames"
ip -n "$B" link add link r0 name r0.100 type vlan id 100
ip -n "$B" link set r0.100 up
check "a sink on r0.100, whose frames have no tag: 4 bytes earlier" \
	sink add u dev r0.100 ethertype 0x88b5 counter 30 4 timestamp 40 ns
vlan_has() { [ "$(ip -n "$B" -j -s link show r0.100 | json_path 0 stats64 rx packets)" -ge 200 ]; }
run v 200 u 200
check "r0.100 received them" vlan_has
check_eq "r0's sink: 200 more, still in order" "$(seq_of t) $(sink_stat t octets)" "(400, 0, 0, 0, 0, 0) 25600"
check_eq "r0.100's: 200, in order, 60 octets each" "$(seq_of u) $(sink_stat u octets)" "(200, 0, 0, 0, 0, 0) 12000"
src del v
sink del q
sink del u

step "a tag the sender's VLAN device adds: the frame as written has none"
"$FRAMES" frame --dst "$r0_mac" --len 60 >"$TMP/f"
ip -n "$A" link add link s0 name s0.100 type vlan id 100
ip -n "$A" link set s0.100 up
src add w dev s0.100 pps 20000 >/dev/null
queue_frame w "$TMP/f"
# Written at 30, on the wire at 34: t's sequence goes on from 400.
src counter w 0 on offset 30 width 4 next 400
src timestamp w on offset 40 format ns
run w 200 t 600
check_eq "r0's sink: 200 more, in order, 64 octets each" "$(seq_of t) $(sink_stat t octets)" \
	"(600, 0, 0, 0, 0, 0) 38400"
check_eq "with their latencies" \
	"$(sinkj stats t | json_get "(d['stats']['latency']['frames'], d['stats']['latency']['invalid'])")" "(600, 0)"
src del w

step "a timeval timestamp"
src add e dev s0 pps 20000 >/dev/null
queue_frame e "$TMP/f"
src counter e 0 on offset 30 width 4 next 0
src timestamp e on offset 40
check "sink add tv: the defaults, a timeval" sink add tv dev r0 ethertype 0x88b5 counter 30 timestamp 40
check_eq "show says timeval" "$(sinkj show tv | json_get "d[0]['timestamp']")" "{'offset': 40, 'format': 'timeval'}"
run e 500 tv 500
sinkj stats tv >"$TMP/tv.json"
check_eq "500 in order" "$(seq_of tv)" "(500, 0, 0, 0, 0, 0)"
check_eq "500 latencies, none invalid" \
	"$(json_get "(d['stats']['latency']['frames'], d['stats']['latency']['invalid'])" <"$TMP/tv.json")" "(500, 0)"
check_eq "0 < min <= mean <= max < 1 s" \
	"$(json_get "(lambda l: 0 < l['min'] <= l['mean'] <= l['max'] < 10**9)(d['stats']['latency'])" <"$TMP/tv.json")" True
check "a sink that takes it for ns" sink add tvns dev r0 ethertype 0x88b5 timestamp 40 ns
run e 10 tvns 10
check_eq "reads a time centuries ahead: 10 invalid" \
	"$(sinkj stats tvns | json_get "(d['stats']['latency']['frames'], d['stats']['latency']['invalid'])")" "(0, 10)"
sink del tvns

step "frames received on two CPUs at once"
if [ "$(nproc)" -lt 2 ]; then
	info "one CPU: skipped"
else
	# Runs of 2 s each, long enough to overlap.
	src add e1 dev s0 pps 10000 >/dev/null
	queue_frame e1 "$TMP/f"
	src timestamp e1 on offset 40
	src set e pps 10000
	check "sink add mc: a timestamp, no counter" sink add mc dev r0 ethertype 0x88b5 timestamp 40
	# softnet_stat's first column: the frames each CPU's backlog processed.
	softnet() {
		local line
		line=$(sed -n "$(($1 + 1))p" /proc/net/softnet_stat)
		echo $((16#${line%% *}))
	}
	rx() { ip -n "$B" -j -s link show r0 | json_path 0 stats64 rx packets; }
	cpu0=$(softnet 0) cpu1=$(softnet 1) rx0=$(rx)
	both_run() { ! src_idle e && ! src_idle e1; }
	# A veth delivers a frame on the CPU that sent it, and a run sends
	# from the CPU that started it.
	taskset -c 0 "$O2MCTL" -n "$A" source start e 20000
	taskset -c 1 "$O2MCTL" -n "$A" source start e1 20000
	check "the two run at once" both_run
	wait_for src_idle e && wait_for src_idle e1 || _fail "the two runs end"
	# A slow kernel's backlog may overflow: what r0 took in is the count.
	arrived() { echo $(($(rx) - rx0)); }
	sink_all() { [ "$(sink_stat mc frames)" = "$(arrived)" ]; }
	check "the sink counts every frame r0 took in" wait_for sink_all
	n=$(arrived)
	check_range "nearly all of the 40000" "$n" 38000 40000
	check_range "CPU 0 received 19000 or more" $(($(softnet 0) - cpu0)) 19000 1000000
	check_range "and CPU 1" $(($(softnet 1) - cpu1)) 19000 1000000
	check_eq "the sum of both CPUs' counters: $n frames, $n latencies in the histogram" \
		"$(sinkj stats mc | json_get "(d['stats']['frames'], d['stats']['latency']['frames'], sum(b['count'] for b in d['stats']['latency']['histogram']), d['stats']['short'])")" \
		"($n, $n, $n, 0)"
	src del e1
	sink del mc
fi

step "GRO: TCP segments merged, counted as their segments"
# Ethernet, IPv4 (DF) 10.0.0.1 > 10.0.0.2, TCP 1000 > 2000 ACK, 100 bytes.
python3 - "$r0_mac" >"$TMP/tcp" <<'EOF'
import struct, sys
def csum(b):
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 140, 0, 0x4000, 64, 6, 0,
                 bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
tcp = struct.pack("!HHIIBBHHH", 1000, 2000, 0, 1, 5 << 4, 0x10, 512, 0, 0)
sys.stdout.buffer.write(bytes.fromhex(sys.argv[1].replace(":", "")) +
                        bytes.fromhex("020000000001") + b"\x08\x00" + ip + tcp + bytes(100))
EOF
src add g dev s0 >/dev/null
queue_frame g "$TMP/tcp"
# The IP ID and the TCP sequence count as a TCP sender's would; the
# sink's counter is in the payload; the checksums are made again.
src counter g 0 on offset 18 width 2 next 0
src counter g 1 on offset 38 width 4 next 1 inc 100
src counter g 2 on offset 54 width 4 next 0
src set g csum on
# A veth merges only with NAPI, which GRO turns on, and only frames from
# a peer that does not segment them itself.
ip netns exec "$A" ethtool -K s0 tso off
ip netns exec "$B" ethtool -K r0 gro on
check "sink add gro: the payload's counter" sink add gro dev r0 ethertype 0x0800 counter 54 4
src start g 20000
wait_for src_idle g || _fail "the run of 20000 ends"
# A slow kernel may fill the veth's ring: the source counts those drops.
sent=$(src_stat g out_frames) dropped=$(src_stat g drops)
check_eq "sent and dropped make the 20000" $((sent + dropped)) 20000
check "what was sent arrives" wait_for sink_has gro "$sent"
sinkj stats gro >"$TMP/gro.json"
info "$(json_get "'%d frames in %d merged ones' % (d['stats']['frames'], d['stats']['merged'])" <"$TMP/gro.json")"
check_eq "in order; what the veth dropped ($dropped), lost" "$(seq_of gro)" "($sent, $dropped, 0, 0, 0, 0)"
check_range "some of them merged" "$(json_path stats merged <"$TMP/gro.json")" 1 9999
src del g
sink del gro

step "the module removed while sinks count"
setup_ns C
check "a sink in another namespace, on a dummy" \
	sh -c "ip -n '$C' link add d0 type dummy && '$O2MCTL' -n '$C' sink add c dev d0"
check "and one more in B for frames from a socket" sink add sock dev r0 ethertype 0x88b5
info "$(sinkj show | json_get "len(d)") sinks in B, 1 in C"
# Frames from a socket, not a source: they go on while the module goes.
ip netns exec "$A" "$FRAMES" send s0 1000000 --dst "$r0_mac" --rate 2000 &
sender=$!
on_exit "kill $sender 2>/dev/null"
check "it counts them" wait_for sink_has sock 100
check "rmmod o2m_source" rmmod o2m_source
check "d0, which a sink watched, deletes at once" timeout 20 ip -n "$C" link del d0
rx() { ip -n "$B" -j -s link show r0 | json_path 0 stats64 rx packets; }
rx_before=$(rx)
rx_more() { [ "$(rx)" -ge $((rx_before + 100)) ]; }
check "r0 receives on" wait_for rx_more
kill "$sender"
wait "$sender" 2>/dev/null
load_module o2m_source
check_eq "loaded again: no sink in either namespace" \
	"$(sinkj show | json_get "len(d)") $("$O2MCTL" -n "$C" -j sink show | json_get "len(d)")" "0 0"

finish
