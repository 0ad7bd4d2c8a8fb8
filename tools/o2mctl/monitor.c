// SPDX-License-Identifier: GPL-2.0
/* o2mctl monitor: print events as they happen. */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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
	[O2M_EVENT_LINK_PENDING] = "link-pending",
};

static const char *const src_event_names[] = {
	[O2MS_EVENT_STARTED] = "started",
	[O2MS_EVENT_FINISHED] = "finished",
	[O2MS_EVENT_STOPPED] = "stopped",
	[O2MS_EVENT_TARGET_LOST] = "target-lost",
	[O2MS_EVENT_TARGET_DOWN] = "target-down",
	[O2MS_EVENT_TOO_LONG] = "too-long",
};

static int src_family_id = -1;
/* monitor count N: stop after N events printed (0: never). */
static uint64_t want_events;

/* One more event printed: NL_STOP once there are enough. */
static int counted(uint64_t *seen)
{
	if (!seen)
		return NL_OK;
	(*seen)++;
	return want_events && *seen >= want_events ? NL_STOP : NL_OK;
}

/* An event's name, or its number for one this o2mctl does not know. */
static const char *event_name(const char *const *names, uint32_t max, uint32_t ev, char *buf,
			      size_t len)
{
	if (ev <= max && names[ev])
		return names[ev];
	snprintf(buf, len, "%u", ev);
	return buf;
}

/*
 * With -t, when the event was read: "[2026-11-30T15:04:05.123456Z] " before
 * a line, or a "time" of that form in JSON.
 */
static void print_time(void)
{
	char buf[40], frac[16];
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf) - sizeof(frac), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(frac, sizeof(frac), ".%06dZ", (int)(ts.tv_nsec / 1000));
	strcat(buf, frac);
	if (json_output)
		jw_str("time", buf);
	else
		printf("[%s] ", buf);
}

/* Print an o2m_source event: 0, or -1 if it was a bad one. */
static int src_event(struct nl_msg *msg)
{
	struct nlattr *tb[O2MS_A_MAX + 1], *st[O2MS_STATS_A_MAX + 1];
	uint64_t frames = 0;
	const char *name;
	char num[16];
	uint32_t ev;

	if (ctl_parse(msg, tb, O2MS_A_MAX, src_policy) || ctl_need(tb, O2MS_A_EVENT, O2MS_A_NAME) ||
	    ctl_parse_nested(st, O2MS_STATS_A_MAX, tb[O2MS_A_STATS], src_stats_policy) ||
	    (tb[O2MS_A_STATS] &&
	     ctl_need(st, O2MS_STATS_A_OUT_OCTETS, O2MS_STATS_A_OUT_FRAMES, O2MS_STATS_A_QUEUE_OCTETS,
		      O2MS_STATS_A_QUEUE_FRAMES, O2MS_STATS_A_START_TIME, O2MS_STATS_A_END_TIME,
		      O2MS_STATS_A_ELAPSED_TIME, O2MS_STATS_A_DROPS, O2MS_STATS_A_SKIPPED,
		      O2MS_STATS_A_MEMORY_FAILURES, O2MS_STATS_A_MISSED)))
		return -1;
	ev = attr_u32(tb, O2MS_A_EVENT);
	name = event_name(src_event_names, O2MS_EVENT_MAX, ev, num, sizeof(num));
	frames = attr_u64(st, O2MS_STATS_A_OUT_FRAMES);
	if (json_output) {
		jw_open_obj(NULL);
		if (timestamp_output)
			print_time();
		jw_str("family", "o2m_source");
		jw_str("event", name);
		jw_str("name", attr_str(tb, O2MS_A_NAME));
		print_src_stats(tb[O2MS_A_STATS]);
		jw_close_obj();
		jw_done();
	} else {
		if (timestamp_output)
			print_time();
		printf("source %s: %s (%llu frames sent)\n", attr_str(tb, O2MS_A_NAME), name,
		       (unsigned long long)frames);
		fflush(stdout);
	}
	return 0;
}

static int o2m_event(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2M_A_MAX + 1], *ltb[O2M_LINK_A_MAX + 1];
	const char *dev, *name, *ifname = NULL;
	uint64_t *seen = arg;
	int32_t fo, id = -1;
	char num[16];
	uint32_t ev;

	if (nlmsg_hdr(msg)->nlmsg_type == src_family_id)
		return src_event(msg) ? NL_OK : counted(seen);
	if (ctl_parse(msg, tb, O2M_A_MAX, o2m_policy) || ctl_need(tb, O2M_A_EVENT, O2M_A_IFNAME) ||
	    ctl_parse_nested(ltb, O2M_LINK_A_MAX, tb[O2M_A_LINK], o2m_link_policy) ||
	    (tb[O2M_A_LINK] && ctl_need(ltb, O2M_LINK_A_ID, O2M_LINK_A_IFNAME)))
		return NL_OK;
	ev = attr_u32(tb, O2M_A_EVENT);
	name = event_name(event_names, O2M_EVENT_MAX, ev, num, sizeof(num));
	dev = attr_str(tb, O2M_A_IFNAME);
	fo = attr_s32(tb, O2M_A_FAILOVER_LINK, -1);
	if (ltb[O2M_LINK_A_IFNAME]) {
		id = attr_s32(ltb, O2M_LINK_A_ID, -1);
		ifname = attr_str(ltb, O2M_LINK_A_IFNAME);
	}

	if (json_output) {
		jw_open_obj(NULL);
		if (timestamp_output)
			print_time();
		jw_str("family", "one2many");
		jw_str("event", name);
		jw_str("ifname", dev);
		if (ifname) {
			jw_open_obj("link");
			jw_s64("id", id);
			jw_str("ifname", ifname);
			if (ltb[O2M_LINK_A_PENDING])
				jw_str("pending", o2m_pending_name(attr_u8(ltb, O2M_LINK_A_PENDING)));
			if (ltb[O2M_LINK_A_PATH])
				jw_bool("path", attr_u8(ltb, O2M_LINK_A_PATH));
			jw_close_obj();
		}
		if (ev == O2M_EVENT_FAILOVER_LINK) {
			if (fo >= 0)
				jw_s64("failover_link", fo);
			else
				jw_null("failover_link");
		}
		jw_close_obj();
		jw_done();
		return counted(seen);
	}
	if (timestamp_output)
		print_time();
	printf("%s: %s", dev, name);
	if (ifname)
		printf(" link %d (%s)", id, ifname);
	if (ev == O2M_EVENT_LINK_PENDING && ltb[O2M_LINK_A_PENDING])
		printf(" %s", o2m_pending_name(attr_u8(ltb, O2M_LINK_A_PENDING)));
	if (ev == O2M_EVENT_FAILOVER_LINK) {
		if (fo >= 0)
			printf(" %d", fo);
		else
			printf(" none");
	}
	printf("\n");
	fflush(stdout);
	return counted(seen);
}

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

/*
 * o2mctl monitor [count N]: the events of both families, whichever modules
 * are loaded, until interrupted or N events. Once it listens it says so on
 * stderr, for scripts to wait on. Events lost to a full socket buffer end
 * it with an error: what it printed is no longer the whole story.
 */
int cmd_monitor(int argc, char **argv)
{
	uint64_t count = 0, seen = 0;
	char families[64] = "";
	int grp, r = 0, ret, e;
	struct nlctx ctx;
	struct nl_cb *cb;

	if (argc == 2 && !strcmp(argv[0], "count")) {
		if (parse_u64("monitor", "count", argv[1], UINT64_MAX, &count))
			return EXIT_USAGE;
		if (!count)
			return usage_err("monitor: count is a number of events, 1 or more");
		want_events = count;
	} else if (argc == 1 && !strcmp(argv[0], "count")) {
		return usage_err("monitor: \"count\" needs a value");
	} else if (argc) {
		return usage_words(argc, argv, strcmp(argv[0], "count") ? 0 : 2,
				   "monitor [count N]");
	}
	if (netns_enter())
		return EXIT_ERR;
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
	/* Room for bursts (libnl's default is 32 KiB; the kernel caps it). */
	nl_socket_set_buffer_size(ctx.sk, 1 << 20, 0);
	grp = genl_ctrl_resolve_grp(ctx.sk, ONE2MANY_GENL_NAME, ONE2MANY_GENL_MCGRP_EVENTS);
	if (grp >= 0 && !nl_socket_add_membership(ctx.sk, grp))
		strcat(families, ONE2MANY_GENL_NAME);
	grp = genl_ctrl_resolve_grp(ctx.sk, O2M_SOURCE_GENL_NAME, O2M_SOURCE_GENL_MCGRP_EVENTS);
	if (grp >= 0 && !nl_socket_add_membership(ctx.sk, grp)) {
		strcat(families, *families ? ", " O2M_SOURCE_GENL_NAME : O2M_SOURCE_GENL_NAME);
		src_family_id = genl_ctrl_resolve(ctx.sk, O2M_SOURCE_GENL_NAME);
	}
	if (!*families) {
		ctl_close(&ctx);
		return err("neither one2many nor o2m_source is loaded (modprobe one2many o2m_source)");
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		ctl_close(&ctx);
		return err("monitor: out of memory");
	}
	/* Events are not answers: they carry no sequence number of ours. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, o2m_event, &seen);
	/* Tell a script we are listening. */
	fprintf(stderr, "o2mctl: monitoring events of %s\n", families);
	while (!count || seen < count) {
		r = nl_recvmsgs(ctx.sk, cb);
		if (r < 0)
			break;
	}
	e = errno;
	fflush(stdout);
	ret = EXIT_OK;
	/* libnl says NOMEM for a recvmsg() that failed with ENOBUFS. */
	if (r == -NLE_NOMEM && e == ENOBUFS)
		ret = err("monitor: events were lost: the socket's receive buffer overflowed (o2mctl fell behind)");
	else if (r < 0)
		ret = err("monitor: %s", nl_geterror(r));
	else if (bad_events())
		ret = EXIT_ERR;	/* said when it came */
	nl_cb_put(cb);
	ctl_close(&ctx);
	return ret;
}
