#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms.conf works: the sources that `make dkms-src` lays out are added to a
# private DKMS tree, and `dkms build` turns them into both modules for every
# kernel we support (KERNELS), each with that kernel's vermagic. Nothing is
# written outside a temporary directory.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v dkms >/dev/null || { echo "SKIP: dkms is not installed"; exit 4; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
tree=(--sourcetree "$tmp/usr/src" --dkmstree "$tmp/dkms")

make -s -C "$top" dkms-src DESTDIR="$tmp" || exit 1
mkdir -p "$tmp/dkms"
if ! dkms add -m one2many -v "$version" "${tree[@]}" >"$tmp/add.log" 2>&1; then
	cat "$tmp/add.log"
	exit 1
fi
for k in ${KERNELS:-6.1 6.12}; do
	[ "$k" = debug ] && continue
	rel=$("$top/tools/vm/kernel-info" release "$k") || exit 1
	if ! dkms build -m one2many -v "$version" -k "$rel" "${tree[@]}" \
		>"$tmp/build-$rel.log" 2>&1; then
		echo "FAIL dkms build for $rel"
		tail -n 20 "$tmp/build-$rel.log"
		cat "$tmp/dkms/one2many/$version/build/make.log" 2>/dev/null | tail -n 20
		fail=1
		continue
	fi
	for m in one2many o2m_source; do
		ko=$(find "$tmp/dkms/one2many/$version/$rel" -name "$m.ko*" | head -n1)
		if [ -z "$ko" ]; then
			echo "FAIL $rel: dkms built no $m.ko"
			fail=1
			continue
		fi
		magic=$(modinfo -F vermagic "$ko")
		if [ "${magic%% *}" = "$rel" ]; then
			echo "ok   $rel: $(basename "$ko") (vermagic $magic)"
		else
			echo "FAIL $rel: $(basename "$ko") has vermagic \"$magic\""
			fail=1
		fi
	done
done
if dkms status -m one2many "${tree[@]}" | grep -q "one2many/$version"; then
	echo "ok   dkms status lists one2many/$version"
else
	echo "FAIL dkms status does not list one2many/$version"
	fail=1
fi
exit $fail
