// SPDX-License-Identifier: GPL-2.0
/* o2mctl monitor: print events as they happen. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <linux/one2many.h>

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

static int o2m_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2M_A_MAX + 1], *ltb[O2M_LINK_A_MAX + 1];
	const char *dev, *name, *ifname = NULL;
	uint32_t ev;
	int32_t fo, id = -1;

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

/* o2mctl monitor [count N]: until interrupted, or N events. */
int cmd_monitor(int argc, char **argv)
{
	struct nlctx ctx;
	long count = -1;
	struct nl_cb *cb;
	int seen = 0;

	if (argc == 2 && !strcmp(argv[0], "count"))
		count = strtol(argv[1], NULL, 10);
	else if (argc)
		return usage_err("usage: o2mctl monitor [count N]");
	if (ctl_open(&ctx, ONE2MANY_GENL_NAME, "one2many"))
		return EXIT_ERR;
	if (ctl_join(&ctx, ONE2MANY_GENL_MCGRP_EVENTS) < 0)
		return err("cannot join the one2many events group");
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return err("out of memory");
	/* Events are not answers: they carry no sequence number of ours. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, o2m_event, &seen);
	/* Tell a script we are listening. */
	if (!json_output)
		fprintf(stderr, "o2mctl: monitoring one2many events\n");
	while (count < 0 || seen < count) {
		if (nl_recvmsgs(ctx.sk, cb) < 0)
			break;
		seen++;
	}
	nl_cb_put(cb);
	ctl_close(&ctx);
	return EXIT_OK;
}
