#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: the command runs in our working directory with the host's
# binaries, its output comes back unmangled (a raw port: no CR added), and
# its exit status is ours.
# Usage: selftests/rig/exit_status.sh KVER
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# The debug kernel boots in a minute under emulation, and its end-of-run
# kmemleak scans take as long again: three times the time there (the run of
# b5310ff's check-debug timed out at 120 s).
limit=120
[ "$1" = debug ] && limit=360
out=$(tools/vm/run -q --timeout $limit "$1" -- bash -c 'pwd; printf "a\tb\n"; test -e /dev/fd/0 && echo fd; exit 7')
rc=$?
want=$(printf '%s\na\tb\nfd' "$top")
if [ "$rc" != 7 ]; then echo "expected exit 7, got $rc"; exit 1; fi
if [ "$out" != "$want" ]; then
	echo "output differs:"; printf '%s' "$out" | od -c | head; exit 1
fi
echo "exit status, working directory and output all came back"
