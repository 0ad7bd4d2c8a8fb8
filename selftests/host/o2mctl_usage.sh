#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: o2mctl's command-line parser, from the table of cases in
# o2mctl_usage.cases, with no module and no guest. Each case gives the exit
# status and what o2mctl must print: a usage error (exit 2) must be the one
# message, with nothing on standard output; help (exit 0) must start with
# its usage line. That no case reaches the kernel is part of the check: on
# a host without the modules, a request would fail with exit 1 and a
# message about the missing family instead.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
o2mctl=${O2MCTL:-$top/tools/o2mctl/o2mctl}
cases=$(dirname "$0")/o2mctl_usage.cases
if [ ! -x "$o2mctl" ]; then
	echo "FAIL: $o2mctl is not built (make tools)"
	exit 1
fi
sealed=
unshare -n true 2>/dev/null && sealed="unshare -n"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fails=0
# A capture of one frame, for the cases that load one: "$tmp/one.pcap".
{
	printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\0\0\0\0\0\0\0\0\xff\xff\0\0\x01\0\0\0'
	printf '\x01\0\0\0\0\0\0\0\x3c\0\0\0\x3c\0\0\0'
	printf '\x02%.0s' $(seq 12)
	printf '\x88\xb5'
	printf 'x%.0s' $(seq 46)
} >"$tmp/one.pcap"

while IFS= read -r line; do
	case $line in '' | '#'*) continue ;; esac
	want_rc=${line%% | *}
	rest=${line#* | }
	args=${rest%% | *}
	want=${rest#* | }
	n=$((n + 1))
	eval "set -- $args"
	# In a network namespace of its own where that can be made: a case
	# that wrongly reached a kernel with the modules loaded changes nothing.
	$sealed "$o2mctl" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$want_rc" = 0 ]; then
		got=$(head -1 "$tmp/out")
		extra=$(cat "$tmp/err")
	else
		got=$(cat "$tmp/err")
		extra=$(cat "$tmp/out")
		# o2mctl with nothing prints the commands, as help does.
		[ -z "$args" ] && { got=$(head -1 "$tmp/out"); extra=$(cat "$tmp/err"); }
	fi
	if [ "$rc" != "$want_rc" ] || [ "$got" != "$want" ] || [ -n "$extra" ]; then
		fails=$((fails + 1))
		echo "FAIL: o2mctl $args"
		echo "      exit $rc, wanted $want_rc"
		echo "      got:    $got"
		echo "      wanted: $want"
		[ -n "$extra" ] && echo "      and on the other stream: $extra"
	fi
done <"$cases"

if [ "$n" -lt 50 ]; then
	echo "FAIL: only $n cases read from $cases"
	exit 1
fi
if [ "$fails" -gt 0 ]; then
	echo "$fails of $n o2mctl command lines were not answered as the table says"
	exit 1
fi
echo "$n o2mctl command lines answered as the table says, none of them talking to a kernel"
