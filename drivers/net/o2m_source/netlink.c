// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "o2m_source". include/uapi/linux/o2m_source.h
 * documents the protocol. Every command runs under RTNL, which guards the
 * list of sources and their targets.
 */
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "o2m_source.h"

static struct genl_family o2ms_genl_family;

static const struct nla_policy o2ms_ts_policy[O2MS_TS_A_MAX + 1] = {
	[O2MS_TS_A_OFFSET]	= { .type = NLA_U32 },
	[O2MS_TS_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, O2MS_EMBED_ENABLE),
	[O2MS_TS_A_FORMAT]	= NLA_POLICY_MAX(NLA_U32, O2MS_TS_MAX),
};

static const struct nla_policy o2ms_ctr_policy[O2MS_CTR_A_MAX + 1] = {
	[O2MS_CTR_A_INDEX]	= { .type = NLA_U8 },
	[O2MS_CTR_A_OFFSET]	= { .type = NLA_U32 },
	[O2MS_CTR_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, O2MS_EMBED_ENABLE | O2MS_COUNTER_PER_PASS),
	[O2MS_CTR_A_WIDTH]	= { .type = NLA_U8 },
	[O2MS_CTR_A_NEXT_VAL]	= { .type = NLA_U32 },
	[O2MS_CTR_A_MIN_VAL]	= { .type = NLA_U32 },
	[O2MS_CTR_A_MAX_VAL]	= { .type = NLA_U32 },
	[O2MS_CTR_A_INCREMENT]	= { .type = NLA_S32 },
};

/*
 * The top of a replay's speed (the bottom, past 0, is checked by hand). Not
 * const: 6.1's policy takes a pointer to a mutable one.
 */
static struct netlink_range_validation o2ms_speed_range = {
	.max = O2MS_SPEED_MAX,
};

static const struct nla_policy o2ms_policy[O2MS_A_MAX + 1] = {
	[O2MS_A_NAME]		= { .type = NLA_NUL_STRING, .len = O2MS_NAME_MAX - 1 },
	[O2MS_A_IFINDEX]	= { .type = NLA_U32 },
	[O2MS_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[O2MS_A_PPS]		= { .type = NLA_U32 },
	[O2MS_A_SPEED]		= NLA_POLICY_FULL_RANGE(NLA_U32, &o2ms_speed_range),
	[O2MS_A_QUEUE_LIMIT]	= NLA_POLICY_MIN(NLA_U32, O2MS_FRAME_MIN),
	[O2MS_A_COUNT]		= { .type = NLA_U64 },
	[O2MS_A_RUNNING]	= { .type = NLA_REJECT, .reject_message = "the running state is read only: use start and stop" },
	[O2MS_A_STATS]		= { .type = NLA_REJECT, .reject_message = "statistics are read only" },
	[O2MS_A_EVENT]		= { .type = NLA_REJECT, .reject_message = "events are sent, not received" },
	[O2MS_A_TIMESTAMP]	= NLA_POLICY_NESTED(o2ms_ts_policy),
	[O2MS_A_CSUM_FIXUP]	= NLA_POLICY_MAX(NLA_U8, 1),
	[O2MS_A_COUNTER]	= NLA_POLICY_NESTED(o2ms_ctr_policy),
	[O2MS_A_ETHERTYPE]	= { .type = NLA_U16 },
	[O2MS_A_SINK_STATS]	= { .type = NLA_REJECT, .reject_message = "statistics are read only" },
};

/*
 * The family has one policy for all its commands: a sink command refuses
 * what it does not take (@allowed, a mask of 1 << O2MS_A_*), and a
 * source's what only a sink takes.
 */
static int o2ms_nl_only_attrs(struct nlattr **attrs, struct netlink_ext_ack *extack,
			      u64 allowed)
{
	int type;

	BUILD_BUG_ON(O2MS_A_MAX >= 64);
	for (type = 1; type <= O2MS_A_MAX; type++) {
		if (!attrs[type] || (allowed & BIT_ULL(type)))
			continue;
		NL_SET_ERR_MSG_ATTR(extack, attrs[type], "this command does not take that attribute");
		return -EINVAL;
	}
	return 0;
}

static int o2ms_nl_only(struct genl_info *info, u64 allowed)
{
	return o2ms_nl_only_attrs(info->attrs, info->extack, allowed);
}

#define O2MS_SOURCE_ATTRS	(GENMASK_ULL(O2MS_A_MAX, 1) & ~BIT_ULL(O2MS_A_ETHERTYPE))
#define O2MS_SINK_ADD_ATTRS	(BIT_ULL(O2MS_A_NAME) | BIT_ULL(O2MS_A_IFINDEX) | \
				 BIT_ULL(O2MS_A_IFNAME) | BIT_ULL(O2MS_A_ETHERTYPE) | \
				 BIT_ULL(O2MS_A_COUNTER) | BIT_ULL(O2MS_A_TIMESTAMP))

static struct o2m_source *o2ms_nl_source(struct genl_info *info)
{
	struct o2m_source *src;
	int err;

	err = o2ms_nl_only(info, O2MS_SOURCE_ATTRS);
	if (err)
		return ERR_PTR(err);
	if (!info->attrs[O2MS_A_NAME]) {
		NL_SET_ERR_MSG(info->extack, "name the source (O2MS_A_NAME)");
		return ERR_PTR(-EINVAL);
	}
	src = o2ms_find(genl_info_net(info), nla_data(info->attrs[O2MS_A_NAME]));
	if (!src) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[O2MS_A_NAME], "no source of that name");
		return ERR_PTR(-ENOENT);
	}
	return src;
}

/*
 * The interface a request names, or NULL if it names none: a source's
 * target, or (@sink) the interface a sink watches.
 */
static struct net_device *o2ms_nl_dev(struct genl_info *info, bool sink, int *err)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev = NULL;
	struct nlattr *attr;

	*err = 0;
	if (info->attrs[O2MS_A_IFINDEX]) {
		attr = info->attrs[O2MS_A_IFINDEX];
		dev = __dev_get_by_index(net, nla_get_u32(attr));
	} else if (info->attrs[O2MS_A_IFNAME]) {
		attr = info->attrs[O2MS_A_IFNAME];
		dev = __dev_get_by_name(net, nla_data(attr));
	} else {
		return NULL;
	}
	if (!dev) {
		if (sink)
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "no such interface in the sink's namespace");
		else
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "no such interface in the source's namespace");
		*err = -ENODEV;
	} else if (dev->type != ARPHRD_ETHER) {
		if (sink)
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "a sink watches an Ethernet interface");
		else
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "the target must be an Ethernet interface");
		*err = -EINVAL;
		dev = NULL;
	}
	return dev;
}

static struct net_device *o2ms_nl_target(struct genl_info *info, int *err)
{
	return o2ms_nl_dev(info, false, err);
}

/*
 * The counters, from one snapshot under the lock; @snap, if given, gets that
 * snapshot (for GETCLR, which clears exactly what it replied).
 */
static int o2ms_nl_put_stats(struct sk_buff *skb, struct o2m_source *src,
			     struct o2ms_stats *snap)
{
	struct o2ms_stats s;
	u64 qoctets, qframes, qgaps, late_mean = 0, elapsed = 0;
	struct nlattr *nest;

	spin_lock_bh(&src->lock);
	s = src->stats;
	qoctets = src->queue_octets;
	qframes = skb_queue_len(&src->queue);
	qgaps = src->queue_gaps;
	if (s.late_frames)
		late_mean = div64_u64(s.late_sum, s.late_frames);
	/* GETCLR's snapshot: the maximum starts again from here. */
	if (snap)
		src->stats.late_max_next = 0;
	/* On the monotonic clock: a wall clock set meanwhile does not count. */
	if (s.start_time)
		elapsed = ktime_to_ns(ktime_sub(s.end_mono ?: ktime_get(), s.start_mono));
	spin_unlock_bh(&src->lock);
	if (snap)
		*snap = s;

	nest = nla_nest_start(skb, O2MS_A_STATS);
	if (!nest ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_OUT_OCTETS, s.out_octets, O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_OUT_FRAMES, s.out_frames, O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_QUEUE_OCTETS, qoctets, O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_QUEUE_FRAMES, qframes, O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_QUEUE_DURATION, qgaps, O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_LATE_MAX, s.late_max, O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_LATE_MEAN, late_mean, O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_START_TIME, ktime_to_ns(s.start_time),
			      O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_END_TIME, ktime_to_ns(s.end_time),
			      O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_ELAPSED_TIME, elapsed, O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_DROPS, s.drops, O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_SKIPPED, s.skipped, O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_MEMORY_FAILURES, s.memory_failures,
			      O2MS_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2MS_STATS_A_MISSED, s.missed, O2MS_STATS_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int o2ms_nl_fill(struct sk_buff *skb, struct o2m_source *src, u32 portid,
			u32 seq, int flags, u8 cmd, bool config,
			struct o2ms_stats *snap)
{
	struct net_device *dev = src->target;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &o2ms_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, O2MS_A_NAME, src->name))
		goto cancel;
	if (config) {
		if (dev && (nla_put_u32(skb, O2MS_A_IFINDEX, dev->ifindex) ||
			    nla_put_string(skb, O2MS_A_IFNAME, dev->name)))
			goto cancel;
		if (nla_put_u32(skb, O2MS_A_PPS, READ_ONCE(src->pps)) ||
		    nla_put_u32(skb, O2MS_A_SPEED, READ_ONCE(src->speed)) ||
		    nla_put_u32(skb, O2MS_A_QUEUE_LIMIT, READ_ONCE(src->queue_limit)) ||
		    nla_put_u8(skb, O2MS_A_RUNNING, READ_ONCE(src->running)) ||
		    nla_put_u8(skb, O2MS_A_CSUM_FIXUP, READ_ONCE(src->csum_fixup)))
			goto cancel;
	}
	if (o2ms_nl_put_stats(skb, src, snap))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int o2ms_nl_reply(struct o2m_source *src, struct genl_info *info, u8 cmd,
			 bool config, struct o2ms_stats *snap)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	int err;

	if (!msg)
		return -ENOMEM;
	err = o2ms_nl_fill(msg, src, info->snd_portid, info->snd_seq, 0, cmd, config,
			   snap);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * A replay's speed against the pps limit, each as the request leaves it:
 * one or the other, a speed in its range, and no switch between pacing and
 * replay while running. RTNL (the only writer of both).
 */
static int o2ms_nl_check_speed(struct o2m_source *src, struct genl_info *info)
{
	struct nlattr *sa = info->attrs[O2MS_A_SPEED], *pa = info->attrs[O2MS_A_PPS];
	u32 speed = sa ? nla_get_u32(sa) : READ_ONCE(src->speed);
	u32 pps = pa ? nla_get_u32(pa) : READ_ONCE(src->pps);

	/* The policy holds it to O2MS_SPEED_MAX. */
	if (speed && speed < O2MS_SPEED_MIN) {
		NL_SET_ERR_MSG_ATTR(info->extack, sa,
				    "a speed is 100 to 100000 thousandths (0.1x to 100x), or 0 for none");
		return -EINVAL;
	}
	if (speed && pps) {
		NL_SET_ERR_MSG_ATTR(info->extack, sa ?: pa,
				    "a replay (speed) is paced by its frames' gaps: it takes no pps limit");
		return -EINVAL;
	}
	if (sa && READ_ONCE(src->running) && !speed != !READ_ONCE(src->speed)) {
		NL_SET_ERR_MSG_ATTR(info->extack, sa,
				    "the source is running: stop it before turning a replay on or off");
		return -EBUSY;
	}
	return 0;
}

/* Check and apply pps, speed, queue limit and target: all or nothing. RTNL. */
static int o2ms_nl_configure(struct o2m_source *src, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct net_device *dev;
	int err;

	dev = o2ms_nl_target(info, &err);
	if (err)
		return err;
	if (dev && READ_ONCE(src->running) && dev != src->target) {
		NL_SET_ERR_MSG(info->extack, "the source is running: stop it before changing its target");
		return -EBUSY;
	}
	err = o2ms_nl_check_speed(src, info);
	if (err)
		return err;
	if (attrs[O2MS_A_QUEUE_LIMIT]) {
		u32 limit = nla_get_u32(attrs[O2MS_A_QUEUE_LIMIT]);

		spin_lock_bh(&src->lock);
		if (limit < src->queue_mem)
			err = -ENOSPC;
		else
			src->queue_limit = limit;
		spin_unlock_bh(&src->lock);
		if (err) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[O2MS_A_QUEUE_LIMIT],
					    "more than that is queued already");
			return err;
		}
	}
	if (attrs[O2MS_A_PPS])
		o2ms_set_pps(src, nla_get_u32(attrs[O2MS_A_PPS]));
	if (attrs[O2MS_A_SPEED])
		o2ms_set_speed(src, nla_get_u32(attrs[O2MS_A_SPEED]));
	if (attrs[O2MS_A_CSUM_FIXUP]) {
		spin_lock_bh(&src->lock);
		src->csum_fixup = nla_get_u8(attrs[O2MS_A_CSUM_FIXUP]);
		spin_unlock_bh(&src->lock);
	}
	if (dev && dev != src->target)
		return o2ms_set_target(src, dev, info->extack);
	return 0;
}

static int o2ms_nl_add(struct sk_buff *skb, struct genl_info *info)
{
	struct o2m_source *src;
	LIST_HEAD(gone);
	int err;

	err = o2ms_nl_only(info, O2MS_SOURCE_ATTRS);
	if (err)
		return err;
	if (!info->attrs[O2MS_A_NAME]) {
		NL_SET_ERR_MSG(info->extack, "name the source (O2MS_A_NAME)");
		return -EINVAL;
	}
	/* Validate the target before anything exists... */
	rtnl_lock();
	o2ms_nl_target(info, &err);
	rtnl_unlock();
	if (err)
		return err;
	/* ...then take the name and make the device node, outside RTNL... */
	err = o2ms_add(genl_info_net(info), nla_data(info->attrs[O2MS_A_NAME]),
		       info->extack, &src);
	if (err)
		return err;
	/* ...and configure it, the target looked up again. */
	rtnl_lock();
	err = o2ms_nl_configure(src, info);
	if (!err) {
		o2ms_attach(src);
		/* An error answer says nothing was made: no reply, no source. */
		err = o2ms_nl_reply(src, info, O2MS_CMD_ADD, true, NULL);
	}
	if (err)
		o2ms_detach(src, &gone);
	rtnl_unlock();
	o2ms_destroy(&gone);
	return err;
}

/* Run @op on the source a request names, under RTNL. */
static int o2ms_nl_do(struct genl_info *info,
		      int (*op)(struct o2m_source *src, struct genl_info *info))
{
	struct o2m_source *src;
	int err;

	rtnl_lock();
	src = o2ms_nl_source(info);
	err = IS_ERR(src) ? PTR_ERR(src) : op(src, info);
	rtnl_unlock();
	return err;
}

static int o2ms_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	struct o2m_source *src;
	LIST_HEAD(gone);

	rtnl_lock();
	src = o2ms_nl_source(info);
	if (!IS_ERR(src))
		o2ms_detach(src, &gone);
	rtnl_unlock();
	/* The device node goes outside RTNL (see o2ms_all). */
	o2ms_destroy(&gone);
	return PTR_ERR_OR_ZERO(src);
}

static int o2ms_op_get(struct o2m_source *src, struct genl_info *info)
{
	return o2ms_nl_reply(src, info, O2MS_CMD_GET, true, NULL);
}

static int o2ms_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	return o2ms_nl_do(info, o2ms_op_get);
}

static int o2ms_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct o2m_source *src;
	int idx = 0, err;

	err = o2ms_nl_only_attrs(o2m_dump_attrs(cb), cb->extack, O2MS_SOURCE_ATTRS);
	if (err)
		return err;
	rtnl_lock();
	list_for_each_entry(src, o2ms_list(sock_net(skb->sk)), list) {
		if (idx++ < cb->args[0])
			continue;
		err = o2ms_nl_fill(skb, src, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI, O2MS_CMD_GET, true, NULL);
		if (err) {
			idx--;
			break;
		}
	}
	rtnl_unlock();
	cb->args[0] = idx;
	return skb->len ?: err;
}

static int o2ms_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	return o2ms_nl_do(info, o2ms_nl_configure);
}

static int o2ms_op_start(struct o2m_source *src, struct genl_info *info)
{
	int err;

	if (!info->attrs[O2MS_A_COUNT]) {
		NL_SET_ERR_MSG(info->extack, "say how many frames to send (O2MS_A_COUNT; 0: until stop)");
		return -EINVAL;
	}
	err = o2ms_start(src, nla_get_u64(info->attrs[O2MS_A_COUNT]), info->extack);
	if (!err) {
		o2ms_notify(src, O2MS_EVENT_STARTED);
		o2ms_kick(src);
	}
	return err;
}

static int o2ms_nl_start(struct sk_buff *skb, struct genl_info *info)
{
	return o2ms_nl_do(info, o2ms_op_start);
}

static int o2ms_op_stop(struct o2m_source *src, struct genl_info *info)
{
	if (o2ms_stop(src))
		o2ms_notify(src, O2MS_EVENT_STOPPED);
	return 0;
}

static int o2ms_nl_stop(struct sk_buff *skb, struct genl_info *info)
{
	return o2ms_nl_do(info, o2ms_op_stop);
}

static int o2ms_op_clrdata(struct o2m_source *src, struct genl_info *info)
{
	return o2ms_clrdata(src, info->extack);
}

static int o2ms_nl_clrdata(struct sk_buff *skb, struct genl_info *info)
{
	return o2ms_nl_do(info, o2ms_op_clrdata);
}

/*
 * A running source's times start again at the clear, so that its elapsed
 * time and its counters keep describing the same stretch. Under the lock.
 */
static void o2ms_restart_times(struct o2m_source *src)
{
	if (!src->running)
		return;
	src->stats.start_time = ktime_get_real();
	src->stats.start_mono = ktime_get();
}

/* Clearing keeps the queue counters (they describe the queue), the pps
 * limit, and the counters' and timestamp's configuration.
 */
static void o2ms_clear_stats(struct o2m_source *src)
{
	spin_lock_bh(&src->lock);
	memset(&src->stats, 0, sizeof(src->stats));
	o2ms_restart_times(src);
	spin_unlock_bh(&src->lock);
}

/*
 * GETCLR clears what its reply said, once the reply is on its way: frames
 * sent in between stay counted for the next reading, and a reply that could
 * not be sent clears nothing. The times start again, as with CLR.
 */
static void o2ms_clear_stats_to(struct o2m_source *src, const struct o2ms_stats *s)
{
	spin_lock_bh(&src->lock);
	src->stats.out_octets -= s->out_octets;
	src->stats.out_frames -= s->out_frames;
	src->stats.drops -= s->drops;
	src->stats.skipped -= s->skipped;
	src->stats.memory_failures -= s->memory_failures;
	src->stats.missed -= s->missed;
	src->stats.late_sum -= s->late_sum;
	src->stats.late_frames -= s->late_frames;
	/* A maximum cannot be taken back: the one since the snapshot. */
	src->stats.late_max = src->stats.late_max_next;
	src->stats.start_time = 0;
	src->stats.end_time = 0;
	src->stats.start_mono = 0;
	src->stats.end_mono = 0;
	o2ms_restart_times(src);
	spin_unlock_bh(&src->lock);
}

/* GET, CLR and GETCLR. */
static int o2ms_op_stats(struct o2m_source *src, struct genl_info *info)
{
	u8 cmd = info->genlhdr->cmd;
	struct o2ms_stats snap;
	int err;

	if (cmd == O2MS_CMD_CLR_STATS) {
		o2ms_clear_stats(src);
		return 0;
	}
	err = o2ms_nl_reply(src, info, O2MS_CMD_GET_STATS, false,
			    cmd == O2MS_CMD_GETCLR_STATS ? &snap : NULL);
	if (!err && cmd == O2MS_CMD_GETCLR_STATS)
		o2ms_clear_stats_to(src, &snap);
	return err;
}

static int o2ms_nl_stats(struct sk_buff *skb, struct genl_info *info)
{
	return o2ms_nl_do(info, o2ms_op_stats);
}

static int o2ms_nl_put_ts(struct sk_buff *skb, const struct o2ms_timestamp *ts)
{
	struct nlattr *nest = nla_nest_start(skb, O2MS_A_TIMESTAMP);

	if (!nest || nla_put_u32(skb, O2MS_TS_A_OFFSET, ts->offset) ||
	    nla_put_u32(skb, O2MS_TS_A_FLAGS, ts->flags) ||
	    nla_put_u32(skb, O2MS_TS_A_FORMAT, ts->format))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int o2ms_nl_put_ctr(struct sk_buff *skb, int index, const struct o2ms_counter *c)
{
	struct nlattr *nest = nla_nest_start(skb, O2MS_A_COUNTER);

	if (!nest || nla_put_u8(skb, O2MS_CTR_A_INDEX, index) ||
	    nla_put_u32(skb, O2MS_CTR_A_OFFSET, c->offset) ||
	    nla_put_u32(skb, O2MS_CTR_A_FLAGS, c->flags) ||
	    nla_put_u8(skb, O2MS_CTR_A_WIDTH, c->width) ||
	    nla_put_u32(skb, O2MS_CTR_A_NEXT_VAL, c->next) ||
	    nla_put_u32(skb, O2MS_CTR_A_MIN_VAL, c->min) ||
	    nla_put_u32(skb, O2MS_CTR_A_MAX_VAL, c->max) ||
	    nla_put_s32(skb, O2MS_CTR_A_INCREMENT, c->increment))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Reply with a source's timestamp, or counter @index, as they are now. */
static int o2ms_nl_reply_embed(struct o2m_source *src, struct genl_info *info, u8 cmd,
			       int index)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	struct o2ms_timestamp ts;
	struct o2ms_counter c;
	void *hdr;
	int err;

	if (!msg)
		return -ENOMEM;
	spin_lock_bh(&src->lock);
	ts = src->ts;
	if (index >= 0)
		c = src->counters[index];
	spin_unlock_bh(&src->lock);
	hdr = genlmsg_put_reply(msg, info, &o2ms_genl_family, 0, cmd);
	err = !hdr || nla_put_string(msg, O2MS_A_NAME, src->name) ? -EMSGSIZE : 0;
	if (!err)
		err = index >= 0 ? o2ms_nl_put_ctr(msg, index, &c) : o2ms_nl_put_ts(msg, &ts);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int o2ms_op_timestamp(struct o2m_source *src, struct genl_info *info)
{
	struct nlattr *tb[O2MS_TS_A_MAX + 1];
	int err;

	if (info->genlhdr->cmd == O2MS_CMD_GET_TIMESTAMP)
		return o2ms_nl_reply_embed(src, info, O2MS_CMD_GET_TIMESTAMP, -1);
	if (!info->attrs[O2MS_A_TIMESTAMP]) {
		NL_SET_ERR_MSG(info->extack, "say what to set (O2MS_A_TIMESTAMP)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, O2MS_TS_A_MAX, info->attrs[O2MS_A_TIMESTAMP],
			       o2ms_ts_policy, info->extack);
	if (err)
		return err;
	spin_lock_bh(&src->lock);
	if (tb[O2MS_TS_A_OFFSET])
		src->ts.offset = nla_get_u32(tb[O2MS_TS_A_OFFSET]);
	if (tb[O2MS_TS_A_FORMAT])
		src->ts.format = nla_get_u32(tb[O2MS_TS_A_FORMAT]);
	if (tb[O2MS_TS_A_FLAGS])
		src->ts.flags = nla_get_u32(tb[O2MS_TS_A_FLAGS]);
	spin_unlock_bh(&src->lock);
	return 0;
}

static int o2ms_nl_timestamp(struct sk_buff *skb, struct genl_info *info)
{
	return o2ms_nl_do(info, o2ms_op_timestamp);
}

static int o2ms_op_counter(struct o2m_source *src, struct genl_info *info)
{
	struct nlattr *tb[O2MS_CTR_A_MAX + 1];
	struct o2ms_counter c;
	int err, index;

	if (!info->attrs[O2MS_A_COUNTER]) {
		NL_SET_ERR_MSG(info->extack, "name the counter (O2MS_A_COUNTER with O2MS_CTR_A_INDEX)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, O2MS_CTR_A_MAX, info->attrs[O2MS_A_COUNTER],
			       o2ms_ctr_policy, info->extack);
	if (err)
		return err;
	if (!tb[O2MS_CTR_A_INDEX] || nla_get_u8(tb[O2MS_CTR_A_INDEX]) >= O2MS_COUNTERS) {
		NL_SET_ERR_MSG(info->extack, "a counter's index is 0..3");
		return -EINVAL;
	}
	index = nla_get_u8(tb[O2MS_CTR_A_INDEX]);
	if (info->genlhdr->cmd == O2MS_CMD_GET_COUNTER)
		return o2ms_nl_reply_embed(src, info, O2MS_CMD_GET_COUNTER, index);
	/* Merge, check the whole, then apply: all or nothing. */
	spin_lock_bh(&src->lock);
	c = src->counters[index];
	spin_unlock_bh(&src->lock);
	if (tb[O2MS_CTR_A_OFFSET])
		c.offset = nla_get_u32(tb[O2MS_CTR_A_OFFSET]);
	if (tb[O2MS_CTR_A_FLAGS])
		c.flags = nla_get_u32(tb[O2MS_CTR_A_FLAGS]);
	if (tb[O2MS_CTR_A_WIDTH])
		c.width = nla_get_u8(tb[O2MS_CTR_A_WIDTH]);
	if (tb[O2MS_CTR_A_NEXT_VAL])
		c.next = nla_get_u32(tb[O2MS_CTR_A_NEXT_VAL]);
	if (tb[O2MS_CTR_A_MIN_VAL])
		c.min = nla_get_u32(tb[O2MS_CTR_A_MIN_VAL]);
	if (tb[O2MS_CTR_A_MAX_VAL])
		c.max = nla_get_u32(tb[O2MS_CTR_A_MAX_VAL]);
	if (tb[O2MS_CTR_A_INCREMENT])
		c.increment = nla_get_s32(tb[O2MS_CTR_A_INCREMENT]);
	err = o2ms_counter_check(&c, info->extack);
	if (err)
		return err;
	if (c.next < c.min || c.next > c.max) {
		/*
		 * A next value outside the range would be written once, then
		 * jump: refused when given, moved to where the counting starts
		 * when a new range left the old one outside.
		 */
		if (tb[O2MS_CTR_A_NEXT_VAL]) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[O2MS_CTR_A_NEXT_VAL],
					    "a counter's next value must be within [min, max]");
			return -ERANGE;
		}
		c.next = c.increment < 0 ? c.max : c.min;
	}
	spin_lock_bh(&src->lock);
	src->counters[index] = c;
	spin_unlock_bh(&src->lock);
	return 0;
}

static int o2ms_nl_counter(struct sk_buff *skb, struct genl_info *info)
{
	return o2ms_nl_do(info, o2ms_op_counter);
}

/* The share @num/@den of a histogram's frames: its bucket's high end. */
static u64 o2ms_sink_pct(const struct o2ms_sink_stats *st, u64 num, u64 den)
{
	u64 want = div64_u64(st->c.lat_frames * num + den - 1, den), seen = 0, low, high;
	unsigned int i;

	for (i = 0; i < O2MS_HIST_BUCKETS; i++) {
		seen += st->hist[i];
		if (seen >= want && seen) {
			o2ms_hist_bounds(i, &low, &high);
			return min(high, st->c.lat_max);
		}
	}
	return st->c.lat_max;
}

static int o2ms_nl_put_hist(struct sk_buff *skb, const struct o2ms_sink_stats *st)
{
	struct nlattr *nest, *b;
	unsigned int i;
	u64 low, high;

	nest = nla_nest_start(skb, O2MS_SINK_STATS_A_LAT_HIST);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < O2MS_HIST_BUCKETS; i++) {
		if (!st->hist[i])
			continue;
		o2ms_hist_bounds(i, &low, &high);
		b = nla_nest_start(skb, O2MS_HIST_A_BUCKET);
		if (!b || nla_put_u64_64bit(skb, O2MS_HIST_A_LOW, low, O2MS_HIST_A_PAD) ||
		    nla_put_u64_64bit(skb, O2MS_HIST_A_HIGH, high, O2MS_HIST_A_PAD) ||
		    nla_put_u64_64bit(skb, O2MS_HIST_A_COUNT, st->hist[i], O2MS_HIST_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, b);
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int o2ms_nl_put_sink_stats(struct sk_buff *skb, const struct o2ms_sink_stats *st,
				  bool hist)
{
	const struct o2ms_sink_counts *c = &st->c;
	const struct o2ms_sink_seq *q = &st->seq;
	u64 mean = c->lat_frames ? div64_u64(c->lat_sum, c->lat_frames) : 0;
	const struct {
		int type;
		u64 v;
	} v[] = {
		{ O2MS_SINK_STATS_A_FRAMES, c->frames },
		{ O2MS_SINK_STATS_A_OCTETS, c->octets },
		{ O2MS_SINK_STATS_A_LOST, q->lost },
		{ O2MS_SINK_STATS_A_DUPLICATES, q->duplicates },
		{ O2MS_SINK_STATS_A_LATE, q->late },
		{ O2MS_SINK_STATS_A_RESYNCS, q->resyncs },
		{ O2MS_SINK_STATS_A_OUT_OF_RANGE, q->out_of_range },
		{ O2MS_SINK_STATS_A_SHORT, c->short_frames },
		{ O2MS_SINK_STATS_A_MERGED, c->merged },
		{ O2MS_SINK_STATS_A_GAP_MAX, q->gap_max },
		{ O2MS_SINK_STATS_A_LAT_FRAMES, c->lat_frames },
		{ O2MS_SINK_STATS_A_LAT_MIN, c->lat_min },
		{ O2MS_SINK_STATS_A_LAT_MEAN, mean },
		{ O2MS_SINK_STATS_A_LAT_MAX, c->lat_max },
		{ O2MS_SINK_STATS_A_LAT_INVALID, c->lat_invalid },
		{ O2MS_SINK_STATS_A_STRAY, q->stray },
		{ O2MS_SINK_STATS_A_LAT_P50, o2ms_sink_pct(st, 1, 2) },
		{ O2MS_SINK_STATS_A_LAT_P99, o2ms_sink_pct(st, 99, 100) },
		{ O2MS_SINK_STATS_A_LAT_P999, o2ms_sink_pct(st, 999, 1000) },
	};
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, O2MS_A_SINK_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(v); i++)
		if (nla_put_u64_64bit(skb, v[i].type, v[i].v, O2MS_SINK_STATS_A_PAD))
			return -EMSGSIZE;
	if (hist && o2ms_nl_put_hist(skb, st))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* A sink's reply: its configuration and counters, @hist with the buckets. */
static int o2ms_nl_sink_fill(struct sk_buff *skb, struct o2m_sink *sink, u32 portid,
			     u32 seq, int flags, u8 cmd, bool hist)
{
	const struct o2ms_sink_conf *conf = &sink->conf;
	struct o2ms_sink_stats *st;
	struct nlattr *nest;
	void *hdr;
	int err = -EMSGSIZE;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	o2ms_sink_read(sink, st);
	hdr = genlmsg_put(skb, portid, seq, &o2ms_genl_family, flags, cmd);
	if (!hdr)
		goto out;
	if (nla_put_string(skb, O2MS_A_NAME, conf->name) ||
	    nla_put_u16(skb, O2MS_A_ETHERTYPE, conf->ethertype))
		goto cancel;
	if (sink->dev && (nla_put_u32(skb, O2MS_A_IFINDEX, sink->dev->ifindex) ||
			  nla_put_string(skb, O2MS_A_IFNAME, sink->dev->name)))
		goto cancel;
	if (conf->has_counter) {
		nest = nla_nest_start(skb, O2MS_A_COUNTER);
		if (!nest || nla_put_u32(skb, O2MS_CTR_A_OFFSET, conf->ctr_offset) ||
		    nla_put_u8(skb, O2MS_CTR_A_WIDTH, conf->ctr_width) ||
		    nla_put_u32(skb, O2MS_CTR_A_MIN_VAL, conf->ctr_min) ||
		    nla_put_u32(skb, O2MS_CTR_A_MAX_VAL, conf->ctr_max))
			goto cancel;
		nla_nest_end(skb, nest);
	}
	if (conf->has_ts) {
		nest = nla_nest_start(skb, O2MS_A_TIMESTAMP);
		if (!nest || nla_put_u32(skb, O2MS_TS_A_OFFSET, conf->ts_offset) ||
		    nla_put_u32(skb, O2MS_TS_A_FORMAT, conf->ts_format))
			goto cancel;
		nla_nest_end(skb, nest);
	}
	if (o2ms_nl_put_sink_stats(skb, st, hist))
		goto cancel;
	genlmsg_end(skb, hdr);
	err = 0;
	goto out;
cancel:
	genlmsg_cancel(skb, hdr);
out:
	kfree(st);
	return err;
}

/* Room for a sink with every bucket of its histogram filled. */
#define O2MS_SINK_MSG_SIZE	(16 * 1024)

static int o2ms_nl_sink_reply(struct o2m_sink *sink, struct genl_info *info)
{
	size_t size = NLMSG_GOODSIZE;
	struct sk_buff *msg;
	int err;

	/* A page holds a usual histogram; a wide one takes a retry. */
	for (;;) {
		msg = genlmsg_new(size, GFP_KERNEL);
		if (!msg)
			return -ENOMEM;
		err = o2ms_nl_sink_fill(msg, sink, info->snd_portid, info->snd_seq, 0,
					info->genlhdr->cmd, true);
		if (!err)
			return genlmsg_reply(msg, info);
		nlmsg_free(msg);
		if (err != -EMSGSIZE || size >= O2MS_SINK_MSG_SIZE)
			return err;
		size = O2MS_SINK_MSG_SIZE;
	}
}

static struct o2m_sink *o2ms_nl_sink(struct genl_info *info)
{
	struct o2m_sink *sink;

	if (!info->attrs[O2MS_A_NAME]) {
		NL_SET_ERR_MSG(info->extack, "name the sink (O2MS_A_NAME)");
		return ERR_PTR(-EINVAL);
	}
	sink = o2ms_sink_find(genl_info_net(info), nla_data(info->attrs[O2MS_A_NAME]));
	if (!sink) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[O2MS_A_NAME], "no sink of that name");
		return ERR_PTR(-ENOENT);
	}
	return sink;
}

/* A sink's counter, as SINK_ADD gives it, into @c. */
static int o2ms_nl_sink_counter(struct genl_info *info, struct o2ms_sink_conf *c)
{
	struct nlattr *attr = info->attrs[O2MS_A_COUNTER], *tb[O2MS_CTR_A_MAX + 1];
	u32 wmax;
	int err;

	if (!attr)
		return 0;
	err = nla_parse_nested(tb, O2MS_CTR_A_MAX, attr, o2ms_ctr_policy, info->extack);
	if (err)
		return err;
	if (tb[O2MS_CTR_A_INDEX] || tb[O2MS_CTR_A_FLAGS] || tb[O2MS_CTR_A_NEXT_VAL]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[O2MS_CTR_A_INDEX] ?: tb[O2MS_CTR_A_FLAGS] ?:
				    tb[O2MS_CTR_A_NEXT_VAL],
				    "a sink's counter has an offset, a width, a min and a max only");
		return -EINVAL;
	}
	if (tb[O2MS_CTR_A_INCREMENT] && nla_get_s32(tb[O2MS_CTR_A_INCREMENT]) != 1) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[O2MS_CTR_A_INCREMENT],
				    "a sink follows a counter that counts up by one");
		return -EINVAL;
	}
	if (!tb[O2MS_CTR_A_OFFSET]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "say where the counter is (O2MS_CTR_A_OFFSET)");
		return -EINVAL;
	}
	c->ctr_width = tb[O2MS_CTR_A_WIDTH] ? nla_get_u8(tb[O2MS_CTR_A_WIDTH]) : 4;
	if (c->ctr_width != 1 && c->ctr_width != 2 && c->ctr_width != 4) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[O2MS_CTR_A_WIDTH],
				    "a counter's width is 1, 2 or 4 bytes");
		return -EINVAL;
	}
	wmax = c->ctr_width == 4 ? U32_MAX : (1U << (8 * c->ctr_width)) - 1;
	c->ctr_offset = nla_get_u32(tb[O2MS_CTR_A_OFFSET]);
	c->ctr_min = tb[O2MS_CTR_A_MIN_VAL] ? nla_get_u32(tb[O2MS_CTR_A_MIN_VAL]) : 0;
	c->ctr_max = tb[O2MS_CTR_A_MAX_VAL] ? nla_get_u32(tb[O2MS_CTR_A_MAX_VAL]) : wmax;
	if (c->ctr_max > wmax) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[O2MS_CTR_A_MAX_VAL],
				    "the counter's max does not fit in its width");
		return -ERANGE;
	}
	if (c->ctr_min > c->ctr_max) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[O2MS_CTR_A_MIN_VAL] ?: attr,
				    "a counter's min must not be above its max");
		return -ERANGE;
	}
	/* Fewer, and every value would be both behind and ahead. */
	if (c->ctr_max - c->ctr_min < 2) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[O2MS_CTR_A_MAX_VAL] ?: attr,
				    "a sink's counter takes 3 values at least (max >= min + 2)");
		return -ERANGE;
	}
	c->has_counter = true;
	return 0;
}

/* A sink's timestamp, as SINK_ADD gives it, into @c. */
static int o2ms_nl_sink_ts(struct genl_info *info, struct o2ms_sink_conf *c)
{
	struct nlattr *attr = info->attrs[O2MS_A_TIMESTAMP], *tb[O2MS_TS_A_MAX + 1];
	int err;

	if (!attr)
		return 0;
	err = nla_parse_nested(tb, O2MS_TS_A_MAX, attr, o2ms_ts_policy, info->extack);
	if (err)
		return err;
	if (tb[O2MS_TS_A_FLAGS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[O2MS_TS_A_FLAGS],
				    "a sink's timestamp has an offset and a format only");
		return -EINVAL;
	}
	if (!tb[O2MS_TS_A_OFFSET]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "say where the timestamp is (O2MS_TS_A_OFFSET)");
		return -EINVAL;
	}
	c->ts_offset = nla_get_u32(tb[O2MS_TS_A_OFFSET]);
	c->ts_format = tb[O2MS_TS_A_FORMAT] ? nla_get_u32(tb[O2MS_TS_A_FORMAT]) :
					      O2MS_TS_TIMEVAL32;
	c->has_ts = true;
	return 0;
}

static int o2ms_nl_sink_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *et = info->attrs[O2MS_A_ETHERTYPE], *na = info->attrs[O2MS_A_NAME];
	struct o2ms_sink_conf conf = {};
	struct o2m_sink *sink;
	struct net_device *dev;
	int err;

	err = o2ms_nl_only(info, O2MS_SINK_ADD_ATTRS);
	if (err)
		return err;
	if (!na) {
		NL_SET_ERR_MSG(info->extack, "name the sink (O2MS_A_NAME)");
		return -EINVAL;
	}
	if (!o2ms_name_ok(nla_data(na))) {
		NL_SET_ERR_MSG_ATTR(info->extack, na,
				    "a sink name is ASCII letters, digits, '-', '_' and '.'");
		return -EINVAL;
	}
	if (et && nla_get_u16(et) && nla_get_u16(et) < ETH_P_802_3_MIN) {
		NL_SET_ERR_MSG_ATTR(info->extack, et,
				    "an ethertype is 0x0600 or more (0: every frame)");
		return -EINVAL;
	}
	strscpy(conf.name, nla_data(na), sizeof(conf.name));
	conf.ethertype = et ? nla_get_u16(et) : 0;
	err = o2ms_nl_sink_counter(info, &conf);
	if (!err)
		err = o2ms_nl_sink_ts(info, &conf);
	if (err)
		return err;
	rtnl_lock();
	dev = o2ms_nl_dev(info, true, &err);
	if (!err && !dev) {
		NL_SET_ERR_MSG(info->extack, "say which interface the sink watches (O2MS_A_IFNAME)");
		err = -EINVAL;
	}
	if (!err)
		err = o2ms_sink_add(genl_info_net(info), &conf, dev, info->extack, &sink);
	if (!err) {
		/* An error answer says nothing was made: no reply, no sink. */
		err = o2ms_nl_sink_reply(sink, info);
		if (err)
			o2ms_sink_del(sink);
	}
	rtnl_unlock();
	return err;
}

static int o2ms_nl_sink_op(struct sk_buff *skb, struct genl_info *info)
{
	struct o2m_sink *sink;
	int err;

	err = o2ms_nl_only(info, BIT_ULL(O2MS_A_NAME));
	if (err)
		return err;
	rtnl_lock();
	sink = o2ms_nl_sink(info);
	if (IS_ERR(sink))
		err = PTR_ERR(sink);
	else if (info->genlhdr->cmd == O2MS_CMD_SINK_DEL)
		o2ms_sink_del(sink);
	else if (info->genlhdr->cmd == O2MS_CMD_SINK_CLR_STATS)
		o2ms_sink_clear(sink);
	else
		err = o2ms_nl_sink_reply(sink, info);
	rtnl_unlock();
	return err;
}

static int o2ms_nl_sink_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct o2m_sink *sink;
	int idx = 0, err;

	err = o2ms_nl_only_attrs(o2m_dump_attrs(cb), cb->extack, BIT_ULL(O2MS_A_NAME));
	if (err)
		return err;
	rtnl_lock();
	list_for_each_entry(sink, o2ms_sink_list(sock_net(skb->sk)), list) {
		if (idx++ < cb->args[0])
			continue;
		err = o2ms_nl_sink_fill(skb, sink, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI, O2MS_CMD_SINK_GET, false);
		if (err) {
			idx--;
			break;
		}
	}
	rtnl_unlock();
	cb->args[0] = idx;
	return skb->len ?: err;
}

/**
 * o2ms_notify - tell the "events" group what a source did
 * @src: the source
 * @event: enum o2ms_event
 *
 * Process context: the requests, the notifier and the sending work.
 */
void o2ms_notify(struct o2m_source *src, u32 event)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&o2ms_genl_family, src->net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &o2ms_genl_family, 0, O2MS_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, O2MS_A_EVENT, event) ||
	    nla_put_string(msg, O2MS_A_NAME, src->name) ||
	    o2ms_nl_put_stats(msg, src, NULL)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&o2ms_genl_family, src->net, msg, 0, 0, GFP_KERNEL);
}

/*
 * A source is a host-wide object (a misc device, a global name, kernel
 * memory): changing anything about one needs CAP_NET_ADMIN in the initial user
 * namespace (GENL_ADMIN_PERM), as pktgen does, not in the requester's
 * network namespace's. Reading is open.
 */
static const struct genl_small_ops o2ms_genl_ops[] = {
	{ .cmd = O2MS_CMD_ADD, .doit = o2ms_nl_add, .flags = GENL_ADMIN_PERM },
	{ .cmd = O2MS_CMD_DEL, .doit = o2ms_nl_del, .flags = GENL_ADMIN_PERM },
	{ .cmd = O2MS_CMD_GET, .doit = o2ms_nl_get, .dumpit = o2ms_nl_dump },
	{ .cmd = O2MS_CMD_SET, .doit = o2ms_nl_set, .flags = GENL_ADMIN_PERM },
	{ .cmd = O2MS_CMD_START, .doit = o2ms_nl_start, .flags = GENL_ADMIN_PERM },
	{ .cmd = O2MS_CMD_STOP, .doit = o2ms_nl_stop, .flags = GENL_ADMIN_PERM },
	{ .cmd = O2MS_CMD_CLRDATA, .doit = o2ms_nl_clrdata, .flags = GENL_ADMIN_PERM },
	{ .cmd = O2MS_CMD_GET_STATS, .doit = o2ms_nl_stats },
	{ .cmd = O2MS_CMD_CLR_STATS, .doit = o2ms_nl_stats, .flags = GENL_ADMIN_PERM },
	{ .cmd = O2MS_CMD_GETCLR_STATS, .doit = o2ms_nl_stats, .flags = GENL_ADMIN_PERM },
	{ .cmd = O2MS_CMD_SET_TIMESTAMP, .doit = o2ms_nl_timestamp, .flags = GENL_ADMIN_PERM },
	{ .cmd = O2MS_CMD_GET_TIMESTAMP, .doit = o2ms_nl_timestamp },
	{ .cmd = O2MS_CMD_SET_COUNTER, .doit = o2ms_nl_counter, .flags = GENL_ADMIN_PERM },
	{ .cmd = O2MS_CMD_GET_COUNTER, .doit = o2ms_nl_counter },
	/* A sink belongs to its namespace: its admin may. */
	{ .cmd = O2MS_CMD_SINK_ADD, .doit = o2ms_nl_sink_add, .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = O2MS_CMD_SINK_DEL, .doit = o2ms_nl_sink_op, .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = O2MS_CMD_SINK_GET, .doit = o2ms_nl_sink_op, .dumpit = o2ms_nl_sink_dump },
	{ .cmd = O2MS_CMD_SINK_CLR_STATS, .doit = o2ms_nl_sink_op, .flags = GENL_UNS_ADMIN_PERM },
};

static const struct genl_multicast_group o2ms_genl_mcgrps[] = {
	{ .name = O2M_SOURCE_GENL_MCGRP_EVENTS },
};

static struct genl_family o2ms_genl_family __ro_after_init = {
	.name		= O2M_SOURCE_GENL_NAME,
	.version	= O2M_SOURCE_GENL_VERSION,
	.maxattr	= O2MS_A_MAX,
	.policy		= o2ms_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.small_ops	= o2ms_genl_ops,
	.n_small_ops	= ARRAY_SIZE(o2ms_genl_ops),
	.resv_start_op	= O2MS_CMD_ADD,
	.mcgrps		= o2ms_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(o2ms_genl_mcgrps),
};

int __init o2ms_genl_register(void)
{
	return genl_register_family(&o2ms_genl_family);
}

void o2ms_genl_unregister(void)
{
	genl_unregister_family(&o2ms_genl_family);
}
