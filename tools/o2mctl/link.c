// SPDX-License-Identifier: GPL-2.0
/* o2mctl link ... and o2mctl stats ...: the one2many family. */
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
		return usage_err("%s: unknown detection \"%s\": use manual or carrier", what, s);
	*detect = v;
	return EXIT_OK;
}

/* A link number 0..63 (or -1 when allow_master), for WHAT ("link del DEV"). */
static int parse_link_id(const char *what, const char *s, bool allow_master, int *id)
{
	char *end;
	long v;

	if (allow_master && (!strcmp(s, "master") || !strcmp(s, "-1"))) {
		*id = O2M_LINK_MASTER;
		return EXIT_OK;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v >= O2M_MAX_LINKS)
		return usage_err("%s: \"%s\" is not a link number (0..63%s)", what, s,
				 allow_master ? ", or master" : "");
	*id = (int)v;
	return EXIT_OK;
}

static int open_o2m(struct nlctx *ctx)
{
	return ctl_open(ctx, ONE2MANY_GENL_NAME, "one2many");
}

static struct nl_msg *o2m_msg(struct nlctx *ctx, int cmd, int flags, const char *dev)
{
	struct nl_msg *msg = ctl_new(ctx, cmd, flags);

	if (msg && dev && nla_put_string(msg, O2M_A_IFNAME, dev) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* O2M_A_LINK naming a link by number (id >= -1) or by device name. */
static int put_link(struct nl_msg *msg, int id, const char *ifname)
{
	struct nlattr *nest = nla_nest_start(msg, O2M_A_LINK);

	if (!nest)
		return -1;
	if (id >= O2M_LINK_MASTER && nla_put_s32(msg, O2M_LINK_A_ID, id) < 0)
		return -1;
	if (ifname && nla_put_string(msg, O2M_LINK_A_IFNAME, ifname) < 0)
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

/* A link named on the command line: a number, or a device name. */
static int put_link_arg(const char *what, struct nl_msg *msg, const char *arg)
{
	int id;

	if (arg[0] >= '0' && arg[0] <= '9') {
		if (parse_link_id(what, arg, false, &id))
			return -2;
		return put_link(msg, id, NULL);
	}
	return put_link(msg, -2, arg);
}

static const char *const stat_names[] = {
	[O2M_STATS_A_RECV_OCTETS] = "recv_octets",
	[O2M_STATS_A_RECV_PACKETS] = "recv_packets",
	[O2M_STATS_A_XMIT_OCTETS] = "xmit_octets",
	[O2M_STATS_A_XMIT_PACKETS] = "xmit_packets",
	[O2M_STATS_A_MEMORY_FAILURES] = "memory_failures",
	[O2M_STATS_A_DROPS] = "drops",
};

static uint64_t get_u64(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static void print_stats(struct nlattr *nest, const char *indent)
{
	struct nlattr *tb[O2M_STATS_A_MAX + 1];
	int a;

	if (!nest || nla_parse_nested(tb, O2M_STATS_A_MAX, nest, NULL))
		return;
	if (json_output) {
		json_open_obj("stats");
		for (a = O2M_STATS_A_RECV_OCTETS; a <= O2M_STATS_A_DROPS; a++)
			json_u64(stat_names[a], get_u64(tb, a));
		json_close_obj();
		return;
	}
	printf("%srecv: %" PRIu64 " packets %" PRIu64 " octets\n", indent,
	       get_u64(tb, O2M_STATS_A_RECV_PACKETS), get_u64(tb, O2M_STATS_A_RECV_OCTETS));
	printf("%sxmit: %" PRIu64 " packets %" PRIu64 " octets\n", indent,
	       get_u64(tb, O2M_STATS_A_XMIT_PACKETS), get_u64(tb, O2M_STATS_A_XMIT_OCTETS));
	printf("%smemory failures: %" PRIu64 "  drops: %" PRIu64 "\n", indent,
	       get_u64(tb, O2M_STATS_A_MEMORY_FAILURES), get_u64(tb, O2M_STATS_A_DROPS));
}

static const char *yesno(struct nlattr **tb, int a, const char *yes, const char *no)
{
	return tb[a] && nla_get_u8(tb[a]) ? yes : no;
}

/* One link nest, as "link show" and "link add" print it. */
static void print_link(struct nlattr *nest, bool with_stats)
{
	struct nlattr *tb[O2M_LINK_A_MAX + 1];

	if (nla_parse_nested(tb, O2M_LINK_A_MAX, nest, NULL))
		return;
	if (json_output) {
		json_open_obj(NULL);
		json_s64("id", tb[O2M_LINK_A_ID] ? (int32_t)nla_get_u32(tb[O2M_LINK_A_ID]) : -1);
		if (tb[O2M_LINK_A_IFNAME])
			json_str("ifname", nla_get_string(tb[O2M_LINK_A_IFNAME]));
		if (tb[O2M_LINK_A_IFINDEX])
			json_u64("ifindex", nla_get_u32(tb[O2M_LINK_A_IFINDEX]));
		if (tb[O2M_LINK_A_ENABLED])
			json_bool("enabled", nla_get_u8(tb[O2M_LINK_A_ENABLED]));
		if (tb[O2M_LINK_A_CARRIER])
			json_bool("carrier", nla_get_u8(tb[O2M_LINK_A_CARRIER]));
		if (tb[O2M_LINK_A_ACTIVE])
			json_bool("active", nla_get_u8(tb[O2M_LINK_A_ACTIVE]));
		if (with_stats)
			print_stats(tb[O2M_LINK_A_STATS], NULL);
		json_close_obj();
		return;
	}
	printf("    link %d: %s %s %s %s\n",
	       tb[O2M_LINK_A_ID] ? (int32_t)nla_get_u32(tb[O2M_LINK_A_ID]) : -1,
	       tb[O2M_LINK_A_IFNAME] ? nla_get_string(tb[O2M_LINK_A_IFNAME]) : "?",
	       yesno(tb, O2M_LINK_A_ENABLED, "enabled", "disabled"),
	       yesno(tb, O2M_LINK_A_CARRIER, "carrier", "no-carrier"),
	       yesno(tb, O2M_LINK_A_ACTIVE, "active", "inactive"));
	if (with_stats)
		print_stats(tb[O2M_LINK_A_STATS], "        ");
}

struct show_ctx {
	struct nlctx *ctx;
	bool stats;
	int count;
};

static int link_reply(struct nl_msg *msg, void *arg)
{
	struct show_ctx *s = arg;
	struct nlattr *tb[O2M_A_MAX + 1];

	if (ctl_parse(msg, tb, O2M_A_MAX) || !tb[O2M_A_LINK])
		return NL_OK;
	print_link(tb[O2M_A_LINK], s->stats);
	s->count++;
	return NL_OK;
}

/* Print one device's config and then its links (a dump of GET_LINK). */
static int config_reply(struct nl_msg *msg, void *arg)
{
	struct show_ctx *s = arg;
	struct nlattr *tb[O2M_A_MAX + 1];
	struct nlctx links;
	struct show_ctx ls = { .stats = s->stats };
	struct nl_msg *req;
	const char *name;
	int32_t fo;
	int r;

	if (ctl_parse(msg, tb, O2M_A_MAX) || !tb[O2M_A_IFNAME])
		return NL_OK;
	name = nla_get_string(tb[O2M_A_IFNAME]);
	fo = tb[O2M_A_FAILOVER_LINK] ? (int32_t)nla_get_u32(tb[O2M_A_FAILOVER_LINK]) : -1;
	s->count++;
	if (json_output) {
		json_open_obj(NULL);
		json_str("ifname", name);
		json_u64("ifindex", nla_get_u32(tb[O2M_A_IFINDEX]));
		json_str("mode", o2m_mode_name(nla_get_u32(tb[O2M_A_MODE])));
		json_str("detect", o2m_detect_name(nla_get_u32(tb[O2M_A_DETECT])));
		json_bool("carrier", nla_get_u8(tb[O2M_A_CARRIER]));
		json_u64("link_count", nla_get_u32(tb[O2M_A_LINK_COUNT]));
		json_u64("active_count", nla_get_u32(tb[O2M_A_ACTIVE_COUNT]));
		if (fo >= 0)
			json_s64("failover_link", fo);
		else
			json_null("failover_link");
		json_open_arr("links");
	} else {
		printf("%s: mode %s detect %s carrier %s links %u active %u failover-link ",
		       name, o2m_mode_name(nla_get_u32(tb[O2M_A_MODE])),
		       o2m_detect_name(nla_get_u32(tb[O2M_A_DETECT])),
		       nla_get_u8(tb[O2M_A_CARRIER]) ? "up" : "down",
		       nla_get_u32(tb[O2M_A_LINK_COUNT]), nla_get_u32(tb[O2M_A_ACTIVE_COUNT]));
		if (fo >= 0)
			printf("%d\n", fo);
		else
			printf("none\n");
	}

	/* The links, on a socket of their own: we are inside a dump. */
	if (open_o2m(&links) == EXIT_OK) {
		req = o2m_msg(&links, O2M_CMD_GET_LINK, NLM_F_DUMP, name);
		if (req) {
			r = ctl_talk(&links, req, link_reply, &ls);
			if (r)
				ctl_err(&links, r, "links of %s", name);
		}
		ctl_close(&links);
	}
	if (json_output) {
		json_close_arr();
		json_close_obj();
	}
	return NL_OK;
}

/* o2mctl link show [DEV] [stats] */
static int link_show(int argc, char **argv)
{
	struct nlctx ctx;
	struct show_ctx s = { .ctx = &ctx };
	const char *dev = NULL;
	struct nl_msg *msg;
	int r;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "stats") || !strcmp(argv[0], "-s"))
			s.stats = true;
		else if (!dev)
			dev = argv[0];
		else
			return usage_err("link show %s: unexpected \"%s\"", dev, argv[0]);
	}
	if (open_o2m(&ctx))
		return EXIT_ERR;
	msg = o2m_msg(&ctx, O2M_CMD_GET_CONFIG, dev ? 0 : NLM_F_DUMP, dev);
	if (!msg)
		return err("link show: out of memory");
	if (json_output)
		json_open_arr(NULL);
	r = ctl_talk(&ctx, msg, config_reply, &s);
	if (json_output) {
		json_close_arr();
		json_done();
	}
	if (r)
		return ctl_err(&ctx, r, "link show%s%s", dev ? " " : "", dev ? dev : "");
	ctl_close(&ctx);
	return EXIT_OK;
}

/* "0,1,5" or "none": the enabled-links bitmap. */
static int parse_links(const char *what, const char *s, uint64_t *mask)
{
	char *copy, *tok, *save = NULL;
	int id, r = EXIT_OK;

	*mask = 0;
	if (!strcmp(s, "none"))
		return EXIT_OK;
	copy = strdup(s);
	if (!copy)
		return err("%s: out of memory", what);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (parse_link_id(what, tok, false, &id)) {
			r = EXIT_USAGE;
			break;
		}
		*mask |= 1ULL << id;
	}
	free(copy);
	return r;
}

/* o2mctl link set DEV [mode M] [detect D] [enabled LIST|none] */
static int link_set(int argc, char **argv)
{
	uint32_t mode = 0, detect = 0;
	bool set_enabled = false;
	uint64_t enabled = 0;
	struct nlctx ctx;
	struct nl_msg *msg;
	const char *dev;
	char what[64];
	int r;

	if (argc < 1)
		return usage_err("usage: o2mctl link set DEV [mode rr|all|failover] [detect manual|carrier] [enabled 0,1,..|none]");
	dev = argv[0];
	snprintf(what, sizeof(what), "link set %s", dev);
	for (argc--, argv++; argc > 0; argc -= 2, argv += 2) {
		if (argc < 2)
			return usage_err("%s: \"%s\" needs a value", what, argv[0]);
		if (!strcmp(argv[0], "mode")) {
			if (parse_mode(what, argv[1], &mode))
				return EXIT_USAGE;
		} else if (!strcmp(argv[0], "detect")) {
			if (parse_detect(what, argv[1], &detect))
				return EXIT_USAGE;
		} else if (!strcmp(argv[0], "enabled")) {
			if (parse_links(what, argv[1], &enabled))
				return EXIT_USAGE;
			set_enabled = true;
		} else {
			return usage_err("%s: unknown setting \"%s\" (mode, detect, enabled)",
					 what, argv[0]);
		}
	}
	if (!mode && !detect && !set_enabled)
		return usage_err("link set %s: say what to change (mode, detect, enabled)", dev);
	if (open_o2m(&ctx))
		return EXIT_ERR;
	msg = o2m_msg(&ctx, O2M_CMD_SET_CONFIG, 0, dev);
	if (!msg || (mode && nla_put_u32(msg, O2M_A_MODE, mode) < 0) ||
	    (detect && nla_put_u32(msg, O2M_A_DETECT, detect) < 0) ||
	    (set_enabled && nla_put_u64(msg, O2M_A_ENABLED_LINKS, enabled) < 0))
		return err("%s: out of memory", what);
	r = ctl_talk(&ctx, msg, NULL, NULL);
	if (r)
		return ctl_err(&ctx, r, "link set %s", dev);
	ctl_close(&ctx);
	return EXIT_OK;
}

/* o2mctl link add DEV SLAVE [id N] */
static int link_add(int argc, char **argv)
{
	struct nlctx ctx;
	struct show_ctx s = { .ctx = &ctx };
	struct nl_msg *msg;
	int id = -2, r;
	char what[64];

	if (argc != 2 && argc != 4)
		return usage_err("usage: o2mctl link add DEV SLAVE [id N]");
	snprintf(what, sizeof(what), "link add %s %s", argv[0], argv[1]);
	if (argc == 4) {
		if (strcmp(argv[2], "id"))
			return usage_err("%s: unexpected \"%s\" (id N)", what, argv[2]);
		if (parse_link_id(what, argv[3], false, &id))
			return EXIT_USAGE;
		snprintf(what, sizeof(what), "link add %s %s id %d", argv[0], argv[1], id);
	}
	if (open_o2m(&ctx))
		return EXIT_ERR;
	msg = o2m_msg(&ctx, O2M_CMD_ADD_LINK, 0, argv[0]);
	if (!msg || put_link(msg, id, argv[1]))
		return err("%s: out of memory", what);
	if (json_output)
		json_open_arr(NULL);
	r = ctl_talk(&ctx, msg, link_reply, &s);
	if (json_output) {
		json_close_arr();
		json_done();
	}
	if (r)
		return ctl_err(&ctx, r, "%s", what);
	ctl_close(&ctx);
	return EXIT_OK;
}

/* o2mctl link del DEV SLAVE|ID */
static int link_del(int argc, char **argv)
{
	struct nlctx ctx;
	struct nl_msg *msg;
	char what[64];
	int r;

	if (argc != 2)
		return usage_err("usage: o2mctl link del DEV SLAVE|ID");
	snprintf(what, sizeof(what), "link del %s", argv[0]);
	if (open_o2m(&ctx))
		return EXIT_ERR;
	msg = o2m_msg(&ctx, O2M_CMD_DEL_LINK, 0, argv[0]);
	if (!msg)
		return err("%s: out of memory", what);
	r = put_link_arg(what, msg, argv[1]);
	if (r == -2)
		return EXIT_USAGE;
	if (r)
		return err("%s: out of memory", what);
	r = ctl_talk(&ctx, msg, NULL, NULL);
	if (r)
		return ctl_err(&ctx, r, "%s %s", what, argv[1]);
	ctl_close(&ctx);
	return EXIT_OK;
}

static int link_enable_disable(int argc, char **argv, bool enable)
{
	const char *what = enable ? "enable" : "disable";
	struct nlattr *nest;
	struct nlctx ctx;
	struct nl_msg *msg;
	char ctx_what[64];
	int id, r;

	if (argc != 2)
		return usage_err("usage: o2mctl link %s DEV ID|SLAVE", what);
	snprintf(ctx_what, sizeof(ctx_what), "link %s %s", what, argv[0]);
	if (argv[1][0] >= '0' && argv[1][0] <= '9' &&
	    parse_link_id(ctx_what, argv[1], false, &id))
		return EXIT_USAGE;
	if (open_o2m(&ctx))
		return EXIT_ERR;
	msg = o2m_msg(&ctx, O2M_CMD_SET_LINK, 0, argv[0]);
	if (!msg)
		return err("%s: out of memory", ctx_what);
	nest = nla_nest_start(msg, O2M_A_LINK);
	if (argv[1][0] >= '0' && argv[1][0] <= '9')
		nla_put_s32(msg, O2M_LINK_A_ID, id);
	else
		nla_put_string(msg, O2M_LINK_A_IFNAME, argv[1]);
	nla_put_u8(msg, O2M_LINK_A_ENABLED, enable);
	nla_nest_end(msg, nest);
	r = ctl_talk(&ctx, msg, NULL, NULL);
	if (r)
		return ctl_err(&ctx, r, "%s %s", ctx_what, argv[1]);
	ctl_close(&ctx);
	return EXIT_OK;
}

static int link_enable(int argc, char **argv)
{
	return link_enable_disable(argc, argv, true);
}

static int link_disable(int argc, char **argv)
{
	return link_enable_disable(argc, argv, false);
}

static const struct cmd link_cmds[] = {
	{ "show", link_show, "show [DEV] [stats]" },
	{ "list", link_show, "list [DEV] [stats]        (the same as show)" },
	{ "set", link_set, "set DEV [mode rr|all|failover] [detect manual|carrier] [enabled 0,1,..|none]" },
	{ "add", link_add, "add DEV SLAVE [id N]      enslave SLAVE as link N (default: lowest free)" },
	{ "del", link_del, "del DEV SLAVE|ID          release a link" },
	{ "enable", link_enable, "enable DEV ID|SLAVE" },
	{ "disable", link_disable, "disable DEV ID|SLAVE" },
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
	struct nlattr *tb[O2M_A_MAX + 1], *ltb[O2M_LINK_A_MAX + 1], *nest;
	int rem, id;

	if (ctl_parse(msg, tb, O2M_A_MAX))
		return NL_OK;
	if (json_output) {
		json_open_obj(NULL);
		json_str("ifname", nla_get_string(tb[O2M_A_IFNAME]));
		json_open_arr("links");
	} else {
		printf("%s:\n", nla_get_string(tb[O2M_A_IFNAME]));
	}
	nlmsg_for_each_attr(nest, nlmsg_hdr(msg), GENL_HDRLEN, rem) {
		if (nla_type(nest) != O2M_A_LINK ||
		    nla_parse_nested(ltb, O2M_LINK_A_MAX, nest, NULL))
			continue;
		id = (int32_t)nla_get_u32(ltb[O2M_LINK_A_ID]);
		if (json_output) {
			json_open_obj(NULL);
			json_s64("id", id);
			print_stats(ltb[O2M_LINK_A_STATS], NULL);
			json_close_obj();
		} else {
			if (id == O2M_LINK_MASTER)
				printf("  master (link -1):\n");
			else
				printf("  link %d:\n", id);
			print_stats(ltb[O2M_LINK_A_STATS], "    ");
		}
	}
	if (json_output) {
		json_close_arr();
		json_close_obj();
		json_done();
	}
	return NL_OK;
}

/* o2mctl stats DEV [ID|master|all] [clear|getclear] */
int cmd_stats(int argc, char **argv)
{
	int cmd = O2M_CMD_GET_STATS, id = -2, r;
	struct nlctx ctx;
	struct nl_msg *msg;
	const char *dev;
	char what[64];

	if (argc < 1 || matches(argv[0], "help")) {
		printf("Usage: o2mctl [-j] stats DEV [ID|master|all] [clear|getclear]\n"
		       "  ID is a link number 0..63; master (or -1) is the master side.\n"
		       "  clear clears the counters; getclear prints and clears them in one step.\n");
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	dev = argv[0];
	snprintf(what, sizeof(what), "stats %s", dev);
	for (argc--, argv++; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "clear"))
			cmd = O2M_CMD_CLEAR_STATS;
		else if (!strcmp(argv[0], "getclear"))
			cmd = O2M_CMD_GETCLR_STATS;
		else if (!strcmp(argv[0], "all"))
			id = -2;
		else if (parse_link_id(what, argv[0], true, &id))
			return EXIT_USAGE;
	}
	/* An error may be about the link rather than the device. */
	if (id == O2M_LINK_MASTER)
		snprintf(what, sizeof(what), "stats %s master", dev);
	else if (id >= 0)
		snprintf(what, sizeof(what), "stats %s link %d", dev, id);
	if (open_o2m(&ctx))
		return EXIT_ERR;
	msg = o2m_msg(&ctx, cmd, 0, dev);
	if (!msg || (id >= O2M_LINK_MASTER && put_link(msg, id, NULL)))
		return err("%s: out of memory", what);
	r = ctl_talk(&ctx, msg, stats_reply, NULL);
	if (r)
		return ctl_err(&ctx, r, "%s", what);
	ctl_close(&ctx);
	return EXIT_OK;
}
