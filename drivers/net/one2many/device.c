// SPDX-License-Identifier: GPL-2.0
/* The master device: netdev ops, ethtool, rtnl_link_ops. */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "one2many.h"

#define O2M_VLAN_FEATURES (NETIF_F_HW_CSUM | NETIF_F_SG | NETIF_F_FRAGLIST | \
			   NETIF_F_GSO_SOFTWARE | NETIF_F_HIGHDMA)
#define O2M_ENC_FEATURES (NETIF_F_HW_CSUM | NETIF_F_SG | NETIF_F_RXCSUM | \
			  NETIF_F_GSO_SOFTWARE)

static const struct net_device_ops o2m_netdev_ops;

bool netif_is_one2many(const struct net_device *dev)
{
	return dev->netdev_ops == &o2m_netdev_ops;
}

static int o2m_init(struct net_device *dev)
{
	struct o2m *o2m = netdev_priv(dev);
	int err;

	err = o2m_counters_init(&o2m->stats);
	if (err)
		return err;
	o2m->rr_pos = alloc_percpu(u32);
	if (!o2m->rr_pos) {
		o2m_counters_free(&o2m->stats);
		return -ENOMEM;
	}
	err = o2m_active_init(o2m);
	if (err) {
		free_percpu(o2m->rr_pos);
		o2m_counters_free(&o2m->stats);
		return err;
	}
	netdev_lockdep_set_classes(dev);
	netif_carrier_off(dev);
	return 0;
}

/* Unregistering the master releases every link. */
static void o2m_uninit(struct net_device *dev)
{
	struct o2m *o2m = netdev_priv(dev);
	struct o2m_link *link;
	int i;

	cancel_delayed_work_sync(&o2m->notify_work);
	o2m_for_each_link(o2m, link, i)
		o2m_link_del(link, false);
	o2m_hold_cancel(o2m);
}

static void o2m_destructor(struct net_device *dev)
{
	struct o2m *o2m = netdev_priv(dev);

	o2m_active_free(o2m);
	o2m_probe_free(o2m);
	free_percpu(o2m->rr_pos);
	o2m_counters_free(&o2m->stats);
}

/* A master that comes up with links active tells its peers, and probes. */
static int o2m_open(struct net_device *dev)
{
	o2m_announce(netdev_priv(dev));
	o2m_probe_open(netdev_priv(dev));
	return 0;
}

/*
 * The links keep no address of a master that is down (and the core flushes a
 * master's lists before ndo_uninit releases its links: too late to unsync).
 * dev_open() syncs them again through ndo_set_rx_mode.
 */
static int o2m_stop(struct net_device *dev)
{
	struct o2m *o2m = netdev_priv(dev);
	struct o2m_link *link;
	int i;

	/* The works take RTNL only with a trylock, if at all: no deadlock. */
	cancel_delayed_work_sync(&o2m->notify_work);
	o2m->notify_left = 0;
	o2m_probe_stop(o2m);
	o2m_for_each_link(o2m, link, i)
		o2m_link_unsync_addrs(link);
	return 0;
}

static void o2m_get_stats64(struct net_device *dev,
			    struct rtnl_link_stats64 *stats)
{
	struct o2m *o2m = netdev_priv(dev);
	struct o2m_stats s;

	o2m_counters_sum(&o2m->stats, &s);
	stats->rx_packets = s.xmit_packets;
	stats->rx_bytes = s.xmit_octets;
	stats->rx_dropped = s.memory_failures;
	stats->tx_packets = s.tx_packets;
	stats->tx_bytes = s.tx_octets;
	stats->tx_dropped = s.drops;
}

static int o2m_change_mtu(struct net_device *dev, int mtu)
{
	struct o2m *o2m = netdev_priv(dev);
	int err;

	err = o2m_links_set_mtu(o2m, mtu, NULL);
	if (err)
		return err;
	WRITE_ONCE(dev->mtu, mtu);
	return 0;
}

static int o2m_set_mac_address(struct net_device *dev, void *p)
{
	struct o2m *o2m = netdev_priv(dev);
	struct sockaddr *sa = p;
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	err = o2m_links_set_addr(o2m, sa, NULL);
	if (err)
		return err;
	eth_hw_addr_set(dev, sa->sa_data);
	return 0;
}

static void o2m_change_rx_flags(struct net_device *dev, int change)
{
	struct o2m *o2m = netdev_priv(dev);
	struct o2m_link *link;
	int i;

	ASSERT_RTNL();
	o2m_for_each_link(o2m, link, i) {
		if (change & IFF_PROMISC)
			dev_set_promiscuity(link->dev,
					    dev->flags & IFF_PROMISC ? 1 : -1);
		if (change & IFF_ALLMULTI)
			dev_set_allmulti(link->dev,
					 dev->flags & IFF_ALLMULTI ? 1 : -1);
	}
}

/*
 * Called with the master's address lock, not always under RTNL. The core
 * checks IFF_UP, which dev_close() clears only after ndo_stop: a call in
 * between must not sync again what o2m_stop() just unsynced.
 */
static void o2m_set_rx_mode(struct net_device *dev)
{
	struct o2m *o2m = netdev_priv(dev);
	struct o2m_link *link;
	int i;

	if (!netif_running(dev))
		return;
	rcu_read_lock();
	for (i = 0; i < O2M_MAX_LINKS; i++) {
		link = rcu_dereference(o2m->links[i]);
		if (!link)
			continue;
		dev_uc_sync_multiple(link->dev, dev);
		dev_mc_sync_multiple(link->dev, dev);
	}
	rcu_read_unlock();
}

static int o2m_add_slave(struct net_device *dev, struct net_device *slave,
			 struct netlink_ext_ack *extack)
{
	return o2m_link_add(netdev_priv(dev), slave, -1, extack);
}

static int o2m_del_slave(struct net_device *dev, struct net_device *slave)
{
	struct o2m_link *link = o2m_link_of(slave);

	if (!link || link->o2m != netdev_priv(dev))
		return -EINVAL;
	o2m_link_del(link, false);
	return 0;
}

/*
 * A VLAN on the master (or on something stacked on it) is let through by
 * every link's receive filter: a NIC that filters VLANs (virtio-net, e1000,
 * igb, ixgbe, mlx5...) drops what it was not told of. Links enslaved later
 * get the master's VLANs in o2m_link_add(). Under RTNL.
 */
static int o2m_vlan_rx_add_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	struct o2m *o2m = netdev_priv(dev);
	struct o2m_link *link;
	int i, j, err;

	o2m_for_each_link(o2m, link, i) {
		err = vlan_vid_add(link->dev, proto, vid);
		if (err)
			goto rollback;
	}
	return 0;

rollback:
	o2m_for_each_link(o2m, link, j) {
		if (j >= i)
			break;
		vlan_vid_del(link->dev, proto, vid);
	}
	return err;
}

static int o2m_vlan_rx_kill_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	struct o2m *o2m = netdev_priv(dev);
	struct o2m_link *link;
	int i;

	o2m_for_each_link(o2m, link, i)
		vlan_vid_del(link->dev, proto, vid);
	return 0;
}

static netdev_features_t o2m_fix_features(struct net_device *dev,
					  netdev_features_t features)
{
	struct o2m *o2m = netdev_priv(dev);
	netdev_features_t tso = NETIF_F_ALL_TSO;
	netdev_features_t mask = features;
	struct o2m_link *link;
	int i;

	features &= ~NETIF_F_ONE_FOR_ALL;
	features |= NETIF_F_ALL_FOR_ALL;
	o2m_for_each_link(o2m, link, i) {
		features = netdev_increment_features(features, link->dev->features,
						     mask);
		tso &= link->dev->features;
	}
	/*
	 * TSO only while every link does it: bonding and team offer it
	 * always and leave the segmenting to the core at a link without it,
	 * but a user who turns TSO off on a link (ethtool -K LINK tso off)
	 * expects the master not to claim it either. The core then segments
	 * at the master (software GSO), before the frame is sent or, in
	 * "all" mode, copied. Without links there is no scatter-gather, so
	 * the core takes TSO off anyway.
	 */
	features &= ~NETIF_F_ALL_TSO;
	return features | (tso & mask);
}

/* What the master can offer follows from its links. Under RTNL. */
void o2m_compute_features(struct o2m *o2m)
{
	netdev_features_t vlan = O2M_VLAN_FEATURES & NETIF_F_ALL_FOR_ALL;
	netdev_features_t enc = O2M_ENC_FEATURES & NETIF_F_ALL_FOR_ALL;
	unsigned short hard_header_len = ETH_HLEN;
	unsigned int tso_size = GSO_LEGACY_MAX_SIZE;
	u16 tso_segs = GSO_MAX_SEGS;
	struct net_device *dev = o2m->dev;
	struct o2m_link *link;
	int i;

	o2m_for_each_link(o2m, link, i) {
		vlan = netdev_increment_features(vlan, link->dev->vlan_features,
						 O2M_VLAN_FEATURES);
		enc = netdev_increment_features(enc, link->dev->hw_enc_features,
						O2M_ENC_FEATURES);
		hard_header_len = max(hard_header_len, link->dev->hard_header_len);
		tso_size = min(tso_size, link->dev->tso_max_size);
		tso_segs = min(tso_segs, link->dev->tso_max_segs);
	}
	dev->vlan_features = vlan;
	dev->hw_enc_features = enc | NETIF_F_GSO_ENCAP_ALL;
	dev->hard_header_len = hard_header_len;
	netif_set_tso_max_size(dev, tso_size);
	netif_set_tso_max_segs(dev, tso_segs);
	netdev_change_features(dev);
}

#ifdef CONFIG_NET_POLL_CONTROLLER
/*
 * netpoll (netconsole) on the master: the master's transmit runs with
 * interrupts off and passes each frame to a link's own netpoll, as bonding
 * and team do, so every link gets one. The master itself has nothing to
 * poll. Under RTNL.
 */
static void o2m_netpoll_cleanup(struct net_device *dev)
{
	struct o2m *o2m = netdev_priv(dev);
	struct o2m_link *link;
	int i;

	o2m_for_each_link(o2m, link, i)
		o2m_link_netpoll_disable(link);
}

static int o2m_netpoll_setup(struct net_device *dev, struct netpoll_info *npinfo)
{
	struct o2m *o2m = netdev_priv(dev);
	struct o2m_link *link;
	int i, err;

	o2m_for_each_link(o2m, link, i) {
		err = o2m_link_netpoll_enable(link);
		if (err) {
			netdev_err(dev, "link %d (%s) cannot carry netpoll: %d\n",
				   link->id, link->dev->name, err);
			o2m_netpoll_cleanup(dev);
			return err;
		}
	}
	return 0;
}
#endif

static const struct net_device_ops o2m_netdev_ops = {
	.ndo_init		= o2m_init,
	.ndo_uninit		= o2m_uninit,
	.ndo_open		= o2m_open,
	.ndo_stop		= o2m_stop,
	.ndo_start_xmit		= o2m_start_xmit,
	.ndo_get_stats64	= o2m_get_stats64,
	.ndo_change_mtu		= o2m_change_mtu,
	.ndo_set_mac_address	= o2m_set_mac_address,
	.ndo_change_rx_flags	= o2m_change_rx_flags,
	.ndo_set_rx_mode	= o2m_set_rx_mode,
	.ndo_add_slave		= o2m_add_slave,
	.ndo_del_slave		= o2m_del_slave,
	.ndo_fix_features	= o2m_fix_features,
	.ndo_vlan_rx_add_vid	= o2m_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= o2m_vlan_rx_kill_vid,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_features_check	= passthru_features_check,
#ifdef CONFIG_NET_POLL_CONTROLLER
	.ndo_netpoll_setup	= o2m_netpoll_setup,
	.ndo_netpoll_cleanup	= o2m_netpoll_cleanup,
#endif
};

static void o2m_get_drvinfo(struct net_device *dev,
			    struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "one2many", sizeof(info->driver));
}

static const struct ethtool_ops o2m_ethtool_ops = {
	.get_drvinfo	= o2m_get_drvinfo,
	.get_link	= ethtool_op_get_link,
};

static void o2m_setup(struct net_device *dev)
{
	struct o2m *o2m = netdev_priv(dev);

	ether_setup(dev);
	dev->netdev_ops = &o2m_netdev_ops;
	dev->ethtool_ops = &o2m_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = o2m_destructor;

	/* No queue of our own: the links' qdiscs queue. */
	dev->priv_flags |= IFF_NO_QUEUE | IFF_UNICAST_FLT;
	/* We change skb->dev of what we are given. */
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	o2m_set_lltx(dev);
	/* The links are in the master's namespace and stay there. */
	o2m_set_netns_local(dev);

	dev->hw_features = O2M_VLAN_FEATURES | NETIF_F_RXCSUM | NETIF_F_HW_VLAN_CTAG_RX |
			   NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_STAG_TX |
			   NETIF_F_HW_VLAN_CTAG_FILTER | NETIF_F_HW_VLAN_STAG_FILTER;
	dev->features |= dev->hw_features;
	dev->vlan_features = O2M_VLAN_FEATURES;
	dev->hw_enc_features = O2M_ENC_FEATURES;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	eth_hw_addr_random(dev);

	o2m->dev = dev;
	o2m->mode = o2m_mode_get(O2M_MODE_ROUNDROBIN);
	o2m->detect = O2M_DETECT_CARRIER;
	o2m_xmit_check_update(o2m);
	o2m->failover_link = -1;
	o2m->notify_count = 1;
	o2m->notify_interval = 0;
	INIT_DELAYED_WORK(&o2m->notify_work, o2m_announce_work);
	o2m_hold_init(o2m);
	o2m_probe_init(o2m);
}

struct netlink_range_validation o2m_msecs_range __ro_after_init = {
	.max = O2M_MSECS_MAX,
};

static const struct nla_policy o2m_info_policy[IFLA_O2M_MAX + 1] = {
	[IFLA_O2M_MODE]		= NLA_POLICY_RANGE(NLA_U32, O2M_MODE_ROUNDROBIN, O2M_MODE_MAX),
	[IFLA_O2M_DETECT]	= NLA_POLICY_RANGE(NLA_U32, O2M_DETECT_MANUAL, O2M_DETECT_MAX),
	[IFLA_O2M_ACTIVE_LINKS]	= { .type = NLA_REJECT, .reject_message = "the active count is read only" },
	[IFLA_O2M_FAILOVER_LINK] = { .type = NLA_REJECT, .reject_message = "the failover link is read only" },
	[IFLA_O2M_NOTIFY_COUNT]	= NLA_POLICY_MAX(NLA_U32, O2M_NOTIFY_COUNT_MAX),
	[IFLA_O2M_NOTIFY_INTERVAL] = NLA_POLICY_FULL_RANGE(NLA_U32, &o2m_msecs_range),
	[IFLA_O2M_UPDELAY]	= NLA_POLICY_FULL_RANGE(NLA_U32, &o2m_msecs_range),
	[IFLA_O2M_DOWNDELAY]	= NLA_POLICY_FULL_RANGE(NLA_U32, &o2m_msecs_range),
	[IFLA_O2M_PROBE_INTERVAL] = NLA_POLICY_FULL_RANGE(NLA_U32, &o2m_probe_interval_range),
	[IFLA_O2M_PROBE_MISSES]	= NLA_POLICY_RANGE(NLA_U32, O2M_PROBE_MISSES_MIN, O2M_PROBE_MISSES_MAX),
	[IFLA_O2M_PROBE_TARGETS] = NLA_POLICY_NESTED(o2m_probe_target_policy),
};

static int o2m_validate(struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS], "a MAC address has 6 bytes");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS], "not a valid unicast MAC address");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

/*
 * Every attribute is validated by the policy, and what else can fail is
 * checked first: this cannot fail half-way.
 */
static int o2m_apply_info(struct o2m *o2m, struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	struct o2m_probe_change pc = {};
	int err;

	if (!data)
		return 0;
	if (data[IFLA_O2M_DETECT])
		pc.detect = nla_get_u32(data[IFLA_O2M_DETECT]);
	err = o2m_probe_prepare(o2m, &pc, data[IFLA_O2M_PROBE_TARGETS], extack);
	if (err)
		return err;
	if (data[IFLA_O2M_MODE])
		WRITE_ONCE(o2m->mode, o2m_mode_get(nla_get_u32(data[IFLA_O2M_MODE])));
	if (data[IFLA_O2M_NOTIFY_COUNT])
		o2m_set_notify_count(o2m, nla_get_u32(data[IFLA_O2M_NOTIFY_COUNT]));
	if (data[IFLA_O2M_NOTIFY_INTERVAL])
		WRITE_ONCE(o2m->notify_interval, nla_get_u32(data[IFLA_O2M_NOTIFY_INTERVAL]));
	if (data[IFLA_O2M_UPDELAY])
		WRITE_ONCE(o2m->updelay, nla_get_u32(data[IFLA_O2M_UPDELAY]));
	if (data[IFLA_O2M_DOWNDELAY])
		WRITE_ONCE(o2m->downdelay, nla_get_u32(data[IFLA_O2M_DOWNDELAY]));
	if (data[IFLA_O2M_PROBE_INTERVAL])
		WRITE_ONCE(o2m->probe_interval, nla_get_u32(data[IFLA_O2M_PROBE_INTERVAL]));
	if (data[IFLA_O2M_PROBE_MISSES])
		WRITE_ONCE(o2m->probe_misses, nla_get_u32(data[IFLA_O2M_PROBE_MISSES]));
	o2m_probe_commit(o2m, &pc);
	o2m_xmit_check_update(o2m);
	return 0;
}

static int o2m_newlink(struct net *src_net, struct net_device *dev,
		       struct nlattr *tb[], struct nlattr *data[],
		       struct netlink_ext_ack *extack)
{
	int err;

	err = o2m_apply_info(netdev_priv(dev), data, extack);
	if (!err)
		err = register_netdevice(dev);
	/*
	 * The destructor has freed the probe targets if register_netdevice()
	 * got as far as ndo_init; not if it failed before.
	 */
	if (err)
		o2m_probe_free(netdev_priv(dev));
	return err;
}

static int o2m_changelink(struct net_device *dev, struct nlattr *tb[],
			  struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct o2m *o2m = netdev_priv(dev);
	const struct o2m_transmit_mode *was = o2m->mode;
	int err;

	err = o2m_apply_info(o2m, data, extack);
	if (err)
		return err;
	o2m_config_changed(o2m, was);
	return 0;
}

static size_t o2m_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +	/* IFLA_O2M_MODE */
	       nla_total_size(sizeof(u32)) +	/* IFLA_O2M_DETECT */
	       nla_total_size(sizeof(u32)) +	/* IFLA_O2M_ACTIVE_LINKS */
	       nla_total_size(sizeof(s32)) +	/* IFLA_O2M_FAILOVER_LINK */
	       nla_total_size(sizeof(u32)) +	/* IFLA_O2M_NOTIFY_COUNT */
	       nla_total_size(sizeof(u32)) +	/* IFLA_O2M_NOTIFY_INTERVAL */
	       nla_total_size(sizeof(u32)) +	/* IFLA_O2M_UPDELAY */
	       nla_total_size(sizeof(u32)) +	/* IFLA_O2M_DOWNDELAY */
	       nla_total_size(sizeof(u32)) +	/* IFLA_O2M_PROBE_INTERVAL */
	       nla_total_size(sizeof(u32)) +	/* IFLA_O2M_PROBE_MISSES */
	       o2m_probe_targets_size();	/* IFLA_O2M_PROBE_TARGETS */
}

static int o2m_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	struct o2m *o2m = netdev_priv(dev);
	const struct o2m_active *active = rtnl_dereference(o2m->active);

	if (nla_put_u32(skb, IFLA_O2M_MODE, o2m->mode->id) ||
	    nla_put_u32(skb, IFLA_O2M_DETECT, o2m->detect) ||
	    nla_put_u32(skb, IFLA_O2M_ACTIVE_LINKS, active ? active->count : 0) ||
	    nla_put_s32(skb, IFLA_O2M_FAILOVER_LINK, o2m->failover_link) ||
	    nla_put_u32(skb, IFLA_O2M_NOTIFY_COUNT, o2m->notify_count) ||
	    nla_put_u32(skb, IFLA_O2M_NOTIFY_INTERVAL, o2m->notify_interval) ||
	    nla_put_u32(skb, IFLA_O2M_UPDELAY, o2m->updelay) ||
	    nla_put_u32(skb, IFLA_O2M_DOWNDELAY, o2m->downdelay) ||
	    nla_put_u32(skb, IFLA_O2M_PROBE_INTERVAL, o2m->probe_interval) ||
	    nla_put_u32(skb, IFLA_O2M_PROBE_MISSES, o2m->probe_misses) ||
	    o2m_probe_put_targets(skb, IFLA_O2M_PROBE_TARGETS,
				  rtnl_dereference(o2m->probe_targets)))
		return -EMSGSIZE;
	return 0;
}

static size_t o2m_get_slave_size(const struct net_device *master,
				 const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +	/* IFLA_O2M_LINK_ID */
	       nla_total_size(sizeof(u8)) +	/* IFLA_O2M_LINK_ENABLED */
	       nla_total_size(sizeof(u8)) +	/* IFLA_O2M_LINK_ACTIVE */
	       nla_total_size(sizeof(u8)) +	/* IFLA_O2M_LINK_PENDING */
	       nla_total_size(sizeof(u8));	/* IFLA_O2M_LINK_PATH */
}

static int o2m_fill_slave_info(struct sk_buff *skb,
			       const struct net_device *master,
			       const struct net_device *dev)
{
	struct o2m_link *link = o2m_link_of(dev);

	if (!link)
		return 0;
	if (nla_put_u32(skb, IFLA_O2M_LINK_ID, link->id) ||
	    nla_put_u8(skb, IFLA_O2M_LINK_ENABLED, link->enabled) ||
	    nla_put_u8(skb, IFLA_O2M_LINK_ACTIVE, link->active) ||
	    nla_put_u8(skb, IFLA_O2M_LINK_PENDING, link->pending) ||
	    nla_put_u8(skb, IFLA_O2M_LINK_PATH, link->path))
		return -EMSGSIZE;
	return 0;
}

static const struct nla_policy o2m_slave_policy[IFLA_O2M_LINK_MAX + 1] = {
	[IFLA_O2M_LINK_ID]	= { .type = NLA_REJECT, .reject_message = "a link's number is read only" },
	[IFLA_O2M_LINK_ENABLED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_O2M_LINK_ACTIVE]	= { .type = NLA_REJECT, .reject_message = "whether a link is active is read only" },
	[IFLA_O2M_LINK_PENDING]	= { .type = NLA_REJECT, .reject_message = "a link's pending change is read only" },
	[IFLA_O2M_LINK_PATH]	= { .type = NLA_REJECT, .reject_message = "a link's path is read only" },
};

/* "ip link set eth0 type one2many_slave enabled off"; RTNL is held. */
static int o2m_slave_changelink(struct net_device *dev,
				struct net_device *slave_dev,
				struct nlattr *tb[], struct nlattr *data[],
				struct netlink_ext_ack *extack)
{
	struct o2m_link *link = o2m_link_of(slave_dev);

	if (!link) {
		NL_SET_ERR_MSG(extack, "the device is not a link of this one2many device");
		return -ENODEV;
	}
	if (data && data[IFLA_O2M_LINK_ENABLED])
		o2m_link_set_enabled(link, nla_get_u8(data[IFLA_O2M_LINK_ENABLED]));
	return 0;
}

struct rtnl_link_ops o2m_link_ops __read_mostly = {
	.kind			= "one2many",
	.priv_size		= sizeof(struct o2m),
	.setup			= o2m_setup,
	.maxtype		= IFLA_O2M_MAX,
	.policy			= o2m_info_policy,
	.validate		= o2m_validate,
	.newlink		= o2m_newlink,
	.changelink		= o2m_changelink,
	.get_size		= o2m_get_size,
	.fill_info		= o2m_fill_info,
	.get_slave_size		= o2m_get_slave_size,
	.fill_slave_info	= o2m_fill_slave_info,
	.slave_maxtype		= IFLA_O2M_LINK_MAX,
	.slave_policy		= o2m_slave_policy,
	.slave_changelink	= o2m_slave_changelink,
};
