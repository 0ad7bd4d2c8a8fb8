#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the selftests (TEST_PROGS from the Makefile, or those named) inside the
# guest, with KTAP output as kselftest's runner prints it. A test that leaves
# a warning, BUG, KASAN, lockdep or UBSAN report in the kernel log fails, with
# the report shown, whatever its exit code.
cd "$(dirname "$0")" || exit 1
top=$(cd .. && pwd)
timeout=$(sed -n 's/^timeout=//p' settings)
# A test may ask for longer with a line "# o2m-timeout: SECONDS". The
# debug kernel (KASAN, lockdep, kmemleak) under emulation runs the same test
# four to eight times slower: four times as long there.
# O2M_SELFTEST_TIMEOUT overrides all of it.
test_timeout() {
	local t
	t=$(sed -n 's/^# o2m-timeout: \([0-9]*\)$/\1/p' "$1")
	t=${t:-$timeout}
	case $(uname -r) in *-debug) t=$((t * 4)) ;; esac
	echo "${O2M_SELFTEST_TIMEOUT:-$t}"
}
if [ $# -gt 0 ]; then
	tests=("$@")
else
	read -ra tests <<<"$(make -s --no-print-directory print-tests)"
fi

echo "TAP version 13"
echo "1..${#tests[@]}"
if [ ${#tests[@]} = 0 ]; then
	echo "# no tests to run: the list is empty"
	exit 1
fi
n=0 failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	echo "# selftests: one2many: $t"
	echo "o2m-selftest: start $t" >/dev/kmsg
	start=$(date +%s)
	# The output as it comes, so that a test that hangs the guest has said
	# what it got to. Through a process substitution, which the runner
	# does not wait for: a process the test left behind, still holding the
	# pipe, must not hold the runner up. It gets 2 s to drain.
	tt=$(test_timeout "$t")
	timeout -k 5 "$tt" ./"$t" > >(sed -u 's/^/# /') 2>&1
	rc=$?
	drain=$!
	for ((i = 0; i < 20; i++)); do
		kill -0 "$drain" 2>/dev/null || break
		sleep 0.1
	done
	secs=$(($(date +%s) - start))
	echo "o2m-selftest: end $t" >/dev/kmsg
	reports=$(dmesg | sed -n "/o2m-selftest: start $t\$/,/o2m-selftest: end $t\$/p" |
		"$top/tools/vm/scan-dmesg")
	if [ -n "$reports" ]; then
		echo "# the kernel log has reports:"
		echo "$reports" | sed 's/^/#   /'
		rc=1
	fi
	case $rc in
	0) echo "ok $n selftests: one2many: $t # ${secs}s" ;;
	4) echo "ok $n selftests: one2many: $t # SKIP" ;;
	124) echo "not ok $n selftests: one2many: $t # TIMEOUT ${tt}s"; failed=1 ;;
	*) echo "not ok $n selftests: one2many: $t # exit=$rc"; failed=1 ;;
	esac
done
exit $failed
