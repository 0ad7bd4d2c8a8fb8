/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _O2M_SOURCE_H
#define _O2M_SOURCE_H

#include <linux/hrtimer.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <uapi/linux/o2m_source.h>

#include "o2m_compat.h"
#include "o2m_fault.h"

/*
 * What a queued frame knows about itself, in its skb->cb: the cb is ours
 * while the frame sits in a source's queue (a clone sent takes a copy of
 * it, which the qdisc then overwrites in the clone only).
 */
struct o2ms_frame_cb {
	/*
	 * IPv4 or IPv6 with an ECN-capable codepoint: a qdisc (RED, fq_codel,
	 * PIE...) may set CE in the header it is handed, without unsharing a
	 * clone's data, so each send is a private copy.
	 */
	bool ecn_capable;
	u64 gap_ns;		/* since the frame before, as recorded */
};

#define O2MS_FRAME_CB(skb) ((struct o2ms_frame_cb *)(skb)->cb)

struct o2ms_counter {
	u32 offset;
	u32 flags;
	u8 width;
	u32 next;
	u32 min;
	u32 max;
	s32 increment;
};

struct o2ms_timestamp {
	u32 offset;
	u32 flags;
	u32 format;
};

struct o2ms_stats {
	u64 out_octets;
	u64 out_frames;
	u64 drops;
	u64 skipped;		/* embeds that did not fit */
	u64 memory_failures;	/* copies not allocated even by sleeping */
	u64 missed;		/* frames due at pps but given up: late */
	u64 late_max;		/* ns, a replayed frame after its time */
	u64 late_max_next;	/* the same since a GETCLR's snapshot */
	u64 late_sum;		/* ns, over late_frames */
	u64 late_frames;	/* replayed frames sent or dropped */
	ktime_t start_time;	/* wall clock; 0: never started */
	ktime_t end_time;	/* wall clock; 0: running or never ended */
	ktime_t start_mono;	/* the same on the monotonic clock, for the */
	ktime_t end_mono;	/* elapsed time */
};

/*
 * A source. Its configuration (target, list membership) changes under RTNL;
 * its queue, run state, pacing and counters under @lock, taken with _bh
 * (the sending work holds it while the core's transmit path runs).
 */
struct o2m_source {
	struct list_head list;		/* per-netns list, RTNL */
	struct list_head all;		/* o2ms_all, o2ms_all_lock */
	struct net *net;
	char name[O2MS_NAME_MAX];
	char devname[O2MS_NAME_MAX + 16];
	struct miscdevice misc;		/* /dev/o2m_source/NAME */
	struct kref ref;		/* the list's, and each open file's */

	struct net_device *target;	/* held; RTNL to change, @lock to read */
	netdevice_tracker target_tracker;

	spinlock_t lock;
	bool dead;			/* not added yet, or deleted: writes fail */
	struct sk_buff_head queue;	/* the frames, cycled head to tail */
	u64 queue_octets;		/* the frames' length */
	u64 queue_mem;			/* their truesize, held to queue_limit */
	u32 queue_max_len;		/* the longest frame queued */
	u64 queue_gaps;			/* ns, the sum of the frames' gaps */
	u32 queue_limit;
	u32 pps;			/* 0: no limit; read without @lock too */
	u32 speed;			/* replay, in thousandths; 0: none */
	/*
	 * A replay's schedule: the head frame is due at @replay_anchor plus
	 * (@replay_off - @replay_anchor_off) / speed, @replay_off being its
	 * recorded offset (the gaps since the run's first frame).
	 */
	ktime_t replay_anchor;		/* 0: at the run's first frame */
	u64 replay_anchor_off;
	u64 replay_off;
	bool csum_fixup;		/* fix checksums after embedding */
	bool running;
	u64 remaining;			/* frames left in this run; 0: no end */
	bool endless;
	u64 credit;			/* frames * NSEC_PER_SEC not yet sent */
	u32 missed_credit;		/* part of a missed frame, the same unit */
	ktime_t last_tick;
	struct o2ms_stats stats;
	struct o2ms_counter counters[O2MS_COUNTERS];
	struct o2ms_timestamp ts;
	u32 cycle_pos;			/* frames sent in this pass */
	struct sk_buff *pass_first;	/* this pass's first, if cycle_pos */
	u32 refusals;			/* of the head frame, in a row */
	u32 busy_shift;			/* full queues in a row: wait << this */
	/*
	 * A private copy of @spare_of, the head frame, made where the work
	 * may sleep after GFP_ATOMIC failed: sent next. Only while running.
	 */
	struct sk_buff *spare;
	const struct sk_buff *spare_of;
	int cpu;			/* where the run sends; read without @lock */
	struct hrtimer timer;		/* wakes @work when frames are due */
	struct work_struct work;	/* sends, on o2ms_wq */
};

/* Latency buckets: 0..3 ns, then each power of two cut in four. */
#define O2MS_HIST_BUCKETS	252

/* What a sink counts of the frames it matched. */
struct o2ms_sink_counts {
	u64 frames;
	u64 octets;
	u64 short_frames;
	u64 merged;
	u64 lat_frames;
	u64 lat_sum;
	u64 lat_min;
	u64 lat_max;
	u64 lat_invalid;
};

/*
 * A sink's counters on one CPU, written only there, by the receive
 * handler. They are zero while @epoch is not the sink's: a clear moves the
 * sink's on, and the CPU's next frame zeroes them first.
 */
struct o2ms_sink_pcpu {
	struct o2ms_sink_counts c;
	u64 hist[O2MS_HIST_BUCKETS];	/* latency buckets */
	struct u64_stats_sync syncp;
	u32 epoch;
};

/* The counter's sequence, one for all CPUs. */
struct o2ms_sink_seq {
	bool started;
	u64 next_idx;		/* the value expected next, less min */
	u64 next_pos;		/* its position: values since the start */
	u64 span;		/* positions behind next_pos that @seen holds */
	/*
	 * A value far from the sequence, waiting for the next frame to
	 * follow it (a jump) or not (a stray frame).
	 */
	bool has_cand;
	u64 cand_idx;
	u32 cand_segs;
	u64 lost;
	u64 duplicates;
	u64 late;
	u64 resyncs;
	u64 stray;
	u64 out_of_range;
	u64 last_ns;		/* the last matched frame's arrival */
	u64 gap_max;
	/* Bit (position % window): that value arrived. */
	DECLARE_BITMAP(seen, O2MS_SINK_WINDOW);
};

/* What a sink matches and reads, as SINK_ADD gave it. */
struct o2ms_sink_conf {
	char name[O2MS_NAME_MAX];
	u16 ethertype;			/* 0: every frame */
	bool has_counter;
	bool has_ts;
	u8 ctr_width;
	u32 ctr_offset;
	u32 ctr_min;
	u32 ctr_max;
	u32 ts_offset;
	u32 ts_format;
};

/*
 * A sink. @conf is set once, before its handler is added; the list
 * membership and @dev change under RTNL. The handler runs under RCU with
 * BH off: it counts per CPU without a lock, and takes @seq_lock for @seq.
 */
struct o2m_sink {
	struct list_head list;		/* per-netns list, RTNL */
	struct net *net;
	struct o2ms_sink_conf conf;
	struct net_device *dev;		/* held while attached; RTNL */
	netdevice_tracker dev_tracker;
	struct packet_type pt;		/* on @dev's list while it is set */
	u32 epoch;			/* written under RTNL, read by the handler */
	struct o2ms_sink_pcpu __percpu *pcpu;
	spinlock_t seq_lock;		/* @seq; _bh outside the handler */
	struct o2ms_sink_seq seq;
};

/* A sink's counters, summed over the CPUs, and its sequence. */
struct o2ms_sink_stats {
	struct o2ms_sink_counts c;
	u64 hist[O2MS_HIST_BUCKETS];
	struct o2ms_sink_seq seq;
};

/* source.c */
struct o2m_source *o2ms_find(struct net *net, const char *name);
int o2ms_add(struct net *net, const char *name, struct netlink_ext_ack *extack,
	     struct o2m_source **out);
void o2ms_attach(struct o2m_source *src);
void o2ms_detach(struct o2m_source *src, struct list_head *gone);
void o2ms_destroy(struct list_head *gone);
void o2ms_put(struct o2m_source *src);
void o2ms_get(struct o2m_source *src);
int o2ms_set_target(struct o2m_source *src, struct net_device *dev,
		    struct netlink_ext_ack *extack);
int o2ms_pernet_register(void);
void o2ms_pernet_unregister(void);
int o2ms_notifier_register(void);
void o2ms_notifier_unregister(void);
struct list_head *o2ms_list(struct net *net);
struct list_head *o2ms_sink_list(struct net *net);
unsigned int *o2ms_sink_count(struct net *net);	/* of the list, RTNL */
bool o2ms_name_ok(const char *name);
bool o2ms_is_closing(void);
void o2ms_stop_all(void);

/* sink.c */
struct o2m_sink *o2ms_sink_find(struct net *net, const char *name);
int o2ms_sink_add(struct net *net, const struct o2ms_sink_conf *conf,
		  struct net_device *dev, struct netlink_ext_ack *extack,
		  struct o2m_sink **out);
void o2ms_sink_del(struct o2m_sink *sink);
void o2ms_sink_dev_gone(struct net_device *dev);
void o2ms_sink_flush(struct net *net);
void o2ms_sink_read(struct o2m_sink *sink, struct o2ms_sink_stats *st);
void o2ms_sink_clear(struct o2m_sink *sink);
void o2ms_hist_bounds(unsigned int i, u64 *low, u64 *high);

/* chardev.c */
int o2ms_chardev_add(struct o2m_source *src);
void o2ms_chardev_del(struct o2m_source *src);

/* send.c */
int o2ms_send_register(void);
void o2ms_send_unregister(void);
void o2ms_send_init(struct o2m_source *src);
void o2ms_set_pps(struct o2m_source *src, u32 pps);
void o2ms_set_speed(struct o2m_source *src, u32 speed);
int o2ms_start(struct o2m_source *src, u64 count, struct netlink_ext_ack *extack);
void o2ms_kick(struct o2m_source *src);
bool o2ms_stop(struct o2m_source *src);
int o2ms_clrdata(struct o2m_source *src, struct netlink_ext_ack *extack);
void o2ms_kill(struct o2m_source *src);

/* embed.c */
void o2ms_embed_init(struct o2m_source *src);
bool o2ms_embedding(const struct o2m_source *src);
void o2ms_embed(struct o2m_source *src, struct sk_buff *skb, bool pass_end);
void o2ms_fix_csum(struct sk_buff *skb);
int o2ms_counter_check(const struct o2ms_counter *c, struct netlink_ext_ack *extack);

/* netlink.c */
int o2ms_genl_register(void);
void o2ms_genl_unregister(void);
void o2ms_notify(struct o2m_source *src, u32 event);

#endif /* _O2M_SOURCE_H */
