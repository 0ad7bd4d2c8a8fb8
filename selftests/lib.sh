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
# ip's plugin for "type one2many" options and details, as built.
export IP_LIB_DIR=$O2M_TOP/tools/iproute2

o2m_failed=0
o2m_checks=0
o2m_cleanups=()
o2m_namespaces=()

# Each step says when it began (seconds into the test): where the time goes.
step() { echo "== $* [${SECONDS}s]"; }
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

# check_not DESC CMD...: CMD answers no, with exit 1 (test, grep -q, a
# predicate of ours). Any other failure (2: grep's or test's error, 126,
# 127: could not run) is no answer and fails the check, so that a command
# that breaks cannot pass for one that says no; a predicate whose own
# commands fail returns 2. Where a failure says why, use check_err with
# what it says.
check_not() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc != 0 ] && [ $rc != 1 ]; then
		_fail "$desc" "command: $*" "no answer (exit $rc, not 1): $out"
		return 1
	elif [ $rc = 0 ]; then
		_fail "$desc" "command: $*" "succeeded, expected a failure: $out"
		return 1
	fi
	_pass "$desc"
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
	if [ -z "$msg" ]; then
		# An empty message matches any failure: say which one.
		_fail "$desc" "check_err without a message: name what the user reads"
		return 1
	fi
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

# skip_unless_debug WHY: skip on a Debian kernel; on the debug kernel,
# which is built to have what the test needs, fail instead.
skip_unless_debug() {
	case $(uname -r) in
	*-debug) _fail "the debug kernel lacks it: $*"; finish ;;
	esac
	skip "$*"
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
# The helpers below read JSON with python3 (selftests/jsonq.py) and jq
# (tools/deps.sh installs both).
require_cmd python3
require_cmd jq

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

# no_ipv6 NS...: no IPv6 on the namespaces' devices, so that no router or
# neighbour solicitation lands in the counters a test reads.
no_ipv6() {
	local ns
	for ns in "$@"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
}

# veth_pair NS1 DEV1 NS2 DEV2: a veth pair, both ends up.
veth_pair() {
	ip -n "$1" link add "$2" type veth peer name "$4" netns "$3" &&
		ip -n "$1" link set "$2" up && ip -n "$3" link set "$4" up
}

# wait_for CMD...: wait up to WAIT_FOR_TIMEOUT seconds (default 10) for CMD
# to succeed; its status says whether it did: 0, or at the timeout CMD's
# last status (1 for a plain "no", 2 and up for a CMD that could not tell,
# which check_not takes as no answer). Use it as a check ("check DESC
# wait_for CMD...") or fail when it times out: never ignore it.
# The debug kernel (KASAN, lockdep, kmemleak) runs everything some four
# times slower: its waits are four times as long, as its tests' timeouts.
o2m_slow=1
case $(uname -r) in *-debug) o2m_slow=4 ;; esac

# nap SECONDS: sleep(1) without its process. Under emulation forking and
# executing sleep takes a tenth of a second, longer than the naps of a
# polling loop; a read with a timeout on a pipe of our own that nobody
# writes to takes none of it.
exec {o2m_napfd}<> <(:)
nap() {
	read -rt "$1" -u "$o2m_napfd" _
	return 0
}

wait_for() {
	# Wall-clock time: under TCG one try of CMD can take longer than a
	# second, and a count of tries would stretch the timeout far.
	local end=$((SECONDS + ${WAIT_FOR_TIMEOUT:-10} * o2m_slow)) rc
	while true; do
		"$@" >/dev/null 2>&1
		rc=$?
		[ $rc = 0 ] && return 0
		[ $SECONDS -lt $end ] || return $rc
		nap 0.05
	done
}

# exited PID: process PID has ended (a child not yet reaped, a zombie, has).
exited() {
	! kill -0 "$1" 2>/dev/null || [ "$(awk '/^State:/ { print $2 }' "/proc/$1/status")" = Z ]
}

# Count frames captured in a pcap file, optionally matching a tcpdump filter.
pcap_count() {
	local file=$1
	shift
	# One line per frame starts with its timestamp; hex dumps do not.
	tcpdump -nr "$file" "$@" 2>/dev/null | grep -c '^[0-9]'

}

# capture_start NS DEV FILE [FILTER...]: tcpdump in the background, ready
# when this returns (NS -: the initial namespace). capture_stop FILE: flush
# and stop it.
declare -A o2m_captures
capture_start() {
	local ns=$1 dev=$2 file=$3 end line in=()
	shift 3
	[ "$ns" = - ] || in=(ip netns exec "$ns")
	# Emptied first: a file of an earlier capture says "listening on"
	# until the new tcpdump's redirection truncates it.
	: >"$file.log"
	"${in[@]}" tcpdump --immediate-mode -U -s 256 -ni "$dev" -w "$file" "$@" \
		2>"$file.log" &
	o2m_captures[$file]=$!
	on_exit "kill ${o2m_captures[$file]}"
	# Its "listening on" line, read without a process of our own; as long
	# as wait_for would wait (tcpdump's first start loads it over 9p).
	end=$((SECONDS + 10 * o2m_slow))
	while [ $SECONDS -lt $end ] && kill -0 "${o2m_captures[$file]}" 2>/dev/null; do
		while IFS= read -r line; do
			[[ $line == *"listening on"* ]] && return 0
		done <"$file.log" 2>/dev/null
		nap 0.05
	done
	echo "tcpdump on $ns/$dev did not start: $(cat "$file.log")"
	return 1
}
capture_stop() {
	local pid=${o2m_captures[$1]}
	# A grace for frames still in flight (a softirq deferred to ksoftirqd):
	# what has not arrived has no condition to wait for, and a check that
	# none arrived needs a window anyway: 0.2 s, 0.8 s on the debug kernel.
	nap "0.$((2 * o2m_slow))"
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# nic_named MAC: the name of the initial namespace's device with that MAC
# (the rig's two virtio-net NICs: 52:54:00:00:00:01 and :02, joined by a
# hub of qemu's).
nic_named() {
	local d
	for d in /sys/class/net/*; do
		[ "$(cat "$d/address" 2>/dev/null)" = "$1" ] && { basename "$d"; return 0; }
	done
	return 1
}

# rig_nics: the rig's two NICs, their MACs in $mac_a and $mac_b and their
# names in $nic_a and $nic_b, or a skip (a failure in the rig's guests,
# which always have them).
rig_nics() {
	mac_a=52:54:00:00:00:01 mac_b=52:54:00:00:00:02
	if ! wait_for nic_named $mac_a || ! wait_for nic_named $mac_b; then
		if [ "${O2M_VM:-}" = 1 ]; then
			_fail "the rig's two virtio-net NICs are there"
			finish
		fi
		skip "needs the rig's two virtio-net NICs (tools/vm/run)"
	fi
	nic_a=$(nic_named $mac_a) nic_b=$(nic_named $mac_b)
}

# --- one2many topologies ---------------------------------------------------

FRAMES=$O2M_TOP/selftests/frames.py

# A scratch directory for the test, removed at the end.
o2m_tmpdir() {
	TMP=$(mktemp -d /tmp/o2m-test.XXXXXX)
	on_exit "rm -rf $TMP"
}

inA() { ip netns exec "$A" "$@"; }
inB() { ip netns exec "$B" "$@"; }
# o2mctl in namespace A: its own -n, one process where "ip netns exec" is two
o2m() { "$O2MCTL" -n "$A" "$@"; }

# json_path KEY...: the value at KEY... of the JSON on stdin: object keys,
# list indexes, or id=N for the element of a list whose "id" is N; printed
# as jq -r prints a value (true, false, null, strings raw; null past a
# list's end or below a null; an object or a list on one line). json_get EXPR: a
# Python expression over that JSON ("d"), as print() shows it. Both ask
# selftests/jsonq.py, one python3 started with the test, where a python3 or
# jq of their own would take most of a second each under emulation, and the
# predicates of wait_for read JSON in loops. A failure (no such element,
# no JSON at all) says why on stderr, prints nothing and returns 1. Not for
# background jobs: two at once would mix their questions.
# jq_get FILTER: jq -r FILTER, for what a path cannot say.
#
# The coprocess's descriptors are copied to ones of our own: bash closes a
# coprocess's own in the subshells that run a pipeline's commands.
coproc O2M_JSONQ { exec python3 -S -u "$O2M_TOP/selftests/jsonq.py" 2>/dev/null; }
o2m_jsonq_pid=$O2M_JSONQ_PID
exec {o2m_jsonq_ask}>&"${O2M_JSONQ[1]}" {o2m_jsonq_ans}<&"${O2M_JSONQ[0]}"
o2m_jsonq() {
	# Bytes, not characters: a byte that is no UTF-8 (a device's name)
	# must not make read take the newline after it for part of a character.
	local doc reply LC_ALL=C
	# One line a question: a newline in it would pair later questions
	# with the wrong answers.
	if [[ $1 == *$'\n'* ]]; then
		echo "jsonq: a question of more than one line: $1" >&2
		return 2
	fi
	IFS= read -r -d '' doc
	# Gone, it would answer with a SIGPIPE that kills the asking shell.
	if ! kill -0 "$o2m_jsonq_pid" 2>/dev/null; then
		echo "jsonq: $1: selftests/jsonq.py is not running" >&2
		return 2
	fi
	printf '%s\n%s\n' "$1" "${doc//$'\n'/ }" >&"$o2m_jsonq_ask" || return 2
	IFS= read -r reply <&"$o2m_jsonq_ans" || return 2
	reply=${reply//$'\x1f'/$'\n'}
	case $reply in
	=*) printf '%s\n' "${reply#=}" ;;
	*)
		echo "jsonq: $1: ${reply#!}" >&2
		return 1
		;;
	esac
}
json_path() { o2m_jsonq "path $*"; }
json_get() { o2m_jsonq "eval $1"; }
jq_get() {
	jq -r "$1"
}

# o2m_topology K [ip link add options...]: namespace A holds o2m0 with links
# v0..vK-1 (link numbers 0..K-1); namespace B holds their peers p0..pK-1,
# all up. o2m0 is up too.
o2m_topology() {
	local k=$1 i
	shift
	setup_ns A B
	no_ipv6 "$A" "$B"
	ip -n "$A" link add o2m0 type one2many "$@" || { _fail "ip link add o2m0 type one2many $*"; finish; }
	for ((i = 0; i < k; i++)); do
		ip -n "$A" link add "v$i" type veth peer name "p$i" netns "$B" &&
			ip -n "$B" link set "p$i" up &&
			ip -n "$A" link set "v$i" master o2m0 ||
			{ _fail "enslave v$i"; finish; }
	done
	ip -n "$A" link set o2m0 up
}

# Capture the test frames sent over each link to its peer: on the peer pN
# when it is up (what arrived, into $TMP/pN.pcap). A peer that is down
# receives nothing, and a link without carrier drops what it is given to
# the noop qdisc before any capture sees it, and before 6.5 without a count
# in ip -s link; there the frames the link vN was given are counted by the
# net:net_dev_queue tracepoint (every frame handed to a device's queue), in
# a trace instance of the test's own, so that "none on pN" means none was
# sent there.
capture_peers() {
	local i down=0
	for ((i = 0; i < $1; i++)); do
		rm -f "$TMP/p$i.pcap" "$TMP/p$i.tx"
		if ip -n "$B" link show "p$i" | grep -q ',UP'; then
			capture_start "$B" "p$i" "$TMP/p$i.pcap" ether proto 0x88b5 || return 1
		else
			down=1
		fi
	done
	[ $down = 0 ] || queue_trace_start
}
stop_peers() {
	local i
	for ((i = 0; i < $1; i++)); do
		[ -n "${o2m_captures[$TMP/p$i.pcap]:-}" ] && capture_stop "$TMP/p$i.pcap"
		unset "o2m_captures[$TMP/p$i.pcap]"
		[ -f "$TMP/p$i.pcap" ] || grep -c " net_dev_queue: dev=v$i " "$O2M_TRACE/trace" >"$TMP/p$i.tx"
	done
}

# queue_trace_start: record every frame handed to a device's queue from now
# on, in $O2M_TRACE/trace (lines "net_dev_queue: dev=NAME ...").
#
# Tracing's record-cmd option, on by default, makes enabling any event also
# hook the scheduler's sched_switch and sched_wakeup tracepoints, which
# rewrites try_to_wake_up()'s code while every CPU runs it. Under qemu's TCG
# that rewrite has crashed the guest ("Oops: int3" in ttwu_do_activate,
# twice in 6.12 guests), so it is off while we trace: we need no task names.
# The option is global (an instance inherits it when made), hence set before
# the instance is, and given back last.
O2M_TRACE=
queue_trace_start() {
	local t=/sys/kernel/tracing
	[ -d $t/instances ] || mount -t tracefs nodev $t || return 1
	if [ -z "$O2M_TRACE" ]; then
		if [ "$(cat $t/options/record-cmd 2>/dev/null)" = 1 ]; then
			echo 0 >$t/options/record-cmd || return 1
			on_exit "echo 1 >$t/options/record-cmd"
		fi
		O2M_TRACE=$t/instances/o2m-$$
		mkdir "$O2M_TRACE" || return 1
		on_exit "rmdir $O2M_TRACE"
		echo 1 >"$O2M_TRACE/events/net/net_dev_queue/enable" || return 1
		on_exit "echo 0 >$O2M_TRACE/events/net/net_dev_queue/enable"
	fi
	echo >"$O2M_TRACE/trace"
}
peer_count() {
	if [ -f "$TMP/p$1.pcap" ]; then
		pcap_count "$TMP/p$1.pcap"
	elif [ -f "$TMP/p$1.tx" ]; then
		cat "$TMP/p$1.tx"
	else
		echo "no capture of p$1"
	fi
}

# send_frames N [frames.py send options]: N test frames out of o2m0.
# (From one CPU: round-robin keeps its turn per CPU, so that frames sent
# from one are spread exactly.)
send_frames() {
	local n=$1
	shift
	inA taskset -c 0 "$FRAMES" send o2m0 "$n" "$@"
}

# link_stat ID FIELD: one counter of link ID (-1: the master) of o2m0.
link_stat() {
	o2m -j stats o2m0 "$1" | json_path links 0 stats "$2"
}

# link_stat_sent ID [NAME]: the counters of link ID (-1: the master) of o2m0
# as the kernel sent them in a raw O2M_CMD_GET_STATS reply, named as in
# "o2mctl -j stats", or just counter NAME ("absent" if the kernel left it
# out: o2mctl prints 0 for a missing counter).
link_stat_sent() {
	# O2M_CMD_GET_STATS 7, O2M_A_IFNAME 2, O2M_A_LINK 10 { O2M_LINK_A_ID 1 },
	# O2M_LINK_A_STATS 7 { O2M_STATS_A_* 1..6 }
	inA "$O2M_TOP/selftests/genl.py" --reply 10,7 one2many 7 2:str:o2m0 "10:nest:[1:s32:$1]" |
		sed 1d | python3 -S -c '
import json, sys
names = ["recv_octets", "recv_packets", "xmit_octets", "xmit_packets", "memory_failures", "drops"]
sent = json.load(sys.stdin)["10"]["7"]
d = {n: int.from_bytes(bytes.fromhex(sent[str(i + 1)]), sys.byteorder)
     for i, n in enumerate(names) if str(i + 1) in sent}
print(d.get(sys.argv[1], "absent") if len(sys.argv) > 1 else d)' ${2:+"$2"}
}

# dev_stat NS DEV DIR FIELD: a counter of "ip -s link show DEV" (DIR rx or
# tx; FIELD packets, bytes, dropped...).
dev_stat() {
	ip -n "$1" -j -s link show "$2" | json_path 0 stats64 "$3" "$4"
}

# o2m_is FIELD VALUE: o2m0's FIELD in "o2mctl -j link show" is VALUE (for
# wait_for: active_count, failover_link, carrier...).
o2m_is() {
	[ "$(o2m -j link show o2m0 | json_path 0 "$1")" = "$2" ]
}

# link_state ID FIELD: enabled, carrier or active of link ID, from link show.
link_state() {
	o2m -j link show o2m0 | json_path 0 links "id=$1" "$2"
}

# monitor_ready PID: true once o2mctl monitor PID has joined the event group
# of each loaded family (one2many, o2m_source). "o2mctl -j monitor" prints
# no ready line: its generic netlink socket (/proc/PID/fd, found by inode
# in /proc/PID/net/netlink) shows the groups it joined (the first 32).
monitor_ready() {
	local pid=$1 want=0 m inodes groups
	for m in one2many o2m_source; do [ -d "/sys/module/$m" ] && want=$((want + 1)); done
	inodes=" $(find "/proc/$pid/fd" -lname 'socket:*' -printf '%l ' 2>/dev/null | tr -dc '0-9 ') "
	groups=$(awk -v inodes="$inodes" '$2 == 16 && index(inodes, " " $10 " ") { print $4 }' \
		"/proc/$pid/net/netlink" 2>/dev/null | head -1)
	[ -n "$groups" ] || return 1
	groups=$((16#$groups))
	for ((m = 0; groups; groups >>= 1)); do m=$((m + (groups & 1))); done
	[ "$m" -ge "$want" ]
}

# link_is ID FIELD VALUE: link_state ID FIELD is VALUE (for wait_for).
link_is() {
	[ "$(link_state "$1" "$2")" = "$3" ]
}

# --- o2m_source ------------------------------------------------------------

src() { "$O2MCTL" -n "$A" source "$@"; }
srcj() { "$O2MCTL" -n "$A" -j source "$@"; }

# queue_frame NAME FILE: one write() of FILE to /dev/o2m_source/NAME.
queue_frame() {
	dd if="$2" of="/dev/o2m_source/$1" bs="$(stat -c %s "$2")" count=1 status=none
}

# src_stat NAME FIELD
src_stat() {
	srcj stats "$1" | json_path stats "$2"
}

# src_idle NAME: the source is not running (for wait_for: a run ended).
src_idle() {
	[ "$(srcj show "$1" | json_path 0 running)" = false ]
}

# Sinks count in namespace B, where the frames arrive.
sink() { "$O2MCTL" -n "$B" sink "$@"; }
sinkj() { "$O2MCTL" -n "$B" -j sink "$@"; }

# sink_stat NAME FIELD...: one counter of "sink stats NAME"
sink_stat() {
	local name=$1
	shift
	sinkj stats "$name" | json_path stats "$@"
}

# sink_has NAME N: the sink has matched N frames or more (for wait_for).
sink_has() { [ "$(sink_stat "$1" frames)" -ge "$2" ]; }

# fill_queue NAME LEN MAX: write LEN-byte frames to NAME's queue until it is
# full (ENOSPC) or MAX are queued; prints how many went in.
fill_queue() {
	python3 -S -c '
import errno, os, sys
fd = os.open("/dev/o2m_source/" + sys.argv[1], os.O_WRONLY)
frame = b"\xff" * 12 + b"\x88\xb5" + bytes(int(sys.argv[2]) - 14)
n = 0
try:
    while n < int(sys.argv[3]):
        os.write(fd, frame)
        n += 1
except OSError as e:
    if e.errno != errno.ENOSPC:
        raise
print(n)' "$@"
}

# fail_allocs MODULE TIMES: the next TIMES allocations at MODULE's fault
# sites (one2many's probes, o2m_source's copies: made in a worker, where
# fail-nth cannot reach; drivers/net/compat/o2m_fault.h) fail, whatever the
# task or context; fail_allocs MODULE 0: none any more. fail_allocs_left MODULE:
# how many of the TIMES are still to come. injectable MODULE: the kernel
# has MODULE's fail_MODULE/ in debugfs (the debug kernel).
fail_allocs() {
	local dir=/sys/kernel/debug/fail_$1 times=$2
	echo 0 >"$dir/probability" || return 1
	[ "$times" = 0 ] && return 0
	echo 0 >"$dir/verbose"
	echo 0 >"$dir/space"
	echo N >"$dir/task-filter"
	echo 1 >"$dir/interval"
	echo "$times" >"$dir/times"
	echo 100 >"$dir/probability"
}
fail_allocs_left() { cat "/sys/kernel/debug/fail_$1/times"; }
fail_allocs_done() { [ "$(fail_allocs_left "$1")" = 0 ]; }
injectable() { [ -d "/sys/kernel/debug/fail_$1" ]; }

# mem_free_kb: MemFree of /proc/meminfo. mem_free_above KB: it is above KB.
mem_free_kb() { awk '$1 == "MemFree:" { print $2 }' /proc/meminfo; }
mem_free_above() { [ "$(mem_free_kb)" -gt "$1" ]; }

# src_sent NAME N: the source has sent at least N frames.
src_sent() {
	[ "$(src_stat "$1" out_frames)" -ge "$2" ]
}
