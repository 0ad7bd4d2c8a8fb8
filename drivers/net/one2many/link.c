// SPDX-License-Identifier: GPL-2.0
/*
 * Links: enslaving a device and releasing it, with the hygiene bonding and
 * team users expect. Every step of enslaving is undone, in reverse order,
 * when a later one fails and when the link is released.
 *
 * Everything here runs under RTNL.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/netpoll.h>
#include <linux/rtnetlink.h>

#include "one2many.h"

/*
 * The link a device is, or NULL if it is no link of ours. Under RTNL, or in
 * an RCU read-side section (the link may then be on its way in or out).
 */
struct o2m_link *o2m_link_of(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != o2m_handle_frame)
		return NULL;
	return rcu_dereference_rtnl(dev->rx_handler_data);
}

static int o2m_link_check(struct o2m *o2m, struct net_device *dev, int id,
			  struct netlink_ext_ack *extack)
{
	struct net_device *master = o2m->dev;

	if (dev == master) {
		NL_SET_ERR_MSG(extack, "a one2many device cannot be its own link");
		return -EINVAL;
	}
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "the loopback device cannot be a link");
		return -EINVAL;
	}
	if (netif_is_one2many(dev)) {
		NL_SET_ERR_MSG(extack, "a one2many device cannot be a link of another");
		return -EINVAL;
	}
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG(extack, "only Ethernet devices can be links");
		return -EINVAL;
	}
	if (!net_eq(dev_net(dev), dev_net(master))) {
		NL_SET_ERR_MSG(extack, "a link must be in the one2many device's network namespace");
		return -EINVAL;
	}
	if (netdev_master_upper_dev_get(dev)) {
		NL_SET_ERR_MSG(extack, "the device is already enslaved to another master");
		return -EBUSY;
	}
	if (netdev_is_rx_handler_busy(dev)) {
		NL_SET_ERR_MSG(extack, "the device is in use by another rx_handler (a bridge, macvlan, ...)");
		return -EBUSY;
	}
	if (!dev->netdev_ops->ndo_set_mac_address) {
		NL_SET_ERR_MSG(extack, "the device cannot change its MAC address");
		return -EOPNOTSUPP;
	}
	if ((dev->features & NETIF_F_VLAN_CHALLENGED) && vlan_uses_dev(master)) {
		NL_SET_ERR_MSG(extack, "the device cannot carry VLANs, and the one2many device has some");
		return -EPERM;
	}
	if (o2m->nlinks >= O2M_MAX_LINKS) {
		NL_SET_ERR_MSG(extack, "all 64 links are in use");
		return -ENOSPC;
	}
	if (id >= O2M_MAX_LINKS) {
		NL_SET_ERR_MSG(extack, "the link number must be 0..63");
		return -ERANGE;
	}
	if (id >= 0 && o2m_link_rtnl(o2m, id)) {
		NL_SET_ERR_MSG(extack, "that link number is in use");
		return -EBUSY;
	}
	return 0;
}

static int o2m_lowest_free(struct o2m *o2m)
{
	int i;

	for (i = 0; i < O2M_MAX_LINKS; i++)
		if (!o2m_link_rtnl(o2m, i))
			return i;
	return -1;
}

/* Promiscuity and allmulti follow the master's; inc is 1 or -1. */
static int o2m_link_sync_flags(struct o2m_link *link, int inc)
{
	struct net_device *master = link->o2m->dev;
	int err;

	if (master->flags & IFF_PROMISC) {
		err = dev_set_promiscuity(link->dev, inc);
		if (err)
			return err;
	}
	if (master->flags & IFF_ALLMULTI) {
		err = dev_set_allmulti(link->dev, inc);
		if (err) {
			if (master->flags & IFF_PROMISC)
				dev_set_promiscuity(link->dev, -inc);
			return err;
		}
	}
	return 0;
}

/*
 * The master's address lists are on a link while the master is up: synced at
 * enslave (if up) and by ndo_set_rx_mode, which the core calls only while it
 * is up; unsynced by ndo_stop and at release. dev_*_unsync() take both
 * address locks themselves.
 */
void o2m_link_unsync_addrs(struct o2m_link *link)
{
	dev_uc_unsync(link->dev, link->o2m->dev);
	dev_mc_unsync(link->dev, link->o2m->dev);
}

/*
 * The master's unicast and multicast lists go to the link (if the master is
 * running), and the link is published, under the master's address lock, as
 * ndo_set_rx_mode runs: an address added meanwhile is synced either here or
 * by ndo_set_rx_mode, which then finds the link.
 */
static int o2m_link_sync_and_publish(struct o2m_link *link)
{
	struct o2m *o2m = link->o2m;
	struct net_device *master = o2m->dev;
	int err = 0;

	netif_addr_lock_bh(master);
	if (netif_running(master)) {
		err = dev_uc_sync_multiple(link->dev, master);
		if (!err)
			err = dev_mc_sync_multiple(link->dev, master);
	}
	if (!err)
		rcu_assign_pointer(o2m->links[link->id], link);
	netif_addr_unlock_bh(master);
	if (err)
		o2m_link_unsync_addrs(link);
	return err;
}

#ifdef CONFIG_NET_POLL_CONTROLLER
/*
 * netpoll on the link, for the master's: under netpoll the master's transmit
 * hands a frame to the link's driver through it (see o2m_link_xmit()).
 */
int o2m_link_netpoll_enable(struct o2m_link *link)
{
	struct netpoll *np;
	int err;

	if (WARN_ON_ONCE(link->np))
		return -EEXIST;
	np = kzalloc(sizeof(*np), GFP_KERNEL);
	if (!np)
		return -ENOMEM;
	np->name = "one2many";
	err = __netpoll_setup(np, link->dev);
	if (err) {
		kfree(np);
		return err;
	}
	WRITE_ONCE(link->np, np);
	return 0;
}

void o2m_link_netpoll_disable(struct o2m_link *link)
{
	struct netpoll *np = link->np;

	if (!np)
		return;
	WRITE_ONCE(link->np, NULL);
	/* Waits for a transmit that may still be using it. */
	__netpoll_free(np);
}
#endif

static void o2m_addr_of(struct sockaddr_storage *ss, const struct net_device *dev)
{
	memset(ss, 0, sizeof(*ss));
	ss->ss_family = dev->type;
	memcpy(ss->__data, dev->dev_addr, dev->addr_len);
}

/**
 * o2m_link_add - enslave a device as a link
 * @o2m: the master
 * @dev: the device to enslave
 * @id: the link number, or -1 for the lowest free one
 * @extack: where to say why not
 */
int o2m_link_add(struct o2m *o2m, struct net_device *dev, int id,
		 struct netlink_ext_ack *extack)
{
	struct net_device *master = o2m->dev;
	struct sockaddr_storage addr;
	struct o2m_link *link;
	int err;

	ASSERT_RTNL();
	err = o2m_link_check(o2m, dev, id, extack);
	if (err)
		return err;
	if (id < 0)
		id = o2m_lowest_free(o2m);
	/* netconsole stops a target on the device: it would go past us. */
	call_netdevice_notifiers(NETDEV_JOIN, dev);

	link = kzalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return -ENOMEM;
	err = o2m_counters_init(&link->stats);
	if (err)
		goto err_free;
	link->dev = dev;
	link->o2m = o2m;
	link->id = id;
	link->saved_mtu = dev->mtu;
	link->was_up = dev->flags & IFF_UP;
	o2m_addr_of(&link->saved_addr, dev);

	/*
	 * A device that is up comes up again below as a link: IPv6 lets go of
	 * its addresses when it goes down, and takes none when it comes up
	 * marked as a link. Down, it can change its MAC even if it cannot
	 * while running.
	 */
	if (link->was_up)
		dev_close(dev);
	if (dev->mtu != master->mtu) {
		err = dev_set_mtu(dev, master->mtu);
		if (err) {
			NL_SET_ERR_MSG(extack, "the device cannot take the one2many device's MTU");
			goto err_reopen;
		}
	}
	o2m_addr_of(&addr, master);
	err = dev_set_mac_address(dev, (struct sockaddr *)&addr, extack);
	if (err) {
		if (!extack || !extack->_msg)
			NL_SET_ERR_MSG(extack, "the device refused the one2many device's MAC address");
		goto err_mtu;
	}
	/* Marked before it opens, so that addrconf leaves it alone. */
	dev->flags |= IFF_SLAVE;
	o2m_set_no_addrconf(dev, true);
	err = dev_open(dev, extack);
	if (err)
		goto err_port;
	err = netdev_rx_handler_register(dev, o2m_handle_frame, link);
	if (err) {
		NL_SET_ERR_MSG(extack, "the device is in use by another rx_handler");
		goto err_close;
	}
	err = netdev_master_upper_dev_link(dev, master, link, NULL, extack);
	if (err)
		goto err_rx_handler;
	err = o2m_link_sync_flags(link, 1);
	if (err) {
		NL_SET_ERR_MSG(extack, "the device refused promiscuous or all-multicast mode, which the one2many device is in");
		goto err_upper;
	}
	/* The master's VLANs pass the link's receive filter. */
	err = vlan_vids_add_by_dev(dev, master);
	if (err) {
		NL_SET_ERR_MSG(extack, "the device refused a VLAN of the one2many device");
		goto err_flags;
	}
	err = o2m_probe_link_init(link, extack);
	if (err)
		goto err_vids;
	/* A master that carries netconsole sends it on every link. */
	if (o2m_netpoll_on(o2m)) {
		err = o2m_link_netpoll_enable(link);
		if (err == -ENOTSUPP) {
			/* IFF_DISABLE_NETPOLL; the kernel's own errno */
			NL_SET_ERR_MSG(extack, "netconsole is on the one2many device, and the device cannot carry it (netpoll)");
			err = -EOPNOTSUPP;
		} else if (err) {
			NL_SET_ERR_MSG(extack, "netconsole is on the one2many device, and netpoll could not be set up on the device");
		}
		if (err)
			goto err_probe;
	}
	WRITE_ONCE(link->enabled, true);
	o2m_link_hold_init(link);
	err = o2m_link_sync_and_publish(link);
	if (err) {
		NL_SET_ERR_MSG(extack, "the device could not take the one2many device's unicast and multicast addresses");
		goto err_netpoll;
	}
	WRITE_ONCE(o2m->nlinks, o2m->nlinks + 1);
	o2m_compute_features(o2m);
	o2m_notify(o2m, O2M_EVENT_LINK_ADDED, link);
	o2m_update_active(o2m);
	o2m_probe_start(o2m);
	return 0;

err_netpoll:
	o2m_link_netpoll_disable(link);
err_probe:
	o2m_probe_link_fini(link);
err_vids:
	vlan_vids_del_by_dev(dev, master);
err_flags:
	o2m_link_sync_flags(link, -1);
err_upper:
	netdev_upper_dev_unlink(dev, master);
err_rx_handler:
	netdev_rx_handler_unregister(dev);
err_close:
	dev_close(dev);
err_port:
	o2m_set_no_addrconf(dev, false);
	dev->flags &= ~IFF_SLAVE;
	dev_set_mac_address(dev, (struct sockaddr *)&link->saved_addr, NULL);
err_mtu:
	if (dev->mtu != link->saved_mtu)
		dev_set_mtu(dev, link->saved_mtu);
err_reopen:
	if (link->was_up && dev_open(dev, NULL))
		netdev_warn(dev, "not enslaved, and could not be brought up again\n");
	o2m_counters_free(&link->stats);
err_free:
	kfree(link);
	return err;
}

/**
 * o2m_link_del - release a link: ng_one2many's disconnect, which disables it
 * @link: the link
 * @unregistering: the device is leaving its namespace (NETDEV_UNREGISTER):
 *	it is being deleted, or moved to another namespace
 *
 * Undoes o2m_link_add() in reverse. A device being deleted keeps its MTU and
 * address. A device being moved gets them back, as bonding does, but its MTU
 * without a NETDEV_CHANGEMTU: the protocols have let go of it already, and
 * that event would have IPv4 and IPv6 set it up again in the namespace it is
 * leaving, where nothing would ever free it.
 */
void o2m_link_del(struct o2m_link *link, bool unregistering)
{
	struct o2m *o2m = link->o2m;
	struct net_device *dev = link->dev;
	struct net_device *master = o2m->dev;
	bool going = dev->reg_state != NETREG_REGISTERED;

	ASSERT_RTNL();
	WRITE_ONCE(link->enabled, false);
	RCU_INIT_POINTER(o2m->links[link->id], NULL);
	WRITE_ONCE(o2m->nlinks, o2m->nlinks - 1);
	o2m_update_active(o2m);
	WRITE_ONCE(link->pending, O2M_PENDING_NONE);	/* no wait for it now */
	o2m_notify(o2m, O2M_EVENT_LINK_REMOVED, link);

	o2m_link_unsync_addrs(link);
	/* Out of the active set above: its transmits end in a grace period. */
	o2m_link_netpoll_disable(link);
	o2m_probe_link_fini(link);
	vlan_vids_del_by_dev(dev, master);
	o2m_link_sync_flags(link, -1);
	o2m_set_no_addrconf(dev, false);
	dev->flags &= ~IFF_SLAVE;
	netdev_upper_dev_unlink(dev, master);
	/* Waits for every reader of the link (synchronize_net). */
	netdev_rx_handler_unregister(dev);
	if (!going) {
		/*
		 * Down first, as bonding does: a device that cannot change its
		 * MAC while running gets its own back too, and one that was up
		 * comes up again no longer marked, so that IPv6 configures it
		 * anew. The core has closed a device it moves, and leaves it
		 * down in its new namespace.
		 */
		if (!unregistering)
			dev_close(dev);
		if (dev_set_mac_address(dev, (struct sockaddr *)&link->saved_addr, NULL))
			netdev_warn(dev, "released, but kept the one2many device's MAC address\n");
		if (dev->mtu != link->saved_mtu) {
			if (unregistering)
				__dev_set_mtu(dev, link->saved_mtu);
			else
				dev_set_mtu(dev, link->saved_mtu);
		}
		if (link->was_up && !unregistering && dev_open(dev, NULL))
			netdev_warn(dev, "released, but could not be brought up again\n");
	}
	o2m_compute_features(o2m);
	o2m_counters_free(&link->stats);
	kfree(link);
}

void o2m_link_set_enabled(struct o2m_link *link, bool enabled)
{
	ASSERT_RTNL();
	WRITE_ONCE(link->enabled, enabled);
	o2m_update_active(link->o2m);
	/* An enabled link probes at once, rather than an interval later. */
	if (enabled)
		o2m_probe_start(link->o2m);
}

/* A new MTU for every link, all or none. */
int o2m_links_set_mtu(struct o2m *o2m, int mtu, struct netlink_ext_ack *extack)
{
	int old = o2m->dev->mtu, i, j, err = 0;
	struct o2m_link *link;

	o2m->changing_links = true;
	o2m_for_each_link(o2m, link, i) {
		err = dev_set_mtu(link->dev, mtu);
		if (err) {
			NL_SET_ERR_MSG(extack, "a link cannot take that MTU");
			goto rollback;
		}
	}
	o2m->changing_links = false;
	return 0;

rollback:
	o2m_for_each_link(o2m, link, j) {
		if (j >= i)
			break;
		dev_set_mtu(link->dev, old);
	}
	o2m->changing_links = false;
	return err;
}

/* A new MAC address for every link, all or none. */
int o2m_links_set_addr(struct o2m *o2m, struct sockaddr *sa,
		       struct netlink_ext_ack *extack)
{
	struct sockaddr_storage old;
	struct o2m_link *link;
	int i, j, err;

	o2m_addr_of(&old, o2m->dev);
	o2m->changing_links = true;
	o2m_for_each_link(o2m, link, i) {
		err = dev_set_mac_address(link->dev, sa, extack);
		if (err)
			goto rollback;
	}
	o2m->changing_links = false;
	return 0;

rollback:
	o2m_for_each_link(o2m, link, j) {
		if (j >= i)
			break;
		dev_set_mac_address(link->dev, (struct sockaddr *)&old, NULL);
	}
	o2m->changing_links = false;
	return err;
}
