// SPDX-License-Identifier: GPL-2.0
/*
 * What o2mctl expects of the kernel's replies and events, attribute by
 * attribute, as the uapi headers define them. libnl checks each reply
 * against these before o2mctl reads a byte of it: an attribute of the
 * wrong size (shorter or longer: libnl bounds only what .maxlen says) or a
 * string without its NUL makes the reply a bad one (see ctl_parse()), and
 * attributes newer than these headers are skipped.
 */
#include <linux/one2many.h>
#include <linux/o2m_source.h>

#include "nl.h"

const struct nla_policy o2m_policy[O2M_A_MAX + 1] = {
	[O2M_A_IFINDEX]		= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_IFNAME]		= { .type = NLA_STRING },
	[O2M_A_MODE]		= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_DETECT]		= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_ENABLED_LINKS]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2M_A_LINK_COUNT]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_ACTIVE_COUNT]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_FAILOVER_LINK]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_CARRIER]		= { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[O2M_A_LINK]		= { .type = NLA_NESTED },
	[O2M_A_EVENT]		= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_NOTIFY_COUNT]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_NOTIFY_INTERVAL]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_UPDELAY]		= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_DOWNDELAY]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_PROBE_INTERVAL]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_PROBE_MISSES]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_A_PROBE_TARGETS]	= { .type = NLA_NESTED },
};

const struct nla_policy o2m_link_policy[O2M_LINK_A_MAX + 1] = {
	[O2M_LINK_A_ID]		= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_LINK_A_IFINDEX]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_LINK_A_IFNAME]	= { .type = NLA_STRING },
	[O2M_LINK_A_ENABLED]	= { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[O2M_LINK_A_CARRIER]	= { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[O2M_LINK_A_ACTIVE]	= { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[O2M_LINK_A_STATS]	= { .type = NLA_NESTED },
	[O2M_LINK_A_PENDING]	= { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[O2M_LINK_A_PATH]	= { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[O2M_LINK_A_PROBE_ADDR]	= { .type = NLA_UNSPEC, .minlen = 6, .maxlen = 6 },
	[O2M_LINK_A_PROBE_AGE]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_LINK_A_PROBES_SENT] = { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2M_LINK_A_PROBE_ANSWERS] = { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
};

/* Each attribute of the nest one target: libnl checks every one, not just the last. */
const struct nla_policy o2m_probe_policy[O2M_PROBE_A_MAX + 1] = {
	[O2M_PROBE_A_IPV4]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2M_PROBE_A_IPV6]	= { .type = NLA_UNSPEC, .minlen = 16, .maxlen = 16 },
};

const struct nla_policy o2m_stats_policy[O2M_STATS_A_MAX + 1] = {
	[O2M_STATS_A_RECV_OCTETS]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2M_STATS_A_RECV_PACKETS]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2M_STATS_A_XMIT_OCTETS]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2M_STATS_A_XMIT_PACKETS]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2M_STATS_A_MEMORY_FAILURES]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2M_STATS_A_DROPS]		= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
};

const struct nla_policy src_policy[O2MS_A_MAX + 1] = {
	[O2MS_A_NAME]		= { .type = NLA_STRING },
	[O2MS_A_IFINDEX]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_A_IFNAME]		= { .type = NLA_STRING },
	[O2MS_A_PPS]		= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_A_QUEUE_LIMIT]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_A_COUNT]		= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_A_RUNNING]	= { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[O2MS_A_STATS]		= { .type = NLA_NESTED },
	[O2MS_A_EVENT]		= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_A_TIMESTAMP]	= { .type = NLA_NESTED },
	[O2MS_A_COUNTER]	= { .type = NLA_NESTED },
	[O2MS_A_CSUM_FIXUP]	= { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[O2MS_A_SPEED]		= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_A_ETHERTYPE]	= { .type = NLA_U16, .minlen = 2, .maxlen = 2 },
	[O2MS_A_SINK_STATS]	= { .type = NLA_NESTED },
};

#define U64_STAT { .type = NLA_U64, .minlen = 8, .maxlen = 8 }

const struct nla_policy sink_stats_policy[O2MS_SINK_STATS_A_MAX + 1] = {
	[O2MS_SINK_STATS_A_FRAMES]	= U64_STAT,
	[O2MS_SINK_STATS_A_OCTETS]	= U64_STAT,
	[O2MS_SINK_STATS_A_LOST]	= U64_STAT,
	[O2MS_SINK_STATS_A_DUPLICATES]	= U64_STAT,
	[O2MS_SINK_STATS_A_LATE]	= U64_STAT,
	[O2MS_SINK_STATS_A_RESYNCS]	= U64_STAT,
	[O2MS_SINK_STATS_A_OUT_OF_RANGE] = U64_STAT,
	[O2MS_SINK_STATS_A_SHORT]	= U64_STAT,
	[O2MS_SINK_STATS_A_MERGED]	= U64_STAT,
	[O2MS_SINK_STATS_A_GAP_MAX]	= U64_STAT,
	[O2MS_SINK_STATS_A_LAT_FRAMES]	= U64_STAT,
	[O2MS_SINK_STATS_A_LAT_MIN]	= U64_STAT,
	[O2MS_SINK_STATS_A_LAT_MEAN]	= U64_STAT,
	[O2MS_SINK_STATS_A_LAT_MAX]	= U64_STAT,
	[O2MS_SINK_STATS_A_LAT_INVALID]	= U64_STAT,
	[O2MS_SINK_STATS_A_LAT_HIST]	= { .type = NLA_NESTED },
	[O2MS_SINK_STATS_A_LAT_P50]	= U64_STAT,
	[O2MS_SINK_STATS_A_LAT_P99]	= U64_STAT,
	[O2MS_SINK_STATS_A_LAT_P999]	= U64_STAT,
	[O2MS_SINK_STATS_A_STRAY]	= U64_STAT,
};

const struct nla_policy sink_hist_policy[O2MS_HIST_A_MAX + 1] = {
	[O2MS_HIST_A_BUCKET]	= { .type = NLA_NESTED },
	[O2MS_HIST_A_LOW]	= U64_STAT,
	[O2MS_HIST_A_HIGH]	= U64_STAT,
	[O2MS_HIST_A_COUNT]	= U64_STAT,
};

const struct nla_policy src_stats_policy[O2MS_STATS_A_MAX + 1] = {
	[O2MS_STATS_A_OUT_OCTETS]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_OUT_FRAMES]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_QUEUE_OCTETS]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_QUEUE_FRAMES]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_START_TIME]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_END_TIME]		= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_ELAPSED_TIME]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_DROPS]		= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_SKIPPED]		= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_MEMORY_FAILURES]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_MISSED]		= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_QUEUE_DURATION]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_LATE_MAX]		= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
	[O2MS_STATS_A_LATE_MEAN]	= { .type = NLA_U64, .minlen = 8, .maxlen = 8 },
};

const struct nla_policy src_ts_policy[O2MS_TS_A_MAX + 1] = {
	[O2MS_TS_A_OFFSET]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_TS_A_FLAGS]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_TS_A_FORMAT]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
};

const struct nla_policy src_ctr_policy[O2MS_CTR_A_MAX + 1] = {
	[O2MS_CTR_A_INDEX]	= { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[O2MS_CTR_A_OFFSET]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_CTR_A_FLAGS]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_CTR_A_WIDTH]	= { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[O2MS_CTR_A_NEXT_VAL]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_CTR_A_MIN_VAL]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_CTR_A_MAX_VAL]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[O2MS_CTR_A_INCREMENT]	= { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
};
