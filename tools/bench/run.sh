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
#
# Under TCG, comparison 3 (aggregation cost) is then measured again in a
# second boot whose clock counts instructions (qemu's -icount: tools/vm/run
# --icount): what a device costs a frame, exactly, where the first boot's
# rates step with the host. O2M_BENCH_ICOUNT_RUNS (3) rounds of it.
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

export O2M_VM_ENV="O2M_BENCH_RUNS O2M_BENCH_PAIRED_RUNS O2M_BENCH_WINDOW O2M_BENCH_ONLY O2M_BENCH_ICOUNT"
only=${O2M_BENCH_ONLY:-}
only=${only// /}
start=$(date +%s)
rc=0 failed="the VM"
O2M_BENCH_ICOUNT= tools/vm/run --timeout 2700 --cpus 2 "$kver" -- tools/bench/guest.py |
	tee "$out/guest.log" || rc=$?
echo "bench: the VM run took $(( $(date +%s) - start )) s"

if grep -qE '\b(vmx|svm)\b' /proc/cpuinfo && [ -w /dev/kvm ]; then
	export O2M_BENCH_ACCEL=KVM
else
	export O2M_BENCH_ACCEL="TCG (no KVM)"
fi
# -icount is TCG's: under KVM the first boot's rates are the host's own.
# 8 ns an instruction: about the guest's speed here, so its timers keep
# their pace. A failure of this boot too leaves the page as it was.
icount_shift=3
if [ "$rc" = 0 ] && [ "$O2M_BENCH_ACCEL" != KVM ] &&
	{ [ -z "$only" ] || [[ ",$only," == *,3,* ]]; }; then
	start=$(date +%s)
	failed="the VM under -icount"
	O2M_BENCH_ONLY=3 O2M_BENCH_ICOUNT=$icount_shift \
	O2M_BENCH_PAIRED_RUNS=${O2M_BENCH_ICOUNT_RUNS:-3} \
		tools/vm/run --timeout 1800 --cpus 2 --icount "$icount_shift" "$kver" -- \
		tools/bench/guest.py | tee -a "$out/guest.log" || rc=$?
	echo "bench: the VM run under -icount took $(( $(date +%s) - start )) s"
fi
sed -n 's/^BENCH //p' "$out/guest.log" >"$out/raw.jsonl"
if [ ! -s "$out/raw.jsonl" ]; then
	echo "bench: no results (the VM exited $rc)" >&2
	exit 1
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
	echo "bench: $failed exited $rc (see $out/guest.log): results in $out," \
		"Documentation/networking/performance.rst left as it was" >&2
fi
exit "$rc"
