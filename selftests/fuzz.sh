#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A short run of the netlink fuzzer (tools/fuzz/fuzz.py): a few thousand
# requests to each of the one2many and o2m_source generic netlink families
# and to rtnetlink around one2many devices, mostly valid for the policies the
# kernel dumps, the rest what a policy must refuse. Every request must be
# answered, every EINVAL or ERANGE of our families must carry an extack
# message, the kernel log must stay clean, and after every batch the
# fuzzer's own o2m0 and source must still carry frames.
#
# O2M_FUZZ_COUNT (requests per family, default 3000, and 10000 on the debug
# kernel: make check-debug is where the long runs belong), O2M_FUZZ_SEED and
# O2M_FUZZ_TIME (seconds after which the run stops at the end of a batch,
# default none) change the run; `make fuzz` sets them. Without a time
# limit every request counted must have been sent, so that a slow kernel
# is fuzzed as much as it was asked to, only for longer (3000 take about
# 20 s on 6.12; 10000, minutes under KASAN: the timeout below is four times
# as long there). Unset, the seed is 1, so that make check sends the same
# requests every time and its verdict does not depend on luck; set but
# empty (make fuzz without SEED=), a random one, to explore. A failure
# prints the seed and the last requests: the same seed and count replay
# the run.
# o2m-timeout: 600
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
load_module o2m_source
count=${O2M_FUZZ_COUNT:-$((o2m_slow > 1 ? 10000 : 3000))}
if [ -z "${O2M_FUZZ_SEED+x}" ]; then
	seed=1
else
	seed=${O2M_FUZZ_SEED:-$((RANDOM << 15 | RANDOM))}
fi
limit=${O2M_FUZZ_TIME:-0}
o2m_tmpdir

step "fuzz: $count requests per family, seed $seed"
"$O2M_TOP/tools/fuzz/fuzz.py" --seed "$seed" --count "$count" --time-limit "$limit" \
	>"$TMP/out" 2>&1
rc=$?
sed 's/^/   /' "$TMP/out"
check_eq "every request answered, every rejection of ours with a message, no kernel report, the fixture alive after every batch (seed $seed)" \
	"$rc" 0
# The three families' requests (a source's frames count as its family's);
# a time limit, asked for, may cut them short.
if [ "$limit" = 0 ]; then
	check_eq "all of them sent" "$(sed -n 's/^fuzz: \([0-9]*\) messages in .*/\1/p' "$TMP/out")" \
		$((3 * count))
fi
finish
