#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# o2m_source when memory is short (fail_page_alloc, and the module's own
# fail_o2m_source, on the debug kernel). A long frame's private copy needs
# 64 KiB in a row: when it cannot be had without sleeping, the run copies it
# where it may sleep, and the frame goes. When it cannot be had at all, the failure is counted
# (memory_failures) and the same frame sent once memory is back: no frame
# and no counter value is skipped, and what was sent arrived. The same for
# a short frame's clone or copy, failed by fail_o2m_source.
# o2m-timeout: 300
. "$(dirname "$0")/lib.sh"
require_root
fp=/sys/kernel/debug/fail_page_alloc
[ -d $fp ] || skip_unless_debug "needs fail_page_alloc (the debug kernel: make check-debug)"
load_module o2m_source
o2m_tmpdir
setup_ns A B
no_ipv6 "$A" "$B"
veth_pair "$A" s0 "$B" r0
ip -n "$A" link set s0 mtu 65000
ip -n "$B" link set r0 mtu 65000
# 60000 bytes: the copy's buffer is an order-4 allocation (64 KiB), from
# the page allocator; fail_page_alloc fails only those (min-order 4), so
# that the rest of the system goes on.
"$FRAMES" frame --len 60000 >"$TMP/big"
check "source add m dev s0" src add m dev s0
queue_frame m "$TMP/big"
# A counter makes each send a private copy (skb_copy), not a clone.
check "counter 0 at bytes 30-33" src counter m 0 on offset 30 width 4 next 0 inc 1

saved=
for f in probability interval times ignore-gfp-wait ignore-gfp-highmem min-order verbose task-filter; do
	saved+="echo $(cat $fp/$f) >$fp/$f; "
done
on_exit "$saved"
echo 0 >$fp/verbose
echo N >$fp/task-filter
echo 1 >$fp/interval
# A count of failures to inject that each injection lowers: proof that
# the test failed allocations at all.
times=1000000
echo $times >$fp/times
echo 4 >$fp/min-order
echo N >$fp/ignore-gfp-highmem
fail_on() { echo "$1" >$fp/ignore-gfp-wait; echo 100 >$fp/probability; }
injected() { echo $((times - $(cat $fp/times))); }
injected_above() { [ "$(injected)" -ge "$1" ]; }
fail_off() { echo 0 >$fp/probability; }

# What the source counts: sent, dropped, copies it could not make.
stat_line() {
	srcj stats m | jq_get '[.stats.out_frames, .stats.drops, .stats.memory_failures] | join(" ")'
}
failures_above() { [ "$(src_stat m memory_failures)" -ge "$1" ]; }
# run_of_20 Y|N WAIT...: start a run of 20 frames, captured on r0, with
# allocations failing (fail_on Y|N: atomic ones only, or all), do WAIT...,
# then let them succeed.
run_of_20() {
	src stats m clear >/dev/null
	capture_start "$B" r0 "$TMP/cap.pcap" ether proto 0x88b5
	fail_on "$1"
	shift
	src start m 20
	"$@"
	fail_off
	check "the run of 20 ends" wait_for src_idle m
	capture_stop "$TMP/cap.pcap"
}
# arrived FIRST: the run's 20 frames arrived, counters FIRST to FIRST+19.
arrived() {
	check_eq "20 frames arrived" "$(pcap_count "$TMP/cap.pcap")" 20
	check_eq "their counters: $1 to $(($1 + 19)), none skipped" \
		"$("$FRAMES" fields "$TMP/cap.pcap" --at 30:4 | paste -sd' ')" "$(seq -s' ' "$1" $(($1 + 19)))"
}

step "atomic allocations of order 4 fail: the copy is made sleeping, and goes"
run_of_20 Y check "the run of 20 ends while they fail" wait_for src_idle m
check "each frame's atomic copy was failed (20 or more injected)" injected_above 20
check_eq "out_frames, drops, memory_failures" "$(stat_line)" "20 0 0"
arrived 0

step "every allocation of order 4 fails: counted, and the frame waits"
waiting() {
	check "memory_failures climbs" wait_for failures_above 3
	info "$(injected) allocations failed so far"
	check_eq "nothing was sent meanwhile" "$(src_stat m out_frames)" 0
	check_eq "and nothing dropped" "$(src_stat m drops)" 0
}
run_of_20 N waiting
check_eq "out_frames, drops" "$(stat_line | cut -d' ' -f1-2)" "20 0"
arrived 20

step "stopped mid-run while copies fail: it stops, and holds nothing"
# With atomic copies failing, a copy made sleeping may be waiting to be
# sent when the stop comes; with all failing, a retry is. Whatever a stop
# leaves behind, kmemleak finds at the end of the guest's run.
sent_above() { [ "$(src_stat m out_frames)" -ge "$1" ]; }
for mode in Y N; do
	src stats m clear >/dev/null
	fail_on $mode
	src start m 0
	if [ $mode = Y ]; then
		check "atomic copies failing: an endless run sends" wait_for sent_above 10
	else
		check "all copies failing: an endless run waits" wait_for failures_above 2
	fi
	check "stop" src stop m
	fail_off
	check_eq "it is idle" "$(srcj show m | json_path 0 running)" false
done
check "its queue can be cleared" src clrdata m
check "and it can be deleted" src del m

step "a short frame's copies fail (fail_o2m_source): counted, and no frame lost"
# A short frame's clone or copy comes from the slab, where fail_page_alloc
# does not reach, and is made in the source's worker, where failslab's
# fail-nth does not: the module's own fault attribute fails them.
# Six calls fail: the atomic copy and the one made sleeping after it, three
# times over, so three memory failures, and the frame goes after them.
check "its copies can be failed" injectable o2m_source
on_exit "fail_allocs o2m_source 0"
"$FRAMES" frame --len 100 >"$TMP/short"
check "source add s dev s0" src add s dev s0
queue_frame s "$TMP/short"
for how in copy clone; do
	if [ $how = copy ]; then
		check "counter 0 at bytes 30-33: a private copy each" \
			src counter s 0 on offset 30 width 4 next 0 inc 1
	else
		check "no counter: a clone each" src counter s 0 off
	fi
	src stats s clear >/dev/null
	capture_start "$B" r0 "$TMP/cap.pcap" ether proto 0x88b5
	check "$how: six calls to fail" fail_allocs o2m_source 6
	check "$how: start 20" src start s 20
	check "$how: the run of 20 ends" wait_for src_idle s
	capture_stop "$TMP/cap.pcap"
	check_eq "$how: all six failed" "$(fail_allocs_left o2m_source)" 0
	fail_allocs o2m_source 0
	check_eq "$how: out_frames, drops, memory_failures" \
		"$(srcj stats s | json_get "'%d %d %d' % (d['stats']['out_frames'], d['stats']['drops'], d['stats']['memory_failures'])")" \
		"20 0 3"
	check_eq "$how: 20 frames arrived" "$(pcap_count "$TMP/cap.pcap")" 20
	if [ $how = copy ]; then
		check_eq "$how: their counters: 0 to 19, none skipped" \
			"$("$FRAMES" fields "$TMP/cap.pcap" --at 30:4 | paste -sd' ')" "$(seq -s' ' 0 19)"
	fi
done
check "s can be deleted" src del s
finish
