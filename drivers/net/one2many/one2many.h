/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ONE2MANY_H
#define _ONE2MANY_H

#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/seqlock.h>
#include <linux/u64_stats_sync.h>
#include <uapi/linux/one2many.h>

#include "o2m_compat.h"
#include "o2m_fault.h"

/*
 * Counters, per CPU, of one link or of the master (link -1). The names are
 * ng_one2many's, seen from the node: "recv" is what came in on that side,
 * "xmit" what went out. For the master, tx_* is what left on at least one
 * link (the master's own "ip -s link" TX).
 */
struct o2m_pcpu_stats {
	u64_stats_t recv_packets;
	u64_stats_t recv_octets;
	u64_stats_t xmit_packets;
	u64_stats_t xmit_octets;
	u64_stats_t memory_failures;
	u64_stats_t drops;
	u64_stats_t tx_packets;
	u64_stats_t tx_octets;
	struct u64_stats_sync syncp;
};

/* A snapshot of the counters above, summed over the CPUs. */
struct o2m_stats {
	u64 recv_packets;
	u64 recv_octets;
	u64 xmit_packets;
	u64 xmit_octets;
	u64 memory_failures;
	u64 drops;
	u64 tx_packets;
	u64 tx_octets;
};

/*
 * The counters of one side: per-CPU counters only ever grow; clearing takes
 * a snapshot ("base") that later reads subtract, so the datapath never has
 * its counters written from another CPU. base is written under RTNL and
 * base_lock; readers without RTNL (the netlink GETs) read it under
 * base_lock's sequence count, together with the sum it is subtracted from.
 */
struct o2m_counters {
	struct o2m_pcpu_stats __percpu *pcpu;
	seqlock_t base_lock;
	struct o2m_stats base;
};

struct o2m;

/* One enslaved device. Reached from the device's rx_handler_data. */
struct o2m_link {
	struct net_device *dev;
	struct o2m *o2m;
	struct o2m_counters stats;
	int id;			/* 0..63 */
	/*
	 * Written under RTNL; read locklessly (READ_ONCE) by the netlink
	 * GETs. The datapath reads neither: it has the active set.
	 */
	bool enabled;
	bool active;		/* as last published */
	bool was_up;		/* the device was up before we enslaved it */
	/*
	 * Carrier detection through the hold-down timers, all RTNL's:
	 * carrier is the link's carrier as detection takes it; pending
	 * (READ_ONCE for the GETs) a change of it being held down from
	 * pending_since to pending_end; carrier_changes the device's count of
	 * carrier changes at the last look.
	 */
	bool carrier;
	u8 pending;		/* enum o2m_pending */
	unsigned int carrier_changes;
	ktime_t pending_since;
	ktime_t pending_end;
	unsigned int saved_mtu;
	struct sockaddr_storage saved_addr;
	/*
	 * Path probing: probe_addr, the MAC its probes come from, and
	 * probe_ll, the link-local address of it, are set at enslaving and
	 * constant after; probe_filter (RTNL) says it is in the
	 * link's receive filter. path (RTNL; READ_ONCE elsewhere) is the path
	 * as the active set last took it. probe_rx is when the last answer
	 * came (ns, ktime_get_ns(); 0: none), written by the receive handler;
	 * probe_grace when probing began on a link that was active (RTNL).
	 * The counters only grow.
	 */
	u8 probe_addr[ETH_ALEN];
	struct in6_addr probe_ll;	/* fe80:: from probe_addr, the NS' source */
	bool probe_filter;
	bool path;
	atomic64_t probe_rx;
	atomic64_t probe_grace;
	atomic64_t probes_sent;
	atomic64_t probe_answers;
#ifdef CONFIG_NET_POLL_CONTROLLER
	/*
	 * The link's netpoll while the master has one (netconsole on the
	 * master): set under RTNL before the link is published, or by the
	 * master's ndo_netpoll_setup; cleared under RTNL and freed after a
	 * grace period (__netpoll_free). The transmit path reads it with
	 * READ_ONCE, with interrupts off (netpoll's), and drops the frame if
	 * it is gone.
	 */
	struct netpoll *np;
#endif
};

/* The targets of path probing; replaced whole, under RTNL, freed after RCU. */
struct o2m_probe_targets {
	struct rcu_head rcu;
	unsigned int n4;
	unsigned int n6;
	__be32 v4[O2M_PROBE_TARGETS_MAX];
	struct in6_addr v6[O2M_PROBE_TARGETS_MAX];
};

/* A change of detection and targets: see o2m_probe_prepare(). */
struct o2m_probe_change {
	u32 detect;
	bool set_targets;
	struct o2m_probe_targets *targets;
};

/*
 * The links that may carry traffic now, in ascending link order. Rebuilt
 * under RTNL whenever a link's state changes and published with RCU; the
 * transmit path reads it without a lock.
 */
struct o2m_active {
	struct rcu_head rcu;
	unsigned int count;
	struct o2m_link *links[];
};

/* A transmit mode: one small function per mode, chosen through a pointer. */
struct o2m_transmit_mode {
	u32 id;
	const char *name;
	/* Send skb on the active links; true when at least one took it. */
	bool (*transmit)(struct o2m *o2m, const struct o2m_active *active,
			 struct sk_buff *skb);
};

struct o2m {
	struct net_device *dev;
	/* The links by number. Written under RTNL, read under RCU. */
	struct o2m_link __rcu *links[O2M_MAX_LINKS];
	struct o2m_active __rcu *active;
	const struct o2m_transmit_mode *mode;	/* RTNL; READ_ONCE in the datapath */
	u32 detect;			/* RTNL; READ_ONCE in the datapath */
	/*
	 * What the transmit path checks of a link's own state, made from
	 * detect and downdelay by o2m_xmit_check_update(): a mask of the
	 * link's dev->state bits. A link is sent to when, of the bits the
	 * mask names, __LINK_STATE_START is set and __LINK_STATE_NOCARRIER
	 * clear. Written under RTNL; READ_ONCE in the datapath.
	 */
	unsigned long xmit_check;
	/*
	 * Round-robin: each CPU's last position in the active array, as
	 * bonding's per-CPU rr_tx_counter: no shared cache line written per
	 * frame. Allocated at init, read-only pointer after.
	 */
	u32 __percpu *rr_pos;
	/* Written under RTNL; READ_ONCE for the netlink GETs, without it. */
	unsigned int nlinks;
	int failover_link;		/* the last one announced */
	/*
	 * RTNL: the master is changing its links' MTU or MAC itself; the
	 * notifier refuses such changes from anyone else.
	 */
	bool changing_links;
	struct o2m_counters stats;	/* link -1 */
	/*
	 * Announcements to the peers (gratuitous ARP, unsolicited NA) after
	 * a change of link: notify_count of them, notify_interval ms apart.
	 * The settings are written under RTNL (READ_ONCE for the GETs);
	 * notify_left is RTNL's, and so is notify_work's run (it takes RTNL
	 * with rtnl_trylock, so that it can be cancelled under RTNL).
	 */
	u32 notify_count;
	u32 notify_interval;
	u32 notify_left;
	u32 notify_sent;		/* RTNL: of the series under way */
	bool notify_rejoin;		/* RTNL: the series' first is still to go */
	struct delayed_work notify_work;
	/*
	 * Hold-down (carrier detection): updelay and downdelay in ms, written
	 * under RTNL, read with READ_ONCE by the GETs and (downdelay) by the
	 * transmit path. hold_timer fires at the end of the first wait under
	 * way and queues hold_work, which takes RTNL (with a trylock, as
	 * notify_work) to apply it; both are armed under RTNL only.
	 */
	u32 updelay;
	u32 downdelay;
	u32 hold_detect;	/* RTNL: detection as the hold last saw it */
	struct hrtimer hold_timer;
	struct delayed_work hold_work;
	/*
	 * Path probing: the settings are written under RTNL and read with
	 * READ_ONCE (or RCU: probe_targets) by the GETs, the probe work and the
	 * receive handler. The work runs when probe_timer fires (it arms the
	 * timer itself) or when kicked; probe_next, when the next probes go,
	 * is the work's own.
	 */
	u32 probe_interval;		/* ms */
	u32 probe_misses;
	struct o2m_probe_targets __rcu *probe_targets;
	struct hrtimer probe_timer;
	struct work_struct probe_work;
	u64 probe_next;
	unsigned long probe_now;	/* bit 0: probe at the work's next run */
};

/* The policies' bounds; tools/fuzz/rtnl_fuzz.py has a copy of them. */
#define O2M_NOTIFY_COUNT_MAX	255
#define O2M_PROBE_INTERVAL_MIN	10
#define O2M_PROBE_INTERVAL_DEFAULT 1000
#define O2M_PROBE_MISSES_MIN	2
#define O2M_PROBE_MISSES_MAX	255
#define O2M_PROBE_MISSES_DEFAULT 3
#define O2M_MSECS_MAX		60000	/* more than a policy's s16 max holds */
/* 0..O2M_MSECS_MAX. Not const: 6.1's policy takes a pointer to one that is not. */
extern struct netlink_range_validation o2m_msecs_range __ro_after_init;
extern struct netlink_range_validation o2m_probe_interval_range __ro_after_init;
extern const struct nla_policy o2m_probe_target_policy[O2M_PROBE_A_MAX + 1];

/* The smallest MTU any link must take (an Ethernet minimum). */
#define O2M_MIN_MTU ETH_MIN_MTU

/* main.c: the probes' allocations fail when this says so (o2m_fault.h) */
extern struct o2m_fault o2m_probe_fault;

/* device.c */
extern struct rtnl_link_ops o2m_link_ops;
bool netif_is_one2many(const struct net_device *dev);
void o2m_compute_features(struct o2m *o2m);

/* link.c */
int o2m_link_add(struct o2m *o2m, struct net_device *dev, int id,
		 struct netlink_ext_ack *extack);
void o2m_link_del(struct o2m_link *link, bool unregistering);
void o2m_link_unsync_addrs(struct o2m_link *link);
struct o2m_link *o2m_link_of(const struct net_device *dev);
int o2m_links_set_mtu(struct o2m *o2m, int mtu, struct netlink_ext_ack *extack);
int o2m_links_set_addr(struct o2m *o2m, struct sockaddr *sa,
		       struct netlink_ext_ack *extack);
void o2m_link_set_enabled(struct o2m_link *link, bool enabled);
#ifdef CONFIG_NET_POLL_CONTROLLER
int o2m_link_netpoll_enable(struct o2m_link *link);
void o2m_link_netpoll_disable(struct o2m_link *link);

/* Whether the master carries netpoll (netconsole). Under RTNL. */
static inline bool o2m_netpoll_on(const struct o2m *o2m)
{
	return rcu_access_pointer(o2m->dev->npinfo);
}
#else
static inline int o2m_link_netpoll_enable(struct o2m_link *link)
{
	return 0;
}

static inline void o2m_link_netpoll_disable(struct o2m_link *link)
{
}

static inline bool o2m_netpoll_on(const struct o2m *o2m)
{
	return false;
}
#endif

static inline struct o2m_link *o2m_link_rtnl(struct o2m *o2m, int id)
{
	return rtnl_dereference(o2m->links[id]);
}

/* Link @id, under RTNL or in an RCU read-side section. */
static inline struct o2m_link *o2m_link_get(struct o2m *o2m, int id)
{
	return rcu_dereference_rtnl(o2m->links[id]);
}

#define o2m_for_each_link(o2m, link, i)					\
	for ((i) = 0; (i) < O2M_MAX_LINKS; (i)++)			\
		if (!((link) = o2m_link_rtnl((o2m), (i)))) {} else

/* detect.c: which links are active, the master's carrier, notifiers */
void o2m_update_active(struct o2m *o2m);
void o2m_announce(struct o2m *o2m);
void o2m_set_notify_count(struct o2m *o2m, u32 count);
void o2m_config_changed(struct o2m *o2m, const struct o2m_transmit_mode *was);
void o2m_announce_work(struct work_struct *work);
void o2m_hold_init(struct o2m *o2m);
void o2m_hold_cancel(struct o2m *o2m);
void o2m_link_hold_init(struct o2m_link *link);
int o2m_active_init(struct o2m *o2m);
void o2m_active_free(struct o2m *o2m);
int o2m_notifier_register(void);
void o2m_notifier_unregister(void);

/* probe.c: path probing */
void o2m_probe_init(struct o2m *o2m);
void o2m_probe_free(struct o2m *o2m);
int o2m_probe_link_init(struct o2m_link *link, struct netlink_ext_ack *extack);
void o2m_probe_link_fini(struct o2m_link *link);
int o2m_probe_prepare(struct o2m *o2m, struct o2m_probe_change *pc,
		      const struct nlattr *nest, struct netlink_ext_ack *extack);
void o2m_probe_abort(struct o2m *o2m, struct o2m_probe_change *pc);
void o2m_probe_commit(struct o2m *o2m, struct o2m_probe_change *pc);
void o2m_probe_start(struct o2m *o2m);
void o2m_probe_open(struct o2m *o2m);
void o2m_probe_stop(struct o2m *o2m);
void o2m_probe_paths(struct o2m *o2m);
void o2m_probe_rx(struct o2m_link *link, const struct sk_buff *skb);
s64 o2m_probe_age(const struct o2m_link *link);
int o2m_probe_put_targets(struct sk_buff *skb, int type,
			  const struct o2m_probe_targets *t);
size_t o2m_probe_targets_size(void);

/* xmit.c */
const struct o2m_transmit_mode *o2m_mode_get(u32 id);
void o2m_xmit_check_update(struct o2m *o2m);
netdev_tx_t o2m_start_xmit(struct sk_buff *skb, struct net_device *dev);

/* receive.c */
rx_handler_result_t o2m_handle_frame(struct sk_buff **pskb);

/* stats.c */
int o2m_counters_init(struct o2m_counters *c);
void o2m_counters_free(struct o2m_counters *c);
void o2m_counters_sum(const struct o2m_counters *c, struct o2m_stats *s);
void o2m_counters_since(const struct o2m_counters *c, const struct o2m_stats *raw,
			struct o2m_stats *s);
void o2m_counters_read(const struct o2m_counters *c, struct o2m_stats *s);
void o2m_counters_clear_to(struct o2m_counters *c, const struct o2m_stats *raw);

/*
 * The datapath's counting: with BH disabled (transmit under
 * rcu_read_lock_bh, receive in softirq), or with interrupts off (transmit
 * under netpoll, which may run in a hard interrupt that came in on top of
 * the others). Interrupts are off for the update where the counters need
 * a sequence count (32-bit), so that such a nested writer cannot tear it;
 * on 64-bit the updates are local64 and nothing is turned off.
 */
#define O2M_COUNT_FRAME(what)						\
static inline void o2m_count_##what(struct o2m_counters *c, unsigned int len) \
{									\
	struct o2m_pcpu_stats *s = this_cpu_ptr(c->pcpu);		\
	unsigned long flags;						\
									\
	flags = u64_stats_update_begin_irqsave(&s->syncp);		\
	u64_stats_inc(&s->what##_packets);				\
	u64_stats_add(&s->what##_octets, len);				\
	u64_stats_update_end_irqrestore(&s->syncp, flags);		\
}
O2M_COUNT_FRAME(recv)
O2M_COUNT_FRAME(xmit)

#define O2M_COUNT_EVENT(what)						\
static inline void o2m_count_##what(struct o2m_counters *c)		\
{									\
	struct o2m_pcpu_stats *s = this_cpu_ptr(c->pcpu);		\
	unsigned long flags;						\
									\
	flags = u64_stats_update_begin_irqsave(&s->syncp);		\
	u64_stats_inc(&s->what);					\
	u64_stats_update_end_irqrestore(&s->syncp, flags);		\
}
O2M_COUNT_EVENT(memory_failures)
O2M_COUNT_EVENT(drops)

/*
 * The master's two counts of one frame handed down by the stack, in one
 * update: received, and then sent (some link took it) or dropped.
 */
static inline void o2m_count_handed(struct o2m_counters *c, unsigned int len,
				    bool sent)
{
	struct o2m_pcpu_stats *s = this_cpu_ptr(c->pcpu);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_inc(&s->recv_packets);
	u64_stats_add(&s->recv_octets, len);
	if (likely(sent)) {
		u64_stats_inc(&s->tx_packets);
		u64_stats_add(&s->tx_octets, len);
	} else {
		u64_stats_inc(&s->drops);
	}
	u64_stats_update_end_irqrestore(&s->syncp, flags);
}

/* netlink.c */
int o2m_genl_register(void);
void o2m_genl_unregister(void);
void o2m_notify(struct o2m *o2m, u32 event, struct o2m_link *link);

#endif /* _ONE2MANY_H */
