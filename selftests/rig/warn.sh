#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: the rig fails a run whose guest kernel warns, and shows the
# warning, even though the command itself succeeded.
# Usage: selftests/rig/warn.sh KVER
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
release=$("$top/tools/vm/kernel-info" release "$1")
ko=$top/build/$release/rig/o2m_rig_warn.ko
[ -f "$ko" ] || { echo "not built: $ko"; exit 1; }
out=$("$top/tools/vm/run" -q --timeout 120 "$1" -- insmod "$ko" 2>&1)
rc=$?
echo "$out" | sed 's/^/  /'
if [ $rc != 125 ]; then
	echo "expected exit 125 (kernel log has reports), got $rc"
	exit 1
fi
if ! grep -q 'WARNING:.*o2m_rig_warn' <<<"$out"; then
	echo "the WARNING line was not shown"
	exit 1
fi
echo "the rig caught the warning"
