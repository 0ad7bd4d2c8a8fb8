#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The one2many family's strictness, with raw requests o2mctl never sends: an
# unknown attribute, a value out of range, a read-only attribute, a bitmap
# naming a link that does not exist. Each is refused with a message and
# changes nothing; a good request changes everything it says.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
o2m_tmpdir
o2m_topology 3
GENL=$O2M_TOP/selftests/genl.py

# Numbers from include/uapi/linux/one2many.h
SET_CONFIG=2 ADD_LINK=3 A_IFNAME=2 A_MODE=3 A_DETECT=4 A_ENABLED=5 A_CARRIER=9 A_LINK=10
A_UPDELAY=15 A_DOWNDELAY=16
LINK_A_ID=1 LINK_A_IFNAME=3 LINK_A_ACTIVE=6 LINK_A_PENDING=8
raw() { inA "$GENL" one2many "$@"; }
config() { o2m -j link show o2m0 | json_get "(d[0]['mode'], d[0]['detect'], [l['enabled'] for l in d[0]['links']], d[0]['updelay_ms'], d[0]['downdelay_ms'])"; }
before=$(config)

step "refused, with the reason, and nothing changed"
check_err "a bit for a link that does not exist" "a bit is set for a link that does not exist" \
	raw $SET_CONFIG $A_IFNAME:str:o2m0 $A_MODE:u32:3 $A_ENABLED:u64:0x9
check_eq "the mode in the same request was not applied" "$(config)" "$before"
check_err "a mode out of range" "out of range" raw $SET_CONFIG $A_IFNAME:str:o2m0 $A_MODE:u32:4
check_err "detection out of range" "out of range" raw $SET_CONFIG $A_IFNAME:str:o2m0 $A_DETECT:u32:0
check_err "an unknown attribute" "Unknown attribute type" raw $SET_CONFIG $A_IFNAME:str:o2m0 $A_MODE:u32:2 40:u32:1
check_err "a read-only attribute" "the carrier is read only" raw $SET_CONFIG $A_IFNAME:str:o2m0 $A_CARRIER:u8:1
check_err "no device named" "name the one2many device" raw $SET_CONFIG $A_MODE:u32:2
check_err "a link's read-only state in a request" "whether a link is active is read only" \
	raw $ADD_LINK $A_IFNAME:str:o2m0 "$A_LINK:nest:[$LINK_A_IFNAME:str:v0;$LINK_A_ACTIVE:u8:1]"
check_err "link number -1 is not a link" "the link number must be 0..63" \
	raw $ADD_LINK $A_IFNAME:str:o2m0 "$A_LINK:nest:[$LINK_A_IFNAME:str:v0;$LINK_A_ID:s32:-1]"
check_err "an updelay over 60000 ms, in a request with a good downdelay" "out of range" \
	raw $SET_CONFIG $A_IFNAME:str:o2m0 $A_DOWNDELAY:u32:100 $A_UPDELAY:u32:60001
check_err "a link's pending change in a request" "a link's pending change is read only" \
	raw $ADD_LINK $A_IFNAME:str:o2m0 "$A_LINK:nest:[$LINK_A_IFNAME:str:v0;$LINK_A_PENDING:u8:1]"
check_err "link number 64" "out of range" \
	raw $ADD_LINK $A_IFNAME:str:o2m0 "$A_LINK:nest:[$LINK_A_IFNAME:str:v0;$LINK_A_ID:s32:64]"
check_eq "after all that, nothing changed" "$(config)" "$before"

step "a good request changes all it says"
check "mode, detection and enabled links at once" raw $SET_CONFIG $A_IFNAME:str:o2m0 $A_MODE:u32:2 $A_DETECT:u32:1 $A_ENABLED:u64:0x5
check_eq "all three applied" "$(config)" "('all', 'manual', [True, False, True], 0, 0)"
check "o2mctl link set o2m0 enabled 1" o2m link set o2m0 enabled 1
check_eq "only link 1 enabled" "$(config)" "('all', 'manual', [False, True, False], 0, 0)"
check_eq "one link active" "$(o2m -j link show o2m0 | json_get "d[0]['active_count']")" 1
check "o2mctl link set o2m0 enabled 0,1,2 mode rr detect carrier" o2m link set o2m0 enabled 0,1,2 mode rr detect carrier
check_eq "back as before" "$(config)" "$before"
check "updelay and downdelay at the limit" raw $SET_CONFIG $A_IFNAME:str:o2m0 $A_UPDELAY:u32:60000 $A_DOWNDELAY:u32:60000
check_eq "both applied" "$(o2m -j link show o2m0 | jq -c '[.[0].updelay_ms, .[0].downdelay_ms]')" "[60000,60000]"
finish
