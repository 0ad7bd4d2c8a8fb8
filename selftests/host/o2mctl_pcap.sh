#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side: o2mctl source load's capture reader, on captures of every form
# it must take or refuse (o2mctl_pcap.py), built with AddressSanitizer.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2046
if ! ${CC:-gcc} -g -O1 -Wall -Wextra -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I"$top/include/uapi" -o "$tmp/pcap" "$here/o2mctl_pcap.c" \
	$(pkg-config --cflags --libs libpcap) 2>"$tmp/cc.err"; then
	cat "$tmp/cc.err"
	echo "FAIL: o2mctl_pcap.c does not build"
	exit 1
fi
ASAN_OPTIONS=detect_leaks=1 python3 "$here/o2mctl_pcap.py" "$tmp/pcap"
