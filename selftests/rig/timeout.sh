#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: a guest that hangs is killed at the timeout and reported as such.
# Usage: selftests/rig/timeout.sh KVER
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
start=$(date +%s)
out=$("$top/tools/vm/run" -q --timeout 15 "$1" -- sleep 1000 2>&1)
rc=$?
took=$(($(date +%s) - start))
echo "$out" | sed 's/^/  /'
if [ $rc != 124 ] || ! grep -q TIMEOUT <<<"$out"; then
	echo "expected exit 124 and a TIMEOUT report, got $rc"
	exit 1
fi
if [ $took -gt 30 ]; then
	echo "the guest was killed only after ${took}s"
	exit 1
fi
echo "killed after ${took}s and reported"
