#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# netconsole on a one2many device, as on a bond or team: each message
# leaves by the link the transmit mode picks, through the link's own
# netpoll. Links enslaved while the target is on get one too; a link that
# leaves (released, or moved to another namespace) and the target's end
# (disabled, or the master deleted) let go of them.
#
# The links are the rig's two virtio-net NICs, which qemu's hub joins to
# each other: a message that leaves by one is received by the other. netpoll
# hands a frame straight to the driver, past the sender's own taps: what
# link 0 sent is captured coming in on link 1, and the other way round, and
# a capture of what goes out of a link sees none of it. (Not veth: its
# transmit passes the frame to its peer's receive in a way that lockdep
# reports when interrupts are off, as under netpoll.)
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
modprobe -q virtio_net 2>/dev/null

# netconsole's targets are made in configfs: modules on Debian's kernels,
# built in on the debug kernel (tools/vm/debug.config).
nc=/sys/kernel/config/netconsole
if [ ! -d /sys/module/netconsole ] && modprobe -q netconsole 2>/dev/null; then
	on_exit "rmmod netconsole 2>/dev/null"
fi
if grep -qw configfs /proc/filesystems && ! grep -q ' /sys/kernel/config ' /proc/mounts; then
	mount -t configfs none /sys/kernel/config && on_exit "umount /sys/kernel/config"
fi
[ -d "$nc" ] || skip_unless_debug "needs netconsole with configfs targets (CONFIG_NETCONSOLE_DYNAMIC)"
require_cmd tcpdump
rig_nics
o2m_tmpdir
# Down again at the end, as the rig leaves them.
on_exit "ip link set $nic_a down; ip link set $nic_b down"
# The console takes messages below its level: 7, and back at the end.
read -r level _ </proc/sys/kernel/printk
on_exit "dmesg -n $level"
dmesg -n 7

# say TEXT: a kernel message, which the console gets.
say() { echo "<5>one2many netconsole test: $1" >/dev/kmsg; }
# seen FILE TEXT: the capture FILE has the message with TEXT.
seen() { [ "$(tcpdump -nr "$1" -A 2>/dev/null | grep -c "test: $2")" -ge 1 ]; }
# by N TEXT: link N sent the message with TEXT (link 1-N received it).
by() { seen "$TMP/by$1.pcap" "$2"; }
# only_by N TEXT: link N sent it, the other link did not, and no tap on the
# sending link saw it go: it went through netpoll.
only_by() {
	check "link $1 sent it" wait_for by "$1" "$2"
	# What the other link would have sent together with it.
	nap "0.$((2 * o2m_slow))"
	check_not "link $((1 - $1)) did not" by $((1 - $1)) "$2"
	check_not "link $1's taps did not see it (netpoll, not its qdisc)" \
		seen "$TMP/out$1.pcap" "$2"
}
both() { by 0 "$1" && by 1 "$1"; }
# xmit N: what link N counts as sent.
xmit() { "$O2MCTL" -j stats o2mnc0 "$1" | json_path links 0 stats xmit_packets; }
# active N...: exactly links N... are active.
active() {
	[ "$("$O2MCTL" -j link show o2mnc0 |
		json_get "' '.join(str(l['id']) for l in d[0]['links'] if l['active'])")" = "$*" ]
}
# capture: what each link sends (as the other receives it) and what each
# link's own taps see go out.
capture() {
	capture_start - "$nic_b" "$TMP/by0.pcap" -Q in udp port 6666
	capture_start - "$nic_a" "$TMP/by1.pcap" -Q in udp port 6666
	capture_start - "$nic_a" "$TMP/out0.pcap" -Q out udp port 6666
	capture_start - "$nic_b" "$TMP/out1.pcap" -Q out udp port 6666
}
capture_end() {
	local f
	for f in by0 by1 out0 out1; do
		capture_stop "$TMP/$f.pcap"
	done
}

step "a target on a device that becomes a link is stopped, as bonding does"
mkdir "$nc/direct"
on_exit "rmdir $nc/direct 2>/dev/null"
on_exit "echo 0 >$nc/direct/enabled 2>/dev/null"
echo "$nic_a" >"$nc/direct/dev_name"
echo 192.0.2.3 >"$nc/direct/local_ip"
echo 192.0.2.2 >"$nc/direct/remote_ip"
ip link set "$nic_a" up
check "a target on $nic_a is enabled" sh -c "echo 1 >$nc/direct/enabled"
ip link add o2mnc0 type one2many
on_exit "ip link del o2mnc0 2>/dev/null"
# Only netconsole's frames on the links.
sysctl -qw net.ipv6.conf.o2mnc0.disable_ipv6=1
check "$nic_a enslaved" ip link set "$nic_a" master o2mnc0
check_eq "netconsole stopped its target on $nic_a" "$(cat "$nc/direct/enabled")" 0
check_not "and a target on a link cannot be enabled" sh -c "echo 1 >$nc/direct/enabled"
rmdir "$nc/direct"

"$O2MCTL" link set o2mnc0 mode failover
ip link set "$nic_b" master o2mnc0
ip addr add 192.0.2.1/24 dev o2mnc0
ip link set o2mnc0 up
info "link 0: $nic_a, link 1: $nic_b"
capture
mkdir "$nc/o2m"
on_exit "rmdir $nc/o2m 2>/dev/null"
on_exit "echo 0 >$nc/o2m/enabled 2>/dev/null"
echo o2mnc0 >"$nc/o2m/dev_name"
echo 192.0.2.2 >"$nc/o2m/remote_ip"

step "a netconsole target on the device is enabled"
check "both links are active" wait_for active 0 1
check "enabling it succeeds" sh -c "echo 1 >$nc/o2m/enabled"
check_eq "it reads enabled" "$(cat "$nc/o2m/enabled")" 1

step "failover: a message leaves by link 0"
say "m1 failover"
only_by 0 "m1 failover"

step "link 0 disabled: link 1 takes over"
"$O2MCTL" link disable o2mnc0 0
check "link 1 alone is active" wait_for active 1
say "m2 link 1"
only_by 1 "m2 link 1"
"$O2MCTL" link enable o2mnc0 0

step "mode all: every link sends it, and counts it"
"$O2MCTL" link set o2mnc0 mode all
check "both links are active" wait_for active 0 1
x0=$(xmit 0) x1=$(xmit 1)
say "m3 all"
check "both links sent it" wait_for both "m3 all"
check "link 0 counted it" [ "$(xmit 0)" -gt "$x0" ]
check "link 1 counted it" [ "$(xmit 1)" -gt "$x1" ]

step "a link released and enslaved again while the target is on gets netpoll"
check "release link 1" ip link set "$nic_b" nomaster
check "enslave it again" ip link set "$nic_b" master o2mnc0
check "both links are active" wait_for active 0 1
say "m4 again"
check "both links sent it" wait_for both "m4 again"

step "the target disabled and enabled again: netpoll let go of and set up anew"
check "disable it" sh -c "echo 0 >$nc/o2m/enabled"
check "enable it again" sh -c "echo 1 >$nc/o2m/enabled"
say "m5 anew"
check "both links sent it" wait_for both "m5 anew"

step "a link moved to another namespace while the target is on, and back"
# The move releases it from NETDEV_UNREGISTER, its netpoll with it.
capture_end
setup_ns C
check "move link 1 away" ip link set "$nic_b" netns "$C"
check "link 0 alone is active" wait_for active 0
check "bring it back" ip -n "$C" link set "$nic_b" netns 1
check "enslave it again" ip link set "$nic_b" master o2mnc0
check "both links are active" wait_for active 0 1
capture
say "m6 back"
check "both links sent it" wait_for both "m6 back"

step "the device deleted with the target on"
capture_end
check "ip link del o2mnc0" ip link del o2mnc0
check_eq "netconsole disabled the target" "$(cat "$nc/o2m/enabled")" 0
check "both NICs are free again" \
	sh -c "[ ! -e /sys/class/net/$nic_a/master ] && [ ! -e /sys/class/net/$nic_b/master ]"
check "the module unloads" rmmod one2many
finish
