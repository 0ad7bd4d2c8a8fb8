// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit: the three modes of ng_one2many, one function each.
 *
 * The transmit path takes no lock. It runs under rcu_read_lock_bh (held by
 * __dev_queue_xmit), reads the published array of active links, and picks
 * from it in constant time for round-robin and failover. In carrier mode
 * without a downdelay it also checks a link's carrier itself, so traffic
 * leaves a link the moment its carrier drops, before the notifier has
 * rebuilt the active array.
 *
 * Under netpoll (netconsole on the master) the same path runs with
 * interrupts off, from netpoll_send_skb() rather than __dev_queue_xmit():
 * each frame then goes to its link's own netpoll, which hands it to the
 * driver, as bonding and team do, and what is dropped is freed with
 * dev_kfree_skb_any().
 */
#include <linux/indirect_call_wrapper.h>
#include <linux/netpoll.h>
#include <linux/skbuff.h>

#include "one2many.h"

/*
 * What of a link's own state decides whether to send to it, kept as a mask
 * of its dev->state bits so that the check is one load and one compare per
 * frame: nothing in manual detection (an enabled link is sent to, up or
 * not); that it is up, with a downdelay (a link that has lost its carrier
 * is still to be sent to until the delay is over: the active set, which
 * holds it until then, says); that it is up and has its carrier otherwise.
 * Under RTNL, whenever detect or downdelay changes.
 */
void o2m_xmit_check_update(struct o2m *o2m)
{
	unsigned long check = BIT(__LINK_STATE_START) | BIT(__LINK_STATE_NOCARRIER);

	ASSERT_RTNL();
	if (o2m->detect == O2M_DETECT_MANUAL)
		check = 0;
	else if (o2m->detect == O2M_DETECT_CARRIER && o2m->downdelay)
		check = BIT(__LINK_STATE_START);
	WRITE_ONCE(o2m->xmit_check, check);
}

/*
 * netif_running() and netif_carrier_ok(), as far as xmit_check asks: the
 * same two bits they test, from one read of the word that holds both.
 */
static __always_inline bool o2m_link_usable(const struct o2m *o2m,
					    const struct o2m_link *link)
{
	unsigned long check = READ_ONCE(o2m->xmit_check);

	return (READ_ONCE(link->dev->state) & check) ==
	       (check & BIT(__LINK_STATE_START));
}

#ifdef CONFIG_NET_POLL_CONTROLLER
/* Under netpoll: to the link's driver, through the link's own netpoll. */
static int o2m_link_netpoll_xmit(struct o2m_link *link, struct sk_buff *skb)
{
	struct netpoll *np = READ_ONCE(link->np);

	/* Gone: the master's netpoll is being torn down. */
	if (unlikely(!np)) {
		dev_kfree_skb_any(skb);
		return NET_XMIT_DROP;
	}
	if (netpoll_send_skb(np, skb) != NETDEV_TX_OK)
		return NET_XMIT_DROP;
	return NET_XMIT_SUCCESS;
}
#else
/* Never called: without netpoll, netpoll_tx_running() is false. */
static int o2m_link_netpoll_xmit(struct o2m_link *link, struct sk_buff *skb)
{
	dev_kfree_skb_any(skb);
	return NET_XMIT_DROP;
}
#endif

/*
 * Hand one frame to a link: to its qdisc, or under netpoll to its driver;
 * count what became of it. Inline in each mode: mode all calls it once a
 * link, and a call of its own cost more than the counting.
 */
static __always_inline bool o2m_link_xmit(struct o2m_link *link,
					  struct sk_buff *skb)
{
	unsigned int len = skb->len;
	int rc;

	skb->dev = link->dev;
	if (unlikely(netpoll_tx_running(link->o2m->dev)))
		rc = o2m_link_netpoll_xmit(link, skb);
	else
		rc = dev_queue_xmit(skb);
	/*
	 * NET_XMIT_CN too is a drop: a congested qdisc's, or the noop qdisc's
	 * of a link that is down (in manual detection, which sends to it).
	 */
	if (likely(rc == NET_XMIT_SUCCESS)) {
		o2m_count_xmit(&link->stats, len);
		return true;
	}
	o2m_count_drops(&link->stats);
	return false;
}

/*
 * Round-robin: an even spread over the active links, ng_one2many's
 * nextMany = (nextMany + 1) % numActiveMany, kept per CPU (with BH off,
 * as __dev_queue_xmit runs us) and without a division. A link whose carrier
 * has just gone passes its turn to the next usable one until the array is
 * rebuilt (with a downdelay it keeps its turn: o2m_xmit_check_update()).
 */
static bool o2m_xmit_roundrobin(struct o2m *o2m, const struct o2m_active *active,
				struct sk_buff *skb)
{
	unsigned int n = active->count, i, tries;

	i = this_cpu_read(*o2m->rr_pos) + 1;
	if (i >= n)
		i = 0;
	for (tries = 0; tries < n; tries++) {
		struct o2m_link *link = active->links[i];

		if (likely(o2m_link_usable(o2m, link))) {
			this_cpu_write(*o2m->rr_pos, i);
			return o2m_link_xmit(link, skb);
		}
		if (++i == n)
			i = 0;
	}
	dev_kfree_skb_any(skb);
	return false;
}

/* All: a copy to every active link; the last one gets the original. */
static bool o2m_xmit_all(struct o2m *o2m, const struct o2m_active *active,
			 struct sk_buff *skb)
{
	struct o2m_link *prev = NULL;
	bool sent = false;
	unsigned int i;

	for (i = 0; i < active->count; i++) {
		struct o2m_link *link = active->links[i];
		struct sk_buff *copy;

		if (!o2m_link_usable(o2m, link))
			continue;
		if (prev) {
			copy = skb_clone(skb, GFP_ATOMIC);
			if (likely(copy))
				sent |= o2m_link_xmit(prev, copy);
			else
				o2m_count_memory_failures(&prev->stats);
		}
		prev = link;
	}
	if (!prev) {
		dev_kfree_skb_any(skb);
		return false;
	}
	return o2m_link_xmit(prev, skb) || sent;
}

/* Failover: always the lowest-numbered active link. */
static bool o2m_xmit_failover(struct o2m *o2m, const struct o2m_active *active,
			      struct sk_buff *skb)
{
	unsigned int i;

	for (i = 0; i < active->count; i++) {
		struct o2m_link *link = active->links[i];

		if (likely(o2m_link_usable(o2m, link)))
			return o2m_link_xmit(link, skb);
	}
	dev_kfree_skb_any(skb);
	return false;
}

static const struct o2m_transmit_mode o2m_modes[] = {
	{ O2M_MODE_ROUNDROBIN, "rr", o2m_xmit_roundrobin },
	{ O2M_MODE_ALL, "all", o2m_xmit_all },
	{ O2M_MODE_FAILOVER, "failover", o2m_xmit_failover },
};

const struct o2m_transmit_mode *o2m_mode_get(u32 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(o2m_modes); i++)
		if (o2m_modes[i].id == id)
			return &o2m_modes[i];
	return NULL;
}

netdev_tx_t o2m_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	const struct o2m_transmit_mode *mode;
	struct o2m *o2m = netdev_priv(dev);
	const struct o2m_active *active;
	unsigned int len = skb->len;
	bool sent;

	active = rcu_dereference_bh(o2m->active);
	if (likely(active && active->count)) {
		mode = READ_ONCE(o2m->mode);
		sent = INDIRECT_CALL_3(mode->transmit, o2m_xmit_roundrobin,
				       o2m_xmit_failover, o2m_xmit_all,
				       o2m, active, skb);
	} else {
		dev_kfree_skb_any(skb);
		sent = false;
	}
	o2m_count_handed(&o2m->stats, len, sent);
	return NETDEV_TX_OK;
}
