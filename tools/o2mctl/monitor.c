// SPDX-License-Identifier: GPL-2.0
/* o2mctl monitor: print events as they happen. */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <linux/one2many.h>
#include <linux/o2m_source.h>

#include "json.h"
#include "nl.h"
#include "o2mctl.h"

static const char *const event_names[] = {
	[O2M_EVENT_LINK_ADDED] = "link-added",
	[O2M_EVENT_LINK_REMOVED] = "link-removed",
	[O2M_EVENT_LINK_ACTIVE] = "link-active",
	[O2M_EVENT_LINK_INACTIVE] = "link-inactive",
	[O2M_EVENT_CARRIER_UP] = "carrier-up",
	[O2M_EVENT_CARRIER_DOWN] = "carrier-down",
	[O2M_EVENT_FAILOVER_LINK] = "failover-link",
};

static const char *const src_event_names[] = {
	[O2MS_EVENT_STARTED] = "started",
	[O2MS_EVENT_FINISHED] = "finished",
	[O2MS_EVENT_STOPPED] = "stopped",
	[O2MS_EVENT_TARGET_LOST] = "target-lost",
	[O2MS_EVENT_TARGET_DOWN] = "target-down",
	[O2MS_EVENT_TOO_LONG] = "too-long",
};

static int src_family = -1;

static int src_event(struct nl_msg *msg)
{
	struct nlattr *tb[O2MS_A_MAX + 1], *st[O2MS_STATS_A_MAX + 1];
	uint64_t frames = 0;
	const char *name;
	uint32_t ev;

	if (ctl_parse(msg, tb, O2MS_A_MAX) || !tb[O2MS_A_EVENT] || !tb[O2MS_A_NAME])
		return NL_OK;
	ev = nla_get_u32(tb[O2MS_A_EVENT]);
	name = ev <= O2MS_EVENT_MAX && src_event_names[ev] ? src_event_names[ev] : "unknown";
	if (tb[O2MS_A_STATS] && !nla_parse_nested(st, O2MS_STATS_A_MAX, tb[O2MS_A_STATS], NULL) &&
	    st[O2MS_STATS_A_OUT_FRAMES])
		frames = nla_get_u64(st[O2MS_STATS_A_OUT_FRAMES]);
	if (json_output) {
		json_open_obj(NULL);
		json_str("family", "o2m_source");
		json_str("event", name);
		json_str("source", nla_get_string(tb[O2MS_A_NAME]));
		json_u64("out_frames", frames);
		json_close_obj();
		json_done();
	} else {
		printf("source %s: %s (%llu frames sent)\n", nla_get_string(tb[O2MS_A_NAME]), name,
		       (unsigned long long)frames);
		fflush(stdout);
	}
	return NL_OK;
}

static int o2m_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2M_A_MAX + 1], *ltb[O2M_LINK_A_MAX + 1];
	const char *dev, *name, *ifname = NULL;
	uint32_t ev;
	int32_t fo, id = -1;

	if (nlmsg_hdr(msg)->nlmsg_type == src_family)
		return src_event(msg);
	if (ctl_parse(msg, tb, O2M_A_MAX) || !tb[O2M_A_EVENT] || !tb[O2M_A_IFNAME])
		return NL_OK;
	ev = nla_get_u32(tb[O2M_A_EVENT]);
	name = ev <= O2M_EVENT_MAX && event_names[ev] ? event_names[ev] : "unknown";
	dev = nla_get_string(tb[O2M_A_IFNAME]);
	fo = tb[O2M_A_FAILOVER_LINK] ? (int32_t)nla_get_u32(tb[O2M_A_FAILOVER_LINK]) : -1;
	if (tb[O2M_A_LINK] && !nla_parse_nested(ltb, O2M_LINK_A_MAX, tb[O2M_A_LINK], NULL)) {
		id = ltb[O2M_LINK_A_ID] ? (int32_t)nla_get_u32(ltb[O2M_LINK_A_ID]) : -1;
		ifname = ltb[O2M_LINK_A_IFNAME] ? nla_get_string(ltb[O2M_LINK_A_IFNAME]) : NULL;
	}

	if (json_output) {
		json_open_obj(NULL);
		json_str("family", "one2many");
		json_str("event", name);
		json_str("ifname", dev);
		if (ifname) {
			json_s64("link", id);
			json_str("link_ifname", ifname);
		}
		if (ev == O2M_EVENT_FAILOVER_LINK) {
			if (fo >= 0)
				json_s64("failover_link", fo);
			else
				json_null("failover_link");
		}
		json_close_obj();
		json_done();
		return NL_OK;
	}
	printf("%s: %s", dev, name);
	if (ifname)
		printf(" link %d (%s)", id, ifname);
	if (ev == O2M_EVENT_FAILOVER_LINK) {
		if (fo >= 0)
			printf(" %d", fo);
		else
			printf(" none");
	}
	printf("\n");
	fflush(stdout);
	return NL_OK;
}

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

/*
 * o2mctl monitor [count N]: the events of both families, whichever modules
 * are loaded, until interrupted or N events.
 */
int cmd_monitor(int argc, char **argv)
{
	struct nlctx ctx;
	long count = -1;
	struct nl_cb *cb;
	int seen = 0, joined = 0, grp, r;
	char *end;

	if (argc == 1 && !strcmp(argv[0], "help")) {
		printf("Usage: o2mctl [-j] monitor [count N]\n"
		       "Prints one2many's and o2m_source's events as they come (N: then exits).\n");
		return EXIT_OK;
	}
	if (argc == 2 && !strcmp(argv[0], "count")) {
		errno = 0;
		count = strtol(argv[1], &end, 10);
		if (errno || *end || end == argv[1] || count < 1)
			return usage_err("monitor: count \"%s\" is not a number of events (1 or more)",
					 argv[1]);
	} else if (argc) {
		return usage_err("usage: o2mctl monitor [count N]");
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.sk = nl_socket_alloc();
	if (!ctx.sk)
		return err("monitor: cannot open a netlink socket: out of memory");
	r = genl_connect(ctx.sk);
	if (r) {
		ctl_close(&ctx);
		return err("monitor: cannot open a generic netlink socket: %s", nl_geterror(r));
	}
	nl_socket_disable_seq_check(ctx.sk);
	grp = genl_ctrl_resolve_grp(ctx.sk, ONE2MANY_GENL_NAME, ONE2MANY_GENL_MCGRP_EVENTS);
	if (grp >= 0 && !nl_socket_add_membership(ctx.sk, grp))
		joined++;
	grp = genl_ctrl_resolve_grp(ctx.sk, O2M_SOURCE_GENL_NAME, O2M_SOURCE_GENL_MCGRP_EVENTS);
	if (grp >= 0 && !nl_socket_add_membership(ctx.sk, grp)) {
		joined++;
		src_family = genl_ctrl_resolve(ctx.sk, O2M_SOURCE_GENL_NAME);
	}
	if (!joined) {
		ctl_close(&ctx);
		return err("neither one2many nor o2m_source is loaded (modprobe one2many o2m_source)");
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return err("monitor: out of memory");
	/* Events are not answers: they carry no sequence number of ours. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, o2m_event, &seen);
	/* Tell a script we are listening. */
	if (!json_output)
		fprintf(stderr, "o2mctl: monitoring events\n");
	while (count < 0 || seen < count) {
		if (nl_recvmsgs(ctx.sk, cb) < 0)
			break;
		seen++;
	}
	nl_cb_put(cb);
	ctl_close(&ctx);
	return EXIT_OK;
}
