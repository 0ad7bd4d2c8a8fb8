#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ip(8) with our plugin (IP_LIB_DIR points at tools/iproute2): one2many's
# options at creation and change, its details and its links' in ip -d and
# ip -j -d, the links' enabled bit through "type one2many_slave", the
# grammar from "ip link help one2many", and refusals that change nothing.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
setup_ns A B
no_ipv6 "$A" "$B"

ipj() { ip -n "$A" -j -d link show "$1" | json_get "$2"; }

step "ip link help one2many prints the grammar"
out=$(ip link help one2many 2>&1)
check_eq "exit status" "$?" 0
check "it names the modes" grep -q 'mode { rr | all | failover }' <<<"$out"
check "it names the detection methods" grep -q 'detect { manual | carrier | probe }' <<<"$out"

step "ip link add o2m0 type one2many mode failover detect manual"
check "create" ip -n "$A" link add o2m0 type one2many mode failover detect manual
check_eq "o2mctl sees failover" "$(o2m -j link show o2m0 | json_get "d[0]['mode']")" failover
check_eq "o2mctl sees manual" "$(o2m -j link show o2m0 | json_get "d[0]['detect']")" manual
check "ip -d shows the options and state" \
	grep -q 'one2many mode failover detect manual active_count 0 failover_link none' \
	<<<"$(ip -n "$A" -d link show o2m0)"
check_eq "ip -j -d: kind" "$(ipj o2m0 "d[0]['linkinfo']['info_kind']")" one2many
check_eq "ip -j -d: mode" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['mode']")" failover
check_eq "ip -j -d: detect" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['detect']")" manual
check_eq "ip -j -d: failover_link is null, as o2mctl -j says it" \
	"$(ipj o2m0 "d[0]['linkinfo']['info_data']['failover_link']")" None
check_eq "ip -j -d and o2mctl -j: the same keys" \
	"$(ipj o2m0 "sorted(d[0]['linkinfo']['info_data'])")" \
	"$(o2m -j link show o2m0 | json_get "sorted(k for k in d[0] if k in ('mode', 'detect', 'active_count', 'failover_link', 'notify_count', 'notify_interval_ms', 'updelay_ms', 'downdelay_ms', 'probe_interval_ms', 'probe_misses', 'probe_targets'))")"
check "ip -d shows the announcement settings" \
	grep -q 'failover_link none notify 1 notify_interval 0' <<<"$(ip -n "$A" -d link show o2m0)"
check "ip link set ... notify 2 notify_interval 100" \
	ip -n "$A" link set o2m0 type one2many notify 2 notify_interval 100
check_eq "o2mctl sees them" \
	"$(o2m -j link show o2m0 | json_get "(d[0]['notify_count'], d[0]['notify_interval_ms'])")" "(2, 100)"
check_err "ip refuses an interval over 60000 ms" "not a valid notify_interval" \
	ip -n "$A" link set o2m0 type one2many notify_interval 60001
check_err "ip refuses a count that is no number" "not a valid notify count" \
	ip -n "$A" link set o2m0 type one2many notify two
check_err "ip refuses a leading 0, as o2mctl does" "not a valid notify count" \
	ip -n "$A" link set o2m0 type one2many notify 010
check "ip takes hexadecimal, as o2mctl does" ip -n "$A" link set o2m0 type one2many notify 0x10
check_eq "0x10 is 16" "$(o2m -j link show o2m0 | json_get "d[0]['notify_count']")" 16

step "two links; ip -d link show shows each link's number and state"
for i in 0 1; do
	veth_pair "$A" "v$i" "$B" "p$i"
	ip -n "$A" link set "v$i" master o2m0
done
ip -n "$A" link set o2m0 up
check "v1 is link 1, enabled and active" \
	grep -q 'one2many_slave link 1 enabled on active on' <<<"$(ip -n "$A" -d link show v1)"
check_eq "ip -j -d: slave kind" "$(ipj v0 "d[0]['linkinfo']['info_slave_kind']")" one2many
check_eq "ip -j -d: link number, as o2mctl -j calls it" "$(ipj v1 "d[0]['linkinfo']['info_slave_data']['id']")" 1
check_eq "ip -j -d: enabled is a boolean" "$(ipj v0 "d[0]['linkinfo']['info_slave_data']['enabled']")" True
check_eq "the master counts two active links" \
	"$(ipj o2m0 "d[0]['linkinfo']['info_data']['active_count']")" 2
check_eq "failover uses link 0" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['failover_link']")" 0

step "ip link set v0 type one2many_slave enabled off: failover moves to link 1"
check "disable link 0" ip -n "$A" link set v0 type one2many_slave enabled off
check "ip -d shows it disabled and inactive" \
	grep -q 'link 0 enabled off active off' <<<"$(ip -n "$A" -d link show v0)"
check_eq "o2mctl agrees" "$(o2m -j link show o2m0 | json_get "[l['enabled'] for l in d[0]['links']]")" \
	"[False, True]"
check_eq "failover uses link 1" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['failover_link']")" 1
check "enable it again" ip -n "$A" link set v0 type one2many_slave enabled on
check_eq "failover is back on link 0" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['failover_link']")" 0

step "ip link set o2m0 type one2many mode all detect carrier: changed live"
check "change" ip -n "$A" link set o2m0 type one2many mode all detect carrier
check_eq "mode" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['mode']")" all
check_eq "detect" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['detect']")" carrier
check "roundrobin is accepted for rr" ip -n "$A" link set o2m0 type one2many mode roundrobin
check_eq "and shown as rr" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['mode']")" rr

step "refusals name the problem and change nothing"
check_err "an unknown mode" '"broadcast" is not a valid mode' \
	ip -n "$A" link set o2m0 type one2many mode broadcast
check_err "a missing value" '"detect" needs a value' \
	ip -n "$A" link set o2m0 type one2many detect
check_err "an unknown option" 'unknown option "lacp"' \
	ip -n "$A" link add o2m1 type one2many lacp on
check_err "no o2m1 was made" 'Device "o2m1" does not exist' ip -n "$A" link show o2m1
check_err "a link option on the master's kind is unknown" 'unknown option "enabled"' \
	ip -n "$A" link set o2m0 type one2many enabled off
check_err "enabled takes on or off" '"maybe" is not a valid enabled' \
	ip -n "$A" link set v0 type one2many_slave enabled maybe
check_eq "still rr" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['mode']")" rr
check_eq "still carrier" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['detect']")" carrier
check_eq "both links still enabled" \
	"$(o2m -j link show o2m0 | json_get "[l['enabled'] for l in d[0]['links']]")" "[True, True]"
veth_pair "$A" stray "$B" strayp
check_err "a device that is no link of a one2many is refused by the kernel" \
	'Operation not supported' \
	ip -n "$A" link set stray type one2many_slave enabled off

step "unprivileged users cannot change it"
check_err "mode change as nobody fails" "Operation not permitted" \
	ip netns exec "$A" setpriv --reuid=65534 --regid=65534 --clear-groups \
	ip link set o2m0 type one2many mode all
check_eq "still rr" "$(ipj o2m0 "d[0]['linkinfo']['info_data']['mode']")" rr
finish
