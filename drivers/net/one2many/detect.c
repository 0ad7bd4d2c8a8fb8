// SPDX-License-Identifier: GPL-2.0
/*
 * Failure detection: which links are active, the master's carrier, and the
 * netdev notifier that tells us when a link's state changes.
 *
 * A link is active when it is enabled and, in carrier mode, up with carrier.
 * The active links are published as an array (struct o2m_active) that the
 * transmit path reads under RCU; it is rebuilt here, under RTNL, and the
 * events a listener cares about are sent from here too.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "one2many.h"

static struct o2m_active *o2m_active_alloc(void)
{
	struct o2m_active *a;

	return kzalloc(struct_size(a, links, O2M_MAX_LINKS), GFP_KERNEL);
}

static bool o2m_link_is_active(const struct o2m *o2m, const struct o2m_link *link)
{
	if (!link->enabled)
		return false;
	if (o2m->detect == O2M_DETECT_MANUAL)
		return true;
	return netif_running(link->dev) && netif_carrier_ok(link->dev);
}

static bool o2m_active_equal(const struct o2m_active *a, const struct o2m_active *b)
{
	return a->count == b->count &&
	       !memcmp(a->links, b->links, a->count * sizeof(a->links[0]));
}

/**
 * o2m_update_active - rebuild the active set after any change of state
 * @o2m: the master
 *
 * Publishes the new array, announces links that became active or inactive,
 * turns the master's carrier on while at least one link is active, and
 * announces the link failover mode now uses.
 */
void o2m_update_active(struct o2m *o2m)
{
	struct o2m_active *old = rtnl_dereference(o2m->active), *new;
	struct o2m_link *link;
	bool announce = false;
	u64 mask = 0;
	int i, failover;

	ASSERT_RTNL();
	new = o2m_active_alloc();
	if (unlikely(!new)) {
		/*
		 * Out of memory: take the array away from the datapath (it
		 * drops frames meanwhile), wait for its readers, and rebuild
		 * it in place. A removed link must never stay reachable.
		 */
		RCU_INIT_POINTER(o2m->active, NULL);
		synchronize_net();
		new = old;
		new->count = 0;
	}
	/* Carrier changes outside RTNL: decide each link once, here. */
	o2m_for_each_link(o2m, link, i) {
		if (o2m_link_is_active(o2m, link)) {
			new->links[new->count++] = link;
			mask |= BIT_ULL(i);
		}
	}

	if (new != old && o2m_active_equal(new, old)) {
		kfree(new);
		return;
	}
	rcu_assign_pointer(o2m->active, new);
	if (new != old)
		kfree_rcu(old, rcu);

	o2m_for_each_link(o2m, link, i) {
		bool active = mask & BIT_ULL(i);

		if (active == link->active)
			continue;
		WRITE_ONCE(link->active, active);
		o2m_notify(o2m, active ? O2M_EVENT_LINK_ACTIVE : O2M_EVENT_LINK_INACTIVE, link);
	}

	if (new->count && !netif_carrier_ok(o2m->dev)) {
		netif_carrier_on(o2m->dev);
		o2m_notify(o2m, O2M_EVENT_CARRIER_UP, NULL);
		announce = true;
	} else if (!new->count && netif_carrier_ok(o2m->dev)) {
		netif_carrier_off(o2m->dev);
		o2m_notify(o2m, O2M_EVENT_CARRIER_DOWN, NULL);
	}

	failover = new->count ? new->links[0]->id : -1;
	if (failover != o2m->failover_link) {
		WRITE_ONCE(o2m->failover_link, failover);
		o2m_notify(o2m, O2M_EVENT_FAILOVER_LINK, NULL);
		if (failover >= 0 && o2m->mode->id == O2M_MODE_FAILOVER)
			announce = true;
	}
	if (announce)
		o2m_announce(o2m);
}

/**
 * o2m_announce - start a series of announcements to the peers. Under RTNL.
 * @o2m: the master
 *
 * The master's carrier came on, or failover mode moved to another link: tell
 * the peers (switches, neighbours) where the master's addresses are now, as
 * bonding does on failover. A series under way starts anew.
 */
void o2m_announce(struct o2m *o2m)
{
	ASSERT_RTNL();
	if (!o2m->notify_count || !netif_running(o2m->dev) || !netif_carrier_ok(o2m->dev))
		return;
	o2m->notify_left = o2m->notify_count;
	o2m->notify_sent = 0;
	o2m->notify_rejoin = true;
	mod_delayed_work(system_wq, &o2m->notify_work, 0);
}

/*
 * A new notify count, which also holds for a series under way: one of which
 * that many are sent already ends there. Under RTNL.
 */
void o2m_set_notify_count(struct o2m *o2m, u32 count)
{
	ASSERT_RTNL();
	WRITE_ONCE(o2m->notify_count, count);
	if (o2m->notify_sent >= count)
		o2m->notify_left = 0;
	else
		o2m->notify_left = min(o2m->notify_left, count - o2m->notify_sent);
}

/*
 * After a change of configuration: the active set again, and a master that
 * enters failover mode, whose traffic now takes one link, announces itself
 * there. Under RTNL.
 */
void o2m_config_changed(struct o2m *o2m, const struct o2m_transmit_mode *was)
{
	o2m_update_active(o2m);
	if (o2m->mode != was && o2m->mode->id == O2M_MODE_FAILOVER)
		o2m_announce(o2m);
}

/*
 * One announcement: NETDEV_NOTIFY_PEERS, on which IPv4 sends a gratuitous
 * ARP for each of the master's addresses and IPv6 an unsolicited neighbour
 * advertisement for each that is not tentative, 8021q passing it to the
 * VLAN devices on top; the master sends them as any frame, so out of the
 * link now in use. The first of a series also has the multicast groups
 * joined again (NETDEV_RESEND_IGMP: IGMP and MLD reports), once, as
 * bonding's resend_igmp does. It takes RTNL with a trylock, so that
 * o2m_stop() can cancel it under RTNL, and waits while the master's own
 * carrier change is still pending in linkwatch: until then its queue is
 * the noop qdisc, which would drop the announcement.
 */
void o2m_announce_work(struct work_struct *work)
{
	struct o2m *o2m = container_of(to_delayed_work(work), struct o2m, notify_work);
	struct net_device *dev = o2m->dev;

	if (!rtnl_trylock()) {
		schedule_delayed_work(&o2m->notify_work, 1);
		return;
	}
	if (!o2m->notify_left || !netif_running(dev) || !netif_carrier_ok(dev)) {
		o2m->notify_left = 0;
	} else if (test_bit(__LINK_STATE_LINKWATCH_PENDING, &dev->state)) {
		schedule_delayed_work(&o2m->notify_work, 1);
	} else {
		if (o2m->notify_rejoin) {
			call_netdevice_notifiers(NETDEV_RESEND_IGMP, dev);
			o2m->notify_rejoin = false;
		}
		call_netdevice_notifiers(NETDEV_NOTIFY_PEERS, dev);
		o2m->notify_sent++;
		if (--o2m->notify_left)
			schedule_delayed_work(&o2m->notify_work,
					      msecs_to_jiffies(o2m->notify_interval));
	}
	rtnl_unlock();
}

int o2m_active_init(struct o2m *o2m)
{
	struct o2m_active *a = o2m_active_alloc();

	if (!a)
		return -ENOMEM;
	RCU_INIT_POINTER(o2m->active, a);
	o2m->failover_link = -1;
	return 0;
}

/* After the master is unregistered: no reader is left. */
void o2m_active_free(struct o2m *o2m)
{
	kfree(rcu_dereference_protected(o2m->active, true));
	RCU_INIT_POINTER(o2m->active, NULL);
}

int o2m_set_detect(struct o2m *o2m, u32 detect, struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (detect != O2M_DETECT_MANUAL && detect != O2M_DETECT_CARRIER) {
		NL_SET_ERR_MSG(extack, "unknown failure detection: use 1 (manual) or 2 (carrier)");
		return -EINVAL;
	}
	WRITE_ONCE(o2m->detect, detect);
	o2m_update_active(o2m);
	return 0;
}

static int o2m_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct o2m_link *link = o2m_link_of(dev);

	if (!link)
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_UNREGISTER:
		/* Deleted, or moved to another namespace (reg_state is
		 * still NETREG_REGISTERED then): released either way.
		 */
		o2m_link_del(link, true);
		break;
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		o2m_update_active(link->o2m);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* A link must stay Ethernet. */
		return notifier_from_errno(-EBUSY);
	case NETDEV_PRECHANGEMTU:
		/*
		 * A link's MTU is its master's, as team's ports' is: a smaller
		 * one would drop what the master sends. The notifier has no
		 * extack to say so, and not the new MTU.
		 */
		if (link->o2m->changing_links)
			break;
		net_info_ratelimited("%s: is a link of %s: set the one2many device's MTU instead\n",
				     dev->name, link->o2m->dev->name);
		return notifier_from_errno(-EBUSY);
	case NETDEV_PRE_CHANGEADDR:
		/* And its MAC address, which the peers learnt for the master. */
		if (link->o2m->changing_links)
			break;
		NL_SET_ERR_MSG(netdev_notifier_info_to_extack(ptr),
			       "a one2many link has its master's MAC address: set the master's instead");
		return notifier_from_errno(-EBUSY);
	case NETDEV_FEAT_CHANGE:
		/* ethtool -K on a link: what the master offers follows. */
		o2m_compute_features(link->o2m);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block o2m_notifier = {
	.notifier_call = o2m_netdev_event,
};

int o2m_notifier_register(void)
{
	return register_netdevice_notifier(&o2m_notifier);
}

void o2m_notifier_unregister(void)
{
	unregister_netdevice_notifier(&o2m_notifier);
}
