#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An unprivileged user with a user namespace of its own (unshare -Urn) has
# CAP_NET_ADMIN over its own network namespace only: there it creates and
# configures a one2many device; a namespace it does not own (here A, owned
# by the initial user namespace) it may read but not change.
. "$(dirname "$0")/lib.sh"
require_root
require_cmd setpriv
require_cmd nsenter
load_module one2many
[ "$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || echo 1)" = 1 ] ||
	skip "unprivileged user namespaces are disabled"
o2m_tmpdir
setup_ns A
ip -n "$A" link add o2m0 type one2many
ip -n "$A" link add d0 type dummy
ip -n "$A" link add d1 type dummy
ip -n "$A" link set d0 master o2m0

# nobody makes a user and a network namespace, kept by a process sleeping
# there; U runs a command in both, as that namespace's root (nobody
# outside), UA in the user namespace but A's network namespace.
# (setpriv and unshare exec: $! is the sleeping process.)
setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urn sleep 600 &
holder=$!
on_exit "kill $holder"
userns_made() { [ "$(readlink /proc/$holder/ns/user)" != "$(readlink /proc/self/ns/user)" ]; }
check "nobody has a user namespace of its own" wait_for userns_made
U() { nsenter -t $holder -U -n "$@"; }
UA() { inA nsenter -t $holder -U "$@"; }
check_eq "its root is nobody outside" "$(U cat /proc/self/uid_map | awk '{ print $1, $2, $3 }')" "0 65534 1"

step "in its own network namespace it creates and configures a one2many device"
check "ip link add o2m5 type one2many" U ip link add o2m5 type one2many mode failover
check "a dummy there" U ip link add d5 type dummy
check "enslaved by ip link set master" U ip link set d5 master o2m5
check "another, by o2mctl link add" sh -c "nsenter -t $holder -U -n ip link add d6 type dummy &&
	nsenter -t $holder -U -n $O2MCTL link add o2m5 d6 id 4"
check "o2mctl link set o2m5 mode all detect manual" U "$O2MCTL" link set o2m5 mode all detect manual
check "o2mctl link disable o2m5 4" U "$O2MCTL" link disable o2m5 4
check "ip link set o2m5 up" U ip link set o2m5 up
check_eq "all of it applied" \
	"$(U "$O2MCTL" -j link show o2m5 | json_get "(d[0]['mode'], d[0]['detect'], [(l['ifname'], l['id'], l['enabled']) for l in d[0]['links']])")" \
	"('all', 'manual', [('d5', 0, True), ('d6', 4, False)])"
check "o2mctl stats o2m5 clear" U "$O2MCTL" stats o2m5 clear
check "o2mctl link del o2m5 d6" U "$O2MCTL" link del o2m5 d6
check "ip link del o2m5" U ip link del o2m5

step "a network namespace it does not own: it reads, it cannot change"
check "o2mctl link show o2m0" UA "$O2MCTL" link show o2m0
check "o2mctl stats o2m0" UA "$O2MCTL" stats o2m0
check_err "o2mctl link set o2m0 mode all" "Operation not permitted" UA "$O2MCTL" link set o2m0 mode all
check_err "o2mctl link add o2m0 d1" "Operation not permitted" UA "$O2MCTL" link add o2m0 d1
check_err "o2mctl link del o2m0 d0" "Operation not permitted" UA "$O2MCTL" link del o2m0 d0
check_err "o2mctl link disable o2m0 0" "Operation not permitted" UA "$O2MCTL" link disable o2m0 0
check_err "o2mctl stats o2m0 clear" "Operation not permitted" UA "$O2MCTL" stats o2m0 clear
check_err "ip link set o2m0 type one2many mode all" "Operation not permitted" \
	UA ip link set o2m0 type one2many mode all
check_err "ip link set d1 master o2m0" "Operation not permitted" UA ip link set d1 master o2m0
check_err "ip link add o2m1 type one2many" "Operation not permitted" UA ip link add o2m1 type one2many
check_eq "o2m0 as it was: rr, carrier, d0 its one link, enabled" \
	"$(o2m -j link show o2m0 | json_get "(d[0]['mode'], d[0]['detect'], [(l['ifname'], l['enabled']) for l in d[0]['links']])")" \
	"('rr', 'carrier', [('d0', True)])"
finish
