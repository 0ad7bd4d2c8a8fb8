#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kbuild.sh KDIR OUTDIR [make args...]: build the modules against KDIR.
# O2M_KBUILD_SRC names what to build (default: the drivers; selftests/rig/module
# for the rig's own test module).
#
# Kbuild writes objects next to the sources of an external module, so each
# kernel gets its own tree of symbolic links to the sources (OUTDIR), and
# builds for several kernels do not trample each other.
set -eu
kdir=$1 out=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -e "$kdir/Makefile" ]; then
	echo "kbuild: no kernel build tree at $kdir (make deps, or set KDIR)" >&2
	exit 1
fi
mkdir -p "$out"
# Links to removed sources would break the build: start the link tree afresh.
find "$out" -type l -delete 2>/dev/null || true
for d in ${O2M_KBUILD_SRC:-Kbuild drivers include}; do
	if [ -d "$top/$d" ] && [ "${d##*/}" = module ]; then
		cp -rs "$top/$d/." "$out/"
	else
		cp -rs "$top/$d" "$out/"
	fi
done
# As many jobs as CPUs, unless the make above us shares its own.
jobs=-j$(nproc)
case " ${MAKEFLAGS:-} " in *" -j"* | *jobserver*) jobs= ;; esac
exec make $jobs -C "$kdir" M="$(cd "$out" && pwd)" "$@"
