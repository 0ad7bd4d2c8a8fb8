#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/check.sh gives its verdict from the plan: a guest that exits before
# running anything, dies half way, leaves reports, or reports tests that were
# never planned cannot end in "0 failed". Each case runs check.sh's selftest
# step against a fake VM runner that plays that guest.
set -u
# The cases give check.sh its whole environment: a make check-debug split
# with O2M_CHECK_TESTS (testing.rst) must not shorten their plans.
unset O2M_CHECK_TESTS O2M_CHECK_FULL O2M_CHECK_ONLY O2M_CHECK_JOBS O2M_CHECK_TIMEOUT
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
tmp=$(mktemp -d /tmp/o2m-plan.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
tests="a.sh b.sh c.sh d.sh"
fails=0

# The fake runner: --log DIR --timeout T KVER -- CMD; it plays $FAKE.
cat >"$tmp/fake-run" <<'FAKE'
#!/bin/bash
while [ $# -gt 0 ]; do
	case $1 in --log) log=$2; shift 2 ;; --timeout) shift 2 ;; *) break ;; esac
done
mkdir -p "$log"
echo "[    1.000000] the fake guest's last console line" >"$log/console.log"
n=0
ktap() { n=$((n + 1)); echo "$1 $n selftests: one2many: $2${3:+ # $3}"; }
kver=$1
echo "TAP version 13"
# split: two kernels' guests at once (O2M_CHECK_JOBS), the second slower
# and dying half way; each kernel's verdict must stay its own.
if [ "$FAKE" = split ]; then
	if [ "$kver" = 6.1 ]; then FAKE=allok; else sleep 1; FAKE=died; fi
fi
case $FAKE in
# hang: a guest that never ends, in a process group of its own as the
# real runner's qemu is (under timeout(1)); the runner hands on SIGTERM.
hang) setsid sleep 300 & echo $! >"$FAKE_PID"
      trap 'kill $!; exit 143' TERM; wait; exit 0 ;;
exit2) exit 2 ;;
allok) echo "1..4"; for t in a b c d; do ktap ok $t.sh 1s; done; exit 0 ;;
empty) echo "1..0"; echo "# no tests to run: the list is empty"; exit 1 ;;
died) echo "1..4"; ktap ok a.sh 1s; ktap ok b.sh 1s; exit 122 ;;
reports) echo "1..4"; for t in a b c d; do ktap ok $t.sh 1s; done; exit 125 ;;
skip) echo "1..4"; ktap ok a.sh 1s; ktap ok b.sh SKIP; ktap ok c.sh 1s; ktap ok d.sh 1s; exit 0 ;;
extra) echo "1..5"; for t in a b c d e; do ktap ok $t.sh 1s; done; exit 0 ;;
given) shift 3; echo "1..$#"; for t in "$@"; do ktap ok "$t" 1s; done; exit 0 ;;
esac
FAKE
chmod +x "$tmp/fake-run"

# case NAME TESTS WANT_EXIT WANT_LAST_LINE [WANT_LINE...]
case_() {
	local name=$1 list=$2 want_rc=$3 want_last=$4 out rc w
	shift 4
	out=$(FAKE=$name O2M_CHECK_VM=$tmp/fake-run O2M_CHECK_ONLY=selftests \
		O2M_CHECK_TESTS=$list O2M_CHECK_LOGS=$tmp/logs tools/check.sh ${KVERS:-6.12} 2>&1)
	rc=$?
	if [ $rc != "$want_rc" ]; then
		echo "FAIL $name: exit $rc, expected $want_rc"; fails=$((fails + 1))
	elif [ "$(tail -n1 <<<"$out")" != "$want_last" ]; then
		echo "FAIL $name: last line '$(tail -n1 <<<"$out")', expected '$want_last'"
		fails=$((fails + 1))
	else
		for w in "$@"; do
			if ! grep -qF -- "$w" <<<"$out"; then
				echo "FAIL $name: no line saying: $w"; fails=$((fails + 1))
				echo "$out" | sed 's/^/   /'
				return
			fi
		done
		echo "ok   $name: $want_last"
	fi
}

case_ allok "$tests" 0 "5 passed, 0 failed"
case_ exit2 "$tests" 1 "0 passed, 5 failed" "a.sh  (did not run)" "the runner exited 2" \
	"the fake guest's last console line"
case_ died "$tests" 1 "2 passed, 3 failed" "c.sh  (did not run)" "(the guest died)"
case_ reports "$tests" 1 "4 passed, 1 failed" "(reports in the kernel log)"
case_ skip "$tests" 0 "4 passed, 0 failed, 1 skipped" "skipped:" "  6.12 b.sh"
case_ extra "$tests" 1 "5 passed, 1 failed" "FAIL  6.12    e.sh  (not in the plan)"
case_ empty "" 1 "1 passed, 1 failed" "selftests/Makefile lists none"
KVERS="6.1 6.12" O2M_CHECK_JOBS=2 case_ split "$tests" 1 "7 passed, 3 failed" \
	"PASS  6.1     d.sh  (1s)" "FAIL  6.12    c.sh  (did not run)" "(the guest died)"
KVERS="6.1 6.12" O2M_CHECK_JOBS=1 case_ split "$tests" 1 "7 passed, 3 failed" \
	"PASS  6.1     d.sh  (1s)" "FAIL  6.12    c.sh  (did not run)"

# Without O2M_CHECK_TESTS: the whole suite on the last kernel named, the
# compat tests on the others; all of it everywhere with O2M_CHECK_FULL=1.
if ! all=$(make -s --no-print-directory -C selftests print-tests | wc -w; exit "${PIPESTATUS[0]}") ||
   ! compat=$(make -s --no-print-directory -C selftests print-compat-tests | wc -w
	      exit "${PIPESTATUS[0]}"); then
	echo "FAIL lists: selftests/Makefile refuses its own lists"; fails=$((fails + 1))
fi
for full in 0 1; do
	out=$(FAKE=given O2M_CHECK_VM=$tmp/fake-run O2M_CHECK_ONLY=selftests O2M_CHECK_FULL=$full \
		O2M_CHECK_LOGS=$tmp/logs tools/check.sh 6.1 6.12 2>&1)
	rc=$?
	want61=$compat
	[ $full = 1 ] && want61=$all
	if [ $rc != 0 ] || [ "$compat" -ge "$all" ] || [ "$compat" -lt 5 ] ||
	   ! grep -qx "== kernel 6.1: $want61 selftests in the VM" <<<"$out" ||
	   ! grep -qx "== kernel 6.12: $all selftests in the VM" <<<"$out" ||
	   [ "$(tail -n1 <<<"$out")" != "$((want61 + all + 2)) passed, 0 failed" ]; then
		echo "FAIL lists (O2M_CHECK_FULL=$full): exit $rc, 6.1 wants $want61 of $all tests"
		echo "$out" | sed 's/^/   /'
		fails=$((fails + 1))
	else
		echo "ok   lists (O2M_CHECK_FULL=$full): 6.1 runs $want61 tests, 6.12 all $all"
	fi
done

# A compat list that names a test the suite does not have is refused, and
# that kernel fails, rather than running what is left of the list.
out=$(FAKE=given O2M_CHECK_VM=$tmp/fake-run O2M_CHECK_ONLY=selftests O2M_CHECK_LOGS=$tmp/logs \
	MAKEFLAGS="COMPAT_TESTS=nosuch.sh one2many_device.sh" tools/check.sh 6.1 6.12 2>&1)
rc=$?
if [ $rc = 0 ] || ! grep -q "FAIL  6.1     selftests: the list of tests  (make -C selftests print-compat-tests failed)" <<<"$out"; then
	echo "FAIL bad compat list: exit $rc"; echo "$out" | sed 's/^/   /'; fails=$((fails + 1))
else
	echo "ok   bad compat list: 6.1 fails, exit $rc"
fi

# An interrupted check takes its guests down with it: check.sh gets SIGTERM
# while its (fake) guest runs, as when CI cancels it.
export FAKE_PID=$tmp/fake.pid
rm -f "$FAKE_PID"
FAKE=hang O2M_CHECK_VM=$tmp/fake-run O2M_CHECK_ONLY=selftests O2M_CHECK_TESTS="$tests" \
	O2M_CHECK_LOGS=$tmp/logs tools/check.sh 6.12 >/dev/null 2>&1 &
check=$!
for ((i = 0; i < 100; i++)); do [ -s "$FAKE_PID" ] && break; sleep 0.1; done
guest=$(cat "$FAKE_PID" 2>/dev/null)
kill -TERM $check
# Promptly: not once the guest ends by itself (its timeout, here 300 s).
for ((i = 0; i < 100; i++)); do kill -0 $check 2>/dev/null || break; sleep 0.1; done
if kill -0 $check 2>/dev/null; then
	echo "FAIL interrupted: check.sh still runs 10 s after SIGTERM"; fails=$((fails + 1))
	kill -KILL $check
fi
wait $check
rc=$?
for ((i = 0; i < 50; i++)); do kill -0 "$guest" 2>/dev/null || break; sleep 0.1; done
if [ -z "$guest" ]; then
	echo "FAIL interrupted: the fake guest never started"; fails=$((fails + 1))
elif kill -0 "$guest" 2>/dev/null; then
	echo "FAIL interrupted: the guest outlived check.sh"; fails=$((fails + 1))
	kill "$guest"
elif [ $rc = 0 ]; then
	echo "FAIL interrupted: check.sh exited 0"; fails=$((fails + 1))
else
	echo "ok   interrupted: the guest went with check.sh (exit $rc)"
fi

# The real runner, stopped the way check.sh stops it (SIGTERM to its process
# group), stops its qemu, which timeout(1) has put in a group of its own.
# A stand-in qemu records its pid and waits.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/qemu-system-x86_64" <<'QEMU'
#!/bin/bash
echo $$ >"$FAKE_QEMU_PID"
exec sleep 300
QEMU
chmod +x "$tmp/bin/qemu-system-x86_64"
export FAKE_QEMU_PID=$tmp/qemu.pid
rm -f "$FAKE_QEMU_PID"
PATH=$tmp/bin:$PATH setsid tools/vm/run -q --accel tcg --timeout 300 6.12 -- true \
	>"$tmp/run.log" 2>&1 &
run=$!
for ((i = 0; i < 600; i++)); do [ -s "$FAKE_QEMU_PID" ] && break; sleep 0.1; done
qemu=$(cat "$FAKE_QEMU_PID" 2>/dev/null)
kill -TERM -- -$run
for ((i = 0; i < 100; i++)); do kill -0 $run 2>/dev/null || break; sleep 0.1; done
kill -0 $run 2>/dev/null && kill -KILL -- -$run
wait $run
rc=$?
for ((i = 0; i < 50; i++)); do kill -0 "$qemu" 2>/dev/null || break; sleep 0.1; done
if [ -z "$qemu" ]; then
	echo "FAIL vm/run interrupted: qemu never started"; fails=$((fails + 1))
	sed 's/^/   /' "$tmp/run.log"
elif kill -0 "$qemu" 2>/dev/null; then
	echo "FAIL vm/run interrupted: qemu outlived tools/vm/run (exit $rc)"
	fails=$((fails + 1))
	kill "$qemu"
elif [ $rc != 143 ]; then
	echo "FAIL vm/run interrupted: tools/vm/run exited $rc, not 143"; fails=$((fails + 1))
else
	echo "ok   vm/run interrupted: qemu went with tools/vm/run (exit $rc)"
fi

[ $fails = 0 ]
