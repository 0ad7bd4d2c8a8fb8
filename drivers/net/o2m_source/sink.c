// SPDX-License-Identifier: GPL-2.0
/*
 * Sinks: the receiving end of a source's frames. A sink is a packet_type
 * handler on one device (as an AF_PACKET socket bound to it is), for one
 * ethertype or for all, that reads the counter and the timestamp a source
 * wrote into each frame: what was lost, seen twice or came late, by the
 * counter's sequence; the latency, by the timestamp.
 *
 * The list of a namespace's sinks and their devices change under RTNL,
 * which the netdev notifier holds too. The handler runs under RCU with
 * BH off: it counts in per-CPU counters without a lock, and takes the
 * sink's @seq_lock for what is one for all CPUs (the sequence, the gaps).
 */
#include <linux/bitmap.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "o2m_source.h"

/* The bucket of a latency of @v ns: 0..3, then a power of two in four. */
static unsigned int o2ms_hist_bucket(u64 v)
{
	unsigned int e;

	if (v < 4)
		return v;
	e = fls64(v) - 1;
	return (e - 1) * 4 + ((v >> (e - 2)) & 3);
}

/* What bucket @i holds: [@low, @high) ns; the last one has no end. */
void o2ms_hist_bounds(unsigned int i, u64 *low, u64 *high)
{
	unsigned int e = i / 4 + 1;

	if (i < 4) {
		*low = i;
		*high = i + 1;
		return;
	}
	*low = (u64)(4 + i % 4) << (e - 2);
	*high = i == O2MS_HIST_BUCKETS - 1 ? U64_MAX : *low + (1ULL << (e - 2));
}

/*
 * The sequence. Values are taken less min, in [0, range); a position
 * counts the values since the sequence started, so that the bitmap's bits
 * follow each other whatever the range. The window is what the bitmap
 * remembers behind the value expected next, and less than half the range,
 * so that behind and ahead never meet.
 */
struct o2ms_seq_ctx {
	struct o2ms_sink_seq *q;
	u64 range;
	u64 win;
};

/* @idx (in [0, range)) plus @n, wrapped: without a division per frame. */
static u64 o2ms_seq_add(const struct o2ms_seq_ctx *c, u64 idx, u64 n)
{
	u64 sum = idx + n, rem;

	if (likely(sum < c->range))
		return sum;
	if (likely(n <= c->range))
		return sum - c->range;
	/* More segments than a narrow range has values. */
	div64_u64_rem(sum, c->range, &rem);
	return rem;
}

/* The value expected next arrived, and @n - 1 after it. */
static void o2ms_seq_advance(const struct o2ms_seq_ctx *c, u32 n)
{
	struct o2ms_sink_seq *q = c->q;
	u32 i;

	if (n >= O2MS_SINK_WINDOW)
		bitmap_fill(q->seen, O2MS_SINK_WINDOW);
	else
		for (i = 0; i < n; i++)
			__set_bit((q->next_pos + i) % O2MS_SINK_WINDOW, q->seen);
	q->next_pos += n;
	q->next_idx = o2ms_seq_add(c, q->next_idx, n);
	q->span = min_t(u64, q->span + n, c->win);
}

/* Start (again) at @idx: nothing behind it is known. */
static void o2ms_seq_start(const struct o2ms_seq_ctx *c, u64 idx, u32 segs)
{
	c->q->started = true;
	c->q->next_idx = idx;
	c->q->span = 0;
	o2ms_seq_advance(c, segs);
}

/* Skip @n values ahead, lost unless they come late. */
static void o2ms_seq_skip(const struct o2ms_seq_ctx *c, u64 n)
{
	struct o2ms_sink_seq *q = c->q;
	u64 i;

	q->lost += n;
	if (n >= O2MS_SINK_WINDOW)
		bitmap_zero(q->seen, O2MS_SINK_WINDOW);
	else
		for (i = 0; i < n; i++)
			__clear_bit((q->next_pos + i) % O2MS_SINK_WINDOW, q->seen);
	q->next_pos += n;
	q->next_idx = o2ms_seq_add(c, q->next_idx, n);
	q->span = min(q->span + n, c->win);
}

/* The value @back positions behind the one expected arrived. */
static void o2ms_seq_behind(const struct o2ms_seq_ctx *c, u64 back)
{
	struct o2ms_sink_seq *q = c->q;

	if (back > q->span)
		q->late++;		/* from before the start: never lost */
	else if (__test_and_set_bit((q->next_pos - back) % O2MS_SINK_WINDOW, q->seen))
		q->duplicates++;
	else {
		q->lost--;
		q->late++;
	}
}

/* A far value was followed by the next: a jump, taken. */
static void o2ms_seq_jump(const struct o2ms_seq_ctx *c)
{
	struct o2ms_sink_seq *q = c->q;
	u64 ahead = o2ms_seq_add(c, q->cand_idx, c->range - q->next_idx);

	if (ahead < c->range - ahead) {
		/* A long stretch lost. */
		o2ms_seq_skip(c, ahead);
		o2ms_seq_advance(c, q->cand_segs);
	} else {
		/* Far behind, or half the range ahead or more: a restart. */
		q->resyncs++;
		o2ms_seq_start(c, q->cand_idx, q->cand_segs);
	}
}

/* Counter value @idx (less min) arrived, in a frame of @segs segments. */
static void o2ms_seq_update(struct o2m_sink *sink, u64 idx, u32 segs)
{
	struct o2ms_seq_ctx c = {
		.q = &sink->seq,
		.range = (u64)sink->conf.ctr_max - sink->conf.ctr_min + 1,
	};
	struct o2ms_sink_seq *q = c.q;
	u64 ahead, back, i;

	c.win = min_t(u64, O2MS_SINK_WINDOW, (c.range - 1) / 2);
	if (!q->started) {
		o2ms_seq_start(&c, idx, segs);
		return;
	}
	if (q->has_cand) {
		q->has_cand = false;
		if (idx == o2ms_seq_add(&c, q->cand_idx, q->cand_segs))
			o2ms_seq_jump(&c);
		else
			q->stray++;
	}
	ahead = o2ms_seq_add(&c, idx, c.range - q->next_idx);
	back = c.range - ahead;
	if (!ahead) {
		o2ms_seq_advance(&c, segs);
	} else if (back <= c.win) {
		/* Late, or seen already; a merged frame's segments each. */
		for (i = 0; i < segs && i < back; i++)
			o2ms_seq_behind(&c, back - i);
		if (segs > back)
			o2ms_seq_advance(&c, segs - back);
	} else if (ahead <= c.win) {
		o2ms_seq_skip(&c, ahead);
		o2ms_seq_advance(&c, segs);
	} else {
		/* Far either way: the next frame tells a jump from a stray. */
		q->has_cand = true;
		q->cand_idx = idx;
		q->cand_segs = segs;
	}
}

/*
 * Byte @o of the frame as it was on the wire. A VLAN tag that the device or
 * the core took off (skb->vlan_tci) sat at bytes 12 to 15; the bytes after
 * it come @tag (4) later than the data has them now.
 */
static bool o2ms_sink_byte(const struct sk_buff *skb, int mac, unsigned int tag,
			   u32 o, u8 *b)
{
	__be16 hdr[2];
	const u8 *p;

	if (tag && o >= 2 * ETH_ALEN) {
		if (o >= 2 * ETH_ALEN + tag) {
			o -= tag;
		} else {
			hdr[0] = skb->vlan_proto;
			hdr[1] = htons(skb_vlan_tag_get(skb));
			*b = ((u8 *)hdr)[o - 2 * ETH_ALEN];
			return true;
		}
	}
	p = skb_header_pointer(skb, (int)o - mac, 1, b);
	if (!p)
		return false;
	*b = *p;
	return true;
}

/*
 * A big-endian value of @width bytes at @offset of the frame as it was on
 * the wire, with its VLAN tag (@tag bytes) where a capture puts it back;
 * false if the frame is shorter.
 */
static bool o2ms_sink_read_be(const struct sk_buff *skb, int mac, unsigned int tag,
			      u32 offset, unsigned int width, u64 *v)
{
	const u8 *p;
	u8 buf[8];
	unsigned int i;

	if ((u64)offset + width > (u64)skb->len + mac + tag)
		return false;
	if (tag && offset + width > 2 * ETH_ALEN) {
		if (offset < 2 * ETH_ALEN + tag) {
			/* Across the tag: a byte at a time, rare. */
			for (i = 0; i < width; i++)
				if (!o2ms_sink_byte(skb, mac, tag, offset + i, &buf[i]))
					return false;
			p = buf;
			goto out;
		}
		offset -= tag;
	}
	/* The MAC header is in the linear part: a negative offset is fine. */
	p = skb_header_pointer(skb, (int)offset - mac, width, buf);
	if (!p)
		return false;
out:
	*v = 0;
	for (i = 0; i < width; i++)
		*v = *v << 8 | p[i];
	return true;
}

/* The timestamp a source wrote, in ns since the epoch; false if none. */
static bool o2ms_sink_ts_ns(const struct o2m_sink *sink, u64 raw, u64 *ns)
{
	u32 usec = raw & 0xffffffff;

	if (sink->conf.ts_format == O2MS_TS_NS64) {
		*ns = raw;
		return true;
	}
	if (usec >= USEC_PER_SEC)
		return false;
	*ns = (raw >> 32) * NSEC_PER_SEC + (u64)usec * NSEC_PER_USEC;
	return true;
}

static void o2ms_sink_pcpu_reset(struct o2ms_sink_pcpu *pc, u32 epoch)
{
	memset(&pc->c, 0, sizeof(pc->c));
	memset(pc->hist, 0, sizeof(pc->hist));
	pc->c.lat_min = U64_MAX;
	/* The reader takes these as zero until it sees the epoch. */
	smp_store_release(&pc->epoch, epoch);
}

/* How many frames @skb is: a GRO frame's segments. */
static u32 o2ms_sink_segs(const struct sk_buff *skb)
{
	const struct skb_shared_info *si = skb_shinfo(skb);

	if (!skb_is_gso(skb))
		return 1;
	/* SKB_GSO_DODGY ones from a guest or tun may not say. */
	if (si->gso_segs)
		return si->gso_segs;
	return si->gso_size ? DIV_ROUND_UP(skb->len, si->gso_size) : 1;
}

static int o2ms_sink_rcv(struct sk_buff *skb, struct net_device *dev,
			 struct packet_type *pt, struct net_device *orig_dev)
{
	struct o2m_sink *sink = container_of(pt, struct o2m_sink, pt);
	const struct o2ms_sink_conf *conf = &sink->conf;
	int mac = skb_mac_header_was_set(skb) ? -skb_mac_offset(skb) : 0;
	bool has_ctr = false, has_ts = false, short_frame = false;
	u64 ctr = 0, raw = 0, ts = 0, now, lat;
	struct o2ms_sink_pcpu *pc;
	unsigned int tag;
	u32 segs, epoch;

	/* What the device sends, or the host looped back to itself. */
	if (skb->pkt_type == PACKET_OUTGOING || skb->pkt_type == PACKET_LOOPBACK ||
	    mac < ETH_HLEN)
		goto out;
	/*
	 * Its ethertype: the one after the outer VLAN tag (the core has taken
	 * that off by now, whatever the device did), or the tag's own.
	 */
	tag = skb_vlan_tag_present(skb) ? VLAN_HLEN : 0;
	if (conf->ethertype && skb->protocol != htons(conf->ethertype) &&
	    !(tag && skb->vlan_proto == htons(conf->ethertype)))
		goto out;
	if (conf->has_counter) {
		has_ctr = o2ms_sink_read_be(skb, mac, tag, conf->ctr_offset,
					    conf->ctr_width, &ctr);
		short_frame |= !has_ctr;
	}
	if (conf->has_ts) {
		has_ts = o2ms_sink_read_be(skb, mac, tag, conf->ts_offset, 8, &raw);
		short_frame |= !has_ts;
	}
	segs = o2ms_sink_segs(skb);

	pc = this_cpu_ptr(sink->pcpu);
	epoch = READ_ONCE(sink->epoch);
	u64_stats_update_begin(&pc->syncp);
	if (unlikely(pc->epoch != epoch))
		o2ms_sink_pcpu_reset(pc, epoch);
	if (short_frame) {
		pc->c.short_frames++;
		u64_stats_update_end(&pc->syncp);
		goto out;
	}
	pc->c.frames += segs;
	pc->c.octets += skb->len + mac + tag;
	if (segs > 1)
		pc->c.merged++;
	if (has_ts) {
		now = ktime_get_real_ns();
		/* Stamped later, or a minute before: clocks apart. */
		if (!o2ms_sink_ts_ns(sink, raw, &ts) || now < ts ||
		    now - ts > O2MS_SINK_LAT_MAX) {
			pc->c.lat_invalid++;
		} else {
			lat = now - ts;
			pc->c.lat_frames++;
			/* 3e8 frames a minute late each: the mean says so. */
			if (check_add_overflow(pc->c.lat_sum, lat, &pc->c.lat_sum))
				pc->c.lat_sum = U64_MAX;
			if (lat < pc->c.lat_min)
				pc->c.lat_min = lat;
			if (lat > pc->c.lat_max)
				pc->c.lat_max = lat;
			pc->hist[o2ms_hist_bucket(lat)]++;
		}
	}
	u64_stats_update_end(&pc->syncp);

	spin_lock(&sink->seq_lock);
	/*
	 * Read under the lock, so that frames on other CPUs take their turns.
	 * local_clock(), not ktime_get(): the gap costs no clocksource call.
	 * It is monotonic on each CPU; a frame on another CPU may still read a
	 * hair earlier than the one before it: a gap of none, and the time
	 * does not go back. (Where sched_clock is not stable across CPUs, a
	 * gap may read up to their skew long.)
	 */
	now = local_clock();
	if (now > sink->seq.last_ns) {
		if (sink->seq.last_ns && now - sink->seq.last_ns > sink->seq.gap_max)
			sink->seq.gap_max = now - sink->seq.last_ns;
		sink->seq.last_ns = now;
	}
	if (has_ctr) {
		if (ctr < conf->ctr_min || ctr > conf->ctr_max)
			sink->seq.out_of_range++;
		else
			o2ms_seq_update(sink, ctr - conf->ctr_min, segs);
	}
	spin_unlock(&sink->seq_lock);
out:
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

/**
 * o2ms_sink_read - a sink's counters, summed over the CPUs
 * @sink: the sink
 * @st: where they go
 *
 * Process context.
 */
void o2ms_sink_read(struct o2m_sink *sink, struct o2ms_sink_stats *st)
{
	struct o2ms_sink_counts *sum = &st->c;
	u32 epoch = READ_ONCE(sink->epoch);
	unsigned int start, i;
	int cpu;

	memset(st, 0, sizeof(*st));
	sum->lat_min = U64_MAX;
	for_each_possible_cpu(cpu) {
		const struct o2ms_sink_pcpu *pc = per_cpu_ptr(sink->pcpu, cpu);
		struct o2ms_sink_counts c;

		if (smp_load_acquire(&pc->epoch) != epoch)
			continue;
		do {
			start = u64_stats_fetch_begin(&pc->syncp);
			c = pc->c;
		} while (u64_stats_fetch_retry(&pc->syncp, start));
		sum->frames += c.frames;
		sum->octets += c.octets;
		sum->short_frames += c.short_frames;
		sum->merged += c.merged;
		sum->lat_frames += c.lat_frames;
		if (check_add_overflow(sum->lat_sum, c.lat_sum, &sum->lat_sum))
			sum->lat_sum = U64_MAX;
		sum->lat_invalid += c.lat_invalid;
		if (c.lat_frames) {
			sum->lat_min = min(sum->lat_min, c.lat_min);
			sum->lat_max = max(sum->lat_max, c.lat_max);
		}
		/* The buckets one by one: each is a counter of its own. */
		for (i = 0; i < O2MS_HIST_BUCKETS; i++) {
			u64 n;

			do {
				start = u64_stats_fetch_begin(&pc->syncp);
				n = pc->hist[i];
			} while (u64_stats_fetch_retry(&pc->syncp, start));
			st->hist[i] += n;
		}
		/* Many CPUs, many sinks: others want RTNL too. */
		cond_resched();
	}
	if (!sum->lat_frames)
		sum->lat_min = 0;
	spin_lock_bh(&sink->seq_lock);
	st->seq = sink->seq;
	spin_unlock_bh(&sink->seq_lock);
}

/**
 * o2ms_sink_clear - zero a sink's counters and forget its sequence
 * @sink: the sink
 *
 * Under RTNL (the only writer of the epoch).
 */
void o2ms_sink_clear(struct o2m_sink *sink)
{
	ASSERT_RTNL();
	WRITE_ONCE(sink->epoch, sink->epoch + 1);
	spin_lock_bh(&sink->seq_lock);
	memset(&sink->seq, 0, sizeof(sink->seq));
	spin_unlock_bh(&sink->seq_lock);
}

/* Under RTNL. */
struct o2m_sink *o2ms_sink_find(struct net *net, const char *name)
{
	struct o2m_sink *sink;

	ASSERT_RTNL();
	list_for_each_entry(sink, o2ms_sink_list(net), list)
		if (!strcmp(sink->conf.name, name))
			return sink;
	return NULL;
}

/**
 * o2ms_sink_add - make a sink and start it counting
 * @net: its namespace
 * @conf: its name (checked by o2ms_name_ok()) and configuration, checked
 * @dev: the Ethernet device it watches, in @net
 * @extack: why not
 * @out: the new sink
 *
 * Under RTNL.
 */
int o2ms_sink_add(struct net *net, const struct o2ms_sink_conf *conf,
		  struct net_device *dev, struct netlink_ext_ack *extack,
		  struct o2m_sink **out)
{
	unsigned int *count = o2ms_sink_count(net);
	struct o2m_sink *sink;
	int cpu;

	ASSERT_RTNL();
	if (o2ms_sink_find(net, conf->name)) {
		NL_SET_ERR_MSG(extack, "a sink of that name exists");
		return -EEXIST;
	}
	if (*count >= O2MS_SINKS_MAX) {
		NL_SET_ERR_MSG(extack, "this network namespace has 64 sinks, the most it may");
		return -ENOSPC;
	}
	/* Charged to whoever made it: any namespace's admin may. */
	sink = kzalloc(sizeof(*sink), GFP_KERNEL_ACCOUNT);
	if (!sink)
		return -ENOMEM;
	sink->pcpu = __alloc_percpu_gfp(sizeof(*sink->pcpu), __alignof__(*sink->pcpu),
					GFP_KERNEL_ACCOUNT);
	if (!sink->pcpu) {
		kfree(sink);
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu) {
		struct o2ms_sink_pcpu *pc = per_cpu_ptr(sink->pcpu, cpu);

		u64_stats_init(&pc->syncp);
		pc->c.lat_min = U64_MAX;
	}
	sink->net = net;
	sink->conf = *conf;
	spin_lock_init(&sink->seq_lock);

	netdev_hold(dev, &sink->dev_tracker, GFP_KERNEL);
	sink->dev = dev;
	/*
	 * Every frame, and the handler picks: so it runs where the device
	 * received the frame, before a VLAN device or a master above takes
	 * it (an ethertype's handler runs after, without the tag).
	 */
	sink->pt.type = htons(ETH_P_ALL);
	sink->pt.dev = dev;
	sink->pt.func = o2ms_sink_rcv;
	sink->pt.ignore_outgoing = true;
	dev_add_pack(&sink->pt);
	list_add_tail(&sink->list, o2ms_sink_list(net));
	(*count)++;
	*out = sink;
	return 0;
}

/*
 * Stop counting: the handler is off @dev's list, though it may still run
 * until a grace period ends (@sync: wait for it here).
 */
static void o2ms_sink_detach(struct o2m_sink *sink, bool sync)
{
	if (!sink->dev)
		return;
	if (sync)
		dev_remove_pack(&sink->pt);
	else
		__dev_remove_pack(&sink->pt);
	netdev_put(sink->dev, &sink->dev_tracker);
	sink->dev = NULL;
}

/* Out of its namespace; a handler may still run on it until a grace period. */
static void o2ms_sink_unlink(struct o2m_sink *sink)
{
	o2ms_sink_detach(sink, false);
	list_del(&sink->list);
	(*o2ms_sink_count(sink->net))--;
}

static void o2ms_sink_free(struct o2m_sink *sink)
{
	free_percpu(sink->pcpu);
	kfree(sink);
}

/**
 * o2ms_sink_del - take a sink out of its namespace and free it
 * @sink: the sink
 *
 * Under RTNL; sleeps (until no handler can run on it).
 */
void o2ms_sink_del(struct o2m_sink *sink)
{
	ASSERT_RTNL();
	o2ms_sink_unlink(sink);
	/* Also for a sink detached before: its handler's last run. */
	synchronize_net();
	o2ms_sink_free(sink);
}

/*
 * @dev is going away, or to another namespace: its sinks count nothing
 * more, and keep what they counted. The device is not freed before a
 * grace period, and the sinks only with one of their own. Under RTNL (the
 * netdev notifier).
 */
void o2ms_sink_dev_gone(struct net_device *dev)
{
	struct o2m_sink *sink;

	ASSERT_RTNL();
	list_for_each_entry(sink, o2ms_sink_list(dev_net(dev)), list)
		if (sink->dev == dev)
			o2ms_sink_detach(sink, false);
}

/* The namespace goes: free its sinks, after one grace period for all. */
void o2ms_sink_flush(struct net *net)
{
	struct o2m_sink *sink, *tmp;
	LIST_HEAD(gone);

	rtnl_lock();
	list_for_each_entry_safe(sink, tmp, o2ms_sink_list(net), list) {
		o2ms_sink_unlink(sink);
		list_add_tail(&sink->list, &gone);
	}
	rtnl_unlock();
	synchronize_net();
	list_for_each_entry_safe(sink, tmp, &gone, list)
		o2ms_sink_free(sink);
}
