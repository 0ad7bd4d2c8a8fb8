#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# imix.sh NAME [DST_MAC [SRC_MAC [ETHERTYPE]]]: queue the "simple IMIX" on
# the o2m_source NAME: frames of 64, 594 and 1518 bytes on the wire (60, 590
# and 1514 written: the NIC adds the 4-byte FCS) in the ratio 7:4:1, spread
# over the cycle of 12 so that any stretch of a run has the mix, not only a
# whole cycle. Average 361.8 bytes on the wire; each cycle is 4294 bytes
# written. Defaults: broadcast, a locally administered source MAC, and
# EtherType 0x88b5 (IEEE's local experimental).
#
#   o2mctl source add imix dev eth0 pps 10000
#   tools/recipes/imix.sh imix
#   o2mctl source start imix 120000     # 10,000 cycles of the mix
#
# Each frame is one write() (dd with a block the size of the frame), as the
# source wants.
set -eu
name=${1:?usage: imix.sh NAME [DST_MAC [SRC_MAC [ETHERTYPE]]]}
dst=${2:-ff:ff:ff:ff:ff:ff}
src=${3:-02:00:00:00:00:01}
type=${4:-0x88b5}
node=/dev/o2m_source/$name
[ -c "$node" ] || { echo "imix.sh: no source $name ($node)" >&2; exit 1; }

# mac_bytes MAC: the six bytes, as printf escapes
mac_bytes() { printf '\\x%s' ${1//:/ }; }
hdr=$(mac_bytes "$dst")$(mac_bytes "$src")$(printf '\\x%02x\\x%02x' $((type >> 8)) $((type & 255)))

# frame LEN: one frame of LEN bytes, the header and then zeros, in one write
frame() {
	{ printf "$hdr"; head -c $(($1 - 14)) /dev/zero; } |
		dd of="$node" bs="$1" count=1 iflag=fullblock status=none
}

for len in 60 590 60 60 1514 60 590 60 590 60 60 590; do
	frame "$len"
done
