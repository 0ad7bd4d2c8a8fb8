#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# o2m_source as the ng_source(4) manual walks through it, and the rules of
# its queue and its runs: cycling order, start/stop/clrdata, EBUSY, ENXIO,
# the queue bound, a target that goes away.
. "$(dirname "$0")/lib.sh"
require_root
load_module o2m_source
o2m_tmpdir
setup_ns A B
no_ipv6 "$A" "$B"
veth_pair "$A" s0 "$B" r0
ip -n "$B" addr add 10.77.0.2/24 dev r0
ip -n "$A" addr add 10.77.0.1/24 dev s0
ip -n "$A" link add d1 type dummy
smac=$(inA cat /sys/class/net/s0/address)
rmac=$(inB cat /sys/class/net/r0/address)

inA "$O2MCTL" monitor >"$TMP/events" 2>"$TMP/mon.log" &
mon=$!
on_exit "kill $mon"
check "the monitor is listening" wait_for grep -q monitoring "$TMP/mon.log"

step "the manual's walk-through: one ICMP echo request, start 16, 16 arrive"
check "source add ping dev s0" src add ping dev s0
check "its device node is there, mode 0600" sh -c "[ \"\$(stat -c %a /dev/o2m_source/ping)\" = 600 ]"
"$FRAMES" icmp --dst-mac "$rmac" --src-mac "$smac" --src-ip 10.77.0.1 --dst-ip 10.77.0.2 >"$TMP/echo"
check "queue the echo request" queue_frame ping "$TMP/echo"
check_eq "one frame queued" "$(src_stat ping queue_frames)" 1
capture_start "$B" r0 "$TMP/r0.pcap" icmp
check "start 16" src start ping 16
check "the run ends" wait_for src_idle ping
capture_stop "$TMP/r0.pcap"
check_eq "outFrames=16" "$(src_stat ping out_frames)" 16
check_eq "outOctets=16 x frame" "$(src_stat ping out_octets)" $((16 * $(stat -c %s "$TMP/echo")))
check_eq "16 echo requests arrived" "$(pcap_count "$TMP/r0.pcap" 'icmp[icmptype] == icmp-echo')" 16
check_eq "and were answered" "$(pcap_count "$TMP/r0.pcap" 'icmp[icmptype] == icmp-echoreply')" 16
check "elapsed time is set" sh -c "[ \"\$(ip netns exec $A $O2MCTL -j source stats ping | python3 -S -c 'import json,sys; print(json.load(sys.stdin)[\"stats\"][\"elapsed_time\"])')\" -gt 0 ]"
check "a second start 16" src start ping 16
check "that run ends too" wait_for src_idle ping
check_eq "counters accumulate" "$(src_stat ping out_frames)" 32

step "frames are cycled one by one, head to tail"
check "source add cyc dev s0" src add cyc dev s0
for t in 0 1 2; do
	"$FRAMES" frame --tag $t --src "$smac" >"$TMP/f$t"
	queue_frame cyc "$TMP/f$t"
done
capture_start "$B" r0 "$TMP/cyc.pcap" ether proto 0x88b5
src start cyc 7
check "the run of 7 ends" wait_for src_idle cyc
capture_stop "$TMP/cyc.pcap"
check_eq "order of tags on the wire" "$("$FRAMES" seqs "$TMP/cyc.pcap" | cut -d' ' -f1 | tr '\n' ' ')" "0 1 2 0 1 2 0 "

step "o2mctl source load queues every frame of a tcpdump capture"
check "source add replay dev s0" src add replay dev s0
check "load the cycle test's capture" src load replay "$TMP/cyc.pcap"
check_eq "7 frames queued" "$(src_stat replay queue_frames)" 7
check_eq "their octets" "$(src_stat replay queue_octets)" $((7 * 60))
capture_start "$B" r0 "$TMP/replay.pcap" ether proto 0x88b5
src start replay 7
check "the replay ends" wait_for src_idle replay
capture_stop "$TMP/replay.pcap"
check_eq "replayed in the captured order" "$("$FRAMES" seqs "$TMP/replay.pcap" | cut -d' ' -f1 | tr '\n' ' ')" "0 1 2 0 1 2 0 "
head -c 100 /dev/urandom >"$TMP/junk"
check_err "a file that is not a capture" "$TMP/junk: not a capture libpcap reads (unknown file format)" \
	src load replay "$TMP/junk"
check "source del replay" src del replay

step "an 802.3 frame (a length, not an EtherType) goes out as 802.2 LLC"
# A qdisc's filters see the protocol the core would give the frame on
# receipt: a tc filter for 802.2 counts it.
printf '\xff\xff\xff\xff\xff\xff\x02\x00\x00\x00\x00\x01\x00\x2e\x42\x42\x03' >"$TMP/llc"
head -c 43 /dev/zero >>"$TMP/llc"
tc -n "$A" qdisc add dev d1 clsact
tc -n "$A" filter add dev d1 egress protocol 802_2 matchall action pass
ip -n "$A" link set d1 up
src add llc dev d1 >/dev/null
queue_frame llc "$TMP/llc"
src start llc 5
check "the run of 5 ends" wait_for src_idle llc
check_eq "the 802.2 filter saw all 5" \
	"$(tc -n "$A" -s -j filter show dev d1 egress | json_get "[f for f in d if 'options' in f][0]['options']['actions'][0]['stats']['packets']")" 5
src del llc
tc -n "$A" qdisc del dev d1 clsact
ip -n "$A" link set d1 down

step "what start, stop and clrdata refuse"
check "source add idle" src add idle
check_err "start without a target: ENXIO" "no target interface" src start idle 1
check_err "ENXIO's text" "No such device or address" src start idle 1
check "set its target" src set idle dev s0
check_err "start with an empty queue" "the queue is empty" src start idle 1
queue_frame idle "$TMP/f0"
check "start 0 runs until stop" src start idle 0
check_err "start while running: EBUSY" "running already" src start idle 5
check_err "clrdata while running: EBUSY" "stop it before clearing" src clrdata idle
check_err "a new target while running" "stop it before changing its target" src set idle dev d1
check "it is sending" wait_for src_sent idle 10
check "stop" src stop idle
check_eq "it stopped" "$(srcj show idle | json_get "d[0]['running']")" False
n=$(src_stat idle out_frames)
# A window in which a source that had not stopped would send: no condition.
sleep 0.3
check_eq "and sends no more" "$(src_stat idle out_frames)" "$n"
check "clrdata" src clrdata idle
check_eq "the queue is empty" "$(src_stat idle queue_frames)" 0
check_eq "its octets too" "$(src_stat idle queue_octets)" 0

step "what a write() refuses"
head -c 10 /dev/zero >"$TMP/short"
check_err "a frame shorter than 14 bytes" "Invalid argument" queue_frame idle "$TMP/short"
head -c 70000 /dev/zero >"$TMP/long"
check_err "a frame longer than 64 KiB" "Invalid argument" queue_frame idle "$TMP/long"
# The limit counts the memory a frame takes, some 500 to 900 bytes for a
# 60-byte frame here, not its length.
check "a limit of 1000 bytes" src set idle limit 1000
queue_frame idle "$TMP/f0"
check_err "a second 60-byte frame does not fit" "No space left on device" queue_frame idle "$TMP/f1"
check_eq "the first is still queued" "$(src_stat idle queue_frames)" 1
check_err "a limit below what is queued" "more than that is queued already" src set idle limit 100
check_eq "the limit did not change" "$(srcj show idle | json_get "d[0]['queue_limit']")" 1000
check "clrdata" src clrdata idle
check "a limit of 64 KiB" src set idle limit 65536
check_range "14-byte frames: at most 256 fit, not 4681 (their memory counts)" \
	"$(fill_queue idle 14 10000)" 1 256
src clrdata idle
src set idle limit $((64 << 20))
queue_frame idle "$TMP/f0"

step "gaps: a header before each frame, on a file switched to them"
# ioctl(O2MS_IOC_SET_GAPS) is _IOW(0xBD, 1, __s32); each outcome is printed
# as the call and its errno name (ok: none), the queue read between them.
src clrdata idle
python3 -S - "/dev/o2m_source/idle" "$TMP/f0" >"$TMP/gaps.out" <<'EOF2'
import errno, fcntl, os, struct, sys
SET_GAPS, GAP_MAX = 0x4004BD01, 3600 * 10**9
frame = open(sys.argv[2], "rb").read()
fd = os.open(sys.argv[1], os.O_WRONLY)
def do(what, f, *a):
    try:
        r = f(*a)
        # write() gives its count; ioctl() the buffer back, or 0
        print(what, r if isinstance(r, int) and r > 0 else "ok")
    except OSError as e:
        print(what, errno.errorcode[e.errno])
do("set 2", fcntl.ioctl, fd, SET_GAPS, struct.pack("i", 2))
do("other ioctl", fcntl.ioctl, fd, SET_GAPS + 1, struct.pack("i", 1))
do("set 1", fcntl.ioctl, fd, SET_GAPS, struct.pack("i", 1))
do("header only", os.write, fd, struct.pack("=Q", 5))
do("header, 13 bytes", os.write, fd, struct.pack("=Q", 5) + frame[:13])
do("gap past an hour", os.write, fd, struct.pack("=Q", GAP_MAX + 1) + frame)
do("gap of 1.5 ms", os.write, fd, struct.pack("=Q", 1500000) + frame)
do("gap of an hour", os.write, fd, struct.pack("=Q", GAP_MAX) + frame)
do("set 0", fcntl.ioctl, fd, SET_GAPS, struct.pack("i", 0))
do("plain frame", os.write, fd, frame)
EOF2
check_eq "each call's outcome" "$(tr '\n' ';' <"$TMP/gaps.out")" \
	"set 2 EINVAL;other ioctl ENOTTY;set 1 ok;header only EINVAL;header, 13 bytes EINVAL;gap past an hour EINVAL;gap of 1.5 ms 68;gap of an hour 68;set 0 ok;plain frame 60;"
check_eq "three frames queued: the refused ones left nothing" "$(src_stat idle queue_frames)" 3
check_eq "their octets, without the headers" "$(src_stat idle queue_octets)" 180
check_eq "queue_duration: their gaps, the plain frame's 0" "$(src_stat idle queue_duration)" \
	$((3600 * 1000000000 + 1500000))
check "clrdata" src clrdata idle
check_eq "no gaps left" "$(src_stat idle queue_duration)" 0
check_eq "a new open file takes plain frames" "$(queue_frame idle "$TMP/f0" && src_stat idle queue_frames)" 1

step "names, and bad configuration"
check_err "a name twice" "a source of that name exists" src add idle
check_err "a name with a slash" "letters, digits" src add a/b
check_err "a name with a Latin-1 letter (é, byte 0xe9)" "ASCII letters, digits" src add $'caf\xe9'
check_err "a target that does not exist" "no such interface" src add t9 dev nosuch0
check_err "and no source was left behind" "no source of that name" src show t9
check_err "no such source" "no source of that name" src start nosuch 1

step "runs back to back: each run's finished comes before the next one's started"
# Each start is sent again at once, from one socket, until the run before
# has ended: the new run starts as soon as the old one lets it, while it may
# still be announcing its end. (O2MS_CMD_START 5, O2MS_A_NAME 1, O2MS_A_COUNT 6)
check "30 runs of one frame, back to back" \
	inA "$O2M_TOP/selftests/genl.py" --until-ok 30 o2m_source 5 1:str:ping 6:u64:1
check "the last run ends" wait_for src_idle ping
check "30 more runs finished" wait_for sh -c "[ \$(grep -c '^source ping: finished' '$TMP/events') -ge 32 ]"
check_eq "started and finished alternate" \
	"$(grep -oE '^source ping: (started|finished)' "$TMP/events" | awk '
		{ e = $3 } e == last { bad++ } { last = e } END { print bad + 0 }')" 0

step "the target goes away while running"
src start cyc 0
check "cyc is sending" wait_for src_sent cyc 10
check "delete s0" ip -n "$A" link del s0
check_eq "the run ended" "$(srcj show cyc | json_get "d[0]['running']")" False
check_eq "the source has no target" "$(srcj show cyc | json_get "d[0]['ifname']")" None
check "it can be deleted" src del cyc

step "o2mctl monitor saw the runs start and end"
check "started" wait_for grep -qx "source ping: started (0 frames sent)" "$TMP/events"
check "finished, with its count" wait_for grep -qx "source ping: finished (16 frames sent)" "$TMP/events"
check "stopped" wait_for grep -q "^source idle: stopped" "$TMP/events"
check "target lost" wait_for grep -q "^source cyc: target-lost" "$TMP/events"
kill $mon
sed 's/^/   | /' "$TMP/events"

step "deleting a source with its device node open"
# 32 MiB of 64000-byte frames queued; the source is deleted while a
# descriptor stays open: the frames' memory comes back all the same.
src stop idle
src clrdata idle
src set idle limit $((48 << 20))
check_range "frames of 64000 bytes queued" "$(fill_queue idle 64000 512)" 256 512
exec 7>/dev/o2m_source/idle
free_before=$(mem_free_kb)
check "source del idle" src del idle
check_not "the node is gone" test -e /dev/o2m_source/idle
check "their memory is freed, the descriptor still open (25 MiB more free)" \
	wait_for mem_free_above $((free_before + 25600))
check_err "a write through the old descriptor fails" "No such device" dd if="$TMP/f0" bs=60 count=1 status=none of=/dev/fd/7
exec 7>&-

step "a name another namespace uses is refused: the device nodes share /dev/o2m_source/"
setup_ns D
ip -n "$D" link add d0 type dummy
check_err "source add ping in a second namespace" \
	"a source of that name exists in another network namespace" \
	ip netns exec "$D" "$O2MCTL" source add ping dev d0
check_eq "the first namespace's ping keeps its node" "$(stat -c %F /dev/o2m_source/ping)" \
	"character special file"
check "another name works there" ip netns exec "$D" "$O2MCTL" source add pong dev d0
ip netns exec "$D" "$O2MCTL" source del pong

step "device nodes come and go outside RTNL"
# A driver's open() may take RTNL, and misc_open() calls it under misc_mtx:
# o2m_rig's /dev/o2m_rig_rtnl does. Had a source's node been registered or
# removed under RTNL, lockdep would see the cycle RTNL -> misc_mtx -> RTNL
# (a kernel with lockdep: make check-debug; the rig fails the run on it).
rig=$O2M_BUILD/rig/o2m_rig.ko
if [ ! -f "$rig" ]; then
	info "o2m_rig is not built here (make rig-module): not checked"
else
	rmmod o2m_rig 2>/dev/null
	check "insmod o2m_rig rtnl_misc=1" insmod "$rig" rtnl_misc=1
	on_exit "rmmod o2m_rig"
	check "open /dev/o2m_rig_rtnl (RTNL under misc_mtx)" sh -c ': </dev/o2m_rig_rtnl'
	check "source add lockme" src add lockme dev d1
	check "source del lockme" src del lockme
	# A bad target is refused before a node is made.
	check_err "source add lockme with a bad target" "no such interface" src add lockme dev nosuch
	check_not "which leaves no node" test -e /dev/o2m_source/lockme
	if [ -e /proc/lockdep ]; then
		log=$(dmesg)
		check_eq "dmesg reads" "$?" 0
		check_eq "lockdep saw no cycle" "$(grep -c "circular locking dependency" <<<"$log")" 0
	else
		info "no lockdep in this kernel: make check-debug proves the order"
	fi
	check "rmmod o2m_rig" rmmod o2m_rig
fi

step "the namespace takes its sources with it"
setup_ns C
ip -n "$C" link add d0 type dummy
ip -n "$C" link set d0 up
ip netns exec "$C" "$O2MCTL" source add gone dev d0 >/dev/null
queue_frame gone "$TMP/f0"
ip netns exec "$C" "$O2MCTL" source start gone 0
ip netns del "$C"
check "its device node goes" wait_for sh -c "! test -e /dev/o2m_source/gone"
check "source del ping" src del ping
check "the module unloads" rmmod o2m_source
finish
