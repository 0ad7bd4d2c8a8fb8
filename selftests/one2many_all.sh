#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Mode all: every active link carries a copy of every frame; an inactive
# link carries none.
. "$(dirname "$0")/lib.sh"
require_root
load_module one2many
o2m_tmpdir
o2m_topology 3
N=100

check "o2mctl link set o2m0 mode all" o2m link set o2m0 mode all
check_eq "the mode is all" "$(o2m -j link show o2m0 | json_get "d[0]['mode']")" all

step "$N frames, a copy on each of 3 links"
capture_peers 3
send_frames $N
stop_peers 3
for i in 0 1 2; do
	check_eq "p$i received all $N" "$(peer_count $i)" $N
	check_eq "p$i received each sequence number once" \
		"$(inA "$FRAMES" seqs "$TMP/p$i.pcap" | sort -u | wc -l)" $N
	check_eq "link $i counted $N" "$(link_stat $i xmit_packets)" $N
	# As the kernel sent it: o2mctl would print 0 for a missing counter.
	check_eq "link $i: no memory failures" "$(link_stat_sent $i memory_failures)" 0
done
check_eq "the master counted each frame once as sent" \
	"$(ip -n "$A" -j -s link show o2m0 | json_get "d[0]['stats64']['tx']['packets']")" $N

step "link 1 down: copies on the other two only"
ip -n "$B" link set p1 down
capture_peers 3
send_frames $N
stop_peers 3
check_eq "p0 received all $N" "$(peer_count 0)" $N
check_eq "p2 received all $N" "$(peer_count 2)" $N
check_eq "none left on link 1 towards p1" "$(peer_count 1)" 0
check_eq "link 1 sent nothing more" "$(link_stat 1 xmit_packets)" $N
finish
