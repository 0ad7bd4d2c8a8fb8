#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo, run inside the VM by `make demo`: a two-minute story. Three sites,
# each in its own network namespace, hang off the three links of a one2many
# device o2m0 in namespace hub; an o2m_source packet source in hub feeds o2m0
# a steady 1000 frames a second, each with a sequence number and a timestamp.
# A live table shows each link's share as a site's cable is pulled and put
# back and the transmit mode changes; a summary compares what was sent with
# what each site received. Every phase lasts a fixed time; it ends by itself.
#
# The table redraws itself in place on a terminal, and prints plain blocks,
# fewer of them, into a log. In the VM stdout is always a serial port, a tty,
# so the host can say what it really is: O2M_DEMO_TTY=1 (a terminal) or 0 (a
# log), passed in with O2M_VM_ENV=O2M_DEMO_TTY. Without it, [ -t 1 ] decides.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/build/$(uname -r)/modules/drivers/net
frames=$top/selftests/frames.py
linktable=$top/tools/demo/linktable.py
export PATH=$top/tools/o2mctl:$PATH

live=${O2M_DEMO_TTY:-}
if [ -z "$live" ]; then
	if [ -t 1 ]; then live=1; else live=0; fi
fi
if [ "$live" = 1 ]; then
	say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
	note() { printf '%s\n' "$*"; }
	cmdline() { printf '\033[2m$ %s\033[0m\n' "$*"; }
else
	say() { printf '\n== %s\n' "$*"; }
	note() { printf '%s\n' "$*"; }
	cmdline() { printf '$ %s\n' "$*"; }
fi
# run CMD...: show the command as a user would type it, and run it
run() { cmdline "$*"; "$@"; }
# quiet CMD...: the same, without its output
quiet() { cmdline "$*"; "$@" >/dev/null; }

for f in "$build/one2many/one2many.ko" "$build/o2m_source/o2m_source.ko"; do
	[ -f "$f" ] || { echo "demo: $f is missing: make modules" >&2; exit 1; }
done
command -v o2mctl >/dev/null || { echo "demo: o2mctl is missing: make tools" >&2; exit 1; }

SITES="site-a site-b site-c"
tmp=$(mktemp -d /tmp/o2m-demo.XXXXXX)
mon= backlog=
cleanup() {
	set +e
	if [ -n "$mon" ]; then
		kill "$mon" 2>/dev/null
		wait "$mon" 2>/dev/null
	fi
	for ns in hub $SITES; do
		ip netns del "$ns" 2>/dev/null
	done
	rmmod o2m_source one2many 2>/dev/null
	[ -z "$backlog" ] || sysctl -qw net.core.netdev_max_backlog="$backlog"
	rm -rf "$tmp"
	true
}
trap cleanup EXIT
cd "$tmp"

# What the table helper looks at (see linktable.py).
export O2MCTL=$top/tools/o2mctl/o2mctl DEMO_DEV=o2m0 DEMO_SOURCE=gen
export DEMO_PEERS="to-a:site-a:eth0 to-b:site-b:eth0 to-c:site-c:eth0"

# table SECONDS: the per-link table, live for SECONDS (times O2M_DEMO_SCALE,
# which make check sets to run the whole story quickly)
table() {
	local secs
	secs=$(python3 -c "print(max(2, round($1 * ${O2M_DEMO_SCALE:-1})))")
	if [ "$live" = 1 ]; then
		ip netns exec hub python3 "$linktable" watch "$secs" --live
	else
		ip netns exec hub python3 "$linktable" watch "$secs"
	fi
}

# events PATTERN: print the events o2mctl monitor has seen since last time,
# waiting up to 3 s for one that matches PATTERN
shown=0
events() {
	local i new
	for i in $(seq 30); do
		tail -n +$((shown + 1)) events | grep -q -- "$1" && break
		sleep 0.1
	done
	new=$(tail -n +$((shown + 1)) events)
	if [ -n "$new" ]; then
		printf '%s\n' "$new" | sed 's/^/  monitor: /'
		shown=$((shown + $(printf '%s\n' "$new" | wc -l)))
	else
		echo "  monitor: (no event yet)"
	fi
}

# peek SITE TITLE: capture a few frames at SITE; their sequence numbers, and
# how long ago the source stamped them
peek() {
	command -v tcpdump >/dev/null || return 0
	say "$2"
	run ip netns exec "$1" timeout 8 tcpdump -ni eth0 -c 5 -w "$1.pcap" 2>/dev/null || true
	"$frames" fields "$1.pcap" --at 26:4 --at 30:ns 2>/dev/null >fields || true
	if [ -s fields ]; then
		while read -r seq age; do
			printf '  frame #%s, stamped %s µs before it arrived\n' "$seq" "$age"
		done <fields
	else
		echo "  (nothing captured in 8 s: a busy VM)"
	fi
}

say "one2many and o2m_source on Linux $(uname -r)"
note "Three sites hang off the three links of a one2many device, o2m0, fed by a"
note "packet source: watch the traffic spread, move when a cable is pulled, and"
note "get copied to every link in mode all."
insmod "$build/one2many/one2many.ko"
insmod "$build/o2m_source/o2m_source.ko"
# A veth hands frames to its peer through the CPU's receive backlog, 1000
# frames by default and shared by all three sites. A guest starved by its host
# falls behind and catches up in bursts: let the backlog absorb them.
backlog=$(sysctl -n net.core.netdev_max_backlog)
sysctl -qw net.core.netdev_max_backlog=10000

say "Four network namespaces: hub, with o2m0 and the source, and three sites"
for ns in hub $SITES; do
	run ip netns add "$ns"
	# No IPv6: the only frames on the links are the source's.
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done

say "o2m0 in hub, round-robin, detecting failures by carrier"
plugin=
for d in "$top/build/iproute2" "$top/tools/iproute2"; do
	if [ -f "$d/link_one2many.so" ]; then
		plugin=$d
		break
	fi
done
if [ -n "$plugin" ] && run env IP_LIB_DIR="$plugin" \
	ip -n hub link add o2m0 type one2many mode roundrobin detect carrier; then
	:
else
	[ -z "$plugin" ] || echo "(the iproute2 plugin did not take it: o2mctl instead)"
	ip -n hub link del o2m0 2>/dev/null || true
	run ip -n hub link add o2m0 type one2many
	run ip netns exec hub o2mctl link set o2m0 mode rr detect carrier
fi

say "Three links: a veth pair each, from hub (to-a, to-b, to-c) to a site's eth0"
for s in a b c; do
	run ip -n hub link add to-$s type veth peer name eth0 netns site-$s
	run ip -n site-$s link set eth0 up
	run ip -n hub link set to-$s master o2m0
done
run ip -n hub link set o2m0 up
run ip netns exec hub o2mctl link show o2m0

say "o2mctl monitor reports events as they happen; it runs in the background"
cmdline "ip netns exec hub o2mctl monitor &"
ip netns exec hub o2mctl monitor >events 2>monitor.err &
mon=$!
for i in $(seq 50); do
	grep -q monitoring monitor.err && break
	sleep 0.1
done

say "A packet source in hub, feeding o2m0 1000 frames a second"
note "Its one frame (60 bytes, EtherType 0x88b5, from selftests/frames.py) goes out"
note "again and again, each copy with a sequence number at byte 26 and the time it"
note "was sent, in ns since the epoch, at byte 30."
"$frames" frame --src "$(ip netns exec hub cat /sys/class/net/o2m0/address)" --len 60 >frame.bin
quiet ip netns exec hub o2mctl source add gen dev o2m0 pps 1000
run dd if=frame.bin of=/dev/o2m_source/gen bs=60 status=none
run ip netns exec hub o2mctl source counter gen 0 on offset 26 width 4 next 1
run ip netns exec hub o2mctl source timestamp gen on offset 30 format ns
run ip netns exec hub o2mctl source start gen 1000000
events started

say "Round-robin: each frame to the next active link, a third for each site"
table 12
peek site-a "site-a receives every third frame, each with its number and send time"

say "site-b's cable pulled: its link goes inactive, the other two share its part"
note "(eth0 down at site-b: to-b, the other end of the cable, loses its carrier.)"
run ip -n site-b link set eth0 down
events link-inactive
table 10

say "site-b's cable back: three links again"
run ip -n site-b link set eth0 up
events link-active
table 8

say "Mode all: every frame to every active link, 1000 frames/s each"
run ip netns exec hub o2mctl link set o2m0 mode all
table 10
peek site-a "site-a now receives every frame"

say "Mode failover: everything on the lowest-numbered active link"
run ip netns exec hub o2mctl link set o2m0 mode failover
table 8

say "site-a's cable pulled: link 1 takes over at once"
run ip -n site-a link set eth0 down
events failover-link
table 8

say "site-a's cable back, and round-robin again"
run ip -n site-a link set eth0 up
events "failover-link 0"
run ip netns exec hub o2mctl link set o2m0 mode rr
table 8

say "Stopping the source"
run ip netns exec hub o2mctl source stop gen
events stopped
sleep 0.5

say "Summary: what was sent, and what arrived"
run ip netns exec hub o2mctl source stats gen
echo
ip netns exec hub python3 "$linktable" summary

say "Done: deleting the namespaces deletes o2m0, its links and the source."
