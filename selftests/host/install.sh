#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make install DESTDIR=... PREFIX=/usr` puts every piece where the system
# looks for it (the modules with a depmod index, o2mctl, ip's plugin, the man
# pages, the completion), and `make uninstall` takes every file back out.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
k=${KERNELS:-6.1}
k=${k%% *}
rel=$("$top/tools/vm/kernel-info" release "$k") || exit 1
multiarch=$(gcc -print-multiarch)

expect=(
	"lib/modules/$rel/updates/drivers/net/one2many/one2many.ko*"
	"lib/modules/$rel/updates/drivers/net/o2m_source/o2m_source.ko*"
	usr/sbin/o2mctl
	"usr/lib/$multiarch/ip/link_one2many.so"
	"usr/lib/$multiarch/ip/link_one2many_slave.so"
	usr/share/man/man8/o2mctl.8
	usr/share/man/man4/one2many.4
	usr/share/man/man4/o2m_source.4
	usr/share/bash-completion/completions/o2mctl
)

if ! make -s -C "$top" install KVER="$k" DESTDIR="$tmp" PREFIX=/usr >"$tmp.log" 2>&1; then
	cat "$tmp.log"
	rm -f "$tmp.log"
	exit 1
fi
rm -f "$tmp.log"
for f in "${expect[@]}"; do
	# shellcheck disable=SC2086 # the pattern is meant to expand
	if compgen -G "$tmp/"$f >/dev/null; then
		echo "ok   installed $f"
	else
		echo "FAIL not installed: $f"
		fail=1
	fi
done
if grep -q 'updates/drivers/net/one2many/one2many.ko' "$tmp/lib/modules/$rel/modules.dep"; then
	echo "ok   depmod indexed one2many"
else
	echo "FAIL modules.dep does not list one2many"
	fail=1
fi
if IP_LIB_DIR="$tmp/usr/lib/$multiarch/ip" ip link help one2many 2>&1 | grep -q 'mode { rr | all | failover }'; then
	echo "ok   ip finds the installed plugin"
else
	echo "FAIL ip link help one2many, with the installed plugin: no grammar"
	fail=1
fi
if MANPATH="$tmp/usr/share/man" man -w o2mctl >/dev/null 2>&1; then
	echo "ok   man finds o2mctl(8)"
else
	echo "FAIL man -w o2mctl with the installed MANPATH"
	fail=1
fi

make -s -C "$top" uninstall KVER="$k" DESTDIR="$tmp" PREFIX=/usr || fail=1
left=$(find "$tmp" -type f -o -type l | grep -v '/modules\.' || true)
if [ -z "$left" ]; then
	echo "ok   make uninstall removed every file"
else
	echo "FAIL left behind by make uninstall:"
	echo "$left" | sed 's/^/     /'
	fail=1
fi
exit $fail
