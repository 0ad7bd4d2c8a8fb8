#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A source sending as fast as it can leaves the other tasks on its CPU
# their share: a busy task pinned to the source's CPU runs its own code at
# least 45% of the time (a fair share is half; beside a timer softirq that
# sent back to back it was 10%), and the source still sends.
#
# The peer receives on the other CPU (RPS): a veth peer's receive work is
# otherwise done on the sender's CPU, in softirqs, and where those overrun
# (the debug kernel, under emulation) 6.1 hands them all to ksoftirqd, a
# third task with a share of its own, which it spends on the receiver, not
# on the source. What ksoftirqd took is shown.
#
# The share is the task's user time over the wall time, not its speed: under
# emulation a task that shares its CPU loses more speed than time, which
# real CPUs do not. Time spent in softirqs is not user time, whoever it is
# charged to. Its speed is shown.
. "$(dirname "$0")/lib.sh"
require_root
require_cmd taskset
[ "$(nproc)" -ge 2 ] || skip "needs two CPUs"
load_module o2m_source
o2m_tmpdir
setup_ns A B
no_ipv6 "$A" "$B"
veth_pair "$A" v0 "$B" p0
OTHER=0
CPU=1
ip netns exec "$B" sh -c "echo $((1 << OTHER)) >/sys/class/net/p0/queues/rx-0/rps_cpus"
"$FRAMES" frame >"$TMP/f"

# spin SECONDS: a busy task on CPU for SECONDS of wall time; prints its
# user time in percent of them and the loops (of 10000 steps) it made.
spin() {
	taskset -c $CPU python3 -S -c '
import os, sys, time
secs = float(sys.argv[1])
u0, t0 = os.times()[0], time.monotonic()
n = 0
while time.monotonic() < t0 + secs:
    for i in range(10000):
        pass
    n += 1
print(round((os.times()[0] - u0) * 100 / (time.monotonic() - t0)), n)' "$1"
}

# cputime PID: the CPU time PID has had, in clock ticks.
cputime() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}
SOFTIRQD=$(pgrep -x "ksoftirqd/$CPU")

# processed CPU: frames CPU's receive work has taken (softnet_stat).
processed() {
	local hex
	hex=$(awk -v row=$(($1 + 1)) 'NR == row { print $1 }' /proc/net/softnet_stat)
	echo $((16#$hex))
}

src add fair dev v0 >/dev/null
queue_frame fair "$TMP/f"

step "a busy task alone on CPU $CPU"
read -r share_alone loops_alone < <(spin 3)
info "user time $share_alone%, $loops_alone loops"

step "the same task beside an unlimited source started on CPU $CPU"
other0=$(processed $OTHER) self0=$(processed $CPU)
check "start the source from CPU $CPU" ip netns exec "$A" taskset -c $CPU "$O2MCTL" source start fair
check "it sends" wait_for src_sent fair 1000
ticks=$(getconf CLK_TCK)
soft0=$(cputime "$SOFTIRQD") t0=${EPOCHREALTIME/./}
read -r share loops < <(spin 3)
t1=${EPOCHREALTIME/./} soft1=$(cputime "$SOFTIRQD")
# Over the whole window, python's start and exit included (ms).
window=$(((t1 - t0) / 1000))
soft=$(((soft1 - soft0) * 1000 / ticks * 100 / window))
sent=$(src_stat fair out_frames)
src stop fair
info "user time $share%, $loops loops ($((loops * 100 / loops_alone))% of alone); the source sent $sent frames"
info "ksoftirqd/$CPU ran $soft% of the $window ms"
check_range "the task ran its own code at least 45% of the time (%)" "$share" 45 100
check_range "the source was not starved either (frames)" "$sent" 2000 999999999
sent=$(src_stat fair out_frames)
# other_took N: CPU $OTHER's receive work has taken N frames since the start.
other_took() { [ $(($(processed $OTHER) - other0)) -ge "$1" ]; }
check "the peer's receive work was done on CPU $OTHER" wait_for other_took "$((sent * 9 / 10))"
info "CPU $OTHER's receive work took $(($(processed $OTHER) - other0)) frames, CPU $CPU's $(($(processed $CPU) - self0))"
check_range "and not on CPU $CPU (frames)" "$(($(processed $CPU) - self0))" 0 "$((sent / 10))"
finish
