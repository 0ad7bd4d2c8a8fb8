// SPDX-License-Identifier: GPL-2.0
/* o2mctl link ... and o2mctl stats ...: the one2many family. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/one2many.h>

#include "json.h"
#include "nl.h"
#include "o2mctl.h"

/* WHAT ("link set DEV") says which device an error is about. */
static int parse_mode(const char *what, const char *s, uint32_t *mode)
{
	int v = o2m_parse_mode(s);

	if (v < 0)
		return usage_err("%s: unknown mode \"%s\": use rr, all or failover", what, s);
	*mode = v;
	return EXIT_OK;
}

static int parse_detect(const char *what, const char *s, uint32_t *detect)
{
	int v = o2m_parse_detect(s);

	if (v < 0)
		return usage_err("%s: unknown detection \"%s\": use manual, carrier or probe", what, s);
	*detect = v;
	return EXIT_OK;
}

/* A request about one2many device DEV. */
static void o2m_req(struct req *r, int cmd, int flags, const char *dev)
{
	req_init(r, cmd, flags);
	if (dev)
		req_str(r, O2M_A_IFNAME, dev);
}

/*
 * A link of a command line, by number (id >= 0, or the master) or by
 * device name (id LINK_BY_NAME).
 */
#define LINK_BY_NAME	(-2)

struct link_arg {
	int id;
	const char *ifname;
};

/* O2M_A_LINK naming a link, and SETTINGS' ENABLED if it is >= 0. */
static void put_link(struct req *r, const struct link_arg *l, int enabled)
{
	struct nlattr *nest = req_nest(r, O2M_A_LINK);

	if (l->id != LINK_BY_NAME)
		req_s32(r, O2M_LINK_A_ID, l->id);
	if (l->ifname)
		req_str(r, O2M_LINK_A_IFNAME, l->ifname);
	if (enabled >= 0)
		req_u8(r, O2M_LINK_A_ENABLED, enabled);
	req_nest_end(r, nest);
}

/*
 * The link of ARGV: "id N", "dev NAME", or one word, a number if it starts
 * with a digit and a device name otherwise. Returns the words it took, or
 * -1 after a usage error.
 */
static int parse_link_arg(const char *what, int argc, char **argv, struct link_arg *l)
{
	l->id = LINK_BY_NAME;
	l->ifname = NULL;
	if (argc >= 1 && (!strcmp(argv[0], "id") || !strcmp(argv[0], "dev"))) {
		if (argc < 2) {
			usage_err("%s: \"%s\" needs a value", what, argv[0]);
			return -1;
		}
		if (!strcmp(argv[0], "id"))
			return parse_link_id(what, argv[1], false, &l->id) ? -1 : 2;
		l->ifname = argv[1];
		return check_ifname(what, argv[1]) ? -1 : 2;
	}
	if (argc < 1) {
		usage_err("%s: which link? (ID, SLAVE, id ID or dev SLAVE)", what);
		return -1;
	}
	if (isdigit((unsigned char)argv[0][0]))
		return parse_link_id(what, argv[0], false, &l->id) ? -1 : 1;
	l->ifname = argv[0];
	return check_ifname(what, argv[0]) ? -1 : 1;
}

static const char *const stat_names[] = {
	[O2M_STATS_A_RECV_OCTETS] = "recv_octets",
	[O2M_STATS_A_RECV_PACKETS] = "recv_packets",
	[O2M_STATS_A_XMIT_OCTETS] = "xmit_octets",
	[O2M_STATS_A_XMIT_PACKETS] = "xmit_packets",
	[O2M_STATS_A_MEMORY_FAILURES] = "memory_failures",
	[O2M_STATS_A_DROPS] = "drops",
};

/* 0 if NEST holds a link's counters, all of them; else a bad reply. */
static int stats_ok(struct nlattr *nest, struct nlattr **tb)
{
	if (!nest)
		return ctl_bad_reply();
	if (ctl_parse_nested(tb, O2M_STATS_A_MAX, nest, o2m_stats_policy))
		return -EPROTO;
	return ctl_need(tb, O2M_STATS_A_RECV_OCTETS, O2M_STATS_A_RECV_PACKETS,
			O2M_STATS_A_XMIT_OCTETS, O2M_STATS_A_XMIT_PACKETS,
			O2M_STATS_A_MEMORY_FAILURES, O2M_STATS_A_DROPS);
}

static void print_stats(struct nlattr *nest, const char *indent)
{
	struct nlattr *tb[O2M_STATS_A_MAX + 1];
	int a;

	if (stats_ok(nest, tb))
		return;
	if (json_output) {
		jw_open_obj("stats");
		for (a = O2M_STATS_A_RECV_OCTETS; a <= O2M_STATS_A_DROPS; a++)
			jw_u64(stat_names[a], attr_u64(tb, a));
		jw_close_obj();
		return;
	}
	printf("%srecv: %" PRIu64 " packets %" PRIu64 " octets\n", indent,
	       attr_u64(tb, O2M_STATS_A_RECV_PACKETS), attr_u64(tb, O2M_STATS_A_RECV_OCTETS));
	printf("%sxmit: %" PRIu64 " packets %" PRIu64 " octets\n", indent,
	       attr_u64(tb, O2M_STATS_A_XMIT_PACKETS), attr_u64(tb, O2M_STATS_A_XMIT_OCTETS));
	printf("%smemory failures: %" PRIu64 "  drops: %" PRIu64 "\n", indent,
	       attr_u64(tb, O2M_STATS_A_MEMORY_FAILURES), attr_u64(tb, O2M_STATS_A_DROPS));
}

static const char *yesno(struct nlattr **tb, int a, const char *yes, const char *no)
{
	return attr_u8(tb, a) ? yes : no;
}

/* A link's probe address (6 bytes, as the policy checked), as ip prints one. */
static const char *probe_addr(struct nlattr **tb, char *buf, size_t len)
{
	const unsigned char *a = nla_data(tb[O2M_LINK_A_PROBE_ADDR]);

	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
	return buf;
}

/* In probe detection: whether its path answers, and its probes' counts. */
static void print_link_probe(struct nlattr **tb)
{
	char mac[18];

	printf(" path %s", yesno(tb, O2M_LINK_A_PATH, "up", "down"));
	if (tb[O2M_LINK_A_PROBE_AGE])
		printf(" last-answer %ums ago", attr_u32(tb, O2M_LINK_A_PROBE_AGE));
	else
		printf(" no answer yet");
	if (tb[O2M_LINK_A_PROBES_SENT] && tb[O2M_LINK_A_PROBE_ANSWERS])
		printf(" probes %" PRIu64 " answers %" PRIu64, attr_u64(tb, O2M_LINK_A_PROBES_SENT),
		       attr_u64(tb, O2M_LINK_A_PROBE_ANSWERS));
	if (tb[O2M_LINK_A_PROBE_ADDR])
		printf(" probe-addr %s", probe_addr(tb, mac, sizeof(mac)));
}

/*
 * One link nest, as "link show" and "link add" print it. PROBE: the device
 * is in probe detection, where the path's state means something (the text
 * shows it then only; JSON always has what the module sent).
 */
static void print_link(struct nlattr *nest, bool with_stats, bool probe)
{
	struct nlattr *tb[O2M_LINK_A_MAX + 1], *stb[O2M_STATS_A_MAX + 1];
	char mac[18];

	if (ctl_parse_nested(tb, O2M_LINK_A_MAX, nest, o2m_link_policy) ||
	    ctl_need(tb, O2M_LINK_A_ID, O2M_LINK_A_IFNAME, O2M_LINK_A_IFINDEX, O2M_LINK_A_ENABLED,
		     O2M_LINK_A_CARRIER, O2M_LINK_A_ACTIVE) ||
	    (with_stats && stats_ok(tb[O2M_LINK_A_STATS], stb)))
		return;
	if (json_output) {
		jw_open_obj(NULL);
		jw_s64("id", attr_s32(tb, O2M_LINK_A_ID, -1));
		jw_str("ifname", attr_str(tb, O2M_LINK_A_IFNAME));
		jw_u64("ifindex", attr_u32(tb, O2M_LINK_A_IFINDEX));
		jw_bool("enabled", attr_u8(tb, O2M_LINK_A_ENABLED));
		jw_bool("carrier", attr_u8(tb, O2M_LINK_A_CARRIER));
		jw_bool("active", attr_u8(tb, O2M_LINK_A_ACTIVE));
		if (tb[O2M_LINK_A_PENDING])
			jw_str("pending", o2m_pending_name(attr_u8(tb, O2M_LINK_A_PENDING)));
		if (tb[O2M_LINK_A_PATH])
			jw_bool("path", attr_u8(tb, O2M_LINK_A_PATH));
		if (tb[O2M_LINK_A_PROBE_ADDR])
			jw_str("probe_addr", probe_addr(tb, mac, sizeof(mac)));
		if (tb[O2M_LINK_A_PROBE_AGE])
			jw_u64("probe_age_ms", attr_u32(tb, O2M_LINK_A_PROBE_AGE));
		if (tb[O2M_LINK_A_PROBES_SENT])
			jw_u64("probes_sent", attr_u64(tb, O2M_LINK_A_PROBES_SENT));
		if (tb[O2M_LINK_A_PROBE_ANSWERS])
			jw_u64("probe_answers", attr_u64(tb, O2M_LINK_A_PROBE_ANSWERS));
		if (with_stats)
			print_stats(tb[O2M_LINK_A_STATS], NULL);
		jw_close_obj();
		return;
	}
	printf("    link %d: %s %s %s %s", attr_s32(tb, O2M_LINK_A_ID, -1),
	       attr_str(tb, O2M_LINK_A_IFNAME),
	       yesno(tb, O2M_LINK_A_ENABLED, "enabled", "disabled"),
	       yesno(tb, O2M_LINK_A_CARRIER, "carrier", "no-carrier"),
	       yesno(tb, O2M_LINK_A_ACTIVE, "active", "inactive"));
	if (tb[O2M_LINK_A_PENDING] && attr_u8(tb, O2M_LINK_A_PENDING) != O2M_PENDING_NONE)
		printf(" pending-%s", o2m_pending_name(attr_u8(tb, O2M_LINK_A_PENDING)));
	if (probe && tb[O2M_LINK_A_PATH])
		print_link_probe(tb);
	printf("\n");
	if (with_stats)
		print_stats(tb[O2M_LINK_A_STATS], "        ");
}

struct show_ctx {
	bool stats;
	bool probe;	/* the device's detection is probe */
	int count;
};

static int link_reply(struct nl_msg *msg, void *arg)
{
	struct show_ctx *s = arg;
	struct nlattr *tb[O2M_A_MAX + 1];

	if (ctl_parse(msg, tb, O2M_A_MAX, o2m_policy) || ctl_need(tb, O2M_A_LINK))
		return NL_OK;
	print_link(tb[O2M_A_LINK], s->stats, s->probe);
	s->count++;
	return NL_OK;
}

/*
 * 0 if NEST, if there is one, is a list of targets to its end (none is an
 * empty nest, so the policy's lengths alone cannot tell); else a bad reply.
 */
static int probe_targets_ok(struct nlattr *nest)
{
	struct nlattr *tb[O2M_PROBE_A_MAX + 1], *a;
	int rem = 0;

	if (!nest)
		return 0;
	if (ctl_parse_nested(tb, O2M_PROBE_A_MAX, nest, o2m_probe_policy))
		return -EPROTO;
	nla_for_each_nested(a, nest, rem)
		;
	return rem > 0 ? ctl_bad_reply() : 0;
}

/* The probe targets of a nest probe_targets_ok() took, in JSON or as "A,B". */
static void print_probe_targets(struct nlattr *nest)
{
	char addr[INET6_ADDRSTRLEN];
	const char *sep = " probe_targets ";
	struct nlattr *a;
	int rem;

	if (json_output)
		jw_open_arr("probe_targets");
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == O2M_PROBE_A_IPV4)
			inet_ntop(AF_INET, nla_data(a), addr, sizeof(addr));
		else if (nla_type(a) == O2M_PROBE_A_IPV6)
			inet_ntop(AF_INET6, nla_data(a), addr, sizeof(addr));
		else
			continue;	/* a kind of target newer than this o2mctl */
		if (json_output) {
			jw_str(NULL, addr);
		} else {
			printf("%s%s", sep, addr);
			sep = ",";
		}
	}
	if (json_output)
		jw_close_arr();
}

/* Print one device's config and then its links (a dump of GET_LINK). */
static int config_reply(struct nl_msg *msg, void *arg)
{
	struct show_ctx *s = arg;
	struct nlattr *tb[O2M_A_MAX + 1];
	struct nlctx links;
	struct show_ctx ls = { .stats = s->stats };
	struct req req;
	const char *name;
	int32_t fo;
	int r;

	if (ctl_parse(msg, tb, O2M_A_MAX, o2m_policy) ||
	    ctl_need(tb, O2M_A_IFNAME, O2M_A_IFINDEX, O2M_A_MODE, O2M_A_DETECT, O2M_A_CARRIER,
		     O2M_A_LINK_COUNT, O2M_A_ACTIVE_COUNT) ||
	    probe_targets_ok(tb[O2M_A_PROBE_TARGETS]))
		return NL_OK;
	name = attr_str(tb, O2M_A_IFNAME);
	ls.probe = attr_u32(tb, O2M_A_DETECT) == O2M_DETECT_PROBE;
	fo = attr_s32(tb, O2M_A_FAILOVER_LINK, -1);
	s->count++;
	if (json_output) {
		jw_open_obj(NULL);
		jw_str("ifname", name);
		jw_u64("ifindex", attr_u32(tb, O2M_A_IFINDEX));
		jw_str("mode", o2m_mode_name(attr_u32(tb, O2M_A_MODE)));
		jw_str("detect", o2m_detect_name(attr_u32(tb, O2M_A_DETECT)));
		jw_bool("carrier", attr_u8(tb, O2M_A_CARRIER));
		jw_u64("link_count", attr_u32(tb, O2M_A_LINK_COUNT));
		jw_u64("active_count", attr_u32(tb, O2M_A_ACTIVE_COUNT));
		if (fo >= 0)
			jw_s64("failover_link", fo);
		else
			jw_null("failover_link");
		/* A module older than the announcements sends neither. */
		if (tb[O2M_A_NOTIFY_COUNT] && tb[O2M_A_NOTIFY_INTERVAL]) {
			jw_u64("notify_count", attr_u32(tb, O2M_A_NOTIFY_COUNT));
			jw_u64("notify_interval_ms", attr_u32(tb, O2M_A_NOTIFY_INTERVAL));
		}
		if (tb[O2M_A_UPDELAY] && tb[O2M_A_DOWNDELAY]) {
			jw_u64("updelay_ms", attr_u32(tb, O2M_A_UPDELAY));
			jw_u64("downdelay_ms", attr_u32(tb, O2M_A_DOWNDELAY));
		}
		if (tb[O2M_A_PROBE_INTERVAL] && tb[O2M_A_PROBE_MISSES]) {
			jw_u64("probe_interval_ms", attr_u32(tb, O2M_A_PROBE_INTERVAL));
			jw_u64("probe_misses", attr_u32(tb, O2M_A_PROBE_MISSES));
		}
		if (tb[O2M_A_PROBE_TARGETS])
			print_probe_targets(tb[O2M_A_PROBE_TARGETS]);
		jw_open_arr("links");
	} else {
		printf("%s: mode %s detect %s carrier %s links %u active %u failover-link ",
		       name, o2m_mode_name(attr_u32(tb, O2M_A_MODE)),
		       o2m_detect_name(attr_u32(tb, O2M_A_DETECT)),
		       attr_u8(tb, O2M_A_CARRIER) ? "up" : "down",
		       attr_u32(tb, O2M_A_LINK_COUNT), attr_u32(tb, O2M_A_ACTIVE_COUNT));
		if (fo >= 0)
			printf("%d", fo);
		else
			printf("none");
		if (tb[O2M_A_NOTIFY_COUNT] && tb[O2M_A_NOTIFY_INTERVAL])
			printf(" notify %u interval %ums", attr_u32(tb, O2M_A_NOTIFY_COUNT),
			       attr_u32(tb, O2M_A_NOTIFY_INTERVAL));
		if (tb[O2M_A_UPDELAY] && tb[O2M_A_DOWNDELAY])
			printf(" updelay %ums downdelay %ums", attr_u32(tb, O2M_A_UPDELAY),
			       attr_u32(tb, O2M_A_DOWNDELAY));
		if (tb[O2M_A_PROBE_INTERVAL] && tb[O2M_A_PROBE_MISSES])
			printf(" probe_interval %ums probe_misses %u",
			       attr_u32(tb, O2M_A_PROBE_INTERVAL), attr_u32(tb, O2M_A_PROBE_MISSES));
		if (tb[O2M_A_PROBE_TARGETS])
			print_probe_targets(tb[O2M_A_PROBE_TARGETS]);
		printf("\n");
	}

	/*
	 * The links, on a socket of their own: we are inside a dump. By
	 * ifindex: the name may have gone to another device since.
	 */
	if (ctl_open(&links, &o2m_family) == EXIT_OK) {
		req_init(&req, O2M_CMD_GET_LINK, NLM_F_DUMP);
		req_u32(&req, O2M_A_IFINDEX, attr_u32(tb, O2M_A_IFINDEX));
		r = ctl_send(&links, &req, link_reply, &ls);
		if (r && r != -EPROTO)
			ctl_err(&links, r, "links of %s", name);
		if (r)
			ctl_fail_reported();
		ctl_close(&links);
	} else {
		ctl_fail_reported();
	}
	if (json_output) {
		jw_close_arr();
		jw_close_obj();
	}
	return NL_OK;
}

/* o2mctl link show [[dev] DEV] [stats]: "dev" for a device named stats or -s */
static int link_show(int argc, char **argv)
{
	struct show_ctx s = { 0 };
	const char *dev = NULL;
	struct req r;

	for (; argc > 0; argc--, argv++) {
		if (!dev && !strcmp(argv[0], "dev")) {
			if (argc < 2)
				return usage_err("link show: \"dev\" needs a device name");
			if (check_ifname("link show", argv[1]))
				return EXIT_USAGE;
			dev = argv[1];
			argc--, argv++;
		} else if (!strcmp(argv[0], "stats") || !strcmp(argv[0], "-s")) {
			s.stats = true;
		} else if (!dev && !check_ifname("link show", argv[0])) {
			dev = argv[0];
		} else if (!dev) {
			return EXIT_USAGE;
		} else {
			return usage_err("link show %s: unexpected \"%s\"", dev, argv[0]);
		}
	}
	o2m_req(&r, O2M_CMD_GET_CONFIG, dev ? 0 : NLM_F_DUMP, dev);
	return ctl_run(&o2m_family, &r, config_reply, &s, RUN_JSON_ARRAY, "link show%s%s",
		       dev ? " " : "", dev ? dev : "");
}

#define LINK_SET_USAGE "DEV [mode rr|all|failover] [detect manual|carrier|probe] " \
		       "[enabled 0,1,..|none] [notify N] [notify_interval MS] [updelay MS] " \
		       "[downdelay MS] [probe_interval MS] [probe_misses N] " \
		       "[probe_targets ADDR,..|none]"
#define LINK_SET_KEYS "mode, detect, enabled, notify, notify_interval, updelay, downdelay, " \
		      "probe_interval, probe_misses, probe_targets"

/* The settings of "link set" that take a number, min..max as the kernel's policy. */
static const struct {
	const char *key;
	uint64_t min, max;
	int attr;
} link_set_numbers[] = {
	{ "notify", 0, 255, O2M_A_NOTIFY_COUNT },
	{ "notify_interval", 0, 60000, O2M_A_NOTIFY_INTERVAL },
	{ "updelay", 0, 60000, O2M_A_UPDELAY },
	{ "downdelay", 0, 60000, O2M_A_DOWNDELAY },
	{ "probe_interval", 10, 60000, O2M_A_PROBE_INTERVAL },
	{ "probe_misses", 2, 255, O2M_A_PROBE_MISSES },
};
#define LINK_SET_NUMBERS (sizeof(link_set_numbers) / sizeof(link_set_numbers[0]))

static int link_set_number(const char *key)
{
	unsigned int i;

	for (i = 0; i < LINK_SET_NUMBERS; i++)
		if (!strcmp(key, link_set_numbers[i].key))
			return i;
	return -1;
}

/* The probe targets, replacing the list: an empty nest for none. */
static void put_probe_targets(struct req *r, const struct o2m_target *t, int n)
{
	struct nlattr *nest = req_nest(r, O2M_A_PROBE_TARGETS);
	int i;

	for (i = 0; i < n; i++)
		req_bin(r, o2m_target_attr(&t[i]), t[i].addr, o2m_target_len(&t[i]));
	req_nest_end_keep_empty(r, nest);
}

/*
 * o2mctl link set DEV [mode M] [detect D] [enabled LIST|none]
 *	[probe_targets ADDR,..|none] [KEY NUMBER]...
 */
static int link_set(int argc, char **argv)
{
	uint64_t enabled = 0, num[LINK_SET_NUMBERS];
	bool set_num[LINK_SET_NUMBERS] = { false };
	struct o2m_target targets[O2M_PROBE_TARGETS_MAX];
	bool set_enabled = false, set_targets = false, any;
	uint32_t mode = 0, detect = 0;
	int n, ntargets = 0;
	const char *dev;
	unsigned int i;
	char what[64];
	struct req r;

	if (argc < 1)
		return usage_words(argc, argv, 1, "link set " LINK_SET_USAGE);
	dev = argv[0];
	if (check_ifname("link set", dev))
		return EXIT_USAGE;
	snprintf(what, sizeof(what), "link set %s", dev);
	for (argc--, argv++; argc > 0; argc -= 2, argv += 2) {
		if (argc < 2)
			return usage_err("%s: \"%s\" needs a value", what, argv[0]);
		if (!strcmp(argv[0], "mode")) {
			if (mode)
				return dup_err(what, argv[0]);
			if (parse_mode(what, argv[1], &mode))
				return EXIT_USAGE;
		} else if (!strcmp(argv[0], "detect")) {
			if (detect)
				return dup_err(what, argv[0]);
			if (parse_detect(what, argv[1], &detect))
				return EXIT_USAGE;
		} else if (!strcmp(argv[0], "enabled")) {
			if (set_enabled)
				return dup_err(what, argv[0]);
			if (parse_link_list(what, argv[1], &enabled))
				return EXIT_USAGE;
			set_enabled = true;
		} else if (!strcmp(argv[0], "probe_targets")) {
			if (set_targets)
				return dup_err(what, argv[0]);
			if (parse_probe_targets(what, argv[1], targets, &ntargets))
				return EXIT_USAGE;
			set_targets = true;
		} else if ((n = link_set_number(argv[0])) >= 0) {
			if (set_num[n])
				return dup_err(what, argv[0]);
			if (parse_range(what, argv[0], argv[1], link_set_numbers[n].min,
					link_set_numbers[n].max, &num[n]))
				return EXIT_USAGE;
			set_num[n] = true;
		} else {
			return usage_err("%s: unknown setting \"%s\" (" LINK_SET_KEYS ")",
					 what, argv[0]);
		}
	}
	any = mode || detect || set_enabled || set_targets;
	for (i = 0; i < LINK_SET_NUMBERS; i++)
		any |= set_num[i];
	if (!any)
		return usage_err("%s: say what to change (" LINK_SET_KEYS ")", what);
	o2m_req(&r, O2M_CMD_SET_CONFIG, 0, dev);
	if (mode)
		req_u32(&r, O2M_A_MODE, mode);
	if (detect)
		req_u32(&r, O2M_A_DETECT, detect);
	if (set_enabled)
		req_u64(&r, O2M_A_ENABLED_LINKS, enabled);
	for (i = 0; i < LINK_SET_NUMBERS; i++)
		if (set_num[i])
			req_u32(&r, link_set_numbers[i].attr, num[i]);
	if (set_targets)
		put_probe_targets(&r, targets, ntargets);
	return ctl_run(&o2m_family, &r, NULL, NULL, 0, "%s", what);
}

/* o2mctl link add DEV SLAVE [id N] */
static int link_add(int argc, char **argv)
{
	struct link_arg l = { .id = LINK_BY_NAME };
	struct show_ctx s = { 0 };
	char what[64];
	struct req r;

	/* The first word out of place is the one named. */
	if (argc > 2 && strcmp(argv[2], "id"))
		return usage_words(argc, argv, 2, "link add DEV SLAVE [id N]");
	if (argc < 2 || argc > 4)
		return usage_words(argc, argv, 4, "link add DEV SLAVE [id N]");
	if (check_ifname("link add", argv[0]) || check_ifname("link add", argv[1]))
		return EXIT_USAGE;
	l.ifname = argv[1];
	snprintf(what, sizeof(what), "link add %s %s", argv[0], argv[1]);
	if (argc > 2) {
		if (argc == 3)
			return usage_err("%s: \"id\" needs a value", what);
		if (parse_link_id(what, argv[3], false, &l.id))
			return EXIT_USAGE;
		snprintf(what, sizeof(what), "link add %s %s id %d", argv[0], argv[1], l.id);
	}
	o2m_req(&r, O2M_CMD_ADD_LINK, 0, argv[0]);
	put_link(&r, &l, -1);
	return ctl_run(&o2m_family, &r, link_reply, &s, RUN_JSON_ARRAY, "%s", what);
}

/*
 * o2mctl link del DEV SLAVE|ID, link enable|disable DEV ID|SLAVE; the link
 * also as "id ID" or "dev SLAVE". ENABLE is -1 for del.
 */
static int link_request(int argc, char **argv, const char *verb, int cmd, int enable)
{
	struct link_arg l;
	char what[64];
	struct req r;
	int n;

	if (argc < 1)
		return usage_words(argc, argv, 3, "link %s DEV ID|SLAVE|id ID|dev SLAVE", verb);
	snprintf(what, sizeof(what), "link %s %s", verb, argv[0]);
	if (check_ifname(what, argv[0]))
		return EXIT_USAGE;
	n = parse_link_arg(what, argc - 1, argv + 1, &l);
	if (n < 0)
		return EXIT_USAGE;
	if (n != argc - 1)
		return usage_err("%s: unexpected \"%s\"", what, argv[1 + n]);
	o2m_req(&r, cmd, 0, argv[0]);
	put_link(&r, &l, enable);
	return ctl_run(&o2m_family, &r, NULL, NULL, 0, "%s %s%s%s", what,
		       argc == 3 ? argv[1] : "", argc == 3 ? " " : "", argv[argc - 1]);
}

static int link_del(int argc, char **argv)
{
	return link_request(argc, argv, "del", O2M_CMD_DEL_LINK, -1);
}

static int link_enable(int argc, char **argv)
{
	return link_request(argc, argv, "enable", O2M_CMD_SET_LINK, 1);
}

static int link_disable(int argc, char **argv)
{
	return link_request(argc, argv, "disable", O2M_CMD_SET_LINK, 0);
}

static const struct cmd link_cmds[] = {
	{ "show", link_show, "[[dev] DEV] [stats]", NULL },
	{ "list", link_show, "[[dev] DEV] [stats]", "the same as show" },
	{ "set", link_set, LINK_SET_USAGE, NULL },
	{ "add", link_add, "DEV SLAVE [id N]", "enslave SLAVE as link N (default: the lowest free)" },
	{ "del", link_del, "DEV ID|SLAVE|id ID|dev SLAVE", "release a link" },
	{ "enable", link_enable, "DEV ID|SLAVE|id ID|dev SLAVE", NULL },
	{ "disable", link_disable, "DEV ID|SLAVE|id ID|dev SLAVE", NULL },
	{ NULL }
};

int cmd_link(int argc, char **argv)
{
	if (argc == 0)
		return link_show(0, NULL);
	return run_cmd(link_cmds, "link", argc, argv);
}

static int stats_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2M_A_MAX + 1], *ltb[O2M_LINK_A_MAX + 1], *stb[O2M_STATS_A_MAX + 1], *nest;
	int rem, id;

	if (ctl_parse(msg, tb, O2M_A_MAX, o2m_policy) || ctl_need(tb, O2M_A_IFNAME))
		return NL_OK;
	/* Every link nest (tb[] holds only the last), all checked first. */
	nlmsg_for_each_attr(nest, nlmsg_hdr(msg), GENL_HDRLEN, rem)
		if (nla_type(nest) == O2M_A_LINK &&
		    (ctl_parse_nested(ltb, O2M_LINK_A_MAX, nest, o2m_link_policy) ||
		     ctl_need(ltb, O2M_LINK_A_ID) || stats_ok(ltb[O2M_LINK_A_STATS], stb)))
			return NL_OK;
	if (json_output) {
		jw_open_obj(NULL);
		jw_str("ifname", attr_str(tb, O2M_A_IFNAME));
		jw_open_arr("links");
	} else {
		printf("%s:\n", attr_str(tb, O2M_A_IFNAME));
	}
	nlmsg_for_each_attr(nest, nlmsg_hdr(msg), GENL_HDRLEN, rem) {
		if (nla_type(nest) != O2M_A_LINK)
			continue;
		ctl_parse_nested(ltb, O2M_LINK_A_MAX, nest, o2m_link_policy);
		id = attr_s32(ltb, O2M_LINK_A_ID, -1);
		if (json_output) {
			jw_open_obj(NULL);
			jw_s64("id", id);
			print_stats(ltb[O2M_LINK_A_STATS], NULL);
			jw_close_obj();
		} else {
			if (id == O2M_LINK_MASTER)
				printf("  master (link -1):\n");
			else
				printf("  link %d:\n", id);
			print_stats(ltb[O2M_LINK_A_STATS], "    ");
		}
	}
	if (json_output) {
		jw_close_arr();
		jw_close_obj();
		jw_done();
	}
	return NL_OK;
}

/* o2mctl stats DEV [ID|master|all] [clear|getclear] */
int cmd_stats(int argc, char **argv)
{
	struct link_arg l = { .id = LINK_BY_NAME };
	bool have_cmd = false, have_link = false;
	int cmd = O2M_CMD_GET_STATS;
	const char *dev;
	char what[64];
	struct req r;

	if (argc < 1)
		return usage_words(argc, argv, 1, "stats DEV [ID|master|all] [clear|getclear]");
	dev = argv[0];
	if (check_ifname("stats", dev))
		return EXIT_USAGE;
	snprintf(what, sizeof(what), "stats %s", dev);
	for (argc--, argv++; argc > 0; argc--, argv++) {
		bool is_cmd = !strcmp(argv[0], "clear") || !strcmp(argv[0], "getclear");

		if (is_cmd ? have_cmd : have_link)
			return usage_err("%s: %s, once", what,
					 is_cmd ? "clear or getclear" : "one link, master or all");
		if (!strcmp(argv[0], "clear"))
			cmd = O2M_CMD_CLEAR_STATS;
		else if (!strcmp(argv[0], "getclear"))
			cmd = O2M_CMD_GETCLR_STATS;
		else if (!strcmp(argv[0], "all"))
			l.id = LINK_BY_NAME;
		else if (parse_link_id(what, argv[0], true, &l.id))
			return EXIT_USAGE;
		if (is_cmd)
			have_cmd = true;
		else
			have_link = true;
	}
	/* An error may be about the link rather than the device. */
	if (l.id == O2M_LINK_MASTER)
		snprintf(what, sizeof(what), "stats %s master", dev);
	else if (l.id >= 0)
		snprintf(what, sizeof(what), "stats %s link %d", dev, l.id);
	o2m_req(&r, cmd, 0, dev);
	if (l.id != LINK_BY_NAME)
		put_link(&r, &l, -1);
	return ctl_run(&o2m_family, &r, stats_reply, NULL, 0, "%s", what);
}
