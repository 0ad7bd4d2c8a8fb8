#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The IMIX recipe (tools/recipes/imix.sh), as the documentation gives it:
# 12 frames queued, 7 of 60 bytes, 4 of 590, 1 of 1514, and a run of 100
# cycles arrives at the peer in exactly that mix, with the octets the
# source counted.
. "$(dirname "$0")/lib.sh"
require_root
require_cmd tcpdump
load_module o2m_source
o2m_tmpdir
setup_ns A B
no_ipv6 "$A" "$B"
veth_pair "$A" s0 "$B" r0
src add imix dev s0 pps 2000 >/dev/null

step "the recipe queues the mix"
check "imix.sh imix" "$O2M_TOP/tools/recipes/imix.sh" imix
check_eq "12 frames queued" "$(src_stat imix queue_frames)" 12
check_eq "4294 bytes queued" "$(src_stat imix queue_octets)" 4294
check_err "a source that does not exist" "no source nosuch" "$O2M_TOP/tools/recipes/imix.sh" nosuch

step "100 cycles arrive in the mix"
capture_start "$B" r0 "$TMP/imix.pcap" ether proto 0x88b5
check "start 1200" src start imix 1200
check "the run ends" wait_for src_idle imix
capture_stop "$TMP/imix.pcap"
# length_count LEN: captured frames of LEN bytes
length_count() { tcpdump -enr "$TMP/imix.pcap" 2>/dev/null | grep -c ", length $1: "; }
check_eq "700 of 60 bytes" "$(length_count 60)" 700
check_eq "400 of 590 bytes" "$(length_count 590)" 400
check_eq "100 of 1514 bytes" "$(length_count 1514)" 100
check_eq "the source sent 1200" "$(src_stat imix out_frames)" 1200
check_eq "and 429400 octets" "$(src_stat imix out_octets)" 429400
check_eq "r0 received them" "$(dev_stat "$B" r0 rx bytes)" 429400

finish
