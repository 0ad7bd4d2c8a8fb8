#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo, run inside the VM by `make demo`. It grows with the drivers.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/build/$(uname -r)/modules/drivers/net

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }

say "Loading one2many and o2m_source into $(uname -r)"
insmod "$build/one2many/one2many.ko"
insmod "$build/o2m_source/o2m_source.ko"
lsmod | grep -E '^(one2many|o2m_source) '

say "Unloading them again"
rmmod o2m_source one2many
say "Done."
