#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: o2mctl's JSON writer, and its reply and event callbacks
# against complete, incomplete and random messages, built with AddressSanitizer and UBSan
# (see o2mctl_replies.c). O2M_REPLIES_N sets the number of random messages,
# O2M_REPLIES_SEED the seed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-gcc}
cflags="-g -O1 -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -fsanitize=address,undefined
	-fno-sanitize-recover=all -I$top/include/uapi -I$top/tools/include
	$(pkg-config --cflags libnl-genl-3.0 libpcap json-c)"
# shellcheck disable=SC2086
if ! $cc $cflags -o "$tmp/replies" "$here/o2mctl_replies.c" \
	$(pkg-config --libs libnl-genl-3.0 libpcap json-c) 2>"$tmp/cc.err"; then
	cat "$tmp/cc.err"
	echo "FAIL: o2mctl_replies.c does not build"
	exit 1
fi
# Reports go to fd 3, a sanitizer's to stderr: o2mctl's own output is muted.
ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	"$tmp/replies" "${O2M_REPLIES_N:-20000}" "${O2M_REPLIES_SEED:-1}" 3>&1 2>"$tmp/san.err"
rc=$?
if [ -s "$tmp/san.err" ] || [ $rc != 0 ]; then
	head -40 "$tmp/san.err"
	echo "FAIL: o2mctl mishandled a reply (exit $rc)"
	exit 1
fi
echo "o2mctl takes complete replies, refuses incomplete ones, and reads no garbage"
