#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: build, boot the VM once, run every comparison in it
# (tools/bench/guest.py), then write the results under bench-results/DATE/
# (raw.jsonl, results.json, results.csv, table.txt, chart.png; "latest" links
# to the newest) and rewrite Documentation/networking/performance.rst and its
# chart. Benchmarks are not tests: a target not met does not fail this.
#
# BENCH_KVER (default 6.12) picks the kernel; O2M_BENCH_RUNS, O2M_BENCH_WINDOW
# and O2M_BENCH_ONLY are handed to the guest (see guest.py).
set -eu
# The VM's exit status, not tee's: a guest that died must not pass as a run.
set -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
kver=${BENCH_KVER:-6.12}
make -s all KVER="$kver"
out=bench-results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
ln -sfn "$(basename "$out")" bench-results/latest

export O2M_VM_ENV="O2M_BENCH_RUNS O2M_BENCH_PAIRED_RUNS O2M_BENCH_WINDOW O2M_BENCH_ONLY"
start=$(date +%s)
rc=0
tools/vm/run --timeout 2700 --cpus 2 "$kver" -- tools/bench/guest.py | tee "$out/guest.log" ||
	rc=$?
echo "bench: the VM run took $(( $(date +%s) - start )) s"
sed -n 's/^BENCH //p' "$out/guest.log" >"$out/raw.jsonl"
if [ ! -s "$out/raw.jsonl" ]; then
	echo "bench: no results (the VM exited $rc)" >&2
	exit 1
fi

if grep -qE '\b(vmx|svm)\b' /proc/cpuinfo && [ -w /dev/kvm ]; then
	export O2M_BENCH_ACCEL=KVM
else
	export O2M_BENCH_ACCEL="TCG (no KVM)"
fi
export O2M_BENCH_COMMAND="make bench${O2M_BENCH_ONLY:+ O2M_BENCH_ONLY=$O2M_BENCH_ONLY}"
echo
# A run cut short (the guest died, or timed out) is reported, but does not
# replace the page's full run.
if [ "$rc" = 0 ]; then
	python3 tools/bench/report.py "$out" --doc Documentation/networking
	echo
	echo "bench: results in $out; Documentation/networking/performance.rst rewritten"
else
	python3 tools/bench/report.py "$out"
	echo
	echo "bench: the VM exited $rc (see $out/guest.log): results in $out," \
		"Documentation/networking/performance.rst left as it was" >&2
fi
exit "$rc"
