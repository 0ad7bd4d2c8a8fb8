// SPDX-License-Identifier: GPL-2.0
/*
 * Path probing (detect probe): for "link up, path dead". Every interval, each
 * link that could carry traffic sends, out of itself, an ARP probe for each
 * IPv4 target and a neighbour solicitation for each IPv6 one, from a MAC
 * address (and a link-local address made of it) of its own; the receive handler notes the answers heard on each
 * link. A link's path is up while its last answer is younger than interval x
 * misses.
 *
 * Nothing here runs on the transmit path. The probe work sends without RTNL,
 * under RCU, and looks for paths that have come or gone; the active set is
 * rebuilt, under RTNL, by the hold-down work (o2m_update_active(), which asks
 * o2m_probe_paths()).
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/if_inet6.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "one2many.h"

const struct nla_policy o2m_probe_target_policy[O2M_PROBE_A_MAX + 1] = {
	[O2M_PROBE_A_IPV4]	= { .type = NLA_BE32 },
	[O2M_PROBE_A_IPV6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

struct netlink_range_validation o2m_probe_interval_range __ro_after_init = {
	.min = O2M_PROBE_INTERVAL_MIN,
	.max = O2M_MSECS_MAX,
};

/* An ARP packet for Ethernet and IPv4, as it is on the wire. */
struct o2m_arp {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

/* The neighbour advertisement an IPv6 target answers with: header and NA. */
struct o2m_na {
	struct ipv6hdr ip6;
	struct icmp6hdr icmp6;
	struct in6_addr target;
} __packed;

/* How long an answer keeps a path up, in nanoseconds. */
static u64 o2m_probe_window(const struct o2m *o2m)
{
	return (u64)READ_ONCE(o2m->probe_interval) * READ_ONCE(o2m->probe_misses) *
	       NSEC_PER_MSEC;
}

/*
 * Since when a link's path counts as answered: its last answer, or the grace
 * it was given when probing began, whichever is later. 0: never.
 */
static u64 o2m_probe_since(const struct o2m_link *link)
{
	return max_t(u64, atomic64_read(&link->probe_rx),
		     atomic64_read(&link->probe_grace));
}

/*
 * Whether an answer (or grace) at @since keeps a path up at @now. An answer
 * noted on another CPU after @now was read is younger than @now.
 */
static bool o2m_probe_fresh(u64 since, u64 now, u64 window)
{
	return since && (s64)(now - since) < (s64)window;
}

/*
 * Under RTNL, from o2m_update_active(): each link's path as the answers say
 * now. Outside probe mode there is none.
 */
void o2m_probe_paths(struct o2m *o2m)
{
	bool probing = o2m->detect == O2M_DETECT_PROBE;
	u64 now = ktime_get_ns(), window = o2m_probe_window(o2m);
	struct o2m_link *link;
	int i;

	ASSERT_RTNL();
	o2m_for_each_link(o2m, link, i)
		WRITE_ONCE(link->path, probing &&
			   o2m_probe_fresh(o2m_probe_since(link), now, window));
}

/* A link's own probe address in its receive filter while probing. Under RTNL. */
static int o2m_probe_link_filter(struct o2m_link *link, bool on)
{
	int err;

	ASSERT_RTNL();
	if (link->probe_filter == on)
		return 0;
	if (!on) {
		dev_uc_del(link->dev, link->probe_addr);
		link->probe_filter = false;
		return 0;
	}
	err = dev_uc_add(link->dev, link->probe_addr);
	if (err)
		return err;
	link->probe_filter = true;
	return 0;
}

/*
 * At enslaving, before the link is published: its probe address, and the
 * link-local IPv6 address made of it (modified EUI-64) that its neighbour
 * solicitations come from.
 */
int o2m_probe_link_init(struct o2m_link *link, struct netlink_ext_ack *extack)
{
	u8 *ll = link->probe_ll.s6_addr;
	int err;

	eth_random_addr(link->probe_addr);
	memset(ll, 0, sizeof(link->probe_ll));
	ll[0] = 0xfe;
	ll[1] = 0x80;
	memcpy(ll + 8, link->probe_addr, 3);
	ll[8] ^= 0x02;
	ll[11] = 0xff;
	ll[12] = 0xfe;
	memcpy(ll + 13, link->probe_addr + 3, 3);
	if (link->o2m->detect != O2M_DETECT_PROBE)
		return 0;
	err = o2m_probe_link_filter(link, true);
	if (err)
		NL_SET_ERR_MSG(extack, "the device refused the address its path probes come from");
	return err;
}

/* At release. */
void o2m_probe_link_fini(struct o2m_link *link)
{
	o2m_probe_link_filter(link, false);
}

/*
 * The probe targets of an O2M_A_PROBE_TARGETS or IFLA_O2M_PROBE_TARGETS nest,
 * which the policy has checked attribute by attribute. Each must be a unicast
 * address, listed once.
 */
static struct o2m_probe_targets *o2m_probe_parse(const struct nlattr *nest,
						 struct netlink_ext_ack *extack)
{
	struct o2m_probe_targets *t;
	const struct nlattr *attr;
	unsigned int i;
	int rem;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return ERR_PTR(-ENOMEM);
	nla_for_each_nested(attr, nest, rem) {
		if (t->n4 + t->n6 == O2M_PROBE_TARGETS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "at most 16 probe targets");
			goto err;
		}
		/* rtnetlink's nests are not validated strictly: look again. */
		if (nla_type(attr) == O2M_PROBE_A_IPV4 && nla_len(attr) == sizeof(__be32)) {
			__be32 a = nla_get_in_addr(attr);

			if (ipv4_is_zeronet(a) || ipv4_is_multicast(a) || ipv4_is_lbcast(a) ||
			    ipv4_is_loopback(a)) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "a probe target must be a unicast address");
				goto err;
			}
			for (i = 0; i < t->n4; i++)
				if (t->v4[i] == a)
					goto dup;
			t->v4[t->n4++] = a;
		} else if (nla_type(attr) == O2M_PROBE_A_IPV6 &&
			   nla_len(attr) == sizeof(struct in6_addr)) {
			struct in6_addr a = nla_get_in6_addr(attr);
			int type = ipv6_addr_type(&a);

			if (type & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK | IPV6_ADDR_MAPPED) ||
			    type == IPV6_ADDR_ANY) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "a probe target must be a unicast address");
				goto err;
			}
			for (i = 0; i < t->n6; i++)
				if (ipv6_addr_equal(&t->v6[i], &a))
					goto dup;
			t->v6[t->n6++] = a;
		} else {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "a probe target is an IPv4 (4 bytes) or IPv6 (16 bytes) address");
			goto err;
		}
	}
	return t;
dup:
	NL_SET_ERR_MSG_ATTR(extack, attr, "a probe target is listed twice");
err:
	kfree(t);
	return ERR_PTR(-EINVAL);
}

/**
 * o2m_probe_prepare - check a change of detection and probe targets
 * @o2m: the master
 * @pc: the change: @pc->detect the detection asked for (0: unchanged)
 * @nest: the new targets, or NULL to keep them
 * @extack: where to say why not
 *
 * Everything that can fail is done here, before anything is changed: the new
 * list is parsed, and a master entering probe mode has its links' filters take
 * their probe addresses. o2m_probe_commit() applies the change, which cannot
 * fail; o2m_probe_abort() undoes this. Under RTNL.
 */
int o2m_probe_prepare(struct o2m *o2m, struct o2m_probe_change *pc,
		      const struct nlattr *nest, struct netlink_ext_ack *extack)
{
	const struct o2m_probe_targets *now = rtnl_dereference(o2m->probe_targets);
	struct o2m_link *link;
	int err, i;

	ASSERT_RTNL();
	if (!pc->detect)
		pc->detect = o2m->detect;
	pc->targets = NULL;
	pc->set_targets = nest;
	if (nest) {
		pc->targets = o2m_probe_parse(nest, extack);
		if (IS_ERR(pc->targets))
			return PTR_ERR(pc->targets);
		if (!pc->targets->n4 && !pc->targets->n6) {
			kfree(pc->targets);
			pc->targets = NULL;
		}
		now = pc->targets;
	}
	if (pc->detect == O2M_DETECT_PROBE && !now) {
		if (o2m->detect == O2M_DETECT_PROBE)
			NL_SET_ERR_MSG(extack, "probe detection needs a target: set another detection first");
		else
			NL_SET_ERR_MSG(extack, "probe detection needs at least one probe target");
		kfree(pc->targets);
		return -EINVAL;
	}
	if (pc->detect != O2M_DETECT_PROBE || o2m->detect == O2M_DETECT_PROBE)
		return 0;
	o2m_for_each_link(o2m, link, i) {
		err = o2m_probe_link_filter(link, true);
		if (err) {
			NL_SET_ERR_MSG(extack, "a link refused the address its path probes come from");
			o2m_probe_abort(o2m, pc);
			return err;
		}
	}
	return 0;
}

/* Undoes o2m_probe_prepare(). Under RTNL. */
void o2m_probe_abort(struct o2m *o2m, struct o2m_probe_change *pc)
{
	struct o2m_link *link;
	int i;

	if (pc->detect == O2M_DETECT_PROBE && o2m->detect != O2M_DETECT_PROBE) {
		o2m_for_each_link(o2m, link, i)
			o2m_probe_link_filter(link, false);
	}
	kfree(pc->targets);
	pc->targets = NULL;
}

/*
 * Applies what o2m_probe_prepare() checked. The links active when probing
 * begins stay so for interval x misses, unless they answer: the first
 * probes go out at once. The caller rebuilds the active set. Under RTNL.
 */
void o2m_probe_commit(struct o2m *o2m, struct o2m_probe_change *pc)
{
	struct o2m_probe_targets *old;
	struct o2m_link *link;
	u64 now = ktime_get_ns();
	int i;

	ASSERT_RTNL();
	if (pc->set_targets) {
		old = rtnl_dereference(o2m->probe_targets);
		rcu_assign_pointer(o2m->probe_targets, pc->targets);
		pc->targets = NULL;
		if (old)
			kfree_rcu(old, rcu);
	}
	if (pc->detect == o2m->detect)
		goto kick;
	o2m_for_each_link(o2m, link, i) {
		if (pc->detect == O2M_DETECT_PROBE) {
			atomic64_set(&link->probe_grace, link->active ? now : 0);
		} else if (o2m->detect == O2M_DETECT_PROBE) {
			atomic64_set(&link->probe_grace, 0);
			o2m_probe_link_filter(link, false);
		}
	}
	WRITE_ONCE(o2m->detect, pc->detect);
kick:
	o2m_probe_start(o2m);
}

/* A round of probes at once, if probing and up. Under RTNL. */
void o2m_probe_start(struct o2m *o2m)
{
	ASSERT_RTNL();
	if (o2m->detect == O2M_DETECT_PROBE && netif_running(o2m->dev)) {
		set_bit(0, &o2m->probe_now);
		queue_work(system_highpri_wq, &o2m->probe_work);
	}
}

/*
 * The master comes up: nothing was probed while it was down, so the paths
 * that were up get a window of grace, as when probing begins; the first
 * probes go at once. Under RTNL.
 */
void o2m_probe_open(struct o2m *o2m)
{
	struct o2m_link *link;
	u64 now = ktime_get_ns();
	int i;

	ASSERT_RTNL();
	o2m_for_each_link(o2m, link, i)
		if (link->path)
			atomic64_set(&link->probe_grace, now);
	o2m_probe_start(o2m);
}

/*
 * Under RTNL: o2m_stop() (the master is no longer running) and before the
 * master goes. A work under way may arm the timer once more; the timer may
 * queue the work once more, which then stops, as the master is not running.
 */
void o2m_probe_stop(struct o2m *o2m)
{
	ASSERT_RTNL();
	cancel_work_sync(&o2m->probe_work);
	hrtimer_cancel(&o2m->probe_timer);
	cancel_work_sync(&o2m->probe_work);
}

/*
 * A probe could not be allocated (or the tests' fail_one2many said so: see
 * o2m_fault.h; the probes are made in a worker, where failslab's fail-nth
 * does not reach): counted, and the next interval tries again.
 */
static void o2m_probe_failed(struct o2m_link *link)
{
	local_bh_disable();
	o2m_count_memory_failures(&link->stats);
	local_bh_enable();
}

/* An ARP probe (RFC 5227) for @target, out of @link. Under RCU. */
static void o2m_probe_arp(struct o2m_link *link, __be32 target)
{
	struct sk_buff *skb;

	if (o2m_should_fail(&o2m_probe_fault, 1))
		skb = NULL;
	else
		skb = arp_create(ARPOP_REQUEST, ETH_P_ARP, target, link->dev, 0,
				 NULL, link->probe_addr, NULL);
	if (!skb) {
		o2m_probe_failed(link);
		return;
	}
	arp_xmit(skb);
	atomic64_inc(&link->probes_sent);
}

/*
 * A neighbour solicitation for @target, to its solicited-node group, out of
 * @link: from the link's own link-local address (not the master's, whose
 * neighbour entry at the target would then point at the probe address) with
 * the probe address as source link-layer address, so that the answer comes
 * back unicast to this link. Not from ::, which a target doing duplicate
 * address detection would take for a rival. Under RCU.
 */
static void o2m_probe_ns(struct o2m_link *link, const struct in6_addr *target)
{
	struct net_device *dev = link->dev;
	struct in6_addr group;
	unsigned int len = sizeof(struct nd_msg) + 8;	/* and a SLLAO */
	struct ipv6hdr *ip6;
	struct sk_buff *skb;
	struct nd_msg *ns;
	u8 mac[ETH_ALEN];

	if (o2m_should_fail(&o2m_probe_fault, 1))
		skb = NULL;
	else
		skb = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(*ip6) + len +
				dev->needed_tailroom, GFP_ATOMIC);
	if (!skb) {
		o2m_probe_failed(link);
		return;
	}
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(skb);
	addrconf_addr_solict_mult(target, &group);

	ip6 = skb_put_zero(skb, sizeof(*ip6));
	ip6_flow_hdr(ip6, 0, 0);
	ip6->payload_len = htons(len);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 255;
	ip6->saddr = link->probe_ll;
	ip6->daddr = group;

	ns = skb_put_zero(skb, len);
	ns->icmph.icmp6_type = NDISC_NEIGHBOUR_SOLICITATION;
	ns->target = *target;
	ns->opt[0] = ND_OPT_SOURCE_LL_ADDR;
	ns->opt[1] = 1;			/* in units of 8 octets */
	memcpy(&ns->opt[2], link->probe_addr, ETH_ALEN);
	ns->icmph.icmp6_cksum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len,
						IPPROTO_ICMPV6, csum_partial(ns, len, 0));

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IPV6);
	ipv6_eth_mc_map(&group, mac);
	if (dev_hard_header(skb, dev, ETH_P_IPV6, mac, link->probe_addr, skb->len) < 0) {
		kfree_skb(skb);
		o2m_probe_failed(link);
		return;
	}
	dev_queue_xmit(skb);
	atomic64_inc(&link->probes_sent);
}

/* One round of probes out of @link. Under RCU. */
static void o2m_probe_link(struct o2m_link *link, const struct o2m_probe_targets *t)
{
	unsigned int i;

	for (i = 0; i < t->n4; i++)
		o2m_probe_arp(link, t->v4[i]);
	for (i = 0; i < t->n6; i++)
		o2m_probe_ns(link, &t->v6[i]);
}

/*
 * Every interval, the probes; and at every end of a path's window, a look.
 * A path that came or went has the hold-down work, which takes RTNL, rebuild
 * the active set. Runs without RTNL, so that o2m_probe_stop() can wait for it
 * under RTNL; probe_next is the work's own. An hrtimer wakes it, on time: a
 * timer-wheel timeout of a window's length may be an eighth late.
 */
static void o2m_probe_work(struct work_struct *work)
{
	struct o2m *o2m = container_of(work, struct o2m, probe_work);
	u64 now = ktime_get_ns(), window = o2m_probe_window(o2m), next;
	const struct o2m_probe_targets *t;
	bool send, changed = false;
	int i;

	if (READ_ONCE(o2m->detect) != O2M_DETECT_PROBE || !netif_running(o2m->dev))
		return;
	send = test_and_clear_bit(0, &o2m->probe_now) || now >= o2m->probe_next;
	if (send)
		o2m->probe_next = now + (u64)READ_ONCE(o2m->probe_interval) * NSEC_PER_MSEC;
	next = o2m->probe_next;

	rcu_read_lock();
	t = rcu_dereference(o2m->probe_targets);
	for (i = 0; i < O2M_MAX_LINKS; i++) {
		struct o2m_link *link = rcu_dereference(o2m->links[i]);
		bool path;
		u64 end;

		if (!link)
			continue;
		end = o2m_probe_since(link);
		path = o2m_probe_fresh(end, now, window);
		if (path != READ_ONCE(link->path))
			changed = true;
		end += window;
		if (path && end < next)
			next = end;
		if (send && t && READ_ONCE(link->enabled) && netif_running(link->dev) &&
		    netif_carrier_ok(link->dev))
			o2m_probe_link(link, t);
	}
	rcu_read_unlock();

	if (changed)
		mod_delayed_work(system_highpri_wq, &o2m->hold_work, 0);
	hrtimer_start(&o2m->probe_timer, ns_to_ktime(next), HRTIMER_MODE_ABS);
}

static enum hrtimer_restart o2m_probe_timer(struct hrtimer *timer)
{
	struct o2m *o2m = container_of(timer, struct o2m, probe_timer);

	queue_work(system_highpri_wq, &o2m->probe_work);
	return HRTIMER_NORESTART;
}

static bool o2m_probe_is_arp_answer(const struct o2m_link *link,
				    const struct o2m_probe_targets *t,
				    const struct sk_buff *skb)
{
	struct o2m_arp buf;
	const struct o2m_arp *arp = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	unsigned int i;

	if (!arp || arp->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->hdr.ar_pro != htons(ETH_P_IP) || arp->hdr.ar_hln != ETH_ALEN ||
	    arp->hdr.ar_pln != 4 || arp->hdr.ar_op != htons(ARPOP_REPLY) ||
	    !ether_addr_equal(arp->tha, link->probe_addr) ||
	    !ether_addr_equal(eth_hdr(skb)->h_dest, link->probe_addr))
		return false;
	for (i = 0; i < t->n4; i++)
		if (arp->sip == t->v4[i])
			return true;
	return false;
}

/* The answer to @link's solicitation: sent to its probe and link-local addresses. */
static bool o2m_probe_is_na(const struct o2m_link *link, const struct o2m_probe_targets *t,
			    const struct sk_buff *skb)
{
	struct o2m_na buf;
	const struct o2m_na *na = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	unsigned int i;

	if (!na || na->ip6.version != 6 || na->ip6.nexthdr != IPPROTO_ICMPV6 ||
	    na->ip6.hop_limit != 255 || ntohs(na->ip6.payload_len) < sizeof(na->icmp6) +
	    sizeof(na->target) || !ipv6_addr_equal(&na->ip6.daddr, &link->probe_ll) ||
	    !ether_addr_equal(eth_hdr(skb)->h_dest, link->probe_addr) ||
	    na->icmp6.icmp6_type != NDISC_NEIGHBOUR_ADVERTISEMENT || na->icmp6.icmp6_code)
		return false;
	for (i = 0; i < t->n6; i++)
		if (ipv6_addr_equal(&na->target, &t->v6[i]))
			return true;
	return false;
}

/*
 * From the receive handler (softirq, RCU), in probe mode: is this an answer
 * to @link's probes? An answer on a link whose path is down has the active
 * set rebuilt at once. The frame itself goes on as any other.
 */
void o2m_probe_rx(struct o2m_link *link, const struct sk_buff *skb)
{
	const struct o2m_probe_targets *t = rcu_dereference(link->o2m->probe_targets);
	bool answer = false;

	/* Untagged, or priority-tagged (VLAN 0). */
	if (!t || (skb_vlan_tag_present(skb) && skb_vlan_tag_get_id(skb)))
		return;
	if (skb->protocol == htons(ETH_P_ARP))
		answer = t->n4 && o2m_probe_is_arp_answer(link, t, skb);
	else if (skb->protocol == htons(ETH_P_IPV6))
		answer = t->n6 && o2m_probe_is_na(link, t, skb);
	if (!answer)
		return;
	atomic64_set(&link->probe_rx, ktime_get_ns());
	atomic64_inc(&link->probe_answers);
	if (!READ_ONCE(link->path))
		mod_delayed_work(system_highpri_wq, &link->o2m->hold_work, 0);
}

/* Milliseconds since @link's last answer, or -1 if none. Under RCU or RTNL. */
s64 o2m_probe_age(const struct o2m_link *link)
{
	u64 rx = atomic64_read(&link->probe_rx);

	if (!rx)
		return -1;
	return div_u64(ktime_get_ns() - rx, NSEC_PER_MSEC);
}

/* The targets as a nest of @type. Under RCU or RTNL. */
int o2m_probe_put_targets(struct sk_buff *skb, int type,
			  const struct o2m_probe_targets *t)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; t && i < t->n4; i++)
		if (nla_put_in_addr(skb, O2M_PROBE_A_IPV4, t->v4[i]))
			return -EMSGSIZE;
	for (i = 0; t && i < t->n6; i++)
		if (nla_put_in6_addr(skb, O2M_PROBE_A_IPV6, &t->v6[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

size_t o2m_probe_targets_size(void)
{
	return nla_total_size(0) +
	       O2M_PROBE_TARGETS_MAX * nla_total_size(sizeof(struct in6_addr));
}

void o2m_probe_init(struct o2m *o2m)
{
	o2m->probe_interval = O2M_PROBE_INTERVAL_DEFAULT;
	o2m->probe_misses = O2M_PROBE_MISSES_DEFAULT;
	INIT_WORK(&o2m->probe_work, o2m_probe_work);
	hrtimer_init(&o2m->probe_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	o2m->probe_timer.function = o2m_probe_timer;
}

/* After the master is unregistered, or failed to be. */
void o2m_probe_free(struct o2m *o2m)
{
	kfree(rcu_dereference_protected(o2m->probe_targets, true));
	RCU_INIT_POINTER(o2m->probe_targets, NULL);
}
