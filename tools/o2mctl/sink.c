// SPDX-License-Identifier: GPL-2.0
/* o2mctl sink ...: what a source's frames were like where they arrived. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <linux/o2m_source.h>

#include "json.h"
#include "nl.h"
#include "o2mctl.h"

static const char *const sink_stat_names[] = {
	[O2MS_SINK_STATS_A_FRAMES] = "frames",
	[O2MS_SINK_STATS_A_OCTETS] = "octets",
	[O2MS_SINK_STATS_A_LOST] = "lost",
	[O2MS_SINK_STATS_A_DUPLICATES] = "duplicates",
	[O2MS_SINK_STATS_A_LATE] = "late",
	[O2MS_SINK_STATS_A_RESYNCS] = "resyncs",
	[O2MS_SINK_STATS_A_OUT_OF_RANGE] = "out_of_range",
	[O2MS_SINK_STATS_A_SHORT] = "short",
	[O2MS_SINK_STATS_A_MERGED] = "merged",
	[O2MS_SINK_STATS_A_GAP_MAX] = "gap_max",
	[O2MS_SINK_STATS_A_STRAY] = "stray",
};

/* The latency's, in the "latency" object of the JSON. */
static const char *const sink_lat_names[] = {
	[O2MS_SINK_STATS_A_LAT_FRAMES] = "frames",
	[O2MS_SINK_STATS_A_LAT_MIN] = "min",
	[O2MS_SINK_STATS_A_LAT_MEAN] = "mean",
	[O2MS_SINK_STATS_A_LAT_MAX] = "max",
	[O2MS_SINK_STATS_A_LAT_P50] = "p50",
	[O2MS_SINK_STATS_A_LAT_P99] = "p99",
	[O2MS_SINK_STATS_A_LAT_P999] = "p999",
	[O2MS_SINK_STATS_A_LAT_INVALID] = "invalid",
};

typedef uint64_t sink_stats_t[O2MS_SINK_STATS_A_MAX + 1];

/* sink stats prints the histogram; show, which lists, does not. */
static bool show_hist;

/* Each of the histogram's buckets is whole. */
static bool hist_ok(struct nlattr *hist)
{
	struct nlattr *tb[O2MS_HIST_A_MAX + 1], *b;
	int rem;

	nla_for_each_nested(b, hist, rem)
		if (nla_type(b) != O2MS_HIST_A_BUCKET ||
		    ctl_parse_nested(tb, O2MS_HIST_A_MAX, b, sink_hist_policy) ||
		    ctl_need(tb, O2MS_HIST_A_LOW, O2MS_HIST_A_HIGH, O2MS_HIST_A_COUNT)) {
			ctl_bad_reply();
			return false;
		}
	/* Bytes left over are no attribute. */
	if (rem) {
		ctl_bad_reply();
		return false;
	}
	return true;
}

/* The counters of a reply, all of them there, or a bad reply. */
static bool read_sink_stats(struct nlattr *nest, sink_stats_t st, struct nlattr **hist)
{
	struct nlattr *tb[O2MS_SINK_STATS_A_MAX + 1];
	int a;

	memset(st, 0, sizeof(sink_stats_t));
	if (!nest || ctl_parse_nested(tb, O2MS_SINK_STATS_A_MAX, nest, sink_stats_policy))
		return false;
	for (a = O2MS_SINK_STATS_A_FRAMES; a <= O2MS_SINK_STATS_A_MAX; a++) {
		if (a == O2MS_SINK_STATS_A_LAT_HIST)
			continue;
		if (!tb[a]) {
			ctl_bad_reply();
			return false;
		}
		st[a] = attr_u64(tb, a);
	}
	*hist = tb[O2MS_SINK_STATS_A_LAT_HIST];
	return !*hist || hist_ok(*hist);
}

/* A time in ns, as a person reads it. */
static const char *fmt_ns(char *buf, size_t len, uint64_t ns)
{
	if (ns < 1000)
		snprintf(buf, len, "%" PRIu64 " ns", ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.1f us", ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, len, "%.3f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.3f s", ns / 1e9);
	return buf;
}

/* The histogram's buckets, checked by hist_ok(). */
static void print_hist(struct nlattr *hist)
{
	struct nlattr *tb[O2MS_HIST_A_MAX + 1], *b;
	char lo[32], hi[32];
	int rem;

	if (json_output)
		jw_open_arr("histogram");
	else
		printf("    histogram:\n");
	nla_for_each_nested(b, hist, rem) {
		ctl_parse_nested(tb, O2MS_HIST_A_MAX, b, sink_hist_policy);
		if (json_output) {
			jw_open_obj(NULL);
			jw_u64("low", attr_u64(tb, O2MS_HIST_A_LOW));
			jw_u64("high", attr_u64(tb, O2MS_HIST_A_HIGH));
			jw_u64("count", attr_u64(tb, O2MS_HIST_A_COUNT));
			jw_close_obj();
		} else {
			uint64_t high = attr_u64(tb, O2MS_HIST_A_HIGH);

			printf("      %10s to %10s: %" PRIu64 "\n",
			       fmt_ns(lo, sizeof(lo), attr_u64(tb, O2MS_HIST_A_LOW)),
			       high == UINT64_MAX ? "more" : fmt_ns(hi, sizeof(hi), high),
			       attr_u64(tb, O2MS_HIST_A_COUNT));
		}
	}
	if (json_output)
		jw_close_arr();
}

static void print_sink_stats(const sink_stats_t st, struct nlattr *hist)
{
	char a[32], b[32], c[32], d[32], e[32], f[32];
	int i;

	if (json_output) {
		jw_open_obj("stats");
		for (i = 0; i <= O2MS_SINK_STATS_A_MAX; i++)
			if (i < (int)(sizeof(sink_stat_names) / sizeof(*sink_stat_names)) &&
			    sink_stat_names[i])
				jw_u64(sink_stat_names[i], st[i]);
		jw_open_obj("latency");
		for (i = 0; i <= O2MS_SINK_STATS_A_MAX; i++)
			if (i < (int)(sizeof(sink_lat_names) / sizeof(*sink_lat_names)) &&
			    sink_lat_names[i])
				jw_u64(sink_lat_names[i], st[i]);
		if (hist)
			print_hist(hist);
		jw_close_obj();
		jw_close_obj();
		return;
	}
	printf("    in: %" PRIu64 " frames %" PRIu64 " octets  lost: %" PRIu64
	       "  duplicates: %" PRIu64 "  late: %" PRIu64 "\n",
	       st[O2MS_SINK_STATS_A_FRAMES], st[O2MS_SINK_STATS_A_OCTETS],
	       st[O2MS_SINK_STATS_A_LOST], st[O2MS_SINK_STATS_A_DUPLICATES],
	       st[O2MS_SINK_STATS_A_LATE]);
	if (st[O2MS_SINK_STATS_A_RESYNCS] || st[O2MS_SINK_STATS_A_STRAY] ||
	    st[O2MS_SINK_STATS_A_OUT_OF_RANGE] || st[O2MS_SINK_STATS_A_SHORT] ||
	    st[O2MS_SINK_STATS_A_MERGED])
		printf("    resyncs: %" PRIu64 "  stray: %" PRIu64 "  out of range: %" PRIu64
		       "  short: %" PRIu64 "  merged: %" PRIu64 "\n",
		       st[O2MS_SINK_STATS_A_RESYNCS], st[O2MS_SINK_STATS_A_STRAY],
		       st[O2MS_SINK_STATS_A_OUT_OF_RANGE], st[O2MS_SINK_STATS_A_SHORT],
		       st[O2MS_SINK_STATS_A_MERGED]);
	printf("    gap max: %s\n", fmt_ns(a, sizeof(a), st[O2MS_SINK_STATS_A_GAP_MAX]));
	if (st[O2MS_SINK_STATS_A_LAT_FRAMES] || st[O2MS_SINK_STATS_A_LAT_INVALID]) {
		printf("    latency: %" PRIu64 " frames  min %s  mean %s  max %s\n",
		       st[O2MS_SINK_STATS_A_LAT_FRAMES],
		       fmt_ns(a, sizeof(a), st[O2MS_SINK_STATS_A_LAT_MIN]),
		       fmt_ns(b, sizeof(b), st[O2MS_SINK_STATS_A_LAT_MEAN]),
		       fmt_ns(c, sizeof(c), st[O2MS_SINK_STATS_A_LAT_MAX]));
		printf("    p50 %s  p99 %s  p99.9 %s",
		       fmt_ns(d, sizeof(d), st[O2MS_SINK_STATS_A_LAT_P50]),
		       fmt_ns(e, sizeof(e), st[O2MS_SINK_STATS_A_LAT_P99]),
		       fmt_ns(f, sizeof(f), st[O2MS_SINK_STATS_A_LAT_P999]));
		if (st[O2MS_SINK_STATS_A_LAT_INVALID])
			printf("  no valid timestamp: %" PRIu64,
			       st[O2MS_SINK_STATS_A_LAT_INVALID]);
		printf("\n");
		if (hist)
			print_hist(hist);
	}
}

/* A sink, as show and stats print it; ARG non-NULL: a JSON value of its own. */
static int sink_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2MS_A_MAX + 1], *ct[O2MS_CTR_A_MAX + 1], *tt[O2MS_TS_A_MAX + 1];
	struct nlattr *hist = NULL;
	sink_stats_t st;

	/* All of it is checked before anything is printed. */
	if (ctl_parse(msg, tb, O2MS_A_MAX, src_policy) ||
	    ctl_need(tb, O2MS_A_NAME, O2MS_A_ETHERTYPE, O2MS_A_SINK_STATS) ||
	    ctl_parse_nested(ct, O2MS_CTR_A_MAX, tb[O2MS_A_COUNTER], src_ctr_policy) ||
	    ctl_parse_nested(tt, O2MS_TS_A_MAX, tb[O2MS_A_TIMESTAMP], src_ts_policy) ||
	    (tb[O2MS_A_COUNTER] && ctl_need(ct, O2MS_CTR_A_OFFSET, O2MS_CTR_A_WIDTH,
					    O2MS_CTR_A_MIN_VAL, O2MS_CTR_A_MAX_VAL)) ||
	    (tb[O2MS_A_TIMESTAMP] && ctl_need(tt, O2MS_TS_A_OFFSET, O2MS_TS_A_FORMAT)) ||
	    !read_sink_stats(tb[O2MS_A_SINK_STATS], st, &hist))
		return NL_OK;
	if (json_output) {
		jw_open_obj(NULL);
		jw_str("name", attr_str(tb, O2MS_A_NAME));
		if (tb[O2MS_A_IFNAME])
			jw_str("ifname", attr_str(tb, O2MS_A_IFNAME));
		else
			jw_null("ifname");
		jw_u64("ethertype", nla_get_u16(tb[O2MS_A_ETHERTYPE]));
		if (tb[O2MS_A_COUNTER]) {
			jw_open_obj("counter");
			jw_u64("offset", attr_u32(ct, O2MS_CTR_A_OFFSET));
			jw_u64("width", attr_u8(ct, O2MS_CTR_A_WIDTH));
			jw_u64("min", attr_u32(ct, O2MS_CTR_A_MIN_VAL));
			jw_u64("max", attr_u32(ct, O2MS_CTR_A_MAX_VAL));
			jw_close_obj();
		} else {
			jw_null("counter");
		}
		if (tb[O2MS_A_TIMESTAMP]) {
			jw_open_obj("timestamp");
			jw_u64("offset", attr_u32(tt, O2MS_TS_A_OFFSET));
			jw_str("format", attr_u32(tt, O2MS_TS_A_FORMAT) == O2MS_TS_NS64 ?
					 "ns" : "timeval");
			jw_close_obj();
		} else {
			jw_null("timestamp");
		}
		print_sink_stats(st, show_hist ? hist : NULL);
		jw_close_obj();
		if (arg)
			jw_done();
		return NL_OK;
	}
	printf("%s: dev %s", attr_str(tb, O2MS_A_NAME),
	       tb[O2MS_A_IFNAME] ? attr_str(tb, O2MS_A_IFNAME) : "none (gone)");
	if (nla_get_u16(tb[O2MS_A_ETHERTYPE]))
		printf(" ethertype 0x%04x", nla_get_u16(tb[O2MS_A_ETHERTYPE]));
	else
		printf(" ethertype all");
	if (tb[O2MS_A_COUNTER])
		printf(" counter %u %u min %u max %u", attr_u32(ct, O2MS_CTR_A_OFFSET),
		       attr_u8(ct, O2MS_CTR_A_WIDTH), attr_u32(ct, O2MS_CTR_A_MIN_VAL),
		       attr_u32(ct, O2MS_CTR_A_MAX_VAL));
	if (tb[O2MS_A_TIMESTAMP])
		printf(" timestamp %u %s", attr_u32(tt, O2MS_TS_A_OFFSET),
		       attr_u32(tt, O2MS_TS_A_FORMAT) == O2MS_TS_NS64 ? "ns" : "timeval");
	printf("\n");
	print_sink_stats(st, show_hist ? hist : NULL);
	return NL_OK;
}

static int check_sink_name(const char *what, const char *s)
{
	return check_name(what, "sink", s);
}

/* An ethertype: 0x0600 to 0xffff; all: 0 (every frame). */
static int parse_ethertype(const char *what, const char *s, uint32_t *v)
{
	uint64_t x;

	if (!strcmp(s, "all")) {
		*v = 0;
		return EXIT_OK;
	}
	if (parse_range(what, "ethertype", s, 0x600, 0xffff, &x))
		return EXIT_USAGE;
	*v = x;
	return EXIT_OK;
}

struct sink_conf {
	const char *dev;
	uint32_t ethertype, ctr_offset, ctr_width, ctr_min, ctr_max, ts_offset, ts_format;
	bool has_ethertype, has_ctr, has_min, has_max, has_ts;
};

/* counter OFFSET [WIDTH], timestamp OFFSET [FORMAT]: how many words they took. */
static int parse_sink_conf(const char *what, int argc, char **argv, struct sink_conf *c)
{
	uint32_t wmax;
	int used;

	*c = (struct sink_conf){ .ctr_width = 4 };
	for (; argc > 0; argc -= used, argv += used) {
		static const char *const keys[] = {
			"dev", "ethertype", "counter", "min", "max", "timestamp", NULL
		};
		const char *const *k;

		for (k = keys; *k && strcmp(*k, argv[0]); k++)
			;
		if (!*k)
			return usage_err("%s: unknown setting \"%s\" (dev, ethertype, counter, min, max, timestamp)",
					 what, argv[0]);
		used = 2;
		if (argc < 2)
			return usage_err("%s: \"%s\" needs a value", what, argv[0]);
		if (!strcmp(argv[0], "dev")) {
			if (c->dev)
				return dup_err(what, argv[0]);
			if (check_ifname(what, argv[1]))
				return EXIT_USAGE;
			c->dev = argv[1];
		} else if (!strcmp(argv[0], "ethertype")) {
			if (c->has_ethertype)
				return dup_err(what, argv[0]);
			if (parse_ethertype(what, argv[1], &c->ethertype))
				return EXIT_USAGE;
			c->has_ethertype = true;
		} else if (!strcmp(argv[0], "counter")) {
			if (c->has_ctr)
				return dup_err(what, argv[0]);
			if (parse_u32(what, "counter's offset", argv[1], &c->ctr_offset))
				return EXIT_USAGE;
			if (argc > 2 && (!strcmp(argv[2], "1") || !strcmp(argv[2], "2") ||
					 !strcmp(argv[2], "4"))) {
				c->ctr_width = argv[2][0] - '0';
				used = 3;
			}
			c->has_ctr = true;
		} else if (!strcmp(argv[0], "min") || !strcmp(argv[0], "max")) {
			bool is_min = argv[0][1] == 'i';

			if (is_min ? c->has_min : c->has_max)
				return dup_err(what, argv[0]);
			if (parse_u32(what, argv[0], argv[1], is_min ? &c->ctr_min : &c->ctr_max))
				return EXIT_USAGE;
			*(is_min ? &c->has_min : &c->has_max) = true;
		} else {
			/* timestamp */
			if (c->has_ts)
				return dup_err(what, argv[0]);
			if (parse_u32(what, "timestamp's offset", argv[1], &c->ts_offset))
				return EXIT_USAGE;
			if (argc > 2 && (!strcmp(argv[2], "timeval") || !strcmp(argv[2], "ns"))) {
				c->ts_format = strcmp(argv[2], "ns") ? O2MS_TS_TIMEVAL32 :
								       O2MS_TS_NS64;
				used = 3;
			}
			c->has_ts = true;
		}
	}
	if (!c->dev)
		return usage_err("%s: say which interface it watches (dev IFNAME)", what);
	if ((c->has_min || c->has_max) && !c->has_ctr)
		return usage_err("%s: min and max are the counter's: say where it is (counter OFFSET)",
				 what);
	/* What the kernel would refuse, as a usage error. */
	wmax = c->ctr_width == 4 ? UINT32_MAX : (1U << (8 * c->ctr_width)) - 1;
	if (c->has_max && c->ctr_max > wmax)
		return usage_err("%s: max %u does not fit in %u bytes (at most %u)", what,
				 c->ctr_max, c->ctr_width, wmax);
	if (c->has_min && c->ctr_min > (c->has_max ? c->ctr_max : wmax))
		return usage_err("%s: min %u is above max %u", what, c->ctr_min,
				 c->has_max ? c->ctr_max : wmax);
	if ((c->has_max ? c->ctr_max : wmax) - (c->has_min ? c->ctr_min : 0) < 2)
		return usage_err("%s: a sink's counter takes 3 values at least (max >= min + 2)",
				 what);
	return EXIT_OK;
}

#define SINK_ADD_USAGE \
	"NAME dev IFNAME [ethertype T] [counter OFFSET [1|2|4]] [min N] [max N] [timestamp OFFSET [timeval|ns]]"

static int sink_add(int argc, char **argv)
{
	struct sink_conf c;
	struct nlattr *nest;
	char what[64];
	struct req r;

	if (argc < 1)
		return usage_words(argc, argv, 1, "sink add " SINK_ADD_USAGE);
	snprintf(what, sizeof(what), "sink add %s", argv[0]);
	if (check_sink_name(what, argv[0]) || parse_sink_conf(what, argc - 1, argv + 1, &c))
		return EXIT_USAGE;
	req_init(&r, O2MS_CMD_SINK_ADD, 0);
	req_str(&r, O2MS_A_NAME, argv[0]);
	req_str(&r, O2MS_A_IFNAME, c.dev);
	if (c.has_ethertype)
		req_u16(&r, O2MS_A_ETHERTYPE, c.ethertype);
	if (c.has_ctr) {
		nest = req_nest(&r, O2MS_A_COUNTER);
		req_u32(&r, O2MS_CTR_A_OFFSET, c.ctr_offset);
		req_u8(&r, O2MS_CTR_A_WIDTH, c.ctr_width);
		if (c.has_min)
			req_u32(&r, O2MS_CTR_A_MIN_VAL, c.ctr_min);
		if (c.has_max)
			req_u32(&r, O2MS_CTR_A_MAX_VAL, c.ctr_max);
		req_nest_end(&r, nest);
	}
	if (c.has_ts) {
		nest = req_nest(&r, O2MS_A_TIMESTAMP);
		req_u32(&r, O2MS_TS_A_OFFSET, c.ts_offset);
		req_u32(&r, O2MS_TS_A_FORMAT, c.ts_format);
		req_nest_end(&r, nest);
	}
	return ctl_run(&src_family, &r, sink_reply, NULL, RUN_JSON_ARRAY, "%s dev %s", what,
		       c.dev);
}

static int sink_del(int argc, char **argv)
{
	return name_only_cmd("sink", "del", O2MS_CMD_SINK_DEL, argc, argv);
}

static int sink_clear(int argc, char **argv)
{
	return name_only_cmd("sink", "clear", O2MS_CMD_SINK_CLR_STATS, argc, argv);
}

static int sink_show(int argc, char **argv)
{
	return name_or_dump_cmd("sink", O2MS_CMD_SINK_GET, sink_reply, argc, argv);
}

/* One sink's counters with the latency's histogram: a JSON object. */
static int sink_stats(int argc, char **argv)
{
	char what[64];
	struct req r;

	if (argc != 1)
		return usage_words(argc, argv, 1, "sink stats NAME");
	snprintf(what, sizeof(what), "sink stats %s", argv[0]);
	if (check_sink_name(what, argv[0]))
		return EXIT_USAGE;
	req_init(&r, O2MS_CMD_SINK_GET, 0);
	req_str(&r, O2MS_A_NAME, argv[0]);
	show_hist = true;
	return ctl_run(&src_family, &r, sink_reply, what, 0, "%s", what);
}

static const struct cmd sink_cmds[] = {
	{ "show", sink_show, "[NAME]", NULL },
	{ "add", sink_add, SINK_ADD_USAGE,
	  "count the frames IFNAME receives (of ethertype T), by the counter and the\n"
	  "timestamp a source writes at those offsets: lost, duplicate, late, latency" },
	{ "del", sink_del, "NAME", NULL },
	{ "stats", sink_stats, "NAME", "the counters, with the latency's histogram" },
	{ "clear", sink_clear, "NAME", "zero the counters and start the sequence again" },
	{ NULL }
};

int cmd_sink(int argc, char **argv)
{
	if (argc == 0)
		return sink_show(0, NULL);
	return run_cmd(sink_cmds, "sink", argc, argv);
}
