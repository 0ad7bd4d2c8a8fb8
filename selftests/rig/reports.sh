#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: every class of kernel report that must fail a run is caught, and
# a clean stretch of log is not. One boot provokes each class in turn (see
# provoke.sh); the run must exit 125 and show the reports, and each class's
# stretch of the console log must be flagged by scan-dmesg with its own text.
# Usage: selftests/rig/reports.sh KVER
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
release=$(tools/vm/kernel-info release "$1")
kdir=$(tools/vm/kernel-info kdir "$1")
ko=$top/build/$release/rig/o2m_rig.ko
[ -f "$ko" ] || { echo "not built: $ko"; exit 1; }
log=$(mktemp -d /tmp/o2m-rig.XXXXXX)
trap 'rm -rf "$log"' EXIT

# Twice as long on the debug kernel: its boot and its end-of-run kmemleak
# scans take minutes under emulation.
limit=300
[ "$1" = debug ] && limit=600
out=$(tools/vm/run -q --log "$log" --timeout $limit "$1" -- selftests/rig/provoke.sh "$ko" 2>&1)
rc=$?
echo "$out" | sed 's/^/  /'
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok:   $*"; }

[ $rc = 125 ] || fail "expected exit 125 (reports in the kernel log), got $rc"
grep -q '^vm: REPORTS' <<<"$out" || fail "the run did not say REPORTS"

# The console between CLASS's marks (a serial console ends lines with CR),
# and what scan-dmesg says of it.
stretch() {
	tr -d '\r' <"$log/console.log" |
		sed -n "/o2m-rig-test: begin $1\$/,/o2m-rig-test: end $1\$/p"
}
section() { stretch "$1" | tools/vm/scan-dmesg; }
# expect CLASS REGEX: if provoked, its stretch of log is flagged with REGEX.
expect() {
	if grep -qx "unsupported $1" <<<"$out"; then
		ok "$1: this kernel cannot report it"
	elif ! grep -qx "provoked $1" <<<"$out"; then
		fail "$1: not provoked"
	elif section "$1" | grep -qE "$2"; then
		ok "$1: caught ($(section "$1" | grep -E "$2" | head -n1 | cut -c1-90))"
	else
		fail "$1: not caught; its stretch of the console:"
		stretch "$1" | head -n 20
	fi
}

if [ -n "$(section none)" ]; then
	fail "a clean stretch of log was flagged: $(section none)"
elif ! grep -q 'o2m-rig-test: end none' "$log/console.log"; then
	fail "the console has no clean stretch to look at"
else
	ok "none: a clean stretch is not flagged"
fi
expect warn 'WARNING:.*o2m_rig'
expect pagealloc 'page allocation failure'
expect lockdep 'possible circular locking'
expect kasan 'KASAN:'
expect ubsan 'UBSAN:'
expect hung 'blocked for more than'
expect softlockup 'soft lockup'
expect rcustall 'rcu: INFO:|detected stall'
expect devleak 'waiting for rigleak to become free'
if [ ! -r "$kdir/.config" ]; then
	fail "cannot read $kdir/.config: is the reference tracker there?"
elif grep -q '^CONFIG_NET_DEV_REFCNT_TRACKER=y' "$kdir/.config"; then
	expect devleak 'ref_tracker:|leaked reference'
fi
expect refcount 'refcount_t:'
expect odebug 'ODEBUG:'
expect gpf 'general protection fault'
expect list 'list_del corruption'
expect segfault 'segfault at'
expect txstall 'NETDEV WATCHDOG'
expect bug 'kernel BUG at'
expect bug 'invalid opcode:'

# Found at the end of the run, after the command.
all=$(tools/vm/scan-dmesg "$log/console.log" "$log/dmesg.log")
if grep -qx 'unsupported kmemleak' <<<"$out"; then
	ok "kmemleak: this kernel cannot report it"
elif grep -q 'unreferenced object' <<<"$all"; then
	ok "kmemleak: the leak was found at the end of the run"
else
	fail "kmemleak: the leak was not found"
fi
if grep -q 'o2m-rig: rmmod o2m_rig FAILED' <<<"$all"; then
	ok "pin: a module that does not unload is reported"
else
	fail "pin: the module that could not unload was not reported"
fi

[ $fails = 0 ] || exit 1
echo "every class of report was caught"
