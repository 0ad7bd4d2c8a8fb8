// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "one2many": configuration, links, statistics
 * and events. include/uapi/linux/one2many.h documents the protocol.
 *
 * Commands that change something take RTNL, which guards all configuration
 * and the stats' clear-base. The GETs (config, links, statistics) are
 * answered under RCU, without RTNL: a reader, privileged or not, never holds
 * up configuration nor waits for it. The datapath takes neither.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "one2many.h"

static struct genl_family o2m_genl_family;

static const struct nla_policy o2m_link_policy[O2M_LINK_A_MAX + 1] = {
	[O2M_LINK_A_ID]		= NLA_POLICY_RANGE(NLA_S32, O2M_LINK_MASTER, O2M_MAX_LINKS - 1),
	[O2M_LINK_A_IFINDEX]	= { .type = NLA_U32 },
	[O2M_LINK_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[O2M_LINK_A_ENABLED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[O2M_LINK_A_CARRIER]	= { .type = NLA_REJECT, .reject_message = "a link's carrier is read only" },
	[O2M_LINK_A_ACTIVE]	= { .type = NLA_REJECT, .reject_message = "whether a link is active is read only" },
	[O2M_LINK_A_STATS]	= { .type = NLA_REJECT, .reject_message = "statistics are read only" },
	[O2M_LINK_A_PENDING]	= { .type = NLA_REJECT, .reject_message = "a link's pending change is read only" },
	[O2M_LINK_A_PATH]	= { .type = NLA_REJECT, .reject_message = "a link's path is read only" },
	[O2M_LINK_A_PROBE_ADDR]	= { .type = NLA_REJECT, .reject_message = "a link's probe address is read only" },
	[O2M_LINK_A_PROBE_AGE]	= { .type = NLA_REJECT, .reject_message = "a link's last answer is read only" },
	[O2M_LINK_A_PROBES_SENT] = { .type = NLA_REJECT, .reject_message = "a link's probe counters are read only" },
	[O2M_LINK_A_PROBE_ANSWERS] = { .type = NLA_REJECT, .reject_message = "a link's probe counters are read only" },
};

static const struct nla_policy o2m_policy[O2M_A_MAX + 1] = {
	[O2M_A_IFINDEX]		= { .type = NLA_U32 },
	[O2M_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[O2M_A_MODE]		= NLA_POLICY_RANGE(NLA_U32, O2M_MODE_ROUNDROBIN, O2M_MODE_MAX),
	[O2M_A_DETECT]		= NLA_POLICY_RANGE(NLA_U32, O2M_DETECT_MANUAL, O2M_DETECT_MAX),
	[O2M_A_ENABLED_LINKS]	= { .type = NLA_U64 },
	[O2M_A_LINK_COUNT]	= { .type = NLA_REJECT, .reject_message = "the link count is read only" },
	[O2M_A_ACTIVE_COUNT]	= { .type = NLA_REJECT, .reject_message = "the active count is read only" },
	[O2M_A_FAILOVER_LINK]	= { .type = NLA_REJECT, .reject_message = "the failover link is read only" },
	[O2M_A_CARRIER]		= { .type = NLA_REJECT, .reject_message = "the carrier is read only" },
	[O2M_A_LINK]		= NLA_POLICY_NESTED(o2m_link_policy),
	[O2M_A_EVENT]		= { .type = NLA_REJECT, .reject_message = "events are sent, not received" },
	[O2M_A_NOTIFY_COUNT]	= NLA_POLICY_MAX(NLA_U32, O2M_NOTIFY_COUNT_MAX),
	[O2M_A_NOTIFY_INTERVAL]	= NLA_POLICY_FULL_RANGE(NLA_U32, &o2m_msecs_range),
	[O2M_A_UPDELAY]		= NLA_POLICY_FULL_RANGE(NLA_U32, &o2m_msecs_range),
	[O2M_A_DOWNDELAY]	= NLA_POLICY_FULL_RANGE(NLA_U32, &o2m_msecs_range),
	[O2M_A_PROBE_INTERVAL]	= NLA_POLICY_FULL_RANGE(NLA_U32, &o2m_probe_interval_range),
	[O2M_A_PROBE_MISSES]	= NLA_POLICY_RANGE(NLA_U32, O2M_PROBE_MISSES_MIN, O2M_PROBE_MISSES_MAX),
	[O2M_A_PROBE_TARGETS]	= NLA_POLICY_NESTED(o2m_probe_target_policy),
};

/*
 * A device by an ifindex or a name attribute: under RTNL, or (@rcu) in an
 * RCU read-side section, which the device then lives for.
 */
static struct net_device *o2m_nl_dev(struct net *net, const struct nlattr *ifindex,
				     const struct nlattr *ifname, bool rcu)
{
	if (ifindex)
		return rcu ? dev_get_by_index_rcu(net, nla_get_u32(ifindex)) :
			     __dev_get_by_index(net, nla_get_u32(ifindex));
	return rcu ? dev_get_by_name_rcu(net, nla_data(ifname)) :
		     __dev_get_by_name(net, nla_data(ifname));
}

/*
 * The master a request names, in the requester's namespace: under RTNL, or
 * (@rcu) in an RCU read-side section.
 */
static struct o2m *o2m_nl_master(struct net *net, struct nlattr **attrs,
				 struct netlink_ext_ack *extack, bool rcu)
{
	struct net_device *dev;
	struct nlattr *attr;

	if (attrs[O2M_A_IFINDEX] || attrs[O2M_A_IFNAME]) {
		attr = attrs[O2M_A_IFINDEX] ?: attrs[O2M_A_IFNAME];
		dev = o2m_nl_dev(net, attrs[O2M_A_IFINDEX], attrs[O2M_A_IFNAME], rcu);
	} else {
		NL_SET_ERR_MSG(extack, "name the one2many device (O2M_A_IFINDEX or O2M_A_IFNAME)");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!netif_is_one2many(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "not a one2many device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return netdev_priv(dev);
}

/*
 * The device an O2M_A_LINK nest names by ifindex or name, or NULL. Under
 * RTNL, or (@rcu) in an RCU read-side section.
 */
static struct net_device *o2m_nl_link_dev(struct net *net, struct nlattr **ltb,
					  struct netlink_ext_ack *extack, bool rcu)
{
	struct nlattr *attr = ltb[O2M_LINK_A_IFINDEX] ?: ltb[O2M_LINK_A_IFNAME];
	struct net_device *dev;

	if (!attr)
		return NULL;
	dev = o2m_nl_dev(net, ltb[O2M_LINK_A_IFINDEX], ltb[O2M_LINK_A_IFNAME], rcu);
	if (!dev)
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such device");
	return dev;
}

static int o2m_nl_parse_link(struct nlattr **attrs, struct nlattr **ltb,
			     struct netlink_ext_ack *extack)
{
	if (!attrs[O2M_A_LINK]) {
		NL_SET_ERR_MSG(extack, "name the link (O2M_A_LINK)");
		return -EINVAL;
	}
	return nla_parse_nested(ltb, O2M_LINK_A_MAX, attrs[O2M_A_LINK],
				o2m_link_policy, extack);
}

/*
 * The link a request names by number or device. Under RTNL, or (@rcu) in an
 * RCU read-side section.
 */
static struct o2m_link *o2m_nl_link(struct o2m *o2m, struct net *net,
				    struct nlattr **attrs,
				    struct netlink_ext_ack *extack, bool rcu)
{
	struct nlattr *ltb[O2M_LINK_A_MAX + 1];
	struct o2m_link *link;
	struct net_device *dev;
	int err, id;

	err = o2m_nl_parse_link(attrs, ltb, extack);
	if (err)
		return ERR_PTR(err);
	if (ltb[O2M_LINK_A_ID]) {
		id = nla_get_s32(ltb[O2M_LINK_A_ID]);
		if (id == O2M_LINK_MASTER) {
			NL_SET_ERR_MSG_ATTR(extack, ltb[O2M_LINK_A_ID],
					    "link -1 is the master side, not a link");
			return ERR_PTR(-EINVAL);
		}
		link = o2m_link_get(o2m, id);
		if (!link) {
			NL_SET_ERR_MSG_ATTR(extack, ltb[O2M_LINK_A_ID], "no link with that number");
			return ERR_PTR(-ENOENT);
		}
		return link;
	}
	dev = o2m_nl_link_dev(net, ltb, extack, rcu);
	if (!dev) {
		if (!ltb[O2M_LINK_A_IFINDEX] && !ltb[O2M_LINK_A_IFNAME])
			NL_SET_ERR_MSG(extack, "name the link by number, ifindex or name");
		return ERR_PTR(-ENODEV);
	}
	link = o2m_link_of(dev);
	/* Published: not one still being added, nor one being removed */
	if (!link || link->o2m != o2m || o2m_link_get(o2m, link->id) != link) {
		NL_SET_ERR_MSG(extack, "the device is not a link of this one2many device");
		return ERR_PTR(-ENOENT);
	}
	return link;
}

static int o2m_nl_put_master(struct sk_buff *skb, const struct o2m *o2m)
{
	if (nla_put_u32(skb, O2M_A_IFINDEX, o2m->dev->ifindex) ||
	    nla_put_string(skb, O2M_A_IFNAME, o2m->dev->name))
		return -EMSGSIZE;
	return 0;
}

static int o2m_nl_put_stats(struct sk_buff *skb, const struct o2m_stats *s)
{
	struct nlattr *nest = nla_nest_start(skb, O2M_LINK_A_STATS);

	if (!nest ||
	    nla_put_u64_64bit(skb, O2M_STATS_A_RECV_OCTETS, s->recv_octets, O2M_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2M_STATS_A_RECV_PACKETS, s->recv_packets, O2M_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2M_STATS_A_XMIT_OCTETS, s->xmit_octets, O2M_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2M_STATS_A_XMIT_PACKETS, s->xmit_packets, O2M_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2M_STATS_A_MEMORY_FAILURES, s->memory_failures,
			      O2M_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, O2M_STATS_A_DROPS, s->drops, O2M_STATS_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* What path probing says of a link. */
static int o2m_nl_put_probe(struct sk_buff *skb, const struct o2m_link *link)
{
	s64 age = o2m_probe_age(link);

	if (nla_put(skb, O2M_LINK_A_PROBE_ADDR, ETH_ALEN, link->probe_addr) ||
	    nla_put_u64_64bit(skb, O2M_LINK_A_PROBES_SENT,
			      atomic64_read(&link->probes_sent), O2M_LINK_A_PAD) ||
	    nla_put_u64_64bit(skb, O2M_LINK_A_PROBE_ANSWERS,
			      atomic64_read(&link->probe_answers), O2M_LINK_A_PAD))
		return -EMSGSIZE;
	if (age >= 0 && READ_ONCE(link->o2m->detect) == O2M_DETECT_PROBE &&
	    nla_put_u32(skb, O2M_LINK_A_PROBE_AGE, min_t(s64, age, U32_MAX)))
		return -EMSGSIZE;
	return 0;
}

/*
 * A link nest: its names, pending change and path always; state, probing and
 * stats when "full".
 */
static int o2m_nl_put_link(struct sk_buff *skb, const struct o2m_link *link,
			   bool full)
{
	struct nlattr *nest = nla_nest_start(skb, O2M_A_LINK);
	struct o2m_stats s;

	if (!nest ||
	    nla_put_s32(skb, O2M_LINK_A_ID, link->id) ||
	    nla_put_u32(skb, O2M_LINK_A_IFINDEX, link->dev->ifindex) ||
	    nla_put_string(skb, O2M_LINK_A_IFNAME, link->dev->name) ||
	    nla_put_u8(skb, O2M_LINK_A_PENDING, READ_ONCE(link->pending)) ||
	    nla_put_u8(skb, O2M_LINK_A_PATH, READ_ONCE(link->path)))
		return -EMSGSIZE;
	if (full) {
		o2m_counters_read(&link->stats, &s);
		if (nla_put_u8(skb, O2M_LINK_A_ENABLED, READ_ONCE(link->enabled)) ||
		    nla_put_u8(skb, O2M_LINK_A_CARRIER, netif_carrier_ok(link->dev)) ||
		    nla_put_u8(skb, O2M_LINK_A_ACTIVE, READ_ONCE(link->active)) ||
		    o2m_nl_put_probe(skb, link) ||
		    o2m_nl_put_stats(skb, &s))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Under RCU. */
static u64 o2m_enabled_links(struct o2m *o2m)
{
	struct o2m_link *link;
	u64 mask = 0;
	int i;

	for (i = 0; i < O2M_MAX_LINKS; i++) {
		link = o2m_link_get(o2m, i);
		if (link && READ_ONCE(link->enabled))
			mask |= BIT_ULL(i);
	}
	return mask;
}

/*
 * Under RCU, without RTNL: each value is one the device had, though a
 * change made meanwhile may show in some of them and not yet in others.
 */
static int o2m_nl_fill_config(struct sk_buff *skb, struct o2m *o2m, u32 portid,
			      u32 seq, int flags)
{
	const struct o2m_active *active = rcu_dereference(o2m->active);
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &o2m_genl_family, flags, O2M_CMD_GET_CONFIG);
	if (!hdr)
		return -EMSGSIZE;
	if (o2m_nl_put_master(skb, o2m) ||
	    nla_put_u32(skb, O2M_A_MODE, READ_ONCE(o2m->mode)->id) ||
	    nla_put_u32(skb, O2M_A_DETECT, READ_ONCE(o2m->detect)) ||
	    nla_put_u64_64bit(skb, O2M_A_ENABLED_LINKS, o2m_enabled_links(o2m), O2M_A_PAD) ||
	    nla_put_u32(skb, O2M_A_LINK_COUNT, READ_ONCE(o2m->nlinks)) ||
	    nla_put_u32(skb, O2M_A_ACTIVE_COUNT, active ? active->count : 0) ||
	    nla_put_s32(skb, O2M_A_FAILOVER_LINK, READ_ONCE(o2m->failover_link)) ||
	    nla_put_u32(skb, O2M_A_NOTIFY_COUNT, READ_ONCE(o2m->notify_count)) ||
	    nla_put_u32(skb, O2M_A_NOTIFY_INTERVAL, READ_ONCE(o2m->notify_interval)) ||
	    nla_put_u32(skb, O2M_A_UPDELAY, READ_ONCE(o2m->updelay)) ||
	    nla_put_u32(skb, O2M_A_DOWNDELAY, READ_ONCE(o2m->downdelay)) ||
	    nla_put_u32(skb, O2M_A_PROBE_INTERVAL, READ_ONCE(o2m->probe_interval)) ||
	    nla_put_u32(skb, O2M_A_PROBE_MISSES, READ_ONCE(o2m->probe_misses)) ||
	    o2m_probe_put_targets(skb, O2M_A_PROBE_TARGETS,
				  rcu_dereference(o2m->probe_targets)) ||
	    nla_put_u8(skb, O2M_A_CARRIER, netif_carrier_ok(o2m->dev))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int o2m_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	struct o2m *o2m;
	int err;

	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	o2m = o2m_nl_master(genl_info_net(info), info->attrs, info->extack, true);
	err = IS_ERR(o2m) ? PTR_ERR(o2m) :
	      o2m_nl_fill_config(msg, o2m, info->snd_portid, info->snd_seq, 0);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Every one2many device of the namespace; cb->args[0] is where to resume. */
static int o2m_nl_dump_config(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	int idx = 0, err = 0;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (!netif_is_one2many(dev))
			continue;
		if (idx++ < cb->args[0])
			continue;
		err = o2m_nl_fill_config(skb, netdev_priv(dev),
					 NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err) {
			idx--;
			break;
		}
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	/* A full skb ends this round; the next resumes at idx. */
	return skb->len ?: err;
}

static int o2m_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct o2m_probe_change pc = {};
	const struct o2m_transmit_mode *was;
	struct o2m_link *link;
	struct o2m *o2m;
	u64 enabled;
	int err = 0, i;

	rtnl_lock();
	o2m = o2m_nl_master(genl_info_net(info), attrs, info->extack, false);
	if (IS_ERR(o2m)) {
		err = PTR_ERR(o2m);
		goto out;
	}
	/* Check everything first: all or nothing. */
	if (attrs[O2M_A_ENABLED_LINKS]) {
		enabled = nla_get_u64(attrs[O2M_A_ENABLED_LINKS]);
		for (i = 0; i < O2M_MAX_LINKS; i++) {
			if ((enabled & BIT_ULL(i)) && !o2m_link_rtnl(o2m, i)) {
				NL_SET_ERR_MSG_ATTR(info->extack, attrs[O2M_A_ENABLED_LINKS],
						    "a bit is set for a link that does not exist");
				err = -ENOENT;
				goto out;
			}
		}
	}
	if (attrs[O2M_A_DETECT])
		pc.detect = nla_get_u32(attrs[O2M_A_DETECT]);
	err = o2m_probe_prepare(o2m, &pc, attrs[O2M_A_PROBE_TARGETS], info->extack);
	if (err)
		goto out;
	was = o2m->mode;
	if (attrs[O2M_A_MODE])
		WRITE_ONCE(o2m->mode, o2m_mode_get(nla_get_u32(attrs[O2M_A_MODE])));
	if (attrs[O2M_A_NOTIFY_COUNT])
		o2m_set_notify_count(o2m, nla_get_u32(attrs[O2M_A_NOTIFY_COUNT]));
	if (attrs[O2M_A_NOTIFY_INTERVAL])
		WRITE_ONCE(o2m->notify_interval, nla_get_u32(attrs[O2M_A_NOTIFY_INTERVAL]));
	if (attrs[O2M_A_UPDELAY])
		WRITE_ONCE(o2m->updelay, nla_get_u32(attrs[O2M_A_UPDELAY]));
	if (attrs[O2M_A_DOWNDELAY])
		WRITE_ONCE(o2m->downdelay, nla_get_u32(attrs[O2M_A_DOWNDELAY]));
	if (attrs[O2M_A_PROBE_INTERVAL])
		WRITE_ONCE(o2m->probe_interval, nla_get_u32(attrs[O2M_A_PROBE_INTERVAL]));
	if (attrs[O2M_A_PROBE_MISSES])
		WRITE_ONCE(o2m->probe_misses, nla_get_u32(attrs[O2M_A_PROBE_MISSES]));
	o2m_probe_commit(o2m, &pc);
	o2m_xmit_check_update(o2m);
	if (attrs[O2M_A_ENABLED_LINKS]) {
		o2m_for_each_link(o2m, link, i)
			WRITE_ONCE(link->enabled, enabled & BIT_ULL(i));
	}
	o2m_config_changed(o2m, was);
	/* After the enabled bits: a link enabled here probes at once. */
	o2m_probe_start(o2m);
out:
	rtnl_unlock();
	return err;
}

/* A reply describing @link, in @msg. Under RTNL or RCU. */
static int o2m_nl_fill_link(struct sk_buff *msg, struct o2m_link *link,
			    struct genl_info *info, u8 cmd)
{
	void *hdr = genlmsg_put_reply(msg, info, &o2m_genl_family, 0, cmd);

	if (!hdr || o2m_nl_put_master(msg, link->o2m) || o2m_nl_put_link(msg, link, true))
		return -EMSGSIZE;
	genlmsg_end(msg, hdr);
	return 0;
}

static int o2m_nl_reply_link(struct o2m_link *link, struct genl_info *info,
			     u8 cmd)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	int err;

	if (!msg)
		return -ENOMEM;
	err = o2m_nl_fill_link(msg, link, info, cmd);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int o2m_nl_add_link(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *ltb[O2M_LINK_A_MAX + 1];
	struct net *net = genl_info_net(info);
	struct net_device *dev;
	struct o2m *o2m;
	int err, id = -1;

	rtnl_lock();
	o2m = o2m_nl_master(net, info->attrs, info->extack, false);
	if (IS_ERR(o2m)) {
		err = PTR_ERR(o2m);
		goto out;
	}
	err = o2m_nl_parse_link(info->attrs, ltb, info->extack);
	if (err)
		goto out;
	if (ltb[O2M_LINK_A_ID]) {
		id = nla_get_s32(ltb[O2M_LINK_A_ID]);
		if (id < 0) {
			NL_SET_ERR_MSG_ATTR(info->extack, ltb[O2M_LINK_A_ID],
					    "the link number must be 0..63");
			err = -ERANGE;
			goto out;
		}
	}
	dev = o2m_nl_link_dev(net, ltb, info->extack, false);
	if (!dev) {
		if (!ltb[O2M_LINK_A_IFINDEX] && !ltb[O2M_LINK_A_IFNAME])
			NL_SET_ERR_MSG(info->extack, "name the device to enslave");
		err = -ENODEV;
		goto out;
	}
	err = o2m_link_add(o2m, dev, id, info->extack);
	if (!err)
		err = o2m_nl_reply_link(o2m_link_of(dev), info, O2M_CMD_ADD_LINK);
out:
	rtnl_unlock();
	return err;
}

/*
 * The master and link a request names. Under RTNL, or (@rcu) in an RCU
 * read-side section.
 */
static struct o2m_link *o2m_nl_find_link(struct genl_info *info, bool rcu)
{
	struct net *net = genl_info_net(info);
	struct o2m *o2m;

	o2m = o2m_nl_master(net, info->attrs, info->extack, rcu);
	if (IS_ERR(o2m))
		return ERR_CAST(o2m);
	return o2m_nl_link(o2m, net, info->attrs, info->extack, rcu);
}

static int o2m_nl_del_link(struct sk_buff *skb, struct genl_info *info)
{
	struct o2m_link *link;
	int err = 0;

	rtnl_lock();
	link = o2m_nl_find_link(info, false);
	if (IS_ERR(link))
		err = PTR_ERR(link);
	else
		o2m_link_del(link, false);
	rtnl_unlock();
	return err;
}

static int o2m_nl_set_link(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *ltb[O2M_LINK_A_MAX + 1];
	struct o2m_link *link;
	int err;

	rtnl_lock();
	link = o2m_nl_find_link(info, false);
	if (IS_ERR(link)) {
		err = PTR_ERR(link);
		goto out;
	}
	err = o2m_nl_parse_link(info->attrs, ltb, info->extack);
	if (err)
		goto out;
	if (!ltb[O2M_LINK_A_ENABLED]) {
		NL_SET_ERR_MSG(info->extack, "say what to change (O2M_LINK_A_ENABLED)");
		err = -EINVAL;
		goto out;
	}
	o2m_link_set_enabled(link, nla_get_u8(ltb[O2M_LINK_A_ENABLED]));
out:
	rtnl_unlock();
	return err;
}

static int o2m_nl_get_link(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	struct o2m_link *link;
	int err;

	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	link = o2m_nl_find_link(info, true);
	err = IS_ERR(link) ? PTR_ERR(link) : o2m_nl_fill_link(msg, link, info, O2M_CMD_GET_LINK);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Every link of one master, in order; cb->args[0] is the next link number. */
static int o2m_nl_dump_link(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = o2m_dump_attrs(cb);
	struct o2m_link *link;
	struct o2m *o2m;
	int i, err = 0;
	void *hdr;

	rcu_read_lock();
	o2m = o2m_nl_master(sock_net(skb->sk), attrs, cb->extack, true);
	if (IS_ERR(o2m)) {
		err = PTR_ERR(o2m);
		goto out;
	}
	for (i = cb->args[0]; i < O2M_MAX_LINKS; i++) {
		link = o2m_link_get(o2m, i);
		if (!link)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &o2m_genl_family, NLM_F_MULTI, O2M_CMD_GET_LINK);
		if (!hdr)
			break;
		if (o2m_nl_put_master(skb, o2m) || o2m_nl_put_link(skb, link, true)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = i;
	err = skb->len;
out:
	rcu_read_unlock();
	return err;
}


static int o2m_nl_put_link_stats(struct sk_buff *skb, int id, const struct o2m_stats *s)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, O2M_A_LINK);
	if (!nest || nla_put_s32(skb, O2M_LINK_A_ID, id) || o2m_nl_put_stats(skb, s))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

#define O2M_ALL_LINKS (-2)

/*
 * The counters of link @i (-1: the master) if a stats request for @id (a
 * link, or all) selects them and the link exists, else NULL. Under RTNL or
 * RCU: the link is read once, so one that goes meanwhile is either counted
 * whole or not at all.
 */
static struct o2m_counters *o2m_stats_selected(struct o2m *o2m, int id, int i)
{
	struct o2m_link *link;

	if (id != O2M_ALL_LINKS && i != id)
		return NULL;
	if (i == O2M_LINK_MASTER)
		return &o2m->stats;
	link = o2m_link_get(o2m, i);
	return link ? &link->stats : NULL;
}

/*
 * The master and the link (O2M_ALL_LINKS if none) a stats request names.
 * Under RTNL, or (@rcu) in an RCU read-side section.
 */
static struct o2m *o2m_nl_stats_target(struct genl_info *info, bool rcu, int *id)
{
	struct nlattr *ltb[O2M_LINK_A_MAX + 1];
	struct o2m *o2m;
	int err;

	*id = O2M_ALL_LINKS;
	o2m = o2m_nl_master(genl_info_net(info), info->attrs, info->extack, rcu);
	if (IS_ERR(o2m) || !info->attrs[O2M_A_LINK])
		return o2m;
	err = o2m_nl_parse_link(info->attrs, ltb, info->extack);
	if (err)
		return ERR_PTR(err);
	if (!ltb[O2M_LINK_A_ID]) {
		NL_SET_ERR_MSG(info->extack, "name the link by number (-1 for the master)");
		return ERR_PTR(-EINVAL);
	}
	*id = nla_get_s32(ltb[O2M_LINK_A_ID]);
	if (*id != O2M_LINK_MASTER && !o2m_link_get(o2m, *id)) {
		NL_SET_ERR_MSG_ATTR(info->extack, ltb[O2M_LINK_A_ID], "no link with that number");
		return ERR_PTR(-ENOENT);
	}
	return o2m;
}

/* 65 nests of 7 attributes: about 5 KiB at most */
#define O2M_STATS_REPLY_SIZE 8192

/*
 * The reply's header and master; the caller adds the links' nests and ends
 * it. Under RTNL or RCU.
 */
static void *o2m_nl_stats_start(struct sk_buff *msg, struct genl_info *info,
				struct o2m *o2m)
{
	void *hdr = genlmsg_put_reply(msg, info, &o2m_genl_family, 0, O2M_CMD_GET_STATS);

	if (!hdr || o2m_nl_put_master(msg, o2m))
		return NULL;
	return hdr;
}

/* GET of one link, the master (-1), or all of them: under RCU, no RTNL. */
static int o2m_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = genlmsg_new(O2M_STATS_REPLY_SIZE, GFP_KERNEL);
	struct o2m_counters *c;
	struct o2m_stats s;
	struct o2m *o2m;
	int err = 0, i, id;
	void *hdr = NULL;

	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	o2m = o2m_nl_stats_target(info, true, &id);
	if (IS_ERR(o2m)) {
		err = PTR_ERR(o2m);
		goto out;
	}
	hdr = o2m_nl_stats_start(msg, info, o2m);
	for (i = O2M_LINK_MASTER; hdr && !err && i < O2M_MAX_LINKS; i++) {
		c = o2m_stats_selected(o2m, id, i);
		if (!c) {
			/* the link named went since o2m_nl_stats_target() */
			if (i == id) {
				NL_SET_ERR_MSG(info->extack, "no link with that number");
				err = -ENOENT;
			}
			continue;
		}
		o2m_counters_read(c, &s);
		err = o2m_nl_put_link_stats(msg, i, &s);
	}
	if (!hdr)
		err = -EMSGSIZE;
out:
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * CLEAR and GETCLR of one link, the master (-1), or all of them, under
 * RTNL. The reply is built completely before anything is cleared, so a
 * failure clears nothing.
 */
static int o2m_nl_clear(struct genl_info *info, bool get)
{
	int err = 0, i, id;
	struct sk_buff *msg = NULL;
	struct o2m_counters *c;
	/* raw[i + 1]: one reading of link i's counters, -1 the master's */
	struct o2m_stats *raw = NULL;
	struct o2m_stats s;
	void *hdr = NULL;
	struct o2m *o2m;

	rtnl_lock();
	o2m = o2m_nl_stats_target(info, false, &id);
	if (IS_ERR(o2m)) {
		err = PTR_ERR(o2m);
		goto out;
	}
	/*
	 * One reading of every selected counter, which both the reply and the
	 * clearing use: what a GETCLR reply says is exactly what it cleared,
	 * and nothing counted meanwhile is lost. Nothing is cleared unless
	 * the reply was sent.
	 */
	raw = kcalloc(O2M_MAX_LINKS + 1, sizeof(*raw), GFP_KERNEL);
	if (!raw) {
		err = -ENOMEM;
		goto out;
	}
	for (i = O2M_LINK_MASTER; i < O2M_MAX_LINKS; i++) {
		c = o2m_stats_selected(o2m, id, i);
		if (c)
			o2m_counters_sum(c, &raw[i + 1]);
	}
	if (get) {
		msg = genlmsg_new(O2M_STATS_REPLY_SIZE, GFP_KERNEL);
		if (!msg) {
			err = -ENOMEM;
			goto out;
		}
		hdr = o2m_nl_stats_start(msg, info, o2m);
		if (!hdr) {
			err = -EMSGSIZE;
			goto out;
		}
		for (i = O2M_LINK_MASTER; i < O2M_MAX_LINKS; i++) {
			c = o2m_stats_selected(o2m, id, i);
			if (!c)
				continue;
			o2m_counters_since(c, &raw[i + 1], &s);
			err = o2m_nl_put_link_stats(msg, i, &s);
			if (err)
				goto out;
		}
		genlmsg_end(msg, hdr);
		err = genlmsg_reply(msg, info);
		msg = NULL;
		if (err)
			goto out;
	}
	for (i = O2M_LINK_MASTER; i < O2M_MAX_LINKS; i++) {
		c = o2m_stats_selected(o2m, id, i);
		if (c)
			o2m_counters_clear_to(c, &raw[i + 1]);
	}
out:
	rtnl_unlock();
	kfree(raw);
	nlmsg_free(msg);
	return err;
}

static int o2m_nl_clear_stats(struct sk_buff *skb, struct genl_info *info)
{
	return o2m_nl_clear(info, false);
}

static int o2m_nl_getclr_stats(struct sk_buff *skb, struct genl_info *info)
{
	return o2m_nl_clear(info, true);
}

/**
 * o2m_notify - tell the "events" group what happened. Under RTNL.
 * @o2m: the master
 * @event: enum o2m_event
 * @link: the link it concerns, or NULL
 */
void o2m_notify(struct o2m *o2m, u32 event, struct o2m_link *link)
{
	struct net *net = dev_net(o2m->dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&o2m_genl_family, net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &o2m_genl_family, 0, O2M_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(msg, O2M_A_EVENT, event) ||
	    o2m_nl_put_master(msg, o2m) ||
	    (link && o2m_nl_put_link(msg, link, false)) ||
	    nla_put_s32(msg, O2M_A_FAILOVER_LINK, o2m->failover_link)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&o2m_genl_family, net, msg, 0, 0, GFP_KERNEL);
}

static const struct genl_small_ops o2m_genl_ops[] = {
	{
		.cmd = O2M_CMD_GET_CONFIG,
		.doit = o2m_nl_get_config,
		.dumpit = o2m_nl_dump_config,
	}, {
		.cmd = O2M_CMD_SET_CONFIG,
		.doit = o2m_nl_set_config,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = O2M_CMD_ADD_LINK,
		.doit = o2m_nl_add_link,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = O2M_CMD_DEL_LINK,
		.doit = o2m_nl_del_link,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = O2M_CMD_SET_LINK,
		.doit = o2m_nl_set_link,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = O2M_CMD_GET_LINK,
		.doit = o2m_nl_get_link,
		.dumpit = o2m_nl_dump_link,
	}, {
		.cmd = O2M_CMD_GET_STATS,
		.doit = o2m_nl_get_stats,
	}, {
		.cmd = O2M_CMD_CLEAR_STATS,
		.doit = o2m_nl_clear_stats,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = O2M_CMD_GETCLR_STATS,
		.doit = o2m_nl_getclr_stats,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group o2m_genl_mcgrps[] = {
	{ .name = ONE2MANY_GENL_MCGRP_EVENTS },
};

static struct genl_family o2m_genl_family __ro_after_init = {
	.name		= ONE2MANY_GENL_NAME,
	.version	= ONE2MANY_GENL_VERSION,
	.maxattr	= O2M_A_MAX,
	.policy		= o2m_policy,
	.netnsok	= true,
	/*
	 * No genl_mutex: the commands that change something serialize on
	 * RTNL, and a GET must not queue behind one that waits for it.
	 */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.small_ops	= o2m_genl_ops,
	.n_small_ops	= ARRAY_SIZE(o2m_genl_ops),
	.resv_start_op	= O2M_CMD_GET_CONFIG,
	.mcgrps		= o2m_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(o2m_genl_mcgrps),
};

int __init o2m_genl_register(void)
{
	return genl_register_family(&o2m_genl_family);
}

void o2m_genl_unregister(void)
{
	genl_unregister_family(&o2m_genl_family);
}
