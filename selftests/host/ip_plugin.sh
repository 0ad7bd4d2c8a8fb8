#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: the iproute2 plugin's printing (complete replies, numbers of the
# wrong size, random replies) and parsing (good and bad command lines), with
# ip's functions stubbed (ip_plugin.c), built with AddressSanitizer and UBSan.
# O2M_PLUGIN_N sets the number of random replies, O2M_PLUGIN_SEED the seed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if ! ${CC:-gcc} -g -O1 -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-I"$top/include/uapi" -I"$top/tools/include" -o "$tmp/plugin" "$here/ip_plugin.c" \
	2>"$tmp/cc.err"; then
	cat "$tmp/cc.err"
	echo "FAIL: ip_plugin.c does not build"
	exit 1
fi
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	"$tmp/plugin" "${O2M_PLUGIN_N:-20000}" "${O2M_PLUGIN_SEED:-1}" 2>"$tmp/err"
rc=$?
# The plugin's own words go to stderr too: a sanitizer's report is the rest.
if grep -q -E 'Sanitizer|runtime error' "$tmp/err"; then
	grep -E -A20 'Sanitizer|runtime error' "$tmp/err" | head -40
	echo "FAIL: the ip plugin read out of bounds"
	exit 1
fi
want='Warning: one2many: attribute 1 is 3 bytes, not 4: left out (the ip plugin, link_one2many.so, and the module of different versions?)'
if ! grep -qxF "$want" "$tmp/err"; then
	echo "FAIL: no warning for a number of the wrong size: wanted \"$want\""
	exit 1
fi
exit $rc
