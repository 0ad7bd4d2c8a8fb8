#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo, run inside the VM by `make demo`: an o2m_source packet source
# feeding a one2many device that spreads the traffic over three links into
# another namespace. It grows with the drivers.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/build/$(uname -r)/modules/drivers/net
frames=$top/selftests/frames.py
o2mctl=$top/tools/o2mctl/o2mctl

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
run() { printf '\033[2m$ %s\033[0m\n' "$*"; "$@"; }
A=demo-a B=demo-b
cleanup() {
	ip netns del $A 2>/dev/null
	ip netns del $B 2>/dev/null
	rmmod o2m_source one2many 2>/dev/null
	true
}
trap cleanup EXIT

say "Loading one2many and o2m_source into $(uname -r)"
insmod "$build/one2many/one2many.ko"
insmod "$build/o2m_source/o2m_source.ko"

say "A one2many device in namespace $A, with three links to namespace $B"
ip netns add $A
ip netns add $B
for ns in $A $B; do ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
run ip -n $A link add o2m0 type one2many
for i in 0 1 2; do
	ip -n $A link add eth$i type veth peer name peer$i netns $B
	ip -n $B link set peer$i up
	run ip -n $A link set eth$i master o2m0
done
ip -n $A link set o2m0 up
run ip netns exec $A "$o2mctl" link show o2m0

say "A packet source feeding o2m0: one frame queued, a counter in it"
run ip netns exec $A "$o2mctl" source add gen dev o2m0 pps 2000
"$frames" frame --len 60 >/tmp/demo-frame
run dd if=/tmp/demo-frame of=/dev/o2m_source/gen bs=60 count=1 status=none
run ip netns exec $A "$o2mctl" source counter gen 0 on offset 26 width 4 next 1
ip netns exec $A "$o2mctl" source show gen

# send N: N frames from the source at 2000 pps, then the per-link table
send() {
	ip netns exec $A "$o2mctl" stats o2m0 clear
	ip netns exec $A "$o2mctl" source start gen "$1"
	sleep "$(python3 -c "print($1 / 2000 + 0.3)")"
	printf '%-8s %10s %10s\n' link frames octets
	ip netns exec $A "$o2mctl" -j stats o2m0 | python3 -c '
import json, sys
for l in json.load(sys.stdin)["links"]:
    if l["id"] >= 0:
        print("%-8s %10d %10d" % (l["id"], l["stats"]["xmit_packets"], l["stats"]["xmit_octets"]))'
}

say "Round-robin: 300 frames, spread evenly"
send 300

say "Peer 1 loses its carrier: the other two share the load evenly"
ip netns exec $A "$o2mctl" monitor >/tmp/demo-events 2>/dev/null &
mon=$!
sleep 0.3
run ip -n $B link set peer1 down
sleep 0.3
send 300
kill $mon
echo "events seen by o2mctl monitor:"
sed 's/^/  /' /tmp/demo-events

say "Mode all: a copy to every active link"
run ip netns exec $A "$o2mctl" link set o2m0 mode all
send 100

say "Failover: everything on the lowest active link"
run ip netns exec $A "$o2mctl" link set o2m0 mode failover
send 100
run ip -n $B link set peer1 up
sleep 0.3
run ip netns exec $A "$o2mctl" link set o2m0 mode rr

say "The source's own account"
run ip netns exec $A "$o2mctl" source stats gen

say "Removing the device releases its links"
run ip -n $A link del o2m0
run ip -n $A -br link
say "Done."
