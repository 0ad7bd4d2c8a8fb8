#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The YNL specs of both families (Documentation/netlink/specs/) say what
# the modules register: operations, flags, multicast groups, and every
# attribute a request may carry with its type and checks (specs.py, against
# CTRL_CMD_GETPOLICY). A spec that drifts from the code fails here.
. "$(dirname "$0")/lib.sh"
require_root
require_cmd python3
load_module one2many
load_module o2m_source
o2m_tmpdir

step "the specs are what the kernel registered"
if ! python3 -c 'import yaml' 2>/dev/null; then
	_fail "python3 has no yaml module (apt-get install python3-yaml)"
	finish
fi
python3 "$O2M_TOP/selftests/specs.py" one2many o2m_source >"$TMP/specs" 2>&1
rc=$?
sed 's/^/   | /' "$TMP/specs"
check_eq "no mismatch" "$rc" 0
check "one2many: every operation compared" grep -qx "one2many: 9 operations compared" "$TMP/specs"
check "o2m_source: every operation compared" grep -qx "o2m_source: 18 operations compared" "$TMP/specs"
finish
