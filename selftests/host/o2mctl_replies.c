// SPDX-License-Identifier: GPL-2.0
/*
 * o2mctl's handling of the kernel's replies and events, without a kernel:
 * every reply and event callback of o2mctl is fed
 *  - a complete, well-formed message: it must be taken (no bad reply);
 *  - the same message without each attribute o2mctl needs, in turn, and
 *    with each attribute too short or too long (a string without its
 *    NUL): it must be refused as a bad reply, and nothing of it printed;
 *  - random messages (attributes of random types, sizes and contents,
 *    strings without their NUL, nests of garbage), in text and JSON:
 *    built with AddressSanitizer and UBSan, any read of a missing or short
 *    attribute fails the run.
 * A module and an o2mctl of different versions must give an error, never
 * a crash. o2mctl's sources are included whole, to reach their static
 * callbacks.
 *
 * Usage: o2mctl_replies [ITERATIONS [SEED]]
 */
#define main o2mctl_main
#include "../../tools/o2mctl/o2mctl.c"
#undef main
#include "../../tools/o2mctl/capture.c"
#include "../../tools/o2mctl/json.c"
#include "../../tools/o2mctl/nl.c"
#include "../../tools/o2mctl/parse.c"
#include "../../tools/o2mctl/policy.c"
#include "../../tools/o2mctl/link.c"
#include "../../tools/o2mctl/monitor.c"
#include "../../tools/o2mctl/source.c"
#include "../../tools/o2mctl/sink.c"

#define FAMILY 0x20

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (uint32_t)(rng_state % n) : 0;
}

/* An attribute of a message: its type, and what it holds (K_MAC: 6 bytes, K_IN6: 16). */
enum kind { K_U8, K_U16, K_U32, K_U64, K_STR, K_NEST, K_MAC, K_IN6 };

struct attr {
	int type;
	enum kind kind;
	const struct attr *nest;	/* K_NEST: a list ending at type 0 */
	bool needed;			/* o2mctl must refuse the message without it */
};

static const struct attr m_o2m_stats[] = {
	{ O2M_STATS_A_RECV_OCTETS, K_U64, NULL, true }, { O2M_STATS_A_RECV_PACKETS, K_U64, NULL, true },
	{ O2M_STATS_A_XMIT_OCTETS, K_U64, NULL, true }, { O2M_STATS_A_XMIT_PACKETS, K_U64, NULL, true },
	{ O2M_STATS_A_MEMORY_FAILURES, K_U64, NULL, true }, { O2M_STATS_A_DROPS, K_U64, NULL, true },
	{ 0 }
};

static const struct attr m_o2m_link[] = {
	{ O2M_LINK_A_ID, K_U32, NULL, true }, { O2M_LINK_A_IFINDEX, K_U32, NULL, true },
	{ O2M_LINK_A_IFNAME, K_STR, NULL, true }, { O2M_LINK_A_ENABLED, K_U8, NULL, true },
	{ O2M_LINK_A_CARRIER, K_U8, NULL, true }, { O2M_LINK_A_ACTIVE, K_U8, NULL, true },
	{ O2M_LINK_A_STATS, K_NEST, m_o2m_stats, true }, { O2M_LINK_A_PENDING, K_U8 },
	{ O2M_LINK_A_PATH, K_U8 }, { O2M_LINK_A_PROBE_ADDR, K_MAC }, { O2M_LINK_A_PROBE_AGE, K_U32 },
	{ O2M_LINK_A_PROBES_SENT, K_U64 }, { O2M_LINK_A_PROBE_ANSWERS, K_U64 }, { 0 }
};

/* A link nest as stats and events need it: fewer attributes. */
static const struct attr m_o2m_link_id[] = {
	{ O2M_LINK_A_ID, K_U32, NULL, true }, { O2M_LINK_A_STATS, K_NEST, m_o2m_stats, true }, { 0 }
};

static const struct attr m_o2m_link_event[] = {
	{ O2M_LINK_A_ID, K_U32, NULL, true }, { O2M_LINK_A_IFNAME, K_STR, NULL, true },
	{ O2M_LINK_A_PENDING, K_U8 }, { O2M_LINK_A_PATH, K_U8 }, { 0 }
};

/* Two targets of each kind: every one is checked, not only the last. */
static const struct attr m_o2m_targets[] = {
	{ O2M_PROBE_A_IPV4, K_U32 }, { O2M_PROBE_A_IPV6, K_IN6 },
	{ O2M_PROBE_A_IPV4, K_U32 }, { O2M_PROBE_A_IPV6, K_IN6 }, { 0 }
};

static const struct attr m_o2m_config[] = {
	{ O2M_A_IFINDEX, K_U32, NULL, true }, { O2M_A_IFNAME, K_STR, NULL, true },
	{ O2M_A_MODE, K_U32, NULL, true }, { O2M_A_DETECT, K_U32, NULL, true },
	{ O2M_A_ENABLED_LINKS, K_U64 }, { O2M_A_LINK_COUNT, K_U32, NULL, true },
	{ O2M_A_ACTIVE_COUNT, K_U32, NULL, true }, { O2M_A_FAILOVER_LINK, K_U32 },
	{ O2M_A_CARRIER, K_U8, NULL, true }, { O2M_A_NOTIFY_COUNT, K_U32 },
	{ O2M_A_NOTIFY_INTERVAL, K_U32 }, { O2M_A_UPDELAY, K_U32 }, { O2M_A_DOWNDELAY, K_U32 },
	{ O2M_A_PROBE_INTERVAL, K_U32 }, { O2M_A_PROBE_MISSES, K_U32 },
	{ O2M_A_PROBE_TARGETS, K_NEST, m_o2m_targets }, { 0 }
};

static const struct attr m_o2m_linkmsg[] = {
	{ O2M_A_IFNAME, K_STR }, { O2M_A_LINK, K_NEST, m_o2m_link, true }, { 0 }
};

static const struct attr m_o2m_statsmsg[] = {
	{ O2M_A_IFNAME, K_STR, NULL, true }, { O2M_A_LINK, K_NEST, m_o2m_link_id }, { 0 }
};

static const struct attr m_o2m_eventmsg[] = {
	{ O2M_A_EVENT, K_U32, NULL, true }, { O2M_A_IFNAME, K_STR, NULL, true },
	{ O2M_A_FAILOVER_LINK, K_U32 }, { O2M_A_LINK, K_NEST, m_o2m_link_event }, { 0 }
};

static const struct attr m_src_stats[] = {
	{ O2MS_STATS_A_OUT_OCTETS, K_U64, NULL, true }, { O2MS_STATS_A_OUT_FRAMES, K_U64, NULL, true },
	{ O2MS_STATS_A_QUEUE_OCTETS, K_U64, NULL, true }, { O2MS_STATS_A_QUEUE_FRAMES, K_U64, NULL, true },
	{ O2MS_STATS_A_START_TIME, K_U64, NULL, true }, { O2MS_STATS_A_END_TIME, K_U64, NULL, true },
	{ O2MS_STATS_A_ELAPSED_TIME, K_U64, NULL, true }, { O2MS_STATS_A_DROPS, K_U64, NULL, true },
	{ O2MS_STATS_A_SKIPPED, K_U64, NULL, true },
	{ O2MS_STATS_A_MEMORY_FAILURES, K_U64, NULL, true },
	{ O2MS_STATS_A_MISSED, K_U64, NULL, true }, { O2MS_STATS_A_QUEUE_DURATION, K_U64 },
	{ O2MS_STATS_A_LATE_MAX, K_U64 }, { O2MS_STATS_A_LATE_MEAN, K_U64 }, { 0 }
};

static const struct attr m_src_show[] = {
	{ O2MS_A_NAME, K_STR, NULL, true }, { O2MS_A_IFINDEX, K_U32 }, { O2MS_A_IFNAME, K_STR },
	{ O2MS_A_PPS, K_U32 }, { O2MS_A_SPEED, K_U32 }, { O2MS_A_QUEUE_LIMIT, K_U32, NULL, true },
	{ O2MS_A_RUNNING, K_U8, NULL, true }, { O2MS_A_CSUM_FIXUP, K_U8, NULL, true },
	{ O2MS_A_STATS, K_NEST, m_src_stats, true }, { 0 }
};

static const struct attr m_src_snap[] = {
	{ O2MS_A_NAME, K_STR }, { O2MS_A_RUNNING, K_U8, NULL, true },
	{ O2MS_A_STATS, K_NEST, m_src_stats, true }, { 0 }
};

static const struct attr m_src_ts[] = {
	{ O2MS_TS_A_OFFSET, K_U32, NULL, true }, { O2MS_TS_A_FLAGS, K_U32, NULL, true },
	{ O2MS_TS_A_FORMAT, K_U32, NULL, true }, { 0 }
};

static const struct attr m_src_ctr[] = {
	{ O2MS_CTR_A_INDEX, K_U8, NULL, true }, { O2MS_CTR_A_OFFSET, K_U32, NULL, true },
	{ O2MS_CTR_A_FLAGS, K_U32, NULL, true }, { O2MS_CTR_A_WIDTH, K_U8, NULL, true },
	{ O2MS_CTR_A_NEXT_VAL, K_U32, NULL, true }, { O2MS_CTR_A_MIN_VAL, K_U32, NULL, true },
	{ O2MS_CTR_A_MAX_VAL, K_U32, NULL, true }, { O2MS_CTR_A_INCREMENT, K_U32, NULL, true },
	{ 0 }
};

/* What reading the flags alone needs. */
static const struct attr m_src_ts_flags[] = { { O2MS_TS_A_FLAGS, K_U32, NULL, true }, { 0 } };
static const struct attr m_src_ctr_flags[] = { { O2MS_CTR_A_FLAGS, K_U32, NULL, true }, { 0 } };
static const struct attr m_src_tsflagsmsg[] = { { O2MS_A_TIMESTAMP, K_NEST, m_src_ts_flags }, { 0 } };
static const struct attr m_src_ctrflagsmsg[] = { { O2MS_A_COUNTER, K_NEST, m_src_ctr_flags }, { 0 } };

static const struct attr m_src_tsmsg[] = {
	{ O2MS_A_NAME, K_STR }, { O2MS_A_TIMESTAMP, K_NEST, m_src_ts }, { 0 }
};

static const struct attr m_src_ctrmsg[] = {
	{ O2MS_A_NAME, K_STR }, { O2MS_A_COUNTER, K_NEST, m_src_ctr }, { 0 }
};

static const struct attr m_src_eventmsg[] = {
	{ O2MS_A_EVENT, K_U32, NULL, true }, { O2MS_A_NAME, K_STR, NULL, true },
	{ O2MS_A_STATS, K_NEST, m_src_stats }, { 0 }
};

static const struct attr m_hist_bucket[] = {
	{ O2MS_HIST_A_LOW, K_U64, NULL, true }, { O2MS_HIST_A_HIGH, K_U64, NULL, true },
	{ O2MS_HIST_A_COUNT, K_U64, NULL, true }, { 0 }
};

static const struct attr m_hist[] = {
	{ O2MS_HIST_A_BUCKET, K_NEST, m_hist_bucket }, { O2MS_HIST_A_BUCKET, K_NEST, m_hist_bucket },
	{ 0 }
};

static const struct attr m_sink_stats[] = {
	{ O2MS_SINK_STATS_A_FRAMES, K_U64, NULL, true }, { O2MS_SINK_STATS_A_OCTETS, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LOST, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_DUPLICATES, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LATE, K_U64, NULL, true }, { O2MS_SINK_STATS_A_RESYNCS, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_OUT_OF_RANGE, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_SHORT, K_U64, NULL, true }, { O2MS_SINK_STATS_A_MERGED, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_GAP_MAX, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LAT_FRAMES, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LAT_MIN, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LAT_MEAN, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LAT_MAX, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LAT_INVALID, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_STRAY, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LAT_P50, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LAT_P99, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LAT_P999, K_U64, NULL, true },
	{ O2MS_SINK_STATS_A_LAT_HIST, K_NEST, m_hist }, { 0 }
};

static const struct attr m_sink_ctr[] = {
	{ O2MS_CTR_A_OFFSET, K_U32, NULL, true }, { O2MS_CTR_A_WIDTH, K_U8, NULL, true },
	{ O2MS_CTR_A_MIN_VAL, K_U32, NULL, true }, { O2MS_CTR_A_MAX_VAL, K_U32, NULL, true }, { 0 }
};

static const struct attr m_sink_ts[] = {
	{ O2MS_TS_A_OFFSET, K_U32, NULL, true }, { O2MS_TS_A_FORMAT, K_U32, NULL, true }, { 0 }
};

static const struct attr m_sink_show[] = {
	{ O2MS_A_NAME, K_STR, NULL, true }, { O2MS_A_IFINDEX, K_U32 }, { O2MS_A_IFNAME, K_STR },
	{ O2MS_A_ETHERTYPE, K_U16, NULL, true }, { O2MS_A_COUNTER, K_NEST, m_sink_ctr },
	{ O2MS_A_TIMESTAMP, K_NEST, m_sink_ts },
	{ O2MS_A_SINK_STATS, K_NEST, m_sink_stats, true }, { 0 }
};

static int sink_stats_each(struct nl_msg *msg, void *arg)
{
	show_hist = true;
	return sink_reply(msg, "each");
}

static int show_reply(struct nl_msg *msg, void *arg)
{
	struct show_ctx s = { .stats = true, .probe = true };

	return arg ? config_reply(msg, &s) : link_reply(msg, &s);
}

static int src_reply_json_each(struct nl_msg *msg, void *arg)
{
	return src_reply(msg, "each");
}

static int snap(struct nl_msg *msg, void *arg)
{
	struct src_snap s;

	return snap_reply(msg, &s);
}

static int flags(struct nl_msg *msg, void *arg)
{
	uint32_t f = 0;

	return flags_reply(msg, &f);
}

static int src_ev(struct nl_msg *msg, void *arg)
{
	src_family_id = FAMILY;
	return o2m_event(msg, NULL);
}

static int o2m_ev(struct nl_msg *msg, void *arg)
{
	src_family_id = -1;
	return o2m_event(msg, NULL);
}

struct target {
	const char *name;
	ctl_reply_fn fn;
	void *arg;
	const struct attr *attrs;
	int max;		/* the family's top attribute */
};

static const struct target targets[] = {
	{ "link show (config)", show_reply, "config", m_o2m_config, O2M_A_MAX },
	{ "link show (links)", show_reply, NULL, m_o2m_linkmsg, O2M_A_MAX },
	{ "stats", stats_reply, NULL, m_o2m_statsmsg, O2M_A_MAX },
	{ "one2many event", o2m_ev, NULL, m_o2m_eventmsg, O2M_A_MAX },
	{ "source show", src_reply, NULL, m_src_show, O2MS_A_MAX },
	{ "source stats", src_reply_json_each, NULL, m_src_show, O2MS_A_MAX },
	{ "source watch", snap, NULL, m_src_snap, O2MS_A_MAX },
	{ "source timestamp", embed_reply, NULL, m_src_tsmsg, O2MS_A_MAX },
	{ "source counter", embed_reply, NULL, m_src_ctrmsg, O2MS_A_MAX },
	{ "source counter flags", flags, NULL, m_src_ctrflagsmsg, O2MS_A_MAX },
	{ "source timestamp flags", flags, NULL, m_src_tsflagsmsg, O2MS_A_MAX },
	{ "o2m_source event", src_ev, NULL, m_src_eventmsg, O2MS_A_MAX },
	{ "sink show", sink_reply, NULL, m_sink_show, O2MS_A_MAX },
	{ "sink stats", sink_stats_each, NULL, m_sink_show, O2MS_A_MAX },
	{ NULL }
};

/*
 * A well-formed value of KIND, but none for SKIP and one of the wrong size
 * (a string without its NUL) for BAD.
 */
static bool too_long;	/* a BAD attribute is longer than it should be, not shorter */

static void put_value(struct nl_msg *msg, const struct attr *a, const struct attr *skip,
		      const struct attr *bad)
{
	static const int short_len[] = { [K_U8] = 0, [K_U16] = 1, [K_U32] = 2, [K_U64] = 4, [K_STR] = 3,
					 [K_NEST] = 2, [K_MAC] = 5, [K_IN6] = 15 };
	static const int long_len[] = { [K_U8] = 2, [K_U16] = 4, [K_U32] = 8, [K_U64] = 12, [K_STR] = 3,
					[K_NEST] = 2, [K_MAC] = 7, [K_IN6] = 17 };
	static const char bytes[] = "abcdefghijklmnopq";
	struct nlattr *nest;
	const struct attr *n;

	if (a == bad) {
		nla_put(msg, a->type, (too_long ? long_len : short_len)[a->kind], bytes);
		return;
	}
	switch (a->kind) {
	case K_U8:
		nla_put_u8(msg, a->type, 1);
		break;
	case K_U16:
		nla_put_u16(msg, a->type, 0x88b5);
		break;
	case K_U32:
		nla_put_u32(msg, a->type, 2);
		break;
	case K_U64:
		nla_put_u64(msg, a->type, 3);
		break;
	case K_STR:
		nla_put_string(msg, a->type, "x0");
		break;
	case K_MAC:
		nla_put(msg, a->type, 6, "\x02\x00\x5e\x10\x00\x01");
		break;
	case K_IN6:
		nla_put(msg, a->type, 16, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01");
		break;
	case K_NEST:
		nest = nla_nest_start(msg, a->type);
		for (n = a->nest; n->type; n++)
			if (n != skip)
				put_value(msg, n, skip, bad);
		nla_nest_end(msg, nest);
		break;
	}
}

static void put_good(struct nl_msg *msg, const struct attr *a, const struct attr *skip)
{
	put_value(msg, a, skip, NULL);
}

static struct nl_msg *new_msg(void)
{
	struct nl_msg *msg = nlmsg_alloc_size(65536);

	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, 1, 1);
	return msg;
}

/* The complete message of T, without SKIP and with BAD of the wrong size. */
static struct nl_msg *some_msg(const struct target *t, const struct attr *skip,
			       const struct attr *bad)
{
	struct nl_msg *msg = new_msg();
	const struct attr *a;

	for (a = t->attrs; a->type; a++)
		if (a != skip)
			put_value(msg, a, skip, bad);
	return msg;
}

static struct nl_msg *good_msg(const struct target *t, const struct attr *skip)
{
	return some_msg(t, skip, NULL);
}

/* Garbage: DEPTH levels of attributes of any type up to MAX + 2. */
static void put_random(struct nl_msg *msg, int max, int depth)
{
	static const int sizes[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 33 };
	unsigned char buf[64];
	struct nlattr *nest;
	int i, n = rnd(8), len, j;

	for (i = 0; i < n; i++) {
		int type = rnd(max + 3);

		if (depth > 0 && rnd(4) == 0) {
			nest = nla_nest_start(msg, type);
			put_random(msg, 12, depth - 1);
			nla_nest_end(msg, nest);
			continue;
		}
		len = sizes[rnd(sizeof(sizes) / sizeof(sizes[0]))];
		for (j = 0; j < len; j++)
			buf[j] = rnd(4) ? 'a' + rnd(26) : rnd(256);
		nla_put(msg, type, len, buf);
	}
}

/*
 * Hand MSG to T's callback, in a buffer of exactly its size (so that the
 * sanitizer sees a read past its end); how many bad replies it found.
 */
static size_t printed;	/* how much the last run() printed on stdout */
static char *last_out;	/* and what */

static unsigned int run(const struct target *t, struct nl_msg *msg)
{
	unsigned int before = bad_replies;
	struct nl_msg *exact = nlmsg_convert(nlmsg_hdr(msg));
	FILE *real = stdout;
	char *out = NULL;

	nlmsg_free(msg);
	if (!exact)
		abort();
	stdout = open_memstream(&out, &printed);
	if (!stdout)
		abort();
	t->fn(exact, t->arg);
	jw_done();
	fclose(stdout);
	stdout = real;
	free(last_out);
	last_out = out;
	nlmsg_free(exact);
	return bad_replies - before;
}

/* A bad reply must be refused, and nothing of it printed. */
static int refused(const struct target *t, struct nl_msg *msg)
{
	return run(t, msg) && !printed;
}

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 20000;
	const struct target *t;
	const struct attr *a;
	int fails = 0, checks = 0;
	long i;

	rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x9e3779b97f4a7c15ULL;
	if (!rng_state)
		rng_state = 1;
	/*
	 * What the callbacks print is not the point here. Their stderr goes
	 * too, but not fd 2: the sanitizers report there.
	 */
	stderr = fopen("/dev/null", "w");
	if (!stderr || !freopen("/dev/null", "w", stdout))
		return 2;
	for (int json = 0; json <= 1; json++) {
		json_output = json;
		for (t = targets; t->name; t++) {
			checks++;
			if (run(t, good_msg(t, NULL))) {
				dprintf(3, "FAIL: %s: a complete reply is refused\n", t->name);
				fails++;
			}
			for (a = t->attrs; a->type; a++) {
				const struct attr *n;

				for (too_long = false; ; too_long = true) {
					checks++;
					if (!refused(t, some_msg(t, NULL, a))) {
						dprintf(3, "FAIL: %s: a reply with attribute %d %s is taken\n",
							t->name, a->type, too_long ? "too long" : "too short");
						fails++;
					}
					for (n = a->kind == K_NEST ? a->nest : NULL; n && n->type; n++) {
						checks++;
						if (!refused(t, some_msg(t, NULL, n))) {
							dprintf(3, "FAIL: %s: a reply with attribute %d of nest %d %s is taken\n",
								t->name, n->type, a->type,
								too_long ? "too long" : "too short");
							fails++;
						}
					}
					if (too_long)
						break;
				}
				if (a->needed) {
					checks++;
					if (!refused(t, good_msg(t, a))) {
						dprintf(3, "FAIL: %s: a reply without attribute %d is taken\n",
							t->name, a->type);
						fails++;
					}
				}
				for (n = a->kind == K_NEST ? a->nest : NULL; n && n->type; n++) {
					if (!n->needed)
						continue;
					checks++;
					if (!refused(t, good_msg(t, n))) {
						dprintf(3, "FAIL: %s: a reply without attribute %d of nest %d is taken\n",
							t->name, n->type, a->type);
						fails++;
					}
				}
			}
		}
	}
	/* The JSON writer: escapes, numbers, and UTF-8 whatever the bytes. */
	{
		static const struct {
			const char *in, *out;
		} strs[] = {
			{ "d0", "\"d0\"" },
			{ "d\xc3\xa9", "\"d\xc3\xa9\"" },			/* é, UTF-8: kept */
			{ "d\xe9", "\"d\xef\xbf\xbd\"" },			/* é, Latin-1: U+FFFD */
			{ "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },	/* overlong '/' */
			{ "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },	/* a surrogate */
			{ "\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"" },	/* U+1F600 */
			{ "a\"b\\c/d\x01", "\"a\\\"b\\\\c/d\\u0001\"" },
		};
		FILE *real = stdout;
		char *out = NULL;
		size_t len = 0;
		unsigned int k;

		for (k = 0; k < sizeof(strs) / sizeof(strs[0]); k++) {
			stdout = open_memstream(&out, &len);
			jw_str(NULL, strs[k].in);
			jw_done();
			fclose(stdout);
			checks++;
			if (len != strlen(strs[k].out) + 1 || strncmp(out, strs[k].out, len - 1) ||
			    out[len - 1] != '\n') {
				dprintf(3, "FAIL: JSON of \"%s\" is %s, wanted %s\n", strs[k].in, out,
					strs[k].out);
				fails++;
			}
			free(out);
		}
		stdout = open_memstream(&out, &len);
		jw_open_obj(NULL);
		jw_u64("u", UINT64_MAX);
		jw_s64("s", INT64_MIN);
		jw_float("f", 1.0 / 3);
		jw_float("nan", NAN);
		jw_null("n");
		jw_bool("b", true);
		jw_open_arr("a");
		jw_close_arr();
		jw_close_obj();
		jw_done();
		fclose(stdout);
		checks++;
		if (strcmp(out, "{\"u\":18446744073709551615,\"s\":-9223372036854775808,\"f\":0.333,\"nan\":null,\"n\":null,\"b\":true,\"a\":[]}\n")) {
			dprintf(3, "FAIL: JSON numbers and kinds: %s", out);
			fails++;
		}
		free(out);
		stdout = real;
	}
	/* An event this o2mctl does not know is printed by its number. */
	{
		struct nl_msg *msg = new_msg();

		nla_put_u32(msg, O2M_A_EVENT, 99);
		nla_put_string(msg, O2M_A_IFNAME, "o2m0");
		json_output = false;
		checks++;
		if (run(&targets[3], msg) || strcmp(last_out, "o2m0: 99\n")) {
			dprintf(3, "FAIL: an unknown event is not printed as \"o2m0: 99\": \"%s\"\n",
				last_out);
			fails++;
		}
	}
	for (i = 0; i < iterations; i++) {
		struct nl_msg *msg;

		t = &targets[rnd(sizeof(targets) / sizeof(targets[0]) - 1)];
		json_output = rnd(2);
		msg = new_msg();
		/* Mostly good messages with garbage in, so callbacks go deep. */
		if (rnd(2)) {
			for (a = t->attrs; a->type; a++)
				if (rnd(8))
					put_good(msg, a, NULL);
		}
		put_random(msg, t->max, 2);
		run(t, msg);
	}
	dprintf(3, "%d checks of complete and incomplete replies, %d failed; %ld random messages\n",
		checks, fails, iterations);
	return fails ? 1 : 0;
}
