#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The o2m_source family's rules, with raw requests o2mctl never sends: every
# command that changes something needs CAP_NET_ADMIN (nobody gets EPERM and
# changes nothing, but may read); a source is a host-wide object (a /dev
# node, a global name, kernel memory), so the CAP_NET_ADMIN is the initial
# user namespace's: the root of a user namespace of its own cannot create
# one; the policy is strict (an unknown
# attribute, a wrong length, a value out of range, a read-only attribute are
# refused with a message, and change nothing).
. "$(dirname "$0")/lib.sh"
require_root
require_cmd setpriv
load_module o2m_source
o2m_tmpdir
setup_ns A
no_ipv6 "$A"
ip -n "$A" link add d0 type dummy
ip -n "$A" link set d0 up
"$FRAMES" frame >"$TMP/f"
src add s dev d0 pps 100 >/dev/null
queue_frame s "$TMP/f"
GENL=$O2M_TOP/selftests/genl.py

# Numbers from include/uapi/linux/o2m_source.h
ADD=1 DEL=2 GET=3 SET=4 START=5 STOP=6 CLRDATA=7 GET_STATS=8 CLR_STATS=9 GETCLR_STATS=10
SET_TIMESTAMP=12 GET_TIMESTAMP=13 SET_COUNTER=14 GET_COUNTER=15
A_NAME=1 A_IFNAME=3 A_PPS=4 A_QUEUE_LIMIT=5 A_COUNT=6 A_RUNNING=7 A_STATS=8 A_TIMESTAMP=11
A_COUNTER=12 A_CSUM_FIXUP=13 A_SPEED=14
TS_A_OFFSET=1 TS_A_FLAGS=2 CTR_A_INDEX=1 CTR_A_OFFSET=2 CTR_A_FLAGS=3
raw() { inA "$GENL" o2m_source "$@"; }
nobody() { inA setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$GENL" o2m_source "$@"; }
# Everything a request could change, and the sources there are.
state() {
	srcj show | json_get "[(s['name'], s['ifname'], s['pps'], s['speed'], s['queue_limit'], s['running'], s['csum']) for s in d]"
	srcj stats s | json_get "d['stats']['out_frames'], d['stats']['queue_frames']"
	src timestamp s
	src counter s 0
}
before=$(state)

step "nobody gets EPERM for each command that changes something"
check_err "add" "Operation not permitted" nobody $ADD $A_NAME:str:n2 $A_IFNAME:str:d0
check_err "del" "Operation not permitted" nobody $DEL $A_NAME:str:s
check_err "set" "Operation not permitted" nobody $SET $A_NAME:str:s $A_PPS:u32:10
check_err "start" "Operation not permitted" nobody $START $A_NAME:str:s $A_COUNT:u64:1
check_err "stop" "Operation not permitted" nobody $STOP $A_NAME:str:s
check_err "clrdata" "Operation not permitted" nobody $CLRDATA $A_NAME:str:s
check_err "clear the counters" "Operation not permitted" nobody $CLR_STATS $A_NAME:str:s
check_err "get and clear the counters" "Operation not permitted" nobody $GETCLR_STATS $A_NAME:str:s
check_err "set the timestamp" "Operation not permitted" \
	nobody $SET_TIMESTAMP $A_NAME:str:s "$A_TIMESTAMP:nest:[$TS_A_OFFSET:u32:20;$TS_A_FLAGS:u32:1]"
check_err "set a counter" "Operation not permitted" \
	nobody $SET_COUNTER $A_NAME:str:s "$A_COUNTER:nest:[$CTR_A_INDEX:u8:0;$CTR_A_OFFSET:u32:20;$CTR_A_FLAGS:u32:1]"
check_err "o2mctl source start as nobody says so too" "Operation not permitted" \
	inA setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$O2MCTL" source start s 1
check_eq "nothing changed" "$(state)" "$before"

step "the root of an unprivileged user namespace has no source of its own"
# nobody, root in a user and network namespace of its own, with a device it
# made there (CAP_NET_ADMIN over that namespace, not the host's).
userns() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare -Urn sh -c "ip link add z0 type dummy && ip link set z0 up && $*"
}
if userns true 2>/dev/null; then
	check_err "source add x dev z0 is refused" "Operation not permitted" \
		userns "$O2MCTL" source add x dev z0
	check_not "and leaves no /dev/o2m_source/x" test -e /dev/o2m_source/x
	check_eq "nothing changed" "$(state)" "$before"
elif [ "$(sysctl -n kernel.unprivileged_userns_clone 2>/dev/null)" = 0 ] ||
	[ "$(sysctl -n user.max_user_namespaces)" = 0 ]; then
	info "unprivileged user namespaces are not allowed here: nothing to try"
else
	_fail "nobody could not make a user namespace, which this kernel allows: $(userns true 2>&1)"
fi

step "nobody may read"
check "get" nobody $GET $A_NAME:str:s
check "get the counters" nobody $GET_STATS $A_NAME:str:s
check "get the timestamp" nobody $GET_TIMESTAMP $A_NAME:str:s
check "get a counter" nobody $GET_COUNTER $A_NAME:str:s "$A_COUNTER:nest:[$CTR_A_INDEX:u8:0]"
check "o2mctl source show as nobody" \
	inA setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$O2MCTL" source show s

step "strict policy: refused, with the reason, and nothing changed"
check_err "an unknown attribute" "Unknown attribute type" raw $SET $A_NAME:str:s $A_PPS:u32:10 40:u32:1
check_err "an unknown attribute in a nest" "Unknown attribute type" \
	raw $SET_TIMESTAMP $A_NAME:str:s "$A_TIMESTAMP:nest:[$TS_A_OFFSET:u32:20;9:u32:1]"
check_err "a u32 sent as a u8" "invalid attribute length" raw $SET $A_NAME:str:s $A_PPS:u8:10
check_err "a name past 31 characters" "Attribute failed policy validation" \
	raw $ADD $A_NAME:str:abcdefghijabcdefghijabcdefghijab
# o2mctl refuses these names itself: the module must too.
check_err "a name with a slash" "a source name is ASCII letters, digits" raw $ADD $A_NAME:str:a/b
check_err "a name with a Latin-1 letter (byte 0xe9)" "a source name is ASCII letters, digits" \
	raw $ADD "$A_NAME:str:caf"$'\xe9'
check_err "the name .." "a source name is ASCII letters, digits" raw $ADD $A_NAME:str:..
check_err "a counter 3 bytes wide" "a counter's width is 1, 2 or 4 bytes" \
	raw $SET_COUNTER $A_NAME:str:s "$A_COUNTER:nest:[$CTR_A_INDEX:u8:0;4:u8:3]"
check_err "a flag the timestamp does not know" "reserved bit set" \
	raw $SET_TIMESTAMP $A_NAME:str:s "$A_TIMESTAMP:nest:[$TS_A_FLAGS:u32:2]"
check_err "csum fix-up 2" "out of range" raw $SET $A_NAME:str:s $A_PPS:u32:10 $A_CSUM_FIXUP:u8:2
check_err "a queue limit below a frame" "out of range" raw $SET $A_NAME:str:s $A_QUEUE_LIMIT:u32:13
check_err "the running state" "the running state is read only: use start and stop" \
	raw $SET $A_NAME:str:s $A_RUNNING:u8:1
check_err "the counters" "statistics are read only" raw $SET $A_NAME:str:s $A_STATS:u64:0
check_err "a speed under 0.1x" "a speed is 100 to 100000 thousandths (0.1x to 100x), or 0 for none" \
	raw $SET $A_NAME:str:s $A_PPS:u32:0 $A_SPEED:u32:99
check_err "a speed past 100x" "out of range" \
	raw $SET $A_NAME:str:s $A_PPS:u32:0 $A_SPEED:u32:100001
check_err "a speed beside the pps limit it has" \
	"a replay (speed) is paced by its frames' gaps: it takes no pps limit" raw $SET $A_NAME:str:s $A_SPEED:u32:1000
check_err "a pps limit and a speed at once" "it takes no pps limit" \
	raw $ADD $A_NAME:str:n3 $A_PPS:u32:10 $A_SPEED:u32:2000
check_eq "after all that, nothing changed" "$(state)" "$before"
check "a good request goes through" raw $SET $A_NAME:str:s $A_PPS:u32:10
check_eq "and changes what it says" "$(srcj show s | json_get "d[0]['pps']")" 10
finish
