#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Both modules load and unload cleanly, and leave nothing behind.
. "$(dirname "$0")/lib.sh"
require_root

for m in one2many o2m_source; do
	step "$m"
	rmmod "$m" 2>/dev/null
	check "$m is built for $(uname -r)" test -f "$(module_path "$m")"
	check "insmod $m" insmod "$(module_path "$m")"
	check "$m is live" grep -qx live "/sys/module/$m/initstate"
	check "rmmod $m" rmmod "$m"
	check_not "$m is gone" test -d "/sys/module/$m"
	check "insmod $m again" insmod "$(module_path "$m")"
	check "rmmod $m again" rmmod "$m"
done
finish
