#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# o2mctl as a user meets it: source watch's live rates, source load's
# progress, error messages that name the object and give the kernel's
# reason, and the bash completion in tools/completion/o2mctl.
. "$(dirname "$0")/lib.sh"
require_root
require_cmd python3
load_module one2many
load_module o2m_source
o2m_tmpdir
setup_ns A
no_ipv6 "$A"
ip -n "$A" link add d0 type dummy
ip -n "$A" link add d1 type dummy
ip -n "$A" link set d0 up
ip -n "$A" link add o2m0 type one2many || { _fail "ip link add o2m0 type one2many"; finish; }
o2m link add o2m0 d1 id 0 >/dev/null
"$FRAMES" frame >"$TMP/f"
flen=$(stat -c %s "$TMP/f")
src add w dev d0 pps 1000 >/dev/null
queue_frame w "$TMP/f"

# watch_field FILE FIELD: FIELD (awk's numbering) of each interval line of a
# "source watch" output, one a line. A line reads
#   w: 1.000 s  1001 frames  1000 frames/s  0.480 Mbit/s  0 drops  running
interval_lines() { grep -v ' average$' "$1"; }
field() { awk -v f="$2" '{ print $f }' "$1"; }

# The run lasts RUN seconds (longer on a slow kernel), and the watch starts
# some time into it (o2mctl's start: most of a second under TCG, more on the
# debug kernel): how many lines it prints follows from when the first came.
RUN=$((5 * o2m_slow))
step "source watch: a line a second while a ${RUN}-second run at 1000 pps goes on"
src stats w clear
src start w $((1000 * RUN))
src watch w >"$TMP/watch" 2>&1
check_eq "it exits 0 when the run ends" $? 0
sed 's/^/   | /' "$TMP/watch"
interval_lines "$TMP/watch" >"$TMP/intervals"
check "every line names the source" sh -c "! grep -v '^w: ' $TMP/watch"
grep ' running$' "$TMP/intervals" >"$TMP/running"
first=$(head -1 "$TMP/running" | awk '{ printf "%d", $2 }')
info "the first line at ${first} s of the run"
check_range "a line each second from then on while it runs" "$(wc -l <"$TMP/running")" \
	$((RUN - first - 1)) $((RUN - first + 1))
check_range "then one when it ended" "$(($(wc -l <"$TMP/intervals") - $(wc -l <"$TMP/running")))" 1 1
# The mean spacing: o2mctl sleeps to deadlines a second apart, so one late
# wake-up is made up by the next.
check_range "a second between lines, on average (ms of the run)" \
	"$(awk 'NR == 1 { t = $2 } { n = NR; l = $2 } END { printf "%d", (n > 1 ? (l - t) * 1000 / (n - 1) : 0) }' "$TMP/running")" 950 1050
# What watch says is held to the counters it read, not to the 1000 pps
# asked for: whether the source kept its rate is source_rate.sh's question
# (on the debug kernel, with the host losing CPU time to steal, it sent 775
# a second, and watch said so). Each interval's rate is its frames over its
# time, both printed cumulative (its first from a snapshot not printed),
# the times to the ms: the interval is known to 1 ms either way (the last
# one, as the run ends, may be 5 ms long), the rate to 1 frame/s.
check "each interval's frames/s is its frames over its seconds" awk '
	NR > 1 {
		n = $4 - f; dt = $2 - t
		lo = n / (dt + 0.001) - 1; hi = dt > 0.001 ? n / (dt - 0.001) + 1 : $6
		if ($6 < lo || $6 > hi) {
			printf "line %d: %s frames/s, %.1f..%.1f by its counts\n", NR, $6, lo, hi; bad = 1
		}
	}
	{ t = $2; f = $4 }
	END { exit bad }' "$TMP/intervals"
# Both are rounded: kbit/s from Mbit/s, and from frames/s times the frame size.
check_range "Mbit/s agrees with frames/s and the frame size (kbit/s apart)" \
	"$(head -1 "$TMP/running" |
		awk -v l="$flen" '{ d = $8 * 1000 - $6 * l * 8 / 1000; printf "%d", d < 0 ? -d : d }')" 0 1
check_eq "the last interval line says idle" "$(tail -1 "$TMP/intervals" | field /dev/stdin 12)" idle
tail -1 "$TMP/watch" >"$TMP/avg"
check "a final line with the run's average" grep -q ' idle  average$' "$TMP/avg"
check_eq "it counts all $((1000 * RUN)) frames" "$(field "$TMP/avg" 4)" $((1000 * RUN))
# The average is over what was watched: a mean of the intervals' rates.
check "the average lies between the slowest and the fastest interval" awk -v a="$(field "$TMP/avg" 6)" '
	NR == 1 || $6 < lo { lo = $6 } NR == 1 || $6 > hi { hi = $6 }
	END { if (a < lo - 1 || a > hi + 1) { print a " not in " lo ".." hi; exit 1 } }' "$TMP/intervals"
ms=$((($(src_stat w elapsed_time) + 500000) / 1000000))
check_range "and the run's time is the source's (ms)" "$(awk '{ printf "%d", $2 * 1000 + 0.5 }' "$TMP/avg")" \
	$((ms - 1)) $((ms + 1))
check_eq "no drops" "$(field "$TMP/avg" 10)" 0

step "-j source watch: one JSON object a line"
src stats w clear
src start w 3000
srcj watch w interval 0.5 >"$TMP/watch.json" 2>&1
check_eq "it exits 0 when the run ends" $? 0
sed 's/^/   | /' "$TMP/watch.json"
jl() { python3 -S -c 'import json, sys; d = [json.loads(l) for l in open(sys.argv[1])]; print(eval(sys.argv[2]))' "$TMP/watch.json" "$1"; }
check "every line parses as JSON" jl len
check_range "one object per half second" "$(jl "len([o for o in d if not o['average']])")" 3 7
check_range "half a second apart (ms of the run)" \
	"$(jl "[o['elapsed_time'] // 1000000 for o in d if o['state'] == 'running'][1] - d[0]['elapsed_time'] // 1000000")" 450 550
check_eq "the fields" "$(jl "sorted(d[0])")" \
	"['average', 'drops', 'elapsed_time', 'frames_per_s', 'mbit_per_s', 'name', 'out_frames', 'out_octets', 'state']"
check_eq "each object's frames/s is its frames over its time (from the first object on)" \
	"$(jl "[i for i in range(1, len(d) - 1) if abs(d[i]['frames_per_s'] - (d[i]['out_frames'] - d[i - 1]['out_frames']) * 1e9 / (d[i]['elapsed_time'] - d[i - 1]['elapsed_time'])) > 1 + d[i]['frames_per_s'] / 100]")" "[]"
check_eq "the last object: the average of the finished run" \
	"$(jl "(d[-1]['average'], d[-1]['state'], d[-1]['name'], d[-1]['out_frames'])")" "(True, 'idle', 'w', 3000)"
check_eq "its rate lies between the objects' (JSON's rounding apart)" \
	"$(jl "min(o['frames_per_s'] for o in d[:-1]) - 0.01 <= d[-1]['frames_per_s'] <= max(o['frames_per_s'] for o in d[:-1]) + 0.01")" True

step "watch on an idle source: one line, at once"
src watch w >"$TMP/idle" 2>&1
check_eq "exit 0" $? 0
sed 's/^/   | /' "$TMP/idle"
check_eq "one line" "$(wc -l <"$TMP/idle")" 1
check "its counters, rate 0, idle" grep -qx 'w: [0-9.]* s  3000 frames  0 frames/s  0.000 Mbit/s  0 drops  idle' "$TMP/idle"

step "watch ends cleanly on SIGINT"
src start w 0
ip netns exec "$A" "$O2MCTL" source watch w interval 0.2 >"$TMP/int" 2>&1 &
pid=$!
on_exit "kill $pid"
WAIT_FOR_TIMEOUT=10 check "three lines while running" wait_for sh -c "[ \$(grep -c ' running\$' $TMP/int) -ge 3 ]"
kill -INT $pid
wait $pid
check_eq "exit 0" $? 0
src stop w
sed 's/^/   | /' "$TMP/int"
check_range "lines before it" "$(grep -c ' running$' "$TMP/int")" 3 20
check "then the average, still running" sh -c "tail -1 $TMP/int | grep -q ' running  average\$'"

if command -v script >/dev/null; then
	step "on a terminal, one line rewritten in place"
	src start w 0
	script -qec "ip netns exec $A $O2MCTL source watch w interval 0.3" /dev/null >"$TMP/tty" &
	pid=$!
	on_exit "kill $pid"
	# A run stopped by hand ends the watch as one that finishes does.
	WAIT_FOR_TIMEOUT=10 check "three lines rewritten" wait_for sh -c "[ \$(tr -cd '\r' <$TMP/tty | wc -c) -ge 3 ]"
	src stop w
	wait $pid
	check_eq "exit 0" $? 0
	check_eq "a single line ends (the average)" "$(tr -cd '\n' <"$TMP/tty" | wc -c)" 1
	check_range "rewritten with carriage returns" "$(tr -cd '\r' <"$TMP/tty" | wc -c)" 4 50
	check "each cleared to its end" grep -q $'\e\\[K' "$TMP/tty"
	check "what stays is the average" sh -c "tr '\r' '\n' <$TMP/tty | grep -v '^\$' | tail -1 | grep -q 'idle  average'"
else
	info "no script(1): the terminal output is not checked"
fi

step "watch on a source that does not exist"
check_err "names it and gives the kernel's reason" \
	"o2mctl: source watch nosuch: no source of that name (No such file or directory)" src watch nosuch
src watch nosuch >/dev/null 2>&1
check_eq "exit 1" $? 1
check_err "a bad interval names the source" 'source watch w: interval "0" is not' src watch w interval 0

step "source load: progress on request"
python3 -S - "$TMP/big.pcap" 20000 <<'EOF'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for i in range(int(sys.argv[2])):
        frame = b"\xff" * 6 + b"\x02" * 6 + b"\x88\xb5" + struct.pack("!I", i) + bytes(42)
        f.write(struct.pack("<IIII", i, 0, len(frame), len(frame)) + frame)
EOF
src add ld >/dev/null
src load ld "$TMP/big.pcap" progress >"$TMP/load.out" 2>"$TMP/load.err"
check_eq "exit 0" $? 0
sed 's/^/   | /' "$TMP/load.err"
check "it starts at 0" grep -qx "loading $TMP/big.pcap: 0/20000 frames (0%)" "$TMP/load.err"
check "it ends at all of them" grep -qx "loading $TMP/big.pcap: 20000/20000 frames (100%)" "$TMP/load.err"
check "then the summary" grep -Eqx "loaded $TMP/big.pcap: 20000 frames \(1200000 bytes\) in [0-9]+\.[0-9]+ s" "$TMP/load.err"
secs=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' "$TMP/load.err")
check_range "at most 10 progress lines a second" "$(grep -c '^loading ' "$TMP/load.err")" 2 \
	"$(awk -v s="$secs" 'BEGIN { printf "%d", s * 10 + 3 }')"
check "every progress line is N/M frames (P%)" \
	sh -c "! grep '^loading ' $TMP/load.err | grep -Ev '^loading [^ ]*: [0-9]+/20000 frames \\([0-9]+%\\)\$'"
check_eq "stdout as ever" "$(cat "$TMP/load.out")" "20000 frames queued on ld"
check_eq "all queued" "$(src_stat ld queue_frames)" 20000
src clrdata ld
src load ld "$TMP/big.pcap" >"$TMP/load.out" 2>"$TMP/load.err"
check_eq "without progress, and stderr no terminal: nothing on stderr" "$(cat "$TMP/load.err")" ""
check_eq "and stdout as ever" "$(cat "$TMP/load.out")" "20000 frames queued on ld"
src clrdata ld
if command -v script >/dev/null; then
	script -qec "ip netns exec $A $O2MCTL source load ld $TMP/big.pcap" /dev/null >"$TMP/load.tty"
	check "on a terminal it shows progress unasked" grep -q $'\rloaded '"$TMP/big.pcap: 20000 frames" "$TMP/load.tty"
	src clrdata ld
fi
check_err "a word it does not know" 'source load ld: unexpected "fast" (progress, gaps)' src load ld "$TMP/big.pcap" fast
check_err "a word twice" 'source load ld: unexpected "gaps" (progress, gaps)' src load ld "$TMP/big.pcap" gaps gaps

step "source load gaps: each frame keeps the time since the one before"
# A nanosecond pcap (FILE SECONDS,NANOSECONDS...): the gaps 1000001 and
# 1999999 ns; a frame stamped before the latest (0, counted); then 7 ms
# from the latest stamp: 10 ms from first to last, the capture's span.
pcap_ns() {
	python3 -S - "$@" <<'EOF2'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1))
    for i, t in enumerate(sys.argv[2:]):
        sec, ns = map(int, t.split(","))
        frame = b"\xff" * 6 + b"\x02" * 6 + b"\x88\xb5" + struct.pack("!I", i) + bytes(42)
        f.write(struct.pack("<IIII", sec, ns, len(frame), len(frame)) + frame)
EOF2
}
pcap_ns "$TMP/gaps.pcap" 100,0 100,1000001 100,3000000 100,2500000 100,10000000
src clrdata ld
src load ld "$TMP/gaps.pcap" gaps >"$TMP/load.out" 2>"$TMP/load.err"
check_eq "exit 0" $? 0
check_eq "the summary gives the span" "$(cat "$TMP/load.out")" \
	"5 frames queued on ld, 0.010000 s apart from first to last"
check_eq "the frame stamped earlier is told of" "$(cat "$TMP/load.err")" \
	"o2mctl: source load ld: 1 of the frames were stamped before the frame before them, and are queued with a gap of 0"
check_eq "queue_duration: the sum of the gaps, to the ns" "$(src_stat ld queue_duration)" 10000000
check "stats says so" sh -c "ip netns exec $A $O2MCTL source stats ld | grep -q 'queue: 5 frames 300 octets, gaps 0.010000 s'"
src clrdata ld
srcj load ld "$TMP/gaps.pcap" gaps >"$TMP/load.json" 2>/dev/null
check_eq "-j: duration and earlier" \
	"$(json_get "'%d %d %d' % (d['frames'], d['duration'], d['earlier'])" <"$TMP/load.json")" "5 10000000 1"
src clrdata ld
src load ld "$TMP/gaps.pcap" >/dev/null
check_eq "without gaps: none kept" "$(src_stat ld queue_duration)" 0
src clrdata ld
pcap_ns "$TMP/hour.pcap" 0,0 1,0 3602,0 3603,0
check_err "a gap of more than an hour: a file is read whole first" \
	"source load ld: $TMP/hour.pcap: frame 3 comes 3601.000 s after the one before: a gap is at most an hour (nothing queued)" \
	src load ld "$TMP/hour.pcap" gaps
check_eq "and nothing is queued" "$(src_stat ld queue_frames) $(src_stat ld queue_duration)" "0 0"
check_err "stdin from a file is read whole first too" \
	"source load ld: -: frame 3 comes 3601.000 s after the one before: a gap is at most an hour (nothing queued)" \
	sh -c "ip netns exec $A $O2MCTL source load ld - gaps <$TMP/hour.pcap"
check_eq "and nothing is queued" "$(src_stat ld queue_frames) $(src_stat ld queue_duration)" "0 0"
check_err "from a pipe, read once, it is found on the way" \
	"source load ld: frame 3 of - comes 3601.000 s after the one before, after 2 queued: a gap is at most an hour" \
	sh -c "cat $TMP/hour.pcap | ip netns exec $A $O2MCTL source load ld - gaps"
check_eq "the frames before it stay queued" "$(src_stat ld queue_frames) $(src_stat ld queue_duration)" \
	"2 1000000000"
src clrdata ld
# A capture whose last record is 13 bytes: refused whole, nothing queued.
python3 -S - "$TMP/short.pcap" <<'EOF2'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for frame in (b"\xff" * 6 + b"\x02" * 6 + b"\x88\xb5" + bytes(46), b"\xff" * 13):
        f.write(struct.pack("<IIII", 1, 0, len(frame), len(frame)) + frame)
EOF2
check_err "a frame shorter than an Ethernet header" \
	"source load ld: $TMP/short.pcap: frame 2 is 13 bytes, shorter than an Ethernet header (14) (nothing queued)" \
	src load ld "$TMP/short.pcap"
check_eq "nothing is queued" "$(src_stat ld queue_frames)" 0

step "errors name the object and give the kernel's reason"
check_eq "an unknown device: the whole message" "$(o2m link set nosuch0 mode all 2>&1)" \
	"o2mctl: link set nosuch0: no such device (No such device)"
check_err "a device that is not one2many" "stats d0: not a one2many device" o2m stats d0
check_err "link show of an unknown device" "link show nosuch0: no such device" o2m link show nosuch0
check_err "a link that does not exist" "stats o2m0 link 7: no link with that number" o2m stats o2m0 7
check_err "releasing one" "link del o2m0 9: no link with that number" o2m link del o2m0 9
check_err "enabling one" "link enable o2m0 5: no link with that number" o2m link enable o2m0 5
check_err "a link number out of range" 'link enable o2m0: "64" is not a link number (0..63)' \
	o2m link enable o2m0 64
o2m link enable o2m0 64 >/dev/null 2>&1
check_eq "is a usage error (exit 2)" $? 2
check_err "a link id out of range on add" 'link add o2m0 d0: "99" is not a link number' o2m link add o2m0 d0 id 99
check_err "a bad mode names the device" 'link set o2m0: unknown mode "x"' o2m link set o2m0 mode x
check_err "an unknown source" "source start nosuch: no source of that name (No such file or directory)" \
	src start nosuch 1
check_err "its stats" "source stats nosuch: no source of that name" src stats nosuch
check_err "loading into it" "source load nosuch: no source of that name" src load nosuch "$TMP/big.pcap"
check_err "an unknown target names it too" \
	"source add t9 dev nosuch0: no such interface in the source's namespace (No such device)" \
	src add t9 dev nosuch0
check_err "a counter index" "source counter w 9: a counter's index is 0..3" src counter w 9 on
check_err "a bad number names the source" 'source set w: pps "fast" is not a number' src set w pps fast
check_err "a full queue" "source load ld: frame 2 of $TMP/big.pcap (60 bytes), after 1 queued: the queue is full" \
	sh -c "ip netns exec $A $O2MCTL source set ld limit 1000 && ip netns exec $A $O2MCTL source load ld $TMP/big.pcap"

step "devices named as words of the commands: dev NAME"
# A link whose name starts with a digit, and a device named stats.
ip -n "$A" link add 0d type dummy
check "link add takes 0d as a name" o2m link add o2m0 0d id 5
check "link disable o2m0 dev 0d" o2m link disable o2m0 dev 0d
check_eq "it is disabled" "$(o2m -j link show o2m0 | json_get "[l['enabled'] for l in d[0]['links'] if l['ifname'] == '0d']")" \
	"[False]"
check "link enable o2m0 dev 0d" o2m link enable o2m0 dev 0d
check_eq "it is enabled" "$(o2m -j link show o2m0 | json_get "[l['enabled'] for l in d[0]['links'] if l['ifname'] == '0d']")" \
	"[True]"
check_err "0d alone is a link number, and not a good one" 'link del o2m0: "0d" is not a link number' \
	o2m link del o2m0 0d
check "link del o2m0 dev 0d" o2m link del o2m0 dev 0d
check_eq "it is gone" "$(o2m -j link show o2m0 | json_get "[l['id'] for l in d[0]['links']]")" "[0]"
ip -n "$A" link add stats type one2many
o2m link add stats 0d id 3 >/dev/null
check_eq "link show dev stats: that device, no counters" \
	"$(o2m -j link show dev stats | json_get "[(x['ifname'], [sorted(l).count('stats') for l in x['links']]) for x in d]")" \
	"[('stats', [0])]"
check_eq "link show dev stats stats: with its counters" \
	"$(o2m -j link show dev stats stats | json_get "[(x['ifname'], [sorted(l).count('stats') for l in x['links']]) for x in d]")" \
	"[('stats', [1])]"
check_eq "link show stats: every device, with counters" \
	"$(o2m -j link show stats | json_get "sorted((x['ifname'], ['stats' in l for l in x['links']]) for x in d)")" \
	"[('o2m0', [True]), ('stats', [True])]"
ip -n "$A" link del stats
ip -n "$A" link del 0d

step "source load writes to a source's device node and nothing else"
# A name is checked as the module checks it; the node must be the character
# device the module registered for that name (sysfs has its number),
# checked before it is opened, and opened without following a link.
printf 'precious\n' >"$TMP/victim"
intact() { [ "$(cat "$TMP/victim")" = precious ]; }
check_err "a name that climbs out of /dev/o2m_source" '"../../..'"$TMP"'/victim" is not a source name' \
	src load "../../..$TMP/victim" "$TMP/big.pcap"
src load "../../..$TMP/victim" "$TMP/big.pcap" >/dev/null 2>&1
check_eq "is a usage error (exit 2)" $? 2
check "the file it named is untouched" intact
ln -s "$TMP/victim" /dev/o2m_source/evil
on_exit "rm -f /dev/o2m_source/evil"
check_err "a node planted under a name no source has" "source load evil: no source of that name" \
	src load evil "$TMP/big.pcap"
check "the file it points to is untouched" intact
# Now in place of ld's own node, kept aside in /dev: devtmpfs removes a
# node when its device goes only if it is the very inode it made.
node=/dev/o2m_source/ld
kept=/dev/.o2m_test_ld_node
mv "$node" "$kept"
on_exit "[ -e $kept ] && rm -f $node && mv $kept $node"
plant() { rm -f "$node"; "$@"; }
plant ln -s "$TMP/victim" "$node"
check_err "a symbolic link" "source load ld: $node is a symbolic link, not the source's device node" \
	src load ld "$TMP/big.pcap"
check "the file it points to is untouched" intact
plant cp "$TMP/victim" "$node"
check_err "a regular file" "source load ld: $node is not the source's device node" src load ld "$TMP/big.pcap"
check_eq "which is untouched" "$(cat "$node")" precious
plant mkfifo "$node"
check_err "a FIFO, at once (not opened at all)" "source load ld: $node is not the source's device node" \
	timeout $((10 * o2m_slow)) ip netns exec "$A" "$O2MCTL" source load ld "$TMP/big.pcap"
plant mknod "$node" c 1 3
check_err "another character device (/dev/null's)" "source load ld: $node is not the source's device node" \
	src load ld "$TMP/big.pcap"
w_dev=$(cat '/sys/class/misc/o2m_source!w/dev')
plant mknod "$node" c "${w_dev%:*}" "${w_dev#*:}"
check_err "another source's node (another misc device)" "source load ld: $node is not the source's device node" \
	src load ld "$TMP/big.pcap"
check_eq "which took no frame" "$(src_stat w queue_frames)" 1
plant mv "$kept" "$node"
src clrdata ld
src set ld limit 67108864
check "and a source's own node still loads" src load ld "$TMP/big.pcap"

step "-j: every command's output parses, with the keys o2mctl(8) documents"
# One parser run for all of them: python3 takes most of a second to start.
J=$TMP/json
mkdir -p "$J"
ip -n "$A" link add $'l\xe9' type dummy
o2m link add o2m0 $'l\xe9' id 5 >/dev/null
ip -n "$A" link add $'u\xc3\xa9' type dummy
o2m -j link add o2m0 $'u\xc3\xa9' id 6 >"$J/link_add"
ip netns exec "$A" "$O2MCTL" -j -t monitor >"$J/monitor" 2>"$TMP/mon.log" &
mon=$!
on_exit "kill $mon"
check "the monitor listens" wait_for grep -q monitoring "$TMP/mon.log"
o2m link disable o2m0 6
src start w 1
check "a run of one frame ends" wait_for src_idle w
check "both families' events came" wait_for sh -c "grep -q o2m_source.*finished $J/monitor && grep -q link-inactive $J/monitor"
kill $mon
o2m -j link show >"$J/link_show"
o2m -j link show o2m0 stats >"$J/link_show_stats"
o2m -j stats o2m0 >"$J/stats"
o2m -j stats o2m0 master >"$J/stats_master"
srcj show >"$J/source_show"
srcj stats w >"$J/source_stats"
srcj timestamp w >"$J/timestamp"
srcj counter w 0 >"$J/counter"
srcj watch w >"$J/watch"
src clrdata ld
srcj load ld "$TMP/big.pcap" >"$J/load"
src clrdata ld
srcj load ld "$TMP/gaps.pcap" gaps >"$J/load_gaps" 2>/dev/null
src clrdata ld
srcj add j1 dev d0 >"$J/source_add"
src del j1
ip netns exec "$A" "$O2MCTL" -j version >"$J/version"
o2m link del o2m0 5
o2m link del o2m0 6
ip -n "$A" link del $'l\xe9'
ip -n "$A" link del $'u\xc3\xa9'
check "every output is JSON with the documented keys" python3 -S - "$J" <<'PY'
import json, os, sys
d = sys.argv[1]
STATS = {"recv_octets", "recv_packets", "xmit_octets", "xmit_packets", "memory_failures", "drops"}
SSTATS = {"out_octets", "out_frames", "queue_octets", "queue_frames", "start_time", "end_time",
          "elapsed_time", "drops", "skipped", "memory_failures", "missed", "queue_duration",
          "late_max", "late_mean"}
# probe_age_ms only in probe detection, once answered
LINK = {"id", "ifname", "ifindex", "enabled", "carrier", "active", "pending", "path", "probe_addr",
        "probes_sent", "probe_answers"}
DEV = {"ifname", "ifindex", "mode", "detect", "carrier", "link_count", "active_count",
       "failover_link", "notify_count", "notify_interval_ms", "updelay_ms", "downdelay_ms",
       "probe_interval_ms", "probe_misses", "probe_targets", "links"}
SRC = {"name", "ifname", "pps", "speed", "queue_limit", "running", "csum", "stats"}
bad = []
def keys(what, obj, want):
    if not isinstance(obj, dict) or set(obj) != want:
        bad.append(f"{what}: {sorted(obj) if isinstance(obj, dict) else type(obj).__name__}, wanted {sorted(want)}")
def load(name, lines=False):
    # Strict: the bytes must be UTF-8, as JSON requires.
    text = open(os.path.join(d, name), "rb").read().decode("utf-8")
    return [json.loads(l) for l in text.splitlines()] if lines else json.loads(text)
for dev in load("link_show"):
    keys("link show", dev, DEV)
    for l in dev["links"]:
        keys("link show: a link", l, LINK)
for dev in load("link_show_stats"):
    for l in dev["links"]:
        keys("link show stats: a link", l, LINK | {"stats"})
        keys("link show stats: its stats", l["stats"], STATS)
for l in load("link_add"):
    keys("link add", l, LINK)
st = load("stats")
keys("stats", st, {"ifname", "links"})
for l in st["links"]:
    keys("stats: a link", l, {"id", "stats"})
    keys("stats: its stats", l["stats"], STATS)
st = load("stats_master")
keys("stats master", st, {"ifname", "links"})
if [l["id"] for l in st["links"]] != [-1]:
    bad.append(f"stats master: links {st['links']}, wanted the master's only (id -1)")
for l in st["links"]:
    keys("stats master: its stats", l["stats"], STATS)
for name in ("source_show", "source_add"):
    for s in load(name):
        keys(name.replace("_", " "), s, SRC)
        keys(name.replace("_", " ") + ": stats", s["stats"], SSTATS)
s = load("source_stats")
keys("source stats", s, {"name", "stats"})
keys("source stats: stats", s["stats"], SSTATS)
keys("source timestamp", load("timestamp"), {"enabled", "offset", "format"})
keys("source counter", load("counter"),
     {"index", "enabled", "per_pass", "offset", "width", "next", "min", "max", "inc"})
for w in load("watch", True):
    keys("source watch", w, {"name", "elapsed_time", "out_frames", "out_octets", "drops",
                             "frames_per_s", "mbit_per_s", "state", "average"})
keys("source load", load("load"), {"name", "file", "frames", "octets", "snapped"})
keys("source load gaps", load("load_gaps"),
     {"name", "file", "frames", "octets", "snapped", "duration", "earlier"})
keys("version", load("version"), {"version"})
for e in load("monitor", True):
    if e["family"] == "one2many":
        want = {"time", "family", "event", "ifname"}
        if "link" in e:
            want.add("link")
            keys("monitor: a link", e["link"], {"id", "ifname", "pending", "path"})
        if e["event"] == "failover-link":
            want.add("failover_link")
        keys("monitor: a one2many event", e, want)
    else:
        keys("monitor: an o2m_source event", e, {"time", "family", "event", "name", "stats"})
        keys("monitor: its stats", e["stats"], SSTATS)
names = {l["ifname"] for dev in load("link_show") for l in dev["links"]}
if "l\ufffd" not in names or "u\u00e9" not in names:
    bad.append(f"device names: {sorted(names)}, wanted l\\ufffd (not UTF-8) and u\\u00e9 among them")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY

step "bash completion: commands, keywords, devices, sources"
COMPLETION=$O2M_TOP/tools/completion/o2mctl
BASH_COMPLETION=/usr/share/bash-completion/bash_completion
# comp [full] LINE: what _o2mctl offers for LINE in namespace A, sorted, on
# one line; "full": with bash-completion's main script sourced first.
comp() {
	local full= run=(ip netns exec "$A")
	[ "$1" = full ] && { full=$BASH_COMPLETION; shift; }
	[ "${COMP_INIT:-}" = 1 ] && run=()
	"${run[@]}" bash -c '
		[ -n "$2" ] && . "$2"
		. "$1" || exit 1
		read -ra COMP_WORDS <<<"$3"
		[[ $3 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_o2mctl o2mctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$full" "$1" |
		LC_ALL=C sort | paste -sd' '
}
check "bash parses it" bash -n "$COMPLETION"
check_eq "it registers itself" "$(bash -c ". $COMPLETION; complete -p o2mctl")" "complete -F _o2mctl o2mctl"
check_eq "the commands" "$(comp "o2mctl ")" "help link monitor sink source stats version"
check_eq "the options" "$(comp "o2mctl -")" \
	"--help --json --netns --timestamp --version -V -h -j -json -n -netns -t -timestamp"
check_eq "a command after -j" "$(comp "o2mctl -j so")" "source"
check "-n: the network namespaces" sh -c "echo ' $(COMP_INIT=1 comp "o2mctl -n ") ' | grep -q ' $A '"
check_eq "a command after -n NETNS" "$(COMP_INIT=1 comp "o2mctl -n $A -j so")" "source"
check_eq "-n NETNS: that namespace's sources" "$(COMP_INIT=1 comp "o2mctl -n $A source start ")" "ld w"
check_eq "-n NETNS: that namespace's devices" "$(COMP_INIT=1 comp "o2mctl -n $A link show ")" "o2m0 stats"
check_eq "link's subcommands" "$(comp "o2mctl link ")" "add del disable enable help list set show"
check_eq "source's subcommands" "$(comp "o2mctl source ")" \
	"add clrdata counter del help load set show start stats stop timestamp watch"
check_eq "link show: the one2many device only" "$(comp "o2mctl link show ")" "o2m0 stats"
check_eq "abbreviated as o2mctl takes it" "$(comp "o2mctl l sh ")" "o2m0 stats"
check_eq "stats: the device" "$(comp "o2mctl stats ")" "help o2m0"
check_eq "stats o2m0: its links and keywords" "$(comp "o2mctl stats o2m0 ")" "0 all clear getclear master"
# Kernels with tunnels or bonding built in have sit0 and friends in every
# namespace, and a bonding_masters file that is no device.
others=$(ip netns exec "$A" ip -o link show | sed -n 's/^[0-9]*: \([^:@ ]*\)[:@].*/\1/p' |
	grep -vxE 'lo|o2m0|d[01]' | sort | tr '\n' ' ')
sorted() { tr ' ' '\n' | grep . | sort | tr '\n' ' '; }
check_eq "link add: a device to enslave" "$(comp "o2mctl link add o2m0 " | sorted)" \
	"$(echo "d0 d1 $others" | sorted)"
check_eq "link del: the device's links, and the keywords" "$(comp "o2mctl link del o2m0 ")" "0 d1 dev id"
check_eq "link del DEV id: the link numbers" "$(comp "o2mctl link del o2m0 id ")" "0"
check_eq "link del DEV dev: the link devices" "$(comp "o2mctl link del o2m0 dev ")" "d1"
check_eq "an ambiguous prefix completes nothing further" "$(comp "o2mctl source st w ")" ""
check_eq "link set's keywords" "$(comp "o2mctl link set o2m0 ")" \
	"detect downdelay enabled mode notify notify_interval probe_interval probe_misses probe_targets updelay"
check_eq "the modes" "$(comp "o2mctl link set o2m0 mode ")" "all failover rr"
check_eq "the detections" "$(comp "o2mctl link set o2m0 mode rr detect ")" "carrier manual probe"
check_eq "source start: the sources" "$(comp "o2mctl source start ")" "ld w"
check_eq "source watch: the sources" "$(comp "o2mctl source watch ")" "ld w"
check_eq "source watch NAME: interval" "$(comp "o2mctl source watch w ")" "interval"
check_eq "source add NAME: its settings" "$(comp "o2mctl source add x ")" "csum dev limit pps speed"
check_eq "dev: any network device" "$(comp "o2mctl source add x dev " | sorted)" \
	"$(echo "d0 d1 lo o2m0 $others" | sorted)"
check_eq "source load: a file" "$(comp "o2mctl source load ld $TMP/bi")" "$TMP/big.pcap"
check_eq "then progress and gaps" "$(comp "o2mctl source load ld $TMP/big.pcap ")" "gaps progress"
check_eq "then the other" "$(comp "o2mctl source load ld $TMP/big.pcap gaps ")" "progress"
check_eq "counter widths" "$(comp "o2mctl source counter w 0 width ")" "1 2 4"
check_eq "sink's subcommands" "$(comp "o2mctl sink ")" "add clear del help show stats"
check_eq "sink add NAME: its settings" "$(comp "o2mctl sink add x ")" "counter dev ethertype max min timestamp"
check_eq "after a counter's offset: its width, or the next setting" \
	"$(comp "o2mctl sink add x dev d0 counter 30 ")" "1 2 4 ethertype max min timestamp"
check_eq "after a timestamp's offset: its format, or the next setting" \
	"$(comp "o2mctl sink add x timestamp 40 ")" "counter dev ethertype max min ns timeval"
if [ -f "$BASH_COMPLETION" ]; then
	check_eq "with bash-completion: the sources" "$(comp full "o2mctl source stats ")" "ld w"
	check_eq "with bash-completion: the device" "$(comp full "o2mctl link show ")" "o2m0 stats"
	check_eq "with bash-completion: a file" "$(comp full "o2mctl source load ld $TMP/bi")" "$TMP/big.pcap"
else
	info "no $BASH_COMPLETION: checked without it only"
fi
finish
