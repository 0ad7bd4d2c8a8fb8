#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VLANs over links that filter them: the rig's two virtio-net NICs, joined
# by a hub of qemu's, whose receive filter drops a VLAN the driver was not
# told of, as e1000, igb, ixgbe or mlx5 hardware does. A VLAN on the master
# must reach the filter of every link, those enslaved before it and after
# it, and leave it when the VLAN or the link goes. At the end the
# namespace is deleted with the NIC still enslaved: the core moves it back
# to the initial namespace, where it must be a plain NIC again.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
modprobe -q 8021q 2>/dev/null
modprobe -q virtio_net 2>/dev/null
rig_nics
info "the link: $nic_a; its peer, behind qemu's hub: $nic_b"
o2m_tmpdir

setup_ns A B
no_ipv6 "$A" "$B"
ip link set "$nic_a" netns "$A" name n0
ip link set "$nic_b" netns "$B" name n1
# Up before it is enslaved: released, it comes up again, and its filter
# is what decides what it receives.
ip -n "$A" link set n0 up
ip -n "$A" link add o2m0 type one2many
check "n0 (virtio-net) enslaved" ip -n "$A" link set n0 master o2m0
ip -n "$A" link set o2m0 up
ip -n "$B" link set n1 up
ip -n "$B" link add link n1 name n1.100 type vlan id 100
ip -n "$B" addr add 10.0.100.2/24 dev n1.100
ip -n "$B" link set n1.100 up
check "o2m0 filters VLANs, for its links" \
	sh -c "ip netns exec $A ethtool -k o2m0 | grep -q 'rx-vlan-filter: on'"

# rx_n0: frames n0 received (those its filter let through); once it is
# home, $home is its name there.
home=
rx_n0() {
	if [ -n "$home" ]; then
		cat "/sys/class/net/$home/statistics/rx_packets"
	else
		inA cat /sys/class/net/n0/statistics/rx_packets
	fi
}
rx_grew() {
	local n
	n=$(rx_n0) || return 2
	[ $((n - $1)) -ge 5 ]
}
# arrive DEV: 5 frames B sends out of DEV (n1.100: tagged with VLAN 100;
# n1: untagged) reach n0. Each check that tagged frames do not arrive
# comes with one that untagged frames do: n0 is up and receiving.
arrive() {
	local before
	before=$(rx_n0)
	inB "$FRAMES" send "$1" 5 || return 2
	WAIT_FOR_TIMEOUT=2 wait_for rx_grew "$before"
}
# resolves: A finds B's MAC on VLAN 100 (ARP, out of o2m0.100 and back
# through n0's filter); no ping here, a datagram starts the resolution.
resolves() {
	inA bash -c 'echo x >/dev/udp/10.0.100.2/9' 2>/dev/null
	ip -n "$A" neigh show 10.0.100.2 dev o2m0.100 | grep -q "lladdr $mac_b"
}
vlan_up() {
	ip -n "$A" link add link o2m0 name o2m0.100 type vlan id 100
	ip -n "$A" addr add 10.0.100.1/24 dev o2m0.100
	ip -n "$A" link set o2m0.100 up
}

step "a VLAN on the master passes the filter of the link it has"
vlan_up
check "o2m0.100 reaches B's n1.100 and back" wait_for resolves
check "B's frames on VLAN 100 reach n0" arrive n1.100

step "the VLAN deleted: the link's filter drops it again"
ip -n "$A" link del o2m0.100
check "B's untagged frames reach n0" arrive n1
check_not "B's frames on VLAN 100 no longer do" arrive n1.100

step "a link enslaved while the master has a VLAN gets it"
vlan_up
check "still through n0" wait_for resolves
check "and B's frames on VLAN 100 reach n0" arrive n1.100
check "n0 released" ip -n "$A" link set n0 nomaster
check "B's untagged frames reach the released n0" arrive n1
check_not "but not those on VLAN 100" arrive n1.100
check "n0 enslaved again" ip -n "$A" link set n0 master o2m0
ip -n "$A" neigh flush dev o2m0.100
check "o2m0.100 works through it" wait_for resolves

step "the namespace deleted with n0 enslaved: the NIC comes home plain"
ip netns del "$A"
check "n0 is back in the initial namespace" wait_for nic_named $mac_a
nic=$(nic_named $mac_a)
check_eq "no master" "$(ip -o link show "$nic" | grep -c 'SLAVE')" 0
check "it takes an address" ip addr add 10.0.200.1/24 dev "$nic"
ip addr del 10.0.200.1/24 dev "$nic"
home=$nic
ip link set "$nic" up
check "B's untagged frames reach it" arrive n1
check_not "but not those on VLAN 100: the move took the master's VLANs off" arrive n1.100
ip link set "$nic" down
finish
