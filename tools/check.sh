#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh KVER...: build everything, boot each kernel once in the VM, run
# every selftest there, run the rig's own host-side tests, and print one
# result line per test and a final "N passed, N failed, N skipped".
# Exits non-zero if anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
logs=$top/build/check
mkdir -p "$logs"

passed=0 failed=0 skipped=0
results=()
result() { # STATUS KERNEL NAME [NOTE]
	case $1 in
	PASS) passed=$((passed + 1)) ;;
	FAIL) failed=$((failed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	esac
	results+=("$(printf '%-4s  %-6s  %s%s' "$1" "$2" "$3" "${4:+  ($4)}")")
}

echo "== building the tools"
if make -s tools WERROR=1; then
	result PASS host "build: o2mctl"
else
	result FAIL host "build: o2mctl"
fi

# host-side tests: what needs no kernel of ours (man pages, install tree, ...)
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

first=1
for k in "$@"; do
	echo "== kernel $k: building the modules"
	if make -s modules KVER="$k" KCFLAGS=-Werror >"$logs/build-$k.log" 2>&1 &&
	   make -s rig-module KVER="$k" >>"$logs/build-$k.log" 2>&1; then
		result PASS "$k" "build: modules (W=1, -Werror)"
	else
		grep -v 'Skipping BTF' "$logs/build-$k.log" | tail -n 30
		result FAIL "$k" "build: modules (W=1, -Werror)"
		continue
	fi

	# sparse over every file (C=2), on top of the build above
	if make -s modules KVER="$k" C=2 >"$logs/sparse-$k.log" 2>&1 &&
	   ! grep -E ': (warning|error):' "$logs/sparse-$k.log"; then
		result PASS "$k" "build: sparse clean"
	else
		result FAIL "$k" "build: sparse clean"
	fi

	echo "== kernel $k: selftests in the VM"
	tools/vm/run --log "$logs/vm-$k" --timeout 1200 "$k" -- selftests/run.sh \
		2>&1 | tee "$logs/selftests-$k.log"
	vmrc=${PIPESTATUS[0]}
	while read -r line; do
		name=${line#*selftests: one2many: }
		name=${name%% #*}
		note=${line##*# }
		[ "$note" = "$line" ] && note=
		case $line in
		"not ok "*) result FAIL "$k" "$name" "$note" ;;
		*"# SKIP"*) result SKIP "$k" "$name" ;;
		"ok "*) result PASS "$k" "$name" "$note" ;;
		esac
	done < <(grep -E '^(not )?ok [0-9]+ ' "$logs/selftests-$k.log")
	case $vmrc in
	124) result FAIL "$k" "vm: finished in time" ;;
	125) result FAIL "$k" "vm: kernel log clean" ;;
	*) result PASS "$k" "vm: kernel log clean" ;;
	esac

	if [ $first = 1 ]; then
		echo "== kernel $k: make demo, quickly"
		if tools/vm/run --log "$logs/vm-demo-$k" --timeout 600 "$k" -- \
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
	rigs=(warn.sh)
	[ $first = 1 ] && rigs+=(exit_status.sh timeout.sh)
	for t in "${rigs[@]}"; do
		if selftests/rig/$t "$k" >"$logs/rig-$t-$k.log" 2>&1; then
			result PASS "$k" "rig/$t"
		else
			sed 's/^/  /' "$logs/rig-$t-$k.log"
			result FAIL "$k" "rig/$t"
		fi
	done
	first=0
done

echo
echo "== results"
printf '%s\n' "${results[@]}"
echo
if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed = 0 ]
