#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A replay (a source with a speed): each frame leaves at its recorded offset
# from the run's start, divided by the speed, against that fixed start, so
# that lateness does not add up; measured at the peer, every frame's arrival
# against its schedule. Also: a speed change while running, the lateness
# counters, and what a replay refuses.
#
# Arrivals are held to their schedule from the median of their differences
# (the first frame may itself be late): 90% within TOL (3 ms, and four times
# that on the debug kernel), all within 50 ms, and no drift: the last ten
# frames' median error within 0.1% of the span, and TOL, of the first ten's.
# Under emulation a few frames in sixty leave 3 to 6 ms late, and now and
# then a stretch of them 15 ms (seen on 6.12, the CPU otherwise idle): a
# replay that misses the 90% is run again, up to three times, as
# source_rate.sh measures its wake-ups again; each try is shown. The first
# gap is 100 ms, so that the o2mctl that started the run is gone from the
# CPU before the next frame.
# The source sends from CPU 1 and everything else of the test runs on CPU 0:
# a task beside the worker delays its wake-ups by milliseconds (a busy
# task's slice), and under emulation starting a process is such a task.
# Nothing else runs in a measurement window (a python3 starting up stalls
# the guest's tasks under emulation): the runs are waited for with o2mctl's
# text output.
. "$(dirname "$0")/lib.sh"
require_root
load_module o2m_source
o2m_tmpdir
setup_ns A B
no_ipv6 "$A" "$B"
veth_pair "$A" s0 "$B" r0
taskset -pc 0 $$ >/dev/null
TOL_US=$((3000 * o2m_slow))
WORST_US=$((50000 * o2m_slow))

# pcap_ns FILE OFFSET_US...: frames.py's 0x88b5 test frames (tag 7, seq 0,
# 1, ...) in a nanosecond pcap, at those offsets in microseconds.
pcap_ns() {
	python3 -S - "$@" <<'EOF'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1))
    for seq, us in enumerate(int(x) for x in sys.argv[2:]):
        frame = b"\xff" * 6 + b"\x02" * 6 + b"\x88\xb5" + b"O2MTEST!" + struct.pack("!II", 7, seq)
        frame += bytes(60 - len(frame))
        f.write(struct.pack("<IIII", 1000 + us // 10**6, us % 10**6 * 1000, 60, 60) + frame)
EOF
}

# judge PCAP SPEED OFFSET_US...: the frames' arrivals in PCAP against the
# offsets divided by SPEED; prints "FRAMES IN_ORDER PERMILLE_WITHIN_TOL
# WORST_US DRIFT_US SPAN_US", and each frame's error to stderr.
judge() {
	python3 -S - "$TOL_US" "$@" <<'EOF'
import statistics, struct, sys
tol, pcap, speed = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
want = [int(x) for x in sys.argv[4:]]
data, arr, off = open(pcap, "rb").read(), [], 24
while off + 16 <= len(data):
    sec, usec, caplen, _ = struct.unpack_from("<IIII", data, off)
    frame = data[off + 16:off + 16 + caplen]
    if frame[12:14] == b"\x88\xb5" and frame[14:22] == b"O2MTEST!":
        arr.append((struct.unpack("!I", frame[26:30])[0], sec * 10**6 + usec))
    off += 16 + caplen
seqs = [s for s, _ in arr]
if len(arr) < 20 or max(seqs) >= len(want):
    print(len(arr), 0, 0, 0, 0, 0)
    sys.exit()
err = [t - want[s] / speed for s, t in arr]
mid = statistics.median(err)
err = [e - mid for e in err]
print("errors (us):", " ".join("%+d" % e for e in err), file=sys.stderr)
within = sum(abs(e) <= tol for e in err) * 1000 // len(err)
drift = statistics.median(err[-10:]) - statistics.median(err[:10])
span = (want[seqs[-1]] - want[seqs[0]]) / speed
print(len(arr), int(seqs == sorted(seqs)), within, round(max(abs(e) for e in err)),
      round(abs(drift)), round(span))
EOF
}

# gaps PCAP: the times between the frames' arrivals, in us.
gaps() {
	python3 -S - "$1" <<'EOF'
import struct, sys
data, ts, off = open(sys.argv[1], "rb").read(), [], 24
while off + 16 <= len(data):
    sec, usec, caplen, _ = struct.unpack_from("<IIII", data, off)
    ts.append(sec * 10**6 + usec)
    off += 16 + caplen
print(" ".join(str(b - a) for a, b in zip(ts, ts[1:])))
EOF
}

# start NAME N: a run from CPU 1, where its worker sends.
start() { ip netns exec "$A" taskset -c 1 "$O2MCTL" source start "$@"; }
# o2mctl's text, not JSON: no python3 while a replay runs.
stopped() { "$O2MCTL" -n "$A" source show "$1" | grep -q ' stopped$'; }
out_frames() { "$O2MCTL" -n "$A" source stats "$1" | sed -n 's/^ *out: \([0-9]*\) frames.*/\1/p'; }
sent_at_least() {
	local n
	n=$(out_frames "$1")
	[ "${n:-0}" -ge "$2" ]
}

# replay_run NAME SPEED FRAMES: a run of FRAMES captured at the peer and
# judged against $offsets; sets frames, inorder, within, worst, drift, span.
replay_run() {
	local name=$1 speed=$2 n=$3
	capture_start "$B" r0 "$TMP/rp.pcap" ether proto 0x88b5
	src stats "$name" clear
	start "$name" "$n"
	WAIT_FOR_TIMEOUT=20 check "the run of $n ends" wait_for stopped "$name"
	capture_stop "$TMP/rp.pcap"
	# shellcheck disable=SC2086
	read -r frames inorder within worst drift span < <(judge "$TMP/rp.pcap" "$speed" $offsets 2>"$TMP/errors")
	sed 's/^/   | /' "$TMP/errors"
	info "$frames frames, $within per mille within $TOL_US us, the worst $worst us off, drift $drift us over $span us"
}

# replay_held NAME SPEED FRAMES: replay_run, up to three times until 90% of
# the frames are within TOL, then held to it all.
replay_held() {
	local try
	for try in 1 2 3; do
		replay_run "$@"
		[ "$within" -ge 900 ] && break
		info "try $try of 3: $within per mille within $TOL_US us"
	done
	held "$3"
}

# held FRAMES: what every replay is held to.
held() {
	check_eq "all $1 frames arrived, in order" "$frames $inorder" "$1 1"
	check_range "90% within $TOL_US us of their time (per mille)" "$within" 900 1000
	check_range "every frame within $WORST_US us" "$worst" 0 "$WORST_US"
	check_range "no drift: within 0.1% of the span and $TOL_US us" "$drift" 0 $((span / 1000 + TOL_US))
}

# 60 frames: 100 ms, then the gaps 1, 2, 5, 10, 20 and 40 ms in turn.
offsets="0" t=100000
for i in $(seq 1 59); do
	offsets+=" $t"
	t=$((t + 1000 * $(echo 1 2 5 10 20 40 | cut -d' ' -f$((i % 6 + 1)))))
done
# shellcheck disable=SC2086
pcap_ns "$TMP/gaps.pcap" $offsets
src add rp dev s0 speed 1 >/dev/null
src load rp "$TMP/gaps.pcap" gaps >/dev/null

step "a replay at the recorded timing"
replay_held rp 1 60
read -r late_max late_mean < <(srcj stats rp |
	json_get "'%d %d' % (d['stats']['late_max'], d['stats']['late_mean'])")
info "the source's own count: $late_max ns late at most, $late_mean ns on average"
check_range "late_mean: within $TOL_US us (ns)" "$late_mean" 0 $((TOL_US * 1000))
check_range "late_max: at least late_mean, within $WORST_US us (ns)" "$late_max" "$late_mean" \
	$((WORST_US * 1000))
check "stats says so" sh -c "ip netns exec $A $O2MCTL source stats rp | grep -q 'late: .* at most, .* on average'"
src stats rp clear
check_eq "clear: both 0" "$(srcj stats rp | json_get "'%d %d' % (d['stats']['late_max'], d['stats']['late_mean'])")" "0 0"

step "twice as fast"
src set rp speed 2
check "show says so" sh -c "ip netns exec $A $O2MCTL source show rp | grep -q ' speed 2x '"
replay_held rp 2 60

step "the speed changes while running: the frames after it follow the new speed"
# N frames 100 ms apart at 1x; once the 6th has left, 2x: 50 ms apart. N
# grows with o2m_slow: the change must land with 8 frames or more to go,
# and o2mctl is slow to start on a slow kernel (on the debug kernel it
# landed after the 42nd frame of 80).
N=$((20 * o2m_slow))
offsets=$(seq 0 100000 $(((N - 1) * 100000)) | tr '\n' ' ')
# shellcheck disable=SC2086
pcap_ns "$TMP/even.pcap" $offsets
src clrdata rp
src load rp "$TMP/even.pcap" gaps >/dev/null
src set rp speed 1
capture_start "$B" r0 "$TMP/rp.pcap" ether proto 0x88b5
src stats rp clear
start rp "$N"
check "the 6th frame left" wait_for sent_at_least rp 6
check "speed 2 while running" src set rp speed 2
WAIT_FOR_TIMEOUT=$((10 * o2m_slow)) check "the run of $N ends" wait_for stopped rp
capture_stop "$TMP/rp.pcap"
read -ra g < <(gaps "$TMP/rp.pcap")
info "the gaps at the peer (us): ${g[*]}"
check_eq "$((N - 1)) gaps" "${#g[@]}" $((N - 1))
check_range "the first 4: 100 ms" "$(printf '%s\n' "${g[@]:0:4}" | sort -n | sed -n 3p)" \
	$((100000 - TOL_US)) $((100000 + TOL_US))
check_range "the last 8: 50 ms" "$(printf '%s\n' "${g[@]: -8}" | sort -n | sed -n 5p)" \
	$((50000 - TOL_US)) $((50000 + TOL_US))

step "a frame written while it runs joins the end of the recording; a restart begins it again"
# Five frames 300 ms apart; once two have left, a sixth (seq 9) is written:
# each pass after it ends with it, and none before it had it. The run
# goes on until twelve more frames left after the write (which comes
# late on a slow kernel: python3 starts slowly). Stopped after two, a run
# starts at seq 0.
offsets="0 300000 600000 900000 1200000"
# shellcheck disable=SC2086
pcap_ns "$TMP/five.pcap" $offsets
src clrdata rp
src load rp "$TMP/five.pcap" gaps >/dev/null
capture_start "$B" r0 "$TMP/rp.pcap" ether proto 0x88b5
src stats rp clear
start rp 0
check "two frames left" wait_for sent_at_least rp 2
# frames.py's frame, its sequence number 9, after a header of gap 0
python3 -S - /dev/o2m_source/rp <<'EOF'
import fcntl, os, struct, sys
frame = b"\xff" * 6 + b"\x02" * 6 + b"\x88\xb5" + b"O2MTEST!" + struct.pack("!II", 7, 9)
fd = os.open(sys.argv[1], os.O_WRONLY)
fcntl.ioctl(fd, 0x4004BD01, struct.pack("i", 1))
os.write(fd, struct.pack("=Q", 0) + frame + bytes(60 - len(frame)))
EOF
written=$(out_frames rp)
WAIT_FOR_TIMEOUT=$((10 * o2m_slow)) check "twelve more left" wait_for sent_at_least rp $((written + 12))
src stop rp
capture_stop "$TMP/rp.pcap"
# From the first 9 on, passes of 0 1 2 3 4 9; before it, passes of 0..4.
seqs=$("$FRAMES" seqs "$TMP/rp.pcap" | cut -d' ' -f2 | tr '\n' ' ')
info "sequence numbers: $seqs"
check_eq "each pass ends with it once it was written, and no pass before" "$(python3 -S - $seqs <<'EOF'
import sys
s = [int(x) for x in sys.argv[1:]]
i = s.index(9) if 9 in s else len(s)
before, after = s[:i - 5], s[i - 5:]
ok = i < len(s) and len(before) % 5 == 0 and before == [0, 1, 2, 3, 4] * (len(before) // 5) and \
    after == ([0, 1, 2, 3, 4, 9] * len(s))[:len(after)] and after.count(9) >= 2
print("yes" if ok else "no")
EOF
)" yes
sent=$(out_frames rp)
start rp 0
check "two more left" wait_for sent_at_least rp $((sent + 2))
src stop rp
capture_start "$B" r0 "$TMP/rp.pcap" ether proto 0x88b5
start rp 1
check "a run of 1 ends" wait_for stopped rp
capture_stop "$TMP/rp.pcap"
check_eq "the restart begins at the first frame" "$("$FRAMES" seqs "$TMP/rp.pcap" | cut -d' ' -f2)" 0

step "what a replay refuses"
check_err "a pps limit beside it" "a replay (speed) is paced by its frames' gaps: it takes no pps limit" \
	src set rp pps 100
check_err "turning it off while running" "the source is running: stop it before turning a replay on or off" \
	sh -c "ip netns exec $A $O2MCTL source start rp 0 && ip netns exec $A $O2MCTL source set rp speed 0"
src stop rp
check "off, stopped" src set rp speed 0
check "then a pps limit" src set rp pps 100
check_err "a speed beside it" "it takes no pps limit" src set rp speed 1
check_err "a speed o2mctl cannot read" 'speed "0.01" is not 0 (none), nor 0.1 to 100' src set rp speed 0.01
src del rp
finish
