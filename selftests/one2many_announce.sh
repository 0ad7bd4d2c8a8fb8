#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Announcements: when failover moves to another link, and when the master
# comes up with carrier, the master tells its peers where its addresses are
# now, out of the link now in use: a gratuitous ARP for each IPv4 address,
# an unsolicited neighbour advertisement for each IPv6 one, those of a VLAN
# device on top included; notify of them, notify_interval apart.
. "$(dirname "$0")/lib.sh"
require_root
require_cmd tcpdump
load_module one2many
o2m_tmpdir
o2m_topology 2 mode failover notify 3 notify_interval 300
mac=$(ip -n "$A" -j link show o2m0 | jq -r '.[0].address')
inA sysctl -qw net.ipv6.conf.o2m0.disable_ipv6=0
ip -n "$A" addr add 10.0.0.1/24 dev o2m0
ip -n "$A" addr add 2001:db8::1/64 dev o2m0 nodad
ip -n "$A" link add link o2m0 name o2m0.100 type vlan id 100
ip -n "$A" link set o2m0.100 up
ip -n "$A" addr add 10.1.0.1/24 dev o2m0.100

failover_link() { o2m -j link show o2m0 | json_path 0 failover_link; }
failover_is() { [ "$(failover_link)" = "$1" ]; }

# garps FILE IP [VLAN]: gratuitous ARPs for IP from o2m0's MAC in FILE
# ("who-has IP tell IP", from $mac to broadcast), one timestamp a line.
garps() {
	local filter="arp"
	[ -n "${3:-}" ] && filter="vlan $3 and arp"
	tcpdump -tt -enr "$1" "$filter" 2>/dev/null |
		grep -F " $mac > ff:ff:ff:ff:ff:ff," | grep -F "Request who-has $2 tell $2," |
		awk '{ print $1 }'
}
garps_at_least() { [ "$(garps "$@" | wc -l)" -ge "${N:-1}" ]; }
# unsolicited NAs for IP from o2m0's MAC
unsol_nas() {
	tcpdump -enr "$1" icmp6 2>/dev/null | grep -F " $mac > " |
		grep -F "neighbor advertisement, tgt is $2," | wc -l
}
nas_at_least() { [ "$(unsol_nas "$1" "$2")" -ge 1 ]; }

step "the settings, from ip and from o2mctl"
check_eq "ip -d link: notify_count" \
	"$(ip -n "$A" -j -d link show o2m0 | jq -r '.[0].linkinfo.info_data.notify_count')" 3
check_eq "ip -d link: notify_interval_ms" \
	"$(ip -n "$A" -j -d link show o2m0 | jq -r '.[0].linkinfo.info_data.notify_interval_ms')" 300
check_eq "o2mctl -j link show" \
	"$(o2m -j link show o2m0 | jq -c '[.[0].notify_count, .[0].notify_interval_ms]')" "[3,300]"
check "o2mctl link show says it" sh -c "'$O2MCTL' -n '$A' link show o2m0 | grep -q 'notify 3 interval 300ms'"
check_err "ip refuses a count over 255" "not a valid notify count" \
	ip -n "$A" link set o2m0 type one2many notify 256
check_eq "and changed nothing" "$(o2m -j link show o2m0 | json_path 0 notify_count)" 3
check_eq "failover sends on link 0" "$(failover_link)" 0

step "failover to link 1: announced out of link 1, three times, 300 ms apart"
capture_start "$B" p1 "$TMP/p1.pcap" arp or icmp6 or vlan
ip -n "$B" link set p0 down
check "failover moved to link 1" wait_for failover_is 1
N=3 check "three gratuitous ARPs for 10.0.0.1 on p1" wait_for garps_at_least "$TMP/p1.pcap" 10.0.0.1
N=3 check "three for 10.1.0.1 on VLAN 100" wait_for garps_at_least "$TMP/p1.pcap" 10.1.0.1 100
check "an unsolicited NA for 2001:db8::1" wait_for nas_at_least "$TMP/p1.pcap" 2001:db8::1
# A window for a fourth, which must not come: two intervals.
sleep $((6 * o2m_slow / 10)).$((6 * o2m_slow % 10))
capture_stop "$TMP/p1.pcap"
mapfile -t at < <(garps "$TMP/p1.pcap" 10.0.0.1)
check_eq "exactly three for 10.0.0.1" "${#at[@]}" 3
if [ ${#at[@]} -ge 3 ]; then
	gap1=$(awk -v a="${at[0]}" -v b="${at[1]}" 'BEGIN { printf "%d", (b - a) * 1000 }')
	gap2=$(awk -v a="${at[1]}" -v b="${at[2]}" 'BEGIN { printf "%d", (b - a) * 1000 }')
	info "gaps ${gap1} ms and ${gap2} ms"
	check_range "the first two 300 ms apart (ms)" "$gap1" 280 $((1000 * o2m_slow))
	check_range "the last two 300 ms apart (ms)" "$gap2" 280 $((1000 * o2m_slow))
fi

step "the master comes up with carrier: announced"
o2m link set o2m0 notify 1 notify_interval 0
ip -n "$A" link set o2m0 down
capture_start "$B" p1 "$TMP/up.pcap" arp or icmp6 or vlan
ip -n "$A" link set o2m0 up
check "a gratuitous ARP for 10.0.0.1 on p1" wait_for garps_at_least "$TMP/up.pcap" 10.0.0.1
capture_stop "$TMP/up.pcap"

step "notify 0: failover says nothing"
o2m link set o2m0 notify 0
# Link 0 held out until the capture on its peer runs.
o2m link disable o2m0 0
ip -n "$B" link set p0 up
capture_start "$B" p0 "$TMP/p0.pcap" arp or icmp6 or ether proto 0x88b5 or vlan
o2m link enable o2m0 0
check "failover back to link 0" wait_for failover_is 0
# A frame sent after the failover marks the end of the window: a series
# would have started at the failover.
sleep 0.3
send_frames 1
marker() { [ "$(pcap_count "$TMP/p0.pcap" ether proto 0x88b5)" -ge 1 ]; }
check "the marker arrived on p0" wait_for marker
capture_stop "$TMP/p0.pcap"
check_eq "no gratuitous ARP on p0" "$(garps "$TMP/p0.pcap" 10.0.0.1 | wc -l)" 0

step "carrier back from none: announced, once linkwatch has the master's carrier"
o2m link set o2m0 notify 1
o2m link disable o2m0 0
o2m link disable o2m0 1
check "no carrier" wait_for o2m_is carrier false
capture_start "$B" p1 "$TMP/back.pcap" arp or icmp6 or vlan
o2m link enable o2m0 1
check "a gratuitous ARP for 10.0.0.1 on p1" wait_for garps_at_least "$TMP/back.pcap" 10.0.0.1
capture_stop "$TMP/back.pcap"

step "round-robin: a change of link says nothing"
o2m link set o2m0 mode rr
o2m link enable o2m0 0
check "both links active" wait_for o2m_is active_count 2
marker_on() { [ "$(pcap_count "$TMP/$1.pcap" ether proto 0x88b5)" -ge 1 ]; }
# Link 0 disabled, round-robin sends everything on link 1: what it would
# announce too.
capture_start "$B" p1 "$TMP/p1.pcap" arp or icmp6 or ether proto 0x88b5 or vlan
o2m link disable o2m0 0
check "the lowest active link is 1" wait_for failover_is 1
sleep 0.3
send_frames 2
check "the markers arrived on p1" wait_for marker_on p1
capture_stop "$TMP/p1.pcap"
check_eq "no gratuitous ARP on p1" "$(garps "$TMP/p1.pcap" 10.0.0.1 | wc -l)" 0

step "becoming failover mode announces"
capture_start "$B" p1 "$TMP/fo.pcap" arp or icmp6 or vlan
o2m link set o2m0 mode failover
check "a gratuitous ARP for 10.0.0.1 on p1" wait_for garps_at_least "$TMP/fo.pcap" 10.0.0.1
capture_stop "$TMP/fo.pcap"

step "a lower count caps a series under way"
# notify 3, then 2 once the first is out: the series ends at its second,
# whether that went before the change or after it.
o2m link set o2m0 notify 3 notify_interval $((2000 * o2m_slow))
capture_start "$B" p0 "$TMP/short.pcap" arp or icmp6 or vlan
o2m link enable o2m0 0
check "the first of three on p0" wait_for garps_at_least "$TMP/short.pcap" 10.0.0.1
o2m link set o2m0 notify 2
N=2 check "the second" wait_for garps_at_least "$TMP/short.pcap" 10.0.0.1
# The third would come an interval after the second: a window of 1.25.
sleep $((25 * o2m_slow / 10)).$((25 * o2m_slow % 10))
capture_stop "$TMP/short.pcap"
check_eq "no third" "$(garps "$TMP/short.pcap" 10.0.0.1 | wc -l)" 2

step "a device deleted while its series waits"
o2m link set o2m0 notify 255 notify_interval 60000
capture_start "$B" p1 "$TMP/del.pcap" arp or icmp6 or vlan
o2m link disable o2m0 0
check "the first went out on p1" wait_for garps_at_least "$TMP/del.pcap" 10.0.0.1
capture_stop "$TMP/del.pcap"
check "ip link del o2m0, the next one 60 s away" ip -n "$A" link del o2m0
check_err "o2m0 is gone" "does not exist" ip -n "$A" link show o2m0

finish
