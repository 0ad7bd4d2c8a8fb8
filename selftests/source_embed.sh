#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Counters and timestamps written into the frames a source sends, checked
# byte by byte in what arrives: each width, both directions, the wrap
# between min and max, once per pass, a field that does not fit, both
# timestamp formats, and configuration that cannot be right.
. "$(dirname "$0")/lib.sh"
require_root
load_module o2m_source
o2m_tmpdir
setup_ns A B
no_ipv6 "$A" "$B"
veth_pair "$A" s0 "$B" r0
src add e dev s0 >/dev/null
for t in 0 1; do
	"$FRAMES" frame --tag $t --len 60 >"$TMP/f$t"
	queue_frame e "$TMP/f$t"
done

# run N: send N frames, capture them on r0
run() {
	capture_start "$B" r0 "$TMP/cap.pcap" ether proto 0x88b5
	src start e "$1"
	check "the run of $1 ends" wait_for src_idle e
	capture_stop "$TMP/cap.pcap"
}

step "four counters: 1 byte up through a wrap, 2 bytes down through a wrap, 4 bytes per pass, one that does not fit"
check "counter 0: width 1, 250 +3 in 0..255" src counter e 0 on offset 30 width 1 next 250 min 0 max 255 inc 3
check "counter 1: width 2, 5 -2 in 2..10" src counter e 1 on offset 32 width 2 next 5 min 2 max 10 inc -2
check "counter 2: width 4, per pass" src counter e 2 on per-pass offset 36 width 4 next 4294967294 min 0 max 4294967295 inc 1
check "counter 3: past the frame's end" src counter e 3 on offset 58 width 4
check_eq "counter 1 reads back" "$(srcj counter e 1 | json_get "(d['enabled'], d['offset'], d['width'], d['next'], d['min'], d['max'], d['inc'])")" \
	"(True, 32, 2, 5, 2, 10, -2)"
run 6
check_eq "6 frames arrived" "$(pcap_count "$TMP/cap.pcap")" 6
check_eq "counter 0, byte 30: 250 253 0 3 6 9 (256 wrapped to 0)" \
	"$("$FRAMES" fields "$TMP/cap.pcap" --at 30:1 | tr '\n' ' ')" "250 253 0 3 6 9 "
check_eq "counter 1, bytes 32-33: 5 3 10 8 6 4 (1 wrapped to 10)" \
	"$("$FRAMES" fields "$TMP/cap.pcap" --at 32:2 | tr '\n' ' ')" "5 3 10 8 6 4 "
check_eq "counter 2, bytes 36-39: once per pass of 2 frames, wrapping past 2^32-1" \
	"$("$FRAMES" fields "$TMP/cap.pcap" --at 36:4 | tr '\n' ' ')" "4294967294 4294967294 4294967295 4294967295 0 0 "
check_eq "the frame's own bytes around them are untouched (tag at 22-25)" \
	"$("$FRAMES" fields "$TMP/cap.pcap" --at 22:4 | tr '\n' ' ')" "0 1 0 1 0 1 "
check_eq "counter 3 did not fit: 6 skips" "$(src_stat e skipped)" 6
check_eq "and bytes 56-59 stayed zero" "$("$FRAMES" fields "$TMP/cap.pcap" --at 56:4 | sort -u)" 0
check_eq "counter 0 goes on where it stopped" "$(srcj counter e 0 | json_get "d['next']")" 12

step "a counter wraps downwards at min 0"
check "counter 1: 1 -1 in 0..3" src counter e 1 next 1 min 0 max 3 inc -1
run 5
check_eq "bytes 32-33: 1 0 3 2 1" "$("$FRAMES" fields "$TMP/cap.pcap" --at 32:2 | tr '\n' ' ')" "1 0 3 2 1 "
src counter e 1 next 5 min 2 max 10 inc -2

step "timestamps: ng_source's timeval, then 64-bit nanoseconds"
src counter e 0 off
src counter e 1 off
src counter e 2 off
src counter e 3 off
check "timestamp at 40, timeval" src timestamp e on offset 40 format timeval
run 4
check "within 100 ms of the capture time" sh -c "'$FRAMES' fields '$TMP/cap.pcap' --at 40:tv | python3 -S -c 'import sys; d = [abs(int(x)) for x in sys.stdin]; print(d); sys.exit(not (len(d) == 4 and max(d) < 100000))'"
check "timestamp format ns" src timestamp e format ns
check_eq "reads back" "$(srcj timestamp e | json_get "(d['enabled'], d['offset'], d['format'])")" "(True, 40, 'ns')"
run 4
check "within 100 ms of the capture time" sh -c "'$FRAMES' fields '$TMP/cap.pcap' --at 40:ns | python3 -S -c 'import sys; d = [abs(int(x)) for x in sys.stdin]; print(d); sys.exit(not (len(d) == 4 and max(d) < 100000))'"
check "a counter under the timestamp" sh -c "ip netns exec $A $O2MCTL source counter e 0 on offset 40 width 4 next 0 inc 0"
run 2
check "still a timestamp at 40" sh -c "'$FRAMES' fields '$TMP/cap.pcap' --at 40:ns | python3 -S -c 'import sys; d = [abs(int(x)) for x in sys.stdin]; sys.exit(not (len(d) == 2 and max(d) < 100000))'"

step "checksum fix-up: a counter in the UDP source port, over IPv4 and IPv6"
ip -n "$B" addr add 10.88.0.2/24 dev r0
ip netns exec "$B" sysctl -qw net.ipv6.conf.r0.disable_ipv6=0
ip -n "$B" addr add fd00:88::2/64 dev r0 nodad
smac=$(inA cat /sys/class/net/s0/address)
rmac=$(inB cat /sys/class/net/r0/address)
# received IP PORT on|off SRC-IP OFFSET [TRAILER]: how many of 5 datagrams
# to IP:PORT a source with csum on|off gets through, its counter in the UDP
# source port at OFFSET, TRAILER bytes after each datagram.
received() {
	local ip=$1 port=$2 csum=$3
	src del u 2>/dev/null
	src add u dev s0 csum "$csum" >/dev/null
	"$FRAMES" udp-frame --dst-mac "$rmac" --src-mac "$smac" --src-ip "$4" \
		--dst-ip "$ip" --port "$port" --trailer "${6:-0}" >"$TMP/udp"
	queue_frame u "$TMP/udp"
	# the source port: bytes 34-35 over IPv4, 54-55 over IPv6
	src counter u 0 on width 2 offset "$5" next 2000 min 2000 max 2999 inc 1
	# Until the 5 came, or nothing for a while: on the debug kernel an
	# o2mctl start alone can take the 2 seconds that suffice elsewhere.
	inB "$FRAMES" udp-recv "$ip" "$port" --count 5 --timeout $((2 * o2m_slow)) \
		>"$TMP/got" 2>"$TMP/ready" &
	local rx=$!
	# Called as $(received ...): a failure shows in what it prints.
	wait_for grep -q ready "$TMP/ready" || echo "the receiver did not get ready"
	src start u 5
	wait $rx
	wc -l <"$TMP/got"
}
check_eq "IPv4, fix-up on: 5 of 5 datagrams accepted" "$(received 10.88.0.2 5000 on 10.88.0.1 34)" 5
check_eq "IPv6, fix-up on: 5 of 5" "$(received fd00:88::2 5001 on fd00:88::1 54)" 5
# 6 bytes after the datagram in the IP payload: the checksum covers the UDP
# length, as the receiver checks it.
check_eq "IPv4, 6 bytes past the UDP length, fix-up on: 5 of 5" \
	"$(received 10.88.0.2 5002 on 10.88.0.1 34 6)" 5
check_eq "IPv6, 6 bytes past the UDP length, fix-up on: 5 of 5" \
	"$(received fd00:88::2 5003 on fd00:88::1 54 6)" 5
check_eq "IPv4, fix-up off: none (the receiver drops bad checksums)" "$(received 10.88.0.2 5000 off 10.88.0.1 34)" 0
check_eq "IPv6, fix-up off: none" "$(received fd00:88::2 5001 off fd00:88::1 54)" 0
check_eq "o2mctl shows the option" "$(srcj show u | json_get "d[0]['csum']")" False

step "configuration that cannot be right is refused, and changes nothing"
check_err "width 3" "width is 1, 2 or 4" src counter e 1 width 3
check_err "min above max" "min must not be above its max" src counter e 1 min 20 max 10
check_err "index 4" "index is 0..3" src counter e 4 on
check_err "a next value outside [min, max]" "next value must be within" \
	src counter e 1 next 0 min 100 max 200
check_eq "counter 1 is as it was" "$(srcj counter e 1 | json_get "(d['width'], d['next'], d['min'], d['max'])")" "(2, 5, 2, 10)"
check "a new range without next" src counter e 0 min 100 max 200
check_eq "moves next to min (the increment is positive)" "$(srcj counter e 0 | json_get "d['next']")" 100
check "a range below next, counting down" src counter e 0 min 10 max 20 inc -1
check_eq "moves next to max" "$(srcj counter e 0 | json_get "d['next']")" 20
finish
