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
# The debug kernel, where the long runs belong, gets as many cycles again and
# the time they take there.
CYCLES=${O2M_STRESS_CYCLES:-$((30 * o2m_slow))}
PHASE_SECS=${O2M_STRESS_SECS:-$((12 * o2m_slow))}

# rx_packets NS DEV: frames the device received.
rx_packets() {
	dev_stat "$1" "$2" rx packets
}
running() { srcj show "$1" | json_path 0 running; }
stopped() { [ "$(running "$1")" = false ]; }
# sending NAME [NS]: the source (of namespace NS, default A: sources are
# per namespace) has sent a frame since its counters were cleared.
sending() {
	[ "$("$O2MCTL" -n "${2:-$A}" -j source stats "$1" | json_path stats out_frames)" -gt 0 ] 2>/dev/null
}

# counters: one line of numbers: what o2m0 took to send, dropped (o2mctl's
# master recv and drops) and sent on (ip's TX); then for links 0, 1 and 2
# what each sent and dropped and what its peer received.
counters() {
	local o2m peers o p
	o2m=$(o2m -j stats o2m0 | json_get "' '.join(str(l['stats'][k]) \
		for l in sorted(d['links'], key=lambda l: l['id']) for k in ('recv_packets', 'drops', 'xmit_packets'))")
	peers=$(ip -n "$B" -j -s link show | json_get "' '.join(str(i['stats64']['rx']['packets']) \
		for i in sorted(d, key=lambda i: i['ifname']) if i['ifname'] in ('p0', 'p1', 'p2'))")
	read -r -a o <<<"$o2m"
	read -r -a p <<<"$peers"
	# o: master recv drops xmit, then per link recv drops xmit
	echo "${o[0]} ${o[1]} $(dev_stat "$A" o2m0 tx packets)" \
		"${o[5]} ${o[4]} ${p[0]} ${o[8]} ${o[7]} ${p[1]} ${o[11]} ${o[10]} ${p[2]}"
}

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
# Two cycles at least, whatever the time (under KASAN and lockdep one takes
# some 10 s), then as many as the time allows.
end=$((SECONDS + PHASE_SECS))
min=$((CYCLES < 2 ? CYCLES : 2))
for ((i = 0; i < CYCLES && (i < min || SECONDS < end); i++)); do
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
# A cycle that failed ended the loop.
check_range "the cycles ran" "$i" "$min" "$CYCLES"
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
# Each mode apart, the flood stopped between them, so that its counters can
# be reconciled: in round-robin and failover a frame o2m0 took leaves on one
# link or is o2m0's drop (a frame that met a peer going down is the link's
# drop, veth refusing it, and so o2m0's too); in all mode on one to three.
for mode in rr all failover; do
	o2m link set o2m0 mode $mode >/dev/null || _fail "mode $mode"
	src stats flood clear >/dev/null
	read -r -a c0 <<<"$(counters)"
	check "$mode: the flood runs again" src start flood
	# Two flaps at least, whatever the time (in all mode under a loaded
	# host one took 4 s), then as many as the time allows.
	end=$((SECONDS + PHASE_SECS / 3))
	min=$((CYCLES / 3 < 2 ? CYCLES / 3 : 2))
	for ((i = 0; i < CYCLES / 3 && (i < min || SECONDS < end); i++)); do
		ip -n "$B" link set p$((i % 3)) down || { _fail "$mode: flap $i: down"; break; }
		ip -n "$B" link set p$((i % 3)) up || { _fail "$mode: flap $i: up"; break; }
	done
	src stop flood >/dev/null
	check "$mode: the flood stops" wait_for stopped flood
	read -r -a c1 <<<"$(counters)"
	c=()
	for k in "${!c1[@]}"; do
		c[k]=$((c1[k] - c0[k]))
	done
	sent=$(src_stat flood out_frames)
	links_sent=$((c[3] + c[6] + c[9]))
	links_dropped=$((c[4] + c[7] + c[10]))
	info "$mode: $i flaps; sent $sent, o2m0 took ${c[0]}, dropped ${c[1]}, sent on ${c[2]};" \
		"links sent $links_sent, dropped $links_dropped"
	check_range "$mode: the carriers flapped" "$i" "$min" $((CYCLES / 3))
	check_range "$mode: the flood really ran" "$sent" 30 100000000
	check_eq "$mode: what the source sent reached o2m0" "${c[0]}" "$sent"
	check_eq "$mode: what o2m0 took it sent on or counted dropped" \
		"$((c[2] + c[1]))" "${c[0]}"
	for i in 0 1 2; do
		check_eq "$mode: link $i: what it counted as sent arrived at p$i" \
			"${c[3 + 3 * i]}" "${c[5 + 3 * i]}"
	done
	if [ $mode = all ]; then
		check_range "$mode: the links sent each frame o2m0 sent one to three times" \
			"$links_sent" "${c[2]}" "$((3 * c[2]))"
	else
		check_eq "$mode: the links sent what o2m0 sent, once each" "$links_sent" "${c[2]}"
		check_range "$mode: a link's drops are o2m0's too" "$links_dropped" 0 "${c[1]}"
	fi
done
for p in p0 p1 p2; do
	ip -n "$B" link set $p up
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
# run NAME DEV: a source on DEV at 2000 pps, running: it has sent a frame.
run() {
	check "$1 on $2" src add "$1" dev "$2" pps 2000 &&
		queue_frame "$1" "$TMP/f" &&
		check "$1 starts" src start "$1" &&
		check "$1 sends" wait_for sending "$1"
}
run t1 d0
ip -n "$A" link del d0
check "deleted target: the source stops" wait_for stopped t1
check "and can be deleted" src del t1
ip -n "$A" link add d1 type dummy
ip -n "$A" link set d1 up
run t2 d1
ip -n "$A" link set d1 netns "$C"
check "target moved away: the source stops" wait_for stopped t2
check "and can be deleted" src del t2
ip -n "$A" link add o2m9 type one2many
ip -n "$A" link add d2 type dummy
ip -n "$A" link set d2 master o2m9
ip -n "$A" link set d2 up
ip -n "$A" link set o2m9 up
run t3 o2m9
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
check "a source on $D's o2m0" ip netns exec "$D" "$O2MCTL" source add doomed dev o2m0 pps 3000
queue_frame doomed "$TMP/f"
check "it starts" ip netns exec "$D" "$O2MCTL" source start doomed
check "it sends" wait_for sending doomed "$D"
ip netns del "$D"
check "its source's device node goes" wait_for sh -c "! test -e /dev/o2m_source/doomed"

step "the modules unloaded while traffic flows"
inA "$FRAMES" send o2m0 1000000 --rate 2000 >/dev/null 2>&1 &
sender=$!
on_exit "kill $sender"
took() { [ "$(link_stat -1 recv_packets)" -gt "$1" ] 2>/dev/null; }
check "a sender sends on o2m0" wait_for took "$(link_stat -1 recv_packets)"
src stats flood clear >/dev/null
check "the flood starts" src start flood
check "and sends" wait_for sending flood
check "the sender still runs" kill -0 $sender
check "rmmod one2many under a source and a sender" rmmod one2many
check "the source lost its target" wait_for stopped flood
kill $sender 2>/dev/null
wait $sender 2>/dev/null
check "rmmod o2m_source with its sources" rmmod o2m_source
check_eq "no source node is left" "$(find /dev/o2m_source -mindepth 1 2>/dev/null | wc -l)" 0
finish
