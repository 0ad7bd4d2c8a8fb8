#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Counting that tells the truth: getclear reads and clears in one step, so
# that under traffic its replies add up to what the link really sent.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
load_module o2m_source
o2m_tmpdir
o2m_topology 1 mode failover

step "getclear under traffic: the replies add up to what v0 sent"
# A source, which sends fast enough for frames to be counted while a
# getclear is between its read and its clear.
"$FRAMES" frame >"$TMP/f"
src add flood dev o2m0 pps 300000 >/dev/null
queue_frame flood "$TMP/f"
v0_tx() { dev_stat "$A" v0 tx packets; }
getclear() { o2m -j stats o2m0 0 getclear | json_path links 0 stats xmit_packets; }
running() { [ "$(srcj show flood | json_path 0 running)" = true ]; }
stopped() { ! running; }
# A run without an end, stopped after the calls: a count the source would
# finish in time on one kernel (or with a quiet host) runs for minutes on
# the debug kernel, or ends before the calls do on a loaded host.
check "start, until stopped" src start flood
sum=0 calls=0
while running && [ $calls -lt 15 ]; do
	sum=$((sum + $(getclear)))
	calls=$((calls + 1))
done
check "stop it" src stop flood
check "it stops" wait_for stopped
sum=$((sum + $(getclear)))
sent=$(v0_tx)
info "$calls getclear calls under traffic and one after it: $sum frames; v0 sent $sent"
check_eq "getclear ran 15 times while frames flowed" "$calls" 15
check_eq "the getclear replies add up to v0's own counter" "$sum" "$sent"
finish
