#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the one2many selftests, sourced by each test. Tests run as root
# inside the VM guest (tools/vm/run), each in namespaces of its own, and read
# like a story:
#
#	. "$(dirname "$0")/lib.sh"
#	setup_ns a b
#	step "the master comes up with its first link"
#	check "o2m0 exists" ip link show o2m0
#	check_eq "carrier" "$(cat /sys/class/net/o2m0/carrier)" 1
#	finish
#
# Every check prints "ok"/"FAIL" with what was expected; `finish` exits with
# kselftest's codes: 0 pass, 1 fail, 4 skip.

set -u
ksft_pass=0
ksft_fail=1
ksft_skip=4

O2M_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
O2M_BUILD=$O2M_TOP/build/$(uname -r)
O2MCTL=$O2M_TOP/tools/o2mctl/o2mctl
export PATH=$O2M_TOP/tools/o2mctl:$PATH

o2m_failed=0
o2m_checks=0
o2m_cleanups=()
o2m_namespaces=()

step() { echo "== $*"; }
info() { echo "   $*"; }

_pass() { o2m_checks=$((o2m_checks + 1)); echo "ok   $1"; }
_fail() {
	o2m_checks=$((o2m_checks + 1))
	o2m_failed=$((o2m_failed + 1))
	echo "FAIL $1"
	shift
	local l
	for l in "$@"; do echo "     $l"; done
}

# check DESC CMD...: CMD succeeds.
check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then _pass "$desc"; else _fail "$desc" "command: $*" "exit $rc: $out"; fi
	return $rc
}

# check_not DESC CMD...: CMD fails.
check_not() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc != 0 ]; then _pass "$desc"; else _fail "$desc" "command: $*" "succeeded, expected a failure: $out"; fi
	[ $rc != 0 ]
}

# check_eq DESC ACTUAL EXPECTED
check_eq() {
	if [ "$2" = "$3" ]; then _pass "$1"; else _fail "$1" "expected: $3" "actual:   $2"; fi
	[ "$2" = "$3" ]
}

# check_range DESC VALUE MIN MAX: MIN <= VALUE <= MAX (integers)
check_range() {
	if [ "$2" -ge "$3" ] 2>/dev/null && [ "$2" -le "$4" ]; then
		_pass "$1 ($2)"
	else
		_fail "$1" "expected between $3 and $4" "actual: $2"
		return 1
	fi
}

# check_err DESC MESSAGE CMD...: CMD fails and says MESSAGE (a substring) on
# stdout or stderr, as a user would read it.
check_err() {
	local desc=$1 msg=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		_fail "$desc" "command: $*" "succeeded, expected a failure saying: $msg"
		return 1
	elif [[ "$out" != *"$msg"* ]]; then
		_fail "$desc" "command: $*" "expected the message: $msg" "it said (exit $rc): $out"
		return 1
	fi
	_pass "$desc"
}

skip() {
	echo "SKIP: $*"
	o2m_cleanup
	exit $ksft_skip
}

finish() {
	o2m_cleanup
	if [ $o2m_failed -gt 0 ]; then
		echo "$o2m_failed of $o2m_checks checks failed"
		exit $ksft_fail
	fi
	echo "all $o2m_checks checks passed"
	exit $ksft_pass
}

# Run CMD when the test ends, in reverse order of registration.
on_exit() { o2m_cleanups=("$*" "${o2m_cleanups[@]}"); }

o2m_cleanup() {
	local c ns
	for c in "${o2m_cleanups[@]}"; do eval "$c" >/dev/null 2>&1; done
	o2m_cleanups=()
	for ns in "${o2m_namespaces[@]}"; do ip netns del "$ns" 2>/dev/null; done
	o2m_namespaces=()
}
trap 'o2m_cleanup' EXIT

require_root() { [ "$(id -u)" = 0 ] || skip "needs root"; }
require_cmd() { command -v "$1" >/dev/null || skip "needs $1"; }

# --- modules ---------------------------------------------------------------

module_path() { echo "$O2M_BUILD/modules/drivers/net/$1/$1.ko"; }

# load_module NAME: insmod the module built for the running kernel.
load_module() {
	local ko
	ko=$(module_path "$1")
	[ -f "$ko" ] || skip "$1 is not built for $(uname -r) (make modules KVER=$(uname -r))"
	if [ ! -d "/sys/module/$1" ]; then
		insmod "$ko" || { _fail "insmod $1"; finish; }
	fi
}

# --- namespaces ------------------------------------------------------------

# setup_ns NAME...: create namespaces, set the variable NAME to the real
# namespace name (unique to this test), bring up their loopback.
setup_ns() {
	local var ns
	for var in "$@"; do
		ns="$var-$$-$RANDOM"
		ip netns add "$ns" || { _fail "ip netns add $ns"; finish; }
		o2m_namespaces+=("$ns")
		ip -n "$ns" link set lo up
		printf -v "$var" '%s' "$ns"
	done
}

# veth_pair NS1 DEV1 NS2 DEV2: a veth pair, both ends up.
veth_pair() {
	ip -n "$1" link add "$2" type veth peer name "$4" netns "$3" &&
		ip -n "$1" link set "$2" up && ip -n "$3" link set "$4" up
}

# Wait up to SECONDS (default 5) for CMD to succeed.
wait_for() {
	local t=${WAIT_FOR_TIMEOUT:-5} i
	for ((i = 0; i < t * 20; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	return 1
}

# Count frames captured in a pcap file, optionally matching a tcpdump filter.
pcap_count() {
	local file=$1
	shift
	tcpdump -nr "$file" "$@" 2>/dev/null | wc -l
}

# capture_start NS DEV FILE [FILTER...]: tcpdump in the background, ready
# when this returns. capture_stop FILE: flush and stop it.
declare -A o2m_captures
capture_start() {
	local ns=$1 dev=$2 file=$3 i
	shift 3
	ip netns exec "$ns" tcpdump -U -s 256 -ni "$dev" -w "$file" "$@" \
		2>"$file.log" &
	o2m_captures[$file]=$!
	on_exit "kill ${o2m_captures[$file]}"
	for ((i = 0; i < 100; i++)); do
		grep -q "listening on" "$file.log" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "tcpdump on $ns/$dev did not start: $(cat "$file.log")"
	return 1
}
capture_stop() {
	local pid=${o2m_captures[$1]}
	sleep 0.2
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}
