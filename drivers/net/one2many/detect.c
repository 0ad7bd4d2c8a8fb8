// SPDX-License-Identifier: GPL-2.0
/*
 * Failure detection: which links are active, the master's carrier, and the
 * netdev notifier that tells us when a link's state changes.
 *
 * A link is active when it is enabled and, in carrier mode, up with carrier,
 * as the hold-down timers (updelay, downdelay) let it be seen; in probe mode,
 * up with carrier and a path that answers (probe.c). The active
 * links are published as an array (struct o2m_active) that the transmit
 * path reads under RCU; it is rebuilt here, under RTNL, and the events a
 * listener cares about are sent from here too.
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
	if (o2m->detect == O2M_DETECT_PROBE && !link->path)
		return false;
	return netif_running(link->dev) && link->carrier;
}

/* How often the device's carrier has changed: a flap linkwatch folded too. */
static unsigned int o2m_carrier_changes(const struct net_device *dev)
{
	return atomic_read(&dev->carrier_up_count) +
	       atomic_read(&dev->carrier_down_count);
}

static void o2m_link_set_pending(struct o2m *o2m, struct o2m_link *link, u8 pending)
{
	if (link->pending == pending)
		return;
	WRITE_ONCE(link->pending, pending);
	o2m_notify(o2m, O2M_EVENT_LINK_PENDING, link);
}

/* A link takes its state as it is, with no wait: enslaved, or brought down. */
static void o2m_link_hold_none(struct o2m *o2m, struct o2m_link *link)
{
	link->carrier = netif_running(link->dev) && netif_carrier_ok(link->dev);
	o2m_link_set_pending(o2m, link, O2M_PENDING_NONE);
}

/* At enslaving, before the link is published. */
void o2m_link_hold_init(struct o2m_link *link)
{
	link->carrier = netif_running(link->dev) && netif_carrier_ok(link->dev);
	link->carrier_changes = o2m_carrier_changes(link->dev);
	link->pending = O2M_PENDING_NONE;
}

/*
 * The hold-down of one link: a change of carrier takes effect once it has
 * lasted updelay (carrier back) or downdelay (carrier lost). A carrier that
 * changes back ends the wait; one that changed and back since the last
 * look starts it anew. So does a loss and return too quick for linkwatch to
 * tell apart, on a link in use and without a downdelay: the link was lost,
 * and it is back. Sets pending_end while a wait is under way. @fresh:
 * detection has just become carrier, and every link is taken as it is.
 */
static void o2m_link_hold(struct o2m *o2m, struct o2m_link *link, ktime_t now,
			  bool fresh)
{
	struct net_device *dev = link->dev;
	unsigned int changes = o2m_carrier_changes(dev);
	bool carrier = netif_carrier_ok(dev);
	bool flapped = changes != link->carrier_changes;
	u8 pending;
	u32 delay;

	link->carrier_changes = changes;
	if (fresh || o2m->detect != O2M_DETECT_CARRIER || !netif_running(dev)) {
		o2m_link_hold_none(o2m, link);
		return;
	}
	if (carrier == link->carrier) {
		if (!carrier || !flapped || !o2m->updelay || o2m->downdelay) {
			o2m_link_hold_none(o2m, link);
			return;
		}
		link->carrier = false;
	}
	pending = carrier ? O2M_PENDING_UP : O2M_PENDING_DOWN;
	delay = carrier ? o2m->updelay : o2m->downdelay;
	if (link->pending != pending || flapped)
		link->pending_since = now;
	link->pending_end = ktime_add_ms(link->pending_since, delay);
	if (!delay || ktime_compare(now, link->pending_end) >= 0) {
		o2m_link_hold_none(o2m, link);
		return;
	}
	o2m_link_set_pending(o2m, link, pending);
}

/*
 * Every link's hold-down, before the active set is computed. While no link
 * is active, a link whose carrier is back is used at once, as bonding does:
 * waiting would only make the outage longer. The timer is set for the
 * first wait to end.
 */
static void o2m_hold_links(struct o2m *o2m)
{
	bool fresh = o2m->detect == O2M_DETECT_CARRIER &&
		     o2m->hold_detect != O2M_DETECT_CARRIER;
	ktime_t now = ktime_get(), first = 0;
	struct o2m_link *link;
	bool active = false;
	int i;

	o2m->hold_detect = o2m->detect;
	o2m_for_each_link(o2m, link, i) {
		o2m_link_hold(o2m, link, now, fresh);
		active |= o2m_link_is_active(o2m, link);
	}
	o2m_for_each_link(o2m, link, i) {
		if (!active && link->enabled && link->pending == O2M_PENDING_UP)
			o2m_link_hold_none(o2m, link);
		if (link->pending != O2M_PENDING_NONE &&
		    (!first || ktime_before(link->pending_end, first)))
			first = link->pending_end;
	}
	if (first)
		hrtimer_start(&o2m->hold_timer, first, HRTIMER_MODE_ABS);
	else
		hrtimer_try_to_cancel(&o2m->hold_timer);
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
	o2m_hold_links(o2m);
	o2m_probe_paths(o2m);
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

/*
 * A wait has ended: to the work, which can take RTNL. On the high-priority
 * workqueue, so that a CPU busy with a sender does not delay it by ticks.
 */
static enum hrtimer_restart o2m_hold_timer(struct hrtimer *timer)
{
	struct o2m *o2m = container_of(timer, struct o2m, hold_timer);

	mod_delayed_work(system_highpri_wq, &o2m->hold_work, 0);
	return HRTIMER_NORESTART;
}

/* Applies the waits that have ended, and sets the timer for the next. */
static void o2m_hold_work(struct work_struct *work)
{
	struct o2m *o2m = container_of(to_delayed_work(work), struct o2m, hold_work);

	if (!rtnl_trylock()) {
		queue_delayed_work(system_highpri_wq, &o2m->hold_work, 1);
		return;
	}
	o2m_update_active(o2m);
	rtnl_unlock();
}

void o2m_hold_init(struct o2m *o2m)
{
	hrtimer_init(&o2m->hold_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	o2m->hold_timer.function = o2m_hold_timer;
	INIT_DELAYED_WORK(&o2m->hold_work, o2m_hold_work);
}

/*
 * Under RTNL, once no link is left to wait for: only o2m_update_active()
 * arms the timer, and it cannot run meanwhile. The probe work and the timer
 * first, which would queue the work again.
 */
void o2m_hold_cancel(struct o2m *o2m)
{
	ASSERT_RTNL();
	o2m_probe_stop(o2m);
	hrtimer_cancel(&o2m->hold_timer);
	cancel_delayed_work_sync(&o2m->hold_work);
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
		/* A link that may carry traffic again probes at once. */
		if (event != NETDEV_DOWN && netif_carrier_ok(dev))
			o2m_probe_start(link->o2m);
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
