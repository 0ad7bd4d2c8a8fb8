#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: a guest that dies at boot, before its command, of qemu's stale
# int3 (tools/vm/stale-int3) is booted once more, says so, and the second
# boot's run is the verdict; one that dies of it after its command started
# is not booted again: exit 122, with the diagnosis. The first boot's death
# is faked by the guest's init (O2M_VM_RIG_STALE_INT3), the second's by the
# command, with the same report.
# Usage: selftests/rig/stale_int3.sh KVER
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
fail=0

out=$(O2M_VM_RIG_STALE_INT3=1 "$top/tools/vm/run" -q --timeout 240 "$1" -- \
	sh -c 'echo the command ran; exit 3' 2>&1)
rc=$?
echo "$out" | sed 's/^/  /'
if [ $rc != 3 ]; then
	echo "at boot: expected the second boot's exit status, 3, got $rc"
	fail=1
elif [ "$(grep -c '^vm: RETRY' <<<"$out")" != 1 ] || [ "$(grep -c '^the command ran' <<<"$out")" != 1 ]; then
	echo "at boot: expected one RETRY, and the command run once"
	fail=1
else
	echo "a stale int3 at boot: booted once more, the command's exit status kept"
fi

out=$("$top/tools/vm/run" -q --timeout 240 "$1" -- sh -c '
	echo "Oops: int3: 0000 [#1] PREEMPT SMP NOPTI" >/dev/kmsg
	echo "RIP: 0010:o2m_rig_stale+0x9/0x190" >/dev/kmsg
	echo "Code: f3 0f 1e fa 41 54 55 53 66 <90> e8 21 c1 f0 ff" >/dev/kmsg
	echo c >/proc/sysrq-trigger; sleep 60' 2>&1)
rc=$?
echo "$out" | sed 's/^/  /'
if [ $rc != 122 ] || grep -q '^vm: RETRY' <<<"$out"; then
	echo "in the command: expected exit 122 (died) and no RETRY, got $rc"
	fail=1
elif ! grep -q 'qemu ran stale code' <<<"$out"; then
	echo "in the command: the diagnosis was not shown"
	fail=1
else
	echo "a stale int3 in the command: a death, with its diagnosis, not booted again"
fi
exit $fail
