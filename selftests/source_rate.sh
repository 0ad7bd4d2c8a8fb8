#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The pps limit bounds the rate, low rates and high, changed while running,
# and is met but for the frames of a wake-up later than 4 ms (a loaded
# VM's), which are counted as missed: sent, dropped and missed frames add
# up to the rate; a stall is not made up for. Nothing else runs in a measurement
# window: under emulation a python3 starting up (json_get) delays every
# task of the guest, the source's worker included, by 10 to 40 ms, many
# times over, which cost the two-source step up to 12% of its frames
# (measured beside a sleeper that checks its own lateness: the sleeper saw
# the same stalls). A slow rate does not wake the CPU needlessly. Without a
# limit, the source backs off when the target's queue is full instead of
# dropping (more in source_backpressure.sh).
. "$(dirname "$0")/lib.sh"
require_root
load_module o2m_source
o2m_tmpdir
setup_ns A
no_ipv6 "$A"
ip -n "$A" link add d0 type dummy
ip -n "$A" link set d0 up
"$FRAMES" frame >"$TMP/f"
src add rate dev d0 >/dev/null
queue_frame rate "$TMP/f"

# achieved: on stdin "o2mctl -j source stats", out: frames over elapsed time
achieved() {
	jq_get '.stats | (.out_frames * 1e9 / .elapsed_time) | round'
}
# scheduled: the same, of the frames sent, dropped and missed (given up as
# late): the rate the source kept to, whatever the guest's lateness; then
# the missed frames a second.
scheduled() {
	jq_get '.stats | ((.out_frames + .drops + .missed) * 1e9 / .elapsed_time | round),
		(.missed * 1e9 / .elapsed_time | round)' | paste -sd' '
}

# measure PPS SECONDS: a run of SECONDS at PPS; its stats in $TMP/m.json
measure() {
	src set rate pps "$1"
	src stats rate clear
	src start rate
	# The measurement window.
	sleep "$2"
	src stop rate
	srcj stats rate >"$TMP/m.json"
}

rates="1000 10000 100000"
# Under KASAN and TCG the guest tops out around 10k pps (9.0k to 9.9k
# measured): what cannot be reached says nothing about pacing.
case $(uname -r) in
*-o2m-debug) rates="1000 5000"; info "debug kernel: 10k and 100k pps not measured" ;;
esac
for pps in $rates; do
	step "$pps pps over 3 seconds"
	measure $pps 3
	read -r kept missed < <(scheduled <"$TMP/m.json")
	info "$missed frames a second missed (given up as late)"
	check_range "$pps: sent, dropped and missed add up to the rate (-1% +1%)" "$kept" \
		$((pps * 99 / 100)) $((pps * 101 / 100))
	# Under emulation a wake-up 60 ms late has been seen (941 at 1000).
	check_range "$pps: a late wake-up's frames lost at most (-10% +1%)" \
		"$(achieved <"$TMP/m.json")" $((pps * 90 / 100)) $((pps * 101 / 100))
done

step "a rate below one frame a tick: 7 pps over 3 seconds"
src set rate pps 7
src stats rate clear
src start rate 21
WAIT_FOR_TIMEOUT=10 check "the run of 21 ends" wait_for src_idle rate
check_eq "21 frames, no more" "$(src_stat rate out_frames)" 21
check_range "and it took about 3 seconds (ms)" \
	"$(srcj stats rate | json_get "d['stats']['elapsed_time'] // 1000000")" 2800 3100

step "the rate changes while running"
src set rate pps 1000
src start rate
# Windows of a rate test: half a second at the old rate, then time for the
# new one to settle before the measurement starts.
sleep 0.5
src set rate pps 5000
sleep 0.2
# Frames and elapsed time come from one snapshot in the kernel; both are
# read once the window has closed.
srcj stats rate >"$TMP/s1.json"
sleep 2	# the measurement window
srcj stats rate >"$TMP/s2.json"
src stop rate
read -r n1 t1 < <(json_get "'%d %d' % (d['stats']['out_frames'], d['stats']['elapsed_time'])" <"$TMP/s1.json")
read -r n2 t2 < <(json_get "'%d %d' % (d['stats']['out_frames'], d['stats']['elapsed_time'])" <"$TMP/s2.json")
check_range "the new rate, 5000 pps (-5% +1%)" \
	"$(( (n2 - n1) * 1000000000 / (t2 - t1) ))" 4750 5050

step "no limit, a full queue: the source waits, it does not drop"
ip -n "$A" link set d0 txqueuelen 16
ip netns exec "$A" tc qdisc add dev d0 root tbf rate 1mbit burst 1600 limit 3000
src set rate pps 0
src stats rate clear
src start rate 0
sleep 2	# the measurement window
src stop rate
check_eq "no drops" "$(src_stat rate drops)" 0
# 1 Mbit/s of 60-byte frames is about 2083 frames a second
srcj stats rate >"$TMP/m.json"
check_range "frames went out at the shaper's pace, about 2083 a second" \
	"$(achieved <"$TMP/m.json")" 1500 2700
check_eq "without a limit nothing is missed" "$(jq_get .stats.missed <"$TMP/m.json")" 0

step "a rate change on a stopped source misses nothing"
src stats rate clear
src set rate pps 100
sleep 1	# time in which a running source would have earned frames
src set rate pps 200
check_eq "missed" "$(src_stat rate missed)" 0

step "a limit the target cannot keep up with: what it holds back is counted missed"
measure 5000 2
check_eq "no drops" "$(jq_get .stats.drops <"$TMP/m.json")" 0
read -r kept missed < <(scheduled <"$TMP/m.json")
check_range "sent and missed add up to 5000 a second (-1% +1%)" "$kept" 4950 5050
# 5000 wanted, about 2083 taken
check_range "about 2900 missed a second" "$missed" 2300 3500
step "1 pps wakes the source's CPU about once a second, not a thousand times"
# Local timer interrupts of CPU 1 over 2 seconds, idle and then with a
# source at 1 pps running there. Other work on CPU 1 keeps its tick going
# too (on the debug kernel kmemleak's scan, 250 a second while it runs), so
# a pair of windows that differ by more is measured again, up to 3 times:
# a source woken 1000 times a second adds about 2000 to every pair.
loc() { awk '$1 == "LOC:" { print $3 }' /proc/interrupts; }
ip netns exec "$A" tc qdisc del dev d0 root
src set rate pps 1
for try in 1 2 3; do
	l0=$(loc); sleep 2; l1=$(loc)	# the measurement window
	ip netns exec "$A" taskset -c 1 "$O2MCTL" source start rate
	l2=$(loc); sleep 2; l3=$(loc)	# the measurement window
	src stop rate
	more=$(( (l3 - l2) - (l1 - l0) ))
	info "CPU 1: $((l1 - l0)) timer interrupts idle, $((l3 - l2)) beside the source"
	[ "$more" -le 300 ] && break
done
check_range "beside the source: at most 300 more than idle (try $try of 3)" "$more" -1000 300

step "a stall banks no second's worth of frames"
# The source waits behind a full queue for 2 seconds at 1000 pps; once the
# queue is gone it goes on at 1000 pps, with no burst of what it missed
# (before, a second's worth went at once). The source carries at most 4 ms
# of credit and a frame, 5 frames: it decides to send at most 5 + W frames
# in any W ms. On the wire a frame shows when it reaches the tap, later
# than the decision by as long as the vCPU was held up in between: W ms on
# the wire hold the decisions of W ms and that stall. Under TCG the host
# deschedules the vCPU for milliseconds now and then (a run on 6.12 had 9
# frames in 2 ms: a chunk's last 3 frames reached the tap 3.9 ms after its
# first, just before the next chunk made up for the stall with 5; another
# had 107 in 100 ms). So the bounds allow a stall of 2 ms, 5 + W + 2
# frames, and a pair of windows over them is measured again, up to 3
# times. A credit cap of 10 ms, the most the documentation allows (1% of a
# second), sends 10 or 11 frames at once after the stall, in every try.
stall_ms=2
max2=$((5 + 2 + stall_ms)) max100=$((5 + 100 + stall_ms))
for try in 1 2 3; do
	ip -n "$A" link set d0 txqueuelen 1
	ip netns exec "$A" tc qdisc add dev d0 root tbf rate 8bit burst 1600 limit 3000
	capture_start "$A" d0 "$TMP/stall.pcap"
	src set rate pps 1000
	src start rate
	sleep 2	# the stall
	ip netns exec "$A" tc qdisc del dev d0 root
	sleep 1	# the measurement window
	src stop rate
	capture_stop "$TMP/stall.pcap"
	ip -n "$A" link set d0 txqueuelen 1000
	most=$(python3 -S -c '
import struct, sys
data = open(sys.argv[1], "rb").read()
ts, off = [], 24
while off + 16 <= len(data):
    sec, usec, caplen, _ = struct.unpack_from("<IIII", data, off)
    ts.append(sec + usec / 1e6)
    off += 16 + caplen
def most(win):
    m, j, at = 0, 0, 0
    for i, t in enumerate(ts):
        while ts[j] < t - win:
            j += 1
        if i - j + 1 > m:
            m, at = i - j + 1, j
    return m, at
(m2, at), (m100, _) = most(0.002), most(0.1)
# The densest 2 ms and the frames around it, in us from its first.
near = " ".join("%+d" % round((t - ts[at]) * 1e6) for t in ts[max(at - 3, 0):at + m2 + 3])
print(m2, m100, len(ts), near)' "$TMP/stall.pcap")
	read -r in2ms in100ms all near <<<"$most"
	info "most frames in 2 ms: $in2ms, in 100 ms: $in100ms, frames in all: $all (try $try)"
	info "the densest 2 ms, from its first frame (us): $near"
	[ "$in2ms" -le "$max2" ] && [ "$in100ms" -le "$max100" ] && break
done
check_range "no 2 ms with more than $max2 frames (try $try of 3)" "$in2ms" 1 "$max2"
check_range "no 100 ms with more than $max100 frames (try $try of 3)" "$in100ms" 1 "$max100"

step "two sources at once, each to its own target, and a module unload while they run"
ip -n "$A" link add d1 type dummy
ip -n "$A" link set d1 up
src add other dev d1 pps 500 >/dev/null
queue_frame other "$TMP/f"
src set rate pps 1000
src stats rate clear
src start rate
src start other
sleep 2	# the measurement window
# Snapshots first, read after: python starting up inside the window stalls
# the guest's CPUs for tens of ms under emulation (see the top).
srcj stats rate >"$TMP/rate.json"
srcj stats other >"$TMP/other.json"
srcj show >"$TMP/show.json"
check_eq "both run" "$(json_get "[s['running'] for s in d]" <"$TMP/show.json")" "[True, True]"
read -r kept missed < <(scheduled <"$TMP/rate.json")
check_range "rate kept to 1000 pps, sent and missed (-1% +1%)" "$kept" 990 1010
check_range "rate went to d0 at 1000 pps, a late wake-up's frames aside (-10% +1%)" \
	"$(achieved <"$TMP/rate.json")" 900 1010
read -r kept missed < <(scheduled <"$TMP/other.json")
check_range "other kept to 500 pps, sent and missed (-1% +1%)" "$kept" 495 505
check_range "other went to d1 at 500 pps, a late wake-up's frames aside (-10% +1%)" \
	"$(achieved <"$TMP/other.json")" 450 505
src stop other
check_eq "d1 got exactly other's frames" "$(ip -n "$A" -j -s link show d1 | json_get "d[0]['stats64']['tx']['packets']")" \
	"$(src_stat other out_frames)"
src start other
inA "$O2MCTL" monitor >"$TMP/events" 2>"$TMP/mon.log" &
mon=$!
on_exit "kill $mon"
check "the monitor is listening" wait_for grep -q monitoring "$TMP/mon.log"
check "rmmod o2m_source while both run" rmmod o2m_source
check "the monitor heard both runs stop" wait_for sh -c \
	"grep -q 'source rate: stopped' $TMP/events && grep -q 'source other: stopped' $TMP/events"
check_not "their device nodes are gone" test -e /dev/o2m_source/rate
finish
