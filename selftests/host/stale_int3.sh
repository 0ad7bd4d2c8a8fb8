#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/vm/stale-int3, which lets tools/vm/run boot again a guest that died
# at boot of qemu's stale int3, tells that one from every other death: on
# the console of a real one (stale_int3.console: the int3 at
# sched_clock_cpu+0x8 is 0x66 in the code dump), and on the same console
# changed into what must not be taken for it.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
stale=$top/tools/vm/stale-int3
real=$top/selftests/host/stale_int3.console
fail=0

expect() { # WANT(0 stale, 1 not) WHAT: the console on stdin
	local want=$1 what=$2 out rc
	out=$("$stale")
	rc=$?
	if [ $rc = "$want" ]; then
		echo "ok   $what${out:+: $out}"
	else
		echo "FAIL $what: exit $rc, expected $want${out:+ ($out)}"
		fail=1
	fi
}

expect 0 "a stale int3 at boot" <"$real"
# The byte before RIP an int3 after all: a real one, kept.
sed 's/ 53 66 <90>/ 53 cc <90>/' "$real" | expect 1 "an int3 still in memory"
# The code dump unreadable: nothing proves the int3 stale.
sed 's/^\(\[ *[0-9.]*\] Code:\).*/\1 Unable to access opcode bytes at 0xffffffff81234567./' "$real" |
	expect 1 "no code dump"
# A warning first: the int3 is its consequence, and the warning counts.
sed '0,/Oops: int3/s//WARNING: CPU: 1 PID: 0 at kernel\/foo.c:1 foo+0x1\/0x2\n&/' "$real" |
	expect 1 "a warning before the int3"
# Another oops first.
sed 's/Oops: int3: 0000 \[#1\]/BUG: kernel NULL pointer dereference, address: 0000000000000000\nOops: 0000 [#1]/' "$real" |
	expect 1 "a NULL pointer dereference"
expect 1 "a clean console" < <(grep -v 'Oops\|Code:\|RIP:' "$real")
exit $fail
