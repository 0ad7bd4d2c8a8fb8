#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Lifecycles under load, bounded in count and time: links enslaved and
# released while a source floods the master, carriers flapping in every mode,
# several processes racing on one source, a namespace deleted with live
# devices and running sources, a source whose target goes away in each way,
# and the modules unloaded while traffic flows. Afterwards what left adds up
# to what arrived and nothing is left behind; the run's scan of the kernel
# log catches any report.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
load_module o2m_source
o2m_tmpdir
# Each phase stops at its count or its time, whichever comes first: under
# TCG on a loaded machine a cycle can take a second.
CYCLES=${O2M_STRESS_CYCLES:-30}
PHASE_SECS=${O2M_STRESS_SECS:-12}

# rx_packets NS DEV: frames the device received.
rx_packets() {
	dev_stat "$1" "$2" rx packets
}
running() { srcj show "$1" | json_path 0 running; }
stopped() { [ "$(running "$1")" = false ]; }

o2m_topology 2
ip -n "$A" link add v2 type veth peer name p2 netns "$B"
ip -n "$B" link set p2 up
"$FRAMES" frame >"$TMP/f"

step "links enslaved and released $CYCLES times while a source floods o2m0"
check "source flood on o2m0, 2000 pps" src add flood dev o2m0 pps 2000
queue_frame flood "$TMP/f"
check "flood runs" src start flood
# Readers meanwhile: the GETs run without RTNL, under RCU, and meet links
# on their way in and out (link 2 is v2, there one moment and gone the next).
: >"$TMP/reads"
( while :; do
	o2m stats o2m0 >/dev/null 2>&1 && echo stats >>"$TMP/reads"
	o2m stats o2m0 2 >/dev/null 2>&1
	o2m -j link show o2m0 >/dev/null 2>&1 && echo show >>"$TMP/reads"
done ) &
reader=$!
on_exit "kill $reader"
end=$((SECONDS + PHASE_SECS))
for ((i = 0; i < CYCLES && SECONDS < end; i++)); do
	case $((i % 2)) in
	0) mode=rr ;;
	1) mode=failover ;;
	esac
	o2m link set o2m0 mode $mode >/dev/null 2>&1 || { _fail "cycle $i: mode $mode"; break; }
	ip -n "$A" link set v2 master o2m0 || { _fail "cycle $i: enslave v2"; break; }
	o2m link disable o2m0 0 >/dev/null 2>&1
	o2m link enable o2m0 0 >/dev/null 2>&1
	ip -n "$A" link set v2 nomaster || { _fail "cycle $i: release v2"; break; }
done
info "$i cycles"
kill $reader
wait $reader 2>/dev/null
info "$(grep -c stats "$TMP/reads") stats and $(grep -c show "$TMP/reads") link shows read meanwhile"
check "the readers were answered meanwhile" grep -q stats "$TMP/reads"
check "the source stops" src stop flood
check "and says so" wait_for stopped flood
sent=$(src_stat flood out_frames)
drops=$(src_stat flood drops)
master_in=$(link_stat -1 recv_packets)
master_drops=$(link_stat -1 drops)
arrived=0
for p in p0 p1 p2; do
	arrived=$((arrived + $(rx_packets "$B" $p)))
done
info "sent $sent, source drops $drops, o2m0 took $master_in, dropped $master_drops, peers got $arrived"
check_range "the flood really ran" "$sent" 200 100000000
check_eq "what the source sent reached o2m0" "$master_in" "$sent"
check_eq "what o2m0 took arrived at a peer or was counted dropped" \
	"$((arrived + master_drops))" "$master_in"

step "carriers flap in every mode while the flood runs"
ip -n "$A" link set v2 master o2m0
check_eq "v2 is link 2" "$(o2m -j link show o2m0 | json_get "[l['id'] for l in d[0]['links'] if l['ifname'] == 'v2'][0]")" 2
src stats flood clear >/dev/null
# What each link says it sent, and what its peer received, before.
declare -a sent0 rx0
for i in 0 1 2; do
	sent0[i]=$(link_stat $i xmit_packets)
	rx0[i]=$(rx_packets "$B" p$i)
done
in0=$(link_stat -1 recv_packets)
check "flood runs again" src start flood
for mode in rr all failover; do
	o2m link set o2m0 mode $mode >/dev/null || _fail "mode $mode"
	end=$((SECONDS + PHASE_SECS / 3))
	for ((i = 0; i < CYCLES / 3 && SECONDS < end; i++)); do
		ip -n "$B" link set p$((i % 3)) down
		ip -n "$B" link set p$((i % 3)) up
	done
done
src stop flood
check "the flood stops" wait_for stopped flood
for p in p0 p1 p2; do
	ip -n "$B" link set $p up
done
sent=$(src_stat flood out_frames)
info "sent $sent while carriers flapped"
check_range "the flood really ran" "$sent" 100 100000000
check_eq "what the source sent reached o2m0" "$(($(link_stat -1 recv_packets) - in0))" "$sent"
# A frame a link counts as sent is one its peer received; one that met a
# peer going down is a drop of the link's (veth refuses it).
for i in 0 1 2; do
	check_eq "link $i: what it counted as sent arrived at p$i" \
		"$(($(link_stat $i xmit_packets) - sent0[i]))" "$(($(rx_packets "$B" p$i) - rx0[i]))"
done
check "every link comes back active" wait_for o2m_is active_count 3
o2m link set o2m0 mode rr >/dev/null
before=0
for p in p0 p1 p2; do before=$((before + $(rx_packets "$B" $p))); done
send_frames 30 >/dev/null
after=0
for p in p0 p1 p2; do after=$((after + $(rx_packets "$B" $p))); done
check_eq "o2m0 still forwards every frame" "$((after - before))" 30

step "four processes race on one source: start, stop, clrdata, write, set"
race() {
	local end=$((SECONDS + PHASE_SECS / 3)) n=0
	while [ $SECONDS -lt $end ]; do
		case $(($1 + n % 5)) in
		0 | 5) src start flood 50 ;;
		1 | 6) src stop flood ;;
		2 | 7) src clrdata flood ;;
		3 | 8) queue_frame flood "$TMP/f" ;;
		*) src set flood pps $((1000 + n)) ;;
		esac >/dev/null 2>&1
		n=$((n + 1))
	done
}
racers=()
for r in 0 1 2 3; do
	race $r &
	racers+=($!)
done
wait "${racers[@]}"
src stop flood >/dev/null 2>&1
check "the source stops after the race" wait_for stopped flood
check "clrdata" src clrdata flood
queue_frame flood "$TMP/f"
src set flood pps 0 >/dev/null
src stats flood clear >/dev/null
check "start 20" src start flood 20
check "the run of 20 ends" wait_for stopped flood
check_eq "and sent 20" "$(src_stat flood out_frames)" 20

step "a source's target goes away: deleted, moved to another namespace, a one2many deleted"
setup_ns C
ip -n "$A" link add d0 type dummy
ip -n "$A" link set d0 up
src add t1 dev d0 pps 2000 >/dev/null
queue_frame t1 "$TMP/f"
src start t1
ip -n "$A" link del d0
check "deleted target: the source stops" wait_for stopped t1
check "and can be deleted" src del t1
ip -n "$A" link add d1 type dummy
ip -n "$A" link set d1 up
src add t2 dev d1 pps 2000 >/dev/null
queue_frame t2 "$TMP/f"
src start t2
ip -n "$A" link set d1 netns "$C"
check "target moved away: the source stops" wait_for stopped t2
check "and can be deleted" src del t2
ip -n "$A" link add o2m9 type one2many
ip -n "$A" link add d2 type dummy
ip -n "$A" link set d2 master o2m9
ip -n "$A" link set d2 up
ip -n "$A" link set o2m9 up
src add t3 dev o2m9 pps 2000 >/dev/null
queue_frame t3 "$TMP/f"
src start t3
check "o2m9 deleted under its source" ip -n "$A" link del o2m9
check "the source stops" wait_for stopped t3
check "and can be deleted" src del t3

step "a namespace deleted with live devices and running sources"
setup_ns D
ip -n "$D" link add o2m0 type one2many
for i in 0 1; do
	ip -n "$D" link add "e$i" type dummy
	ip -n "$D" link set "e$i" master o2m0
	ip -n "$D" link set "e$i" up
done
ip -n "$D" link set o2m0 up
ip netns exec "$D" "$O2MCTL" source add doomed dev o2m0 pps 3000 >/dev/null
queue_frame doomed "$TMP/f"
ip netns exec "$D" "$O2MCTL" source start doomed >/dev/null
ip netns del "$D"
check "its source's device node goes" wait_for sh -c "! test -e /dev/o2m_source/doomed"

step "the modules unloaded while traffic flows"
src start flood >/dev/null
inA "$FRAMES" send o2m0 1000000 --rate 2000 >/dev/null 2>&1 &
sender=$!
on_exit "kill $sender"
check "rmmod one2many under a source and a sender" rmmod one2many
check "the source lost its target" wait_for stopped flood
kill $sender 2>/dev/null
wait $sender 2>/dev/null
check "rmmod o2m_source with its sources" rmmod o2m_source
check_eq "no source node is left" "$(find /dev/o2m_source -mindepth 1 2>/dev/null | wc -l)" 0
finish
