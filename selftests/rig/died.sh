#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: a guest that dies (here a panic) before its command finishes is
# reported as such, exit 122, with the console's last lines, not taken for a
# run whose log merely has reports.
# Usage: selftests/rig/died.sh KVER
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$("$top/tools/vm/run" -q --timeout 120 "$1" -- sh -c 'echo c >/proc/sysrq-trigger; sleep 60' 2>&1)
rc=$?
echo "$out" | sed 's/^/  /'
if [ $rc != 122 ]; then
	echo "expected exit 122 (the guest died), got $rc"
	exit 1
fi
if ! grep -q '^vm: DIED' <<<"$out" || ! grep -q 'Kernel panic' <<<"$out"; then
	echo "the death and the console's last lines were not shown"
	exit 1
fi
echo "the guest's death was reported, with its console"
