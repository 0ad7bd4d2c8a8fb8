#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh KVER...: build everything, run the host-side tests, boot each
# kernel in the VM and run its selftests there (the whole suite on the last
# kernel named, the compat tests on the others: O2M_CHECK_FULL below), then
# the rig's own tests.
# Prints one result line per planned step and a final
# "N passed, N failed[, N skipped]"; exits non-zero if anything failed.
#
# The verdict comes from the plan, not from what happened to print: every
# step is planned before anything runs, and a planned step that did not run
# to its end (a kernel that did not build, a guest that died, a test missing
# from the guest's report) is a failure, with the reason and the console's
# last lines shown.
#
# For the rig's own tests of this script (selftests/host/check_plan.sh):
#   O2M_CHECK_VM     the VM runner (default tools/vm/run)
#   O2M_CHECK_ONLY   "selftests": only the selftests' VM run, nothing else
#   O2M_CHECK_LOGS   where the logs go (default build/check)
# and for anyone:
#   O2M_CHECK_TESTS  the selftests planned and run on every kernel,
#                    instead of selftests/Makefile's (a part of the suite:
#                    the debug kernel's run in two halves, one a session)
#   O2M_CHECK_FULL   1 (no other value): the whole suite on every kernel.
#                    By default only the last kernel named runs all of it;
#                    the others run COMPAT_TESTS, what differs between
#                    the kernels, to keep make check under 20 minutes
#   O2M_CHECK_TIMEOUT seconds a kernel's guest may take (default 2400, and
#                    14400 on the debug kernel, which runs the suite 5 to 10
#                    times slower than the Debian kernels under emulation)
#   O2M_CHECK_JOBS   kernels whose guests run at the same time (default 1,
#                    one after the other, the output as it comes; on 2
#                    cores two at a time gained nothing: each test took
#                    twice as long under emulation)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
logs=${O2M_CHECK_LOGS:-$top/build/check}
mkdir -p "$logs"
vmrun=${O2M_CHECK_VM:-tools/vm/run}
jobs_max=${O2M_CHECK_JOBS:-1}
if ! [[ $jobs_max =~ ^[1-9][0-9]*$ ]]; then
	echo "check.sh: O2M_CHECK_JOBS must be a number of jobs, 1 or more" >&2
	exit 2
fi
only=${O2M_CHECK_ONLY:-}

plan=()              # KERNEL|NAME, in the order they are reported
declare -A status    # KERNEL|NAME -> PASS, FAIL or SKIP
declare -A note      # KERNEL|NAME -> what to say beside it
declare -A why       # KERNEL -> why its remaining steps did not run
declare -A inplan    # KERNEL|NAME -> 1

planned() { # KERNEL NAME...
	local k=$1 n
	shift
	for n in "$@"; do
		plan+=("$k|$n")
		inplan[$k|$n]=1
	done
}
resfile=         # set in a kernel's job: where its results go for the verdict
result() { # STATUS KERNEL NAME [NOTE]
	local key="$2|$3"
	[ -n "${inplan[$key]+x}" ] || planned "$2" "$3"
	status[$key]=$1
	note[$key]=${4:-}
	[ -z "$resfile" ] || printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$resfile"
}
# The last lines of a guest's console, for a step that did not finish.
console_tail() {
	[ -f "$1/console.log" ] || return 0
	echo "  last console lines ($1/console.log):"
	tail -n 25 "$1/console.log" | sed 's/^/    /'
}

# Each kernel's tests: the whole suite on the last kernel named, and on the
# others the tests of what differs between kernels (selftests/Makefile's
# COMPAT_TESTS), unless O2M_CHECK_FULL=1 (make check-full) or
# O2M_CHECK_TESTS names them. A list that selftests/Makefile refuses (a
# compat test that is not in the suite) is no list: that kernel fails.
declare -A klist listerr
for k in "$@"; do
	if [ -n "${O2M_CHECK_TESTS+x}" ]; then
		klist[$k]=$O2M_CHECK_TESTS
		continue
	fi
	what=print-compat-tests
	[ "$k" = "${!#}" ] || [ "${O2M_CHECK_FULL:-0}" = 1 ] && what=print-tests
	if ! klist[$k]=$(make -s --no-print-directory -C selftests $what); then
		klist[$k]=
		listerr[$k]="make -C selftests $what failed"
	fi
done
# The rig's own tests on KVER (FIRST: 1 for the first kernel named): the
# runner's exit statuses on the first kernel; reports.sh, a boot that
# provokes every class of kernel report, on the last one only. The others'
# report formats are proven where they matter more: the debug kernel, which
# is 6.1 underneath, runs reports.sh in make check-debug.
last_kernel=${!#}
kernel_rigs() {
	local r=()
	[ "$2" = 1 ] && r+=(exit_status.sh timeout.sh died.sh stale_int3.sh)
	[ "$1" = "$last_kernel" ] && r+=(reports.sh)
	echo "${r[@]}"
}

# --- the plan ---------------------------------------------------------------

if [ -z "$only" ]; then
	planned host "build: o2mctl"
	for t in selftests/host/*.sh; do
		[ -e "$t" ] && planned host "host/$(basename "$t")"
	done
fi
first=1
for k in "$@"; do
	if [ -z "$only" ]; then
		planned "$k" "build: modules (W=1, -Werror)" "build: sparse clean"
	fi
	read -ra selftests <<<"${klist[$k]}"
	[ ${#selftests[@]} -gt 0 ] || planned "$k" "selftests: the list of tests"
	for t in "${selftests[@]}"; do planned "$k" "$t"; done
	planned "$k" "vm: guest ran to its end, kernel log clean"
	if [ -z "$only" ]; then
		[ $first = 1 ] && planned "$k" "demo: runs to its end and exits 0"
		read -ra rigs <<<"$(kernel_rigs "$k" $first)"
		for t in "${rigs[@]}"; do planned "$k" "rig/$t"; done
	fi
	first=0
done

# --- host side --------------------------------------------------------------

if [ -z "$only" ]; then
	echo "== building the tools"
	if make -s tools WERROR=1; then
		result PASS host "build: o2mctl"
	else
		result FAIL host "build: o2mctl"
	fi

	# what needs no kernel of ours (man pages, install tree, this script, ...)
	for t in selftests/host/*.sh; do
		[ -e "$t" ] || continue
		name=host/$(basename "$t")
		"$t" >"$logs/$(basename "$t" .sh).log" 2>&1
		case $? in
		0) result PASS host "$name" ;;
		4) result SKIP host "$name" ;;
		*) sed 's/^/  /' "$logs/$(basename "$t" .sh).log"
		   result FAIL host "$name" ;;
		esac
	done
fi

# --- each kernel: the builds ------------------------------------------------

built=()
for k in "$@"; do
	if [ -z "$only" ]; then
		echo "== kernel $k: building the modules"
		# One pass: the compiler (W=1, every warning an error) and
		# sparse over every file (C=2: the unchanged ones too), whose
		# findings tools/sparse-log keeps apart. The rig's test module
		# (meant to provoke reports) is built on its own.
		rm -f "$logs/sparse-$k.log"
		if make -s modules KVER="$k" KCFLAGS=-Werror C=2 \
			CHECK="$top/tools/sparse-log $logs/sparse-$k.log" >"$logs/build-$k.log" 2>&1 &&
		   make -s rig-module KVER="$k" >"$logs/build-rig-$k.log" 2>&1; then
			result PASS "$k" "build: modules (W=1, -Werror)"
		else
			cat "$logs/build-$k.log" "$logs/build-rig-$k.log" 2>/dev/null |
				grep -v 'Skipping BTF' | tail -n 30
			result FAIL "$k" "build: modules (W=1, -Werror)"
			why[$k]="the modules did not build"
			continue
		fi
		if [ ! -s "$logs/sparse-$k.log" ]; then
			result PASS "$k" "build: sparse clean"
		else
			sed 's/^/  /' "$logs/sparse-$k.log"
			result FAIL "$k" "build: sparse clean"
		fi
	fi
	built+=("$k")
done

# --- each kernel: its guests -------------------------------------------------

# kernel_run KVER FIRST: the selftests' guest, then (for the first kernel)
# the demo, then the rig's own tests. Its results go to $resfile too.
kernel_run() {
	local k=$1 first=$2 vmlog timeout vmrc line name n vmstep missing t rigs selftests

	read -ra selftests <<<"${klist[$k]}"
	echo "== kernel $k: ${#selftests[@]} selftests in the VM"
	vmlog=$logs/vm-$k
	rm -rf "$vmlog"
	timeout=2400
	[ "$k" = debug ] && timeout=14400
	timeout=${O2M_CHECK_TIMEOUT:-$timeout}
	$vmrun --log "$vmlog" --timeout "$timeout" "$k" -- selftests/run.sh "${selftests[@]}" \
		>"$logs/selftests-$k.log" 2>&1
	vmrc=$?
	cat "$logs/selftests-$k.log"
	while read -r line; do
		name=${line#*selftests: one2many: }
		name=${name%% #*}
		n=${line##*# }
		[ "$n" = "$line" ] && n=
		# A result of a test that was not asked for: the guest ran
		# something else than the plan, whatever it says of it.
		if [ -z "${inplan[$k|$name]+x}" ]; then
			result FAIL "$k" "$name" "not in the plan"
			continue
		fi
		case $line in
		"not ok "*) result FAIL "$k" "$name" "$n" ;;
		*"# SKIP"*) result SKIP "$k" "$name" "${n#SKIP}" ;;
		"ok "*) result PASS "$k" "$name" "$n" ;;
		esac
	done < <(grep -E '^(not )?ok [0-9]+ ' "$logs/selftests-$k.log")
	vmstep="vm: guest ran to its end, kernel log clean"
	case $vmrc in
	0 | 1) result PASS "$k" "$vmstep" ;;
	122) result FAIL "$k" "$vmstep" "the guest died" ;;
	124) result FAIL "$k" "$vmstep" "timed out after ${timeout}s" ;;
	125) result FAIL "$k" "$vmstep" "reports in the kernel log" ;;
	*) result FAIL "$k" "$vmstep" "the runner exited $vmrc"
	   console_tail "$vmlog" ;;
	esac
	# Tests that the guest never reported did not run: say why.
	missing=0
	for t in "${selftests[@]}"; do
		[ -n "${status[$k|$t]+x}" ] && continue
		result FAIL "$k" "$t" "did not run"
		missing=1
	done
	[ $missing = 1 ] && [ "$vmrc" != 124 ] && [ "$vmrc" != 122 ] && console_tail "$vmlog"
	if [ ${#selftests[@]} = 0 ]; then
		result FAIL "$k" "selftests: the list of tests" \
			"${listerr[$k]:-selftests/Makefile lists none}"
	fi
	[ -n "$only" ] && return

	if [ "$first" = 1 ]; then
		echo "== kernel $k: make demo, quickly"
		if $vmrun --log "$logs/vm-demo-$k" --timeout 600 "$k" -- \
			env O2M_DEMO_TTY=0 O2M_DEMO_SCALE=0.25 tools/demo/demo.sh \
			>"$logs/demo-$k.log" 2>&1 &&
		   grep -q '^== Done' "$logs/demo-$k.log"; then
			result PASS "$k" "demo: runs to its end and exits 0"
		else
			tail -n 30 "$logs/demo-$k.log" | sed 's/^/  /'
			result FAIL "$k" "demo: runs to its end and exits 0"
		fi
	fi

	echo "== kernel $k: the rig's own tests"
	read -ra rigs <<<"$(kernel_rigs "$k" "$first")"
	for t in "${rigs[@]}"; do
		if selftests/rig/$t "$k" >"$logs/rig-$t-$k.log" 2>&1; then
			result PASS "$k" "rig/$t"
		else
			sed 's/^/  /' "$logs/rig-$t-$k.log"
			result FAIL "$k" "rig/$t"
		fi
	done
}

# Each kernel's job writes its output and results to files; they are shown
# in the kernels' order once it ends, and its results join the plan's.
# Each job in a process group of its own, so that an interrupted check
# (^C, or CI cancelling it) takes its guests down with it: a background
# job in a script ignores SIGINT, and qemu would go on using the CPUs.
set -m
stop_jobs() {
	local p
	for p in $(jobs -p); do kill -TERM -- "-$p" 2>/dev/null; done
	wait
	exit 130
}
trap stop_jobs INT TERM
first=1
for k in "${built[@]}"; do
	f=$first
	[ "$k" = "$1" ] || f=0
	rm -f "$logs/results-$k" "$logs/out-$k"
	first=0
	if [ "$jobs_max" -le 1 ]; then
		# One at a time: shown as it comes. In the background all the
		# same, waited for: bash runs a trap only once the foreground
		# command ends, so a foreground guest would keep an interrupted
		# check alive until its timeout.
		(resfile=$logs/results-$k; kernel_run "$k" "$f") 2>&1 | tee "$logs/out-$k" &
		wait -f %%
		continue
	fi
	(resfile=$logs/results-$k; kernel_run "$k" "$f") >"$logs/out-$k" 2>&1 &
	echo "== kernel $k: its guests are running (output: $logs/out-$k)"
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
		wait -n
	done
done
wait
for k in "${built[@]}"; do
	[ "$jobs_max" -le 1 ] || cat "$logs/out-$k"
	[ -f "$logs/results-$k" ] || continue
	while IFS=$'\t' read -r st kk name n; do
		result "$st" "$kk" "$name" "$n"
	done <"$logs/results-$k"
done

# --- the verdict, from the plan ---------------------------------------------

passed=0 failed=0 skipped=0
skips=()
echo
echo "== results"
for key in "${plan[@]}"; do
	k=${key%%|*}
	name=${key#*|}
	st=${status[$key]:-}
	n=${note[$key]:-}
	if [ -z "$st" ]; then
		st=FAIL
		n="did not run${why[$k]:+: ${why[$k]}}"
	fi
	case $st in
	PASS) passed=$((passed + 1)) ;;
	FAIL) failed=$((failed + 1)) ;;
	SKIP) skipped=$((skipped + 1)); skips+=("$k $name${n:+ ($n)}") ;;
	esac
	printf '%-4s  %-6s  %s%s\n' "$st" "$k" "$name" "${n:+  ($n)}"
done
echo
if [ $skipped -gt 0 ]; then
	echo "skipped:"
	printf '  %s\n' "${skips[@]}"
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed = 0 ]
