// SPDX-License-Identifier: GPL-2.0
/*
 * Sending. A run's frames are handed to the target's qdisc (dev_queue_xmit)
 * by a work item on o2ms_wq, a per-CPU workqueue: an ordinary task, which
 * the scheduler shares out with the others on its CPU. It sends in chunks
 * of at most O2MS_CHUNK frames under the source's lock, and between chunks
 * gives the CPU up whenever another task is due (cond_resched()). It runs
 * on the CPU that started the run.
 *
 * Pacing: an hrtimer wakes the work when there is something to send later.
 * With a pps limit, credit accrues at pps frames per second of elapsed time
 * and the timer fires when the next frame is due (at least O2MS_WAIT_MIN_NS
 * apart: at a high rate each wake-up sends the few frames due). Unspent
 * credit is carried up to one frame and O2MS_CREDIT_NS's worth, enough to
 * make up for a late wake-up, so that no second, a stall included, sends
 * more than 1% over pps and a frame. What is earned beyond that is given
 * up and counted (missed): frames the rate wanted that the source could
 * not send in time, because it ran late or the target held it back; so is
 * what a rate change drops beyond one frame, and what a run stopped
 * before its count had earned and not sent. So sent, dropped and missed
 * frames add up to the frames the rate allowed since the start (pps times
 * the elapsed time at one rate), a frame aside; while a run goes on, up to
 * O2MS_CREDIT_NS's worth are still in hand. Without a limit the work sends
 * until the run ends or the target pushes back.
 *
 * Replay: with a speed set, the pps credit is not used: each frame is due
 * at its recorded offset from the run's first frame (the sum of the gaps
 * since it) divided by the speed, counted from when that frame left (the
 * run's start is sooner: its work has yet to be woken), and the timer
 * is armed for that absolute time, so that a late wake-up or a slow frame
 * delays nothing after it: the frames due by then go at once. How late each
 * left is counted (late_max, and the sum for the mean). A speed change
 * while running keeps the frames before it where they were: the head frame
 * is due after what was left of its wait, scaled, and the rest follow it at
 * the new speed.
 *
 * Backpressure: before each frame the queue that dev_queue_xmit() will pick
 * for it is looked at; a stopped queue, or a qdisc holding tx_queue_len
 * frames, makes the source wait, 20 us and twice as long each time the
 * queue is still full, up to 1.28 ms: a long stall costs few wake-ups. A
 * frame the qdisc or driver refuses (NET_XMIT_DROP: fq's flow limit, pfifo's
 * limit, tbf's queue, a veth peer's full backlog) is sent again after a wait
 * that doubles each time, up to O2MS_RETRIES times; only then does it count
 * as a drop and the next frame follows. A refusal for good (a tc filter's
 * drop) thus costs 5 ms a frame, and tc counts each attempt. Counters and
 * the timestamp it carried are written again, so a retry leaves no gap in
 * them. NET_XMIT_CN (the qdisc queued it but dropped
 * another, or dropped it as RED does) counts as a drop, as pktgen counts it
 * as an error: a frame was lost either way.
 *
 * Copies and clones are made with GFP_ATOMIC under the lock. One that
 * fails (most likely a long frame's private copy, which needs several pages
 * in a row) is made again outside the lock, where the work may sleep and
 * the allocator may reclaim or compact (without retrying hard: a stop
 * waits for it), and sent next. Only if that fails too is it counted
 * (memory_failures), and the same frame tried again after
 * O2MS_NOMEM_WAIT_NS, so that no frame, and no counter value, is skipped.
 *
 * A chunk also ends past O2MS_CHUNK_BYTES or O2MS_CHUNK_NS, so that large
 * private copies or a slow target do not hold the lock, and BHs off, for
 * long; and so that the receive work its frames cause on this CPU (a veth
 * peer's), done when BHs come back on, stays short enough to be done
 * there, in the sender's time, rather than handed to ksoftirqd, a third
 * task that would take a share of its own.
 *
 * A run ends, with O2MS_EVENT_TARGET_DOWN, when its target goes down or
 * loses its carrier, and with O2MS_EVENT_TOO_LONG at a frame its MTU no
 * longer allows (one drop): a run that can send nothing must not spin.
 */
#include <linux/if_vlan.h>
#include <linux/math64.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/workqueue.h>
#include <net/sch_generic.h>

#include "o2m_source.h"

#define O2MS_CHUNK		64		/* frames under the lock at most */
#define O2MS_CHUNK_BYTES	(256 * 1024)	/* and about as many bytes */
#define O2MS_CHUNK_NS		(200 * NSEC_PER_USEC)	/* and as long */
#define O2MS_CLOCK_EVERY	8		/* frames between looks at the clock */
/*
 * Credit carried, past a frame: about a tick (HZ=250), a late wake-up's
 * worth. Fixed, not TICK_NSEC: at HZ=1000 a wake-up more than a millisecond
 * late would lose its frames, and under emulation most are.
 */
#define O2MS_CREDIT_NS		(4 * NSEC_PER_MSEC)
#define O2MS_WAIT_MIN_NS	(50 * NSEC_PER_USEC)	/* between paced wake-ups */
#define O2MS_BUSY_WAIT_NS	(20 * NSEC_PER_USEC)	/* after a full queue */
#define O2MS_BUSY_SHIFT_MAX	6			/* doubled up to 64 times */
#define O2MS_RETRIES		8		/* refusals of one frame: 20 us .. 2.5 ms */
#define O2MS_NOMEM_WAIT_NS	NSEC_PER_MSEC

static struct workqueue_struct *o2ms_wq;
/*
 * Where the tests fail the copies' allocations, made in the sending work,
 * which failslab's fail-nth cannot reach: debugfs's fail_o2m_source/
 * (o2m_fault.h).
 */
static O2M_FAULT_DEFINE(o2ms_fault);

/* What one chunk left to do. */
struct o2ms_chunk {
	u32 event;		/* the run ended: announce this */
	u64 wait_ns;		/* wake up after this long... */
	ktime_t wake_at;	/* ...or at this time (a replay's next frame)... */
	bool more;		/* ...or send the next chunk now... */
	struct sk_buff *copy_for; /* ...or copy this frame, sleeping (held) */
};

/*
 * The transmit queue dev_queue_xmit() will pick for @skb on this CPU, found
 * the way the core finds it (netdev_core_pick_tx() is not exported), on
 * the queued frame: its copies carry the same inputs. The queue mapping is
 * left alone, as the core reads a set one as a recorded receive queue. A
 * tc or netfilter egress hook can still send a frame elsewhere: this is a
 * hint for backing off, and a refusal is dealt with anyway. BH disabled.
 */
static struct netdev_queue *o2ms_pick_tx(struct net_device *dev, struct sk_buff *skb)
{
	const struct net_device_ops *ops = dev->netdev_ops;
	u16 index = 0;

	if (dev->real_num_tx_queues != 1) {
#ifdef CONFIG_XPS
		/* As the core does, for XPS; a single queue needs none. */
		if ((u32)(skb->sender_cpu - 1) >= (u32)NR_CPUS)
			skb->sender_cpu = raw_smp_processor_id() + 1;
#endif
		rcu_read_lock_bh();
		if (ops->ndo_select_queue)
			index = ops->ndo_select_queue(dev, skb, NULL);
		else
			index = netdev_pick_tx(dev, skb, NULL);
		rcu_read_unlock_bh();
		if (unlikely(index >= dev->real_num_tx_queues))
			index = 0;
	}
	return netdev_get_tx_queue(dev, index);
}

/* Whether @txq can take no more frames now. BH disabled. */
static bool o2ms_txq_busy(struct net_device *dev, struct netdev_queue *txq)
{
	struct Qdisc *q;

	if (netif_xmit_frozen_or_stopped(txq))
		return true;
	q = rcu_dereference_bh(txq->qdisc);
	/* Lockless qdiscs (pfifo_fast) keep their length per CPU. */
	return q && dev->tx_queue_len && qdisc_qlen_sum(q) >= READ_ONCE(dev->tx_queue_len);
}

/*
 * The longest frame the target sends: its MTU, an Ethernet header and a
 * VLAN tag, the core's own rule for a frame it forwards
 * (is_skb_forwardable). dev_queue_xmit() itself checks nothing.
 */
static unsigned int o2ms_max_len(const struct net_device *dev)
{
	return READ_ONCE(dev->mtu) + ETH_HLEN + VLAN_HLEN;
}

/* Whether the target takes frames at all: up, and with a carrier. */
static bool o2ms_target_ready(const struct net_device *dev)
{
	return netif_running(dev) && netif_carrier_ok(dev);
}

/*
 * Give up @over of credit: its whole frames, with what is left of those
 * given up before, count as missed. Under lock.
 */
static void o2ms_miss(struct o2m_source *src, u64 over)
{
	over += src->missed_credit;
	src->stats.missed += div_u64_rem(over, NSEC_PER_SEC, &src->missed_credit);
}

/*
 * Frames this chunk may send, from the credit earned since the last look.
 * Under lock.
 */
static u32 o2ms_budget(struct o2m_source *src, u32 pps, ktime_t now)
{
	u64 elapsed, max_credit, secs;
	u32 ns;

	if (!pps)
		return O2MS_CHUNK;
	elapsed = ktime_to_ns(ktime_sub(now, src->last_tick));
	src->last_tick = now;
	/* Past a second, in whole frames (elapsed * pps could overflow). */
	if (unlikely(elapsed > NSEC_PER_SEC)) {
		secs = div_u64_rem(elapsed - NSEC_PER_SEC, NSEC_PER_SEC, &ns);
		src->stats.missed += secs * pps;
		src->credit += (u64)ns * pps;
		elapsed = NSEC_PER_SEC;
	}
	src->credit += elapsed * pps;
	max_credit = (u64)pps * O2MS_CREDIT_NS + NSEC_PER_SEC;
	if (src->credit > max_credit) {
		o2ms_miss(src, src->credit - max_credit);
		src->credit = max_credit;
	}
	return min_t(u64, div_u64(src->credit, NSEC_PER_SEC), O2MS_CHUNK);
}

/* How long until the next frame is due. Under lock. */
static u64 o2ms_due_ns(const struct o2m_source *src, u32 pps)
{
	u64 wait;

	if (!pps || src->credit >= NSEC_PER_SEC)
		return 0;
	wait = DIV_ROUND_UP_ULL(NSEC_PER_SEC - src->credit, pps);
	return max_t(u64, wait, O2MS_WAIT_MIN_NS);
}

/* Free the spare copy: its frame may not stay the head. Under lock. */
static void o2ms_drop_spare(struct o2m_source *src)
{
	consume_skb(src->spare);
	src->spare = NULL;
	src->spare_of = NULL;
}

/*
 * End the run. One that ends before its count (stopped, its target gone)
 * misses what its rate earned and it did not send. Under lock.
 */
static void o2ms_finish(struct o2m_source *src)
{
	ktime_t now = ktime_get();

	o2ms_drop_spare(src);
	if (src->pps && (src->endless || src->remaining)) {
		o2ms_budget(src, src->pps, now);
		o2ms_miss(src, src->credit);
		src->credit = 0;
	}
	src->running = false;
	src->stats.end_time = ktime_get_real();
	src->stats.end_mono = now;
}

/* When a replay's head frame is due. Under lock. */
static ktime_t o2ms_replay_due(const struct o2m_source *src)
{
	return ktime_add_ns(src->replay_anchor,
			    mul_u64_u32_div(src->replay_off - src->replay_anchor_off,
					    O2MS_SPEED_ONE, src->speed));
}

/* A replayed frame left (or was given up on) @late ns after its time. */
static void o2ms_count_late(struct o2m_source *src, s64 late)
{
	if (late < 0)
		late = 0;
	src->stats.late_max = max_t(u64, src->stats.late_max, late);
	src->stats.late_max_next = max_t(u64, src->stats.late_max_next, late);
	src->stats.late_sum += late;
	src->stats.late_frames++;
}

/*
 * Make @skb, queued, the head of @list, the cyclic order kept: close the
 * ring over the frames, then open it again before @skb. Under lock.
 */
static void o2ms_queue_rotate(struct sk_buff_head *list, struct sk_buff *skb)
{
	struct sk_buff *first = list->next, *last = list->prev;

	if (skb == first)
		return;
	last->next = first;
	first->prev = last;
	list->next = skb;
	list->prev = skb->prev;
	skb->prev->next = (struct sk_buff *)list;
	skb->prev = (struct sk_buff *)list;
}

/* The head frame leaves (or is given up on): the next one is up. */
static void o2ms_advance(struct o2m_source *src)
{
	struct sk_buff *skb = __skb_dequeue(&src->queue);

	__skb_queue_tail(&src->queue, skb);
	/*
	 * A replay's new head: its recorded offset (wraps harmlessly, only
	 * differences are used). Not kept otherwise: a replay starts from 0.
	 */
	if (src->speed)
		src->replay_off += O2MS_FRAME_CB(skb_peek(&src->queue))->gap_ns;
	/* Frames written in this pass go before its first (o2ms_write). */
	if (!src->cycle_pos)
		src->pass_first = skb;
	if (++src->cycle_pos >= skb_queue_len(&src->queue))
		src->cycle_pos = 0;
	src->refusals = 0;
	if (!src->endless)
		src->remaining--;
}

/*
 * What to send of @skb, the head frame: the spare copy made for it, or a
 * copy (@private: we embed, or a qdisc may mark it) or a clone made now,
 * without sleeping. Under lock.
 */
static struct sk_buff *o2ms_take_copy(struct o2m_source *src, struct sk_buff *skb,
				      bool private)
{
	struct sk_buff *copy = src->spare;

	if (unlikely(copy)) {
		src->spare = NULL;
		/* Made for the head frame, which only this work moves on. */
		if (!WARN_ON_ONCE(src->spare_of != skb)) {
			src->spare_of = NULL;
			return copy;
		}
		src->spare_of = NULL;
		consume_skb(copy);
	}
	if (o2m_should_fail(&o2ms_fault, skb->len))
		return NULL;
	if (private)
		return skb_copy(skb, GFP_ATOMIC | __GFP_NOWARN);
	return skb_clone(skb, GFP_ATOMIC | __GFP_NOWARN);
}

/* Send up to a chunk's frames. Takes the lock; may arm the timer. */
static void o2ms_send_chunk(struct o2m_source *src, struct o2ms_chunk *c)
{
	u32 saved_next[O2MS_COUNTERS];
	struct net_device *dev;
	unsigned int max_len;
	unsigned int bytes = 0;
	u64 saved_skipped;
	u32 budget, n, pps, speed;
	ktime_t start, now = 0, due = 0;
	bool embed;
	int i;

	memset(c, 0, sizeof(*c));
	spin_lock_bh(&src->lock);
	dev = src->target;
	if (!src->running || !dev || skb_queue_empty(&src->queue))
		goto out;
	if (!o2ms_target_ready(dev)) {
		o2ms_finish(src);
		c->event = O2MS_EVENT_TARGET_DOWN;
		goto out;
	}
	pps = src->pps;
	speed = src->speed;
	start = ktime_get();
	budget = speed ? O2MS_CHUNK : o2ms_budget(src, pps, start);
	if (!src->endless && budget > src->remaining)
		budget = src->remaining;
	embed = o2ms_embedding(src);
	max_len = o2ms_max_len(dev);

	for (n = 0; n < budget && bytes < O2MS_CHUNK_BYTES; n++) {
		struct netdev_queue *txq;
		struct sk_buff *skb;
		struct sk_buff *copy;
		unsigned int len;
		bool pass_end;
		int rc;

		if (speed) {
			/* A replay looks at the clock for each frame. */
			now = n ? ktime_get() : start;
			/* Its schedule starts as its first frame leaves. */
			if (!src->replay_anchor)
				src->replay_anchor = now;
			due = o2ms_replay_due(src);
			if (ktime_before(now, due)) {
				c->wake_at = due;
				break;
			}
			if (ktime_to_ns(ktime_sub(now, start)) > O2MS_CHUNK_NS)
				break;
		} else if (n && !(n % O2MS_CLOCK_EVERY) &&
			   ktime_to_ns(ktime_sub(ktime_get(), start)) > O2MS_CHUNK_NS) {
			break;
		}
		skb = __skb_peek(&src->queue);
		if (unlikely(skb->len > max_len)) {
			/* The MTU shrank since the start: the run ends here. */
			src->stats.drops++;
			o2ms_finish(src);
			c->event = O2MS_EVENT_TOO_LONG;
			goto out;
		}
		skb->dev = dev;
		txq = o2ms_pick_tx(dev, skb);
		if (o2ms_txq_busy(dev, txq)) {
			c->wait_ns = O2MS_BUSY_WAIT_NS << src->busy_shift;
			if (src->busy_shift < O2MS_BUSY_SHIFT_MAX)
				src->busy_shift++;
			break;
		}
		src->busy_shift = 0;
		/*
		 * Shared when nothing can write into it; private when we embed,
		 * or when a qdisc may mark it CE (see struct o2ms_frame_cb).
		 */
		copy = o2ms_take_copy(src, skb, embed || O2MS_FRAME_CB(skb)->ecn_capable);
		if (unlikely(!copy)) {
			c->copy_for = skb_get(skb);
			goto out;
		}
		pass_end = src->cycle_pos + 1 >= skb_queue_len(&src->queue);
		if (embed) {
			for (i = 0; i < O2MS_COUNTERS; i++)
				saved_next[i] = src->counters[i].next;
			saved_skipped = src->stats.skipped;
			o2ms_embed(src, copy, pass_end);
			if (src->csum_fixup)
				o2ms_fix_csum(copy);
		}
		len = copy->len;
		bytes += len;
		rc = dev_queue_xmit(copy);
		if (likely(rc == NET_XMIT_SUCCESS)) {
			src->stats.out_frames++;
			src->stats.out_octets += len;
		} else if (rc == NET_XMIT_DROP && src->refusals < O2MS_RETRIES) {
			/* Refused: the same frame, the same values, later. */
			if (embed) {
				for (i = 0; i < O2MS_COUNTERS; i++)
					src->counters[i].next = saved_next[i];
				src->stats.skipped = saved_skipped;
			}
			c->wait_ns = O2MS_BUSY_WAIT_NS << src->refusals++;
			break;
		} else {
			src->stats.drops++;
		}
		if (speed)
			o2ms_count_late(src, ktime_to_ns(ktime_sub(now, due)));
		o2ms_advance(src);
		if (pps && !speed)
			src->credit -= NSEC_PER_SEC;
	}
	if (!src->endless && !src->remaining) {
		o2ms_finish(src);
		c->event = O2MS_EVENT_FINISHED;
		goto out;
	}
	if (c->wake_at) {
		hrtimer_start(&src->timer, c->wake_at, HRTIMER_MODE_ABS);
		goto out;
	}
	if (!c->wait_ns) {
		/* A replay's chunk ended before a frame not yet due: more now. */
		c->wait_ns = speed ? 0 : o2ms_due_ns(src, pps);
		c->more = !c->wait_ns;
	}
	if (!c->more)
		hrtimer_start(&src->timer, ns_to_ktime(c->wait_ns), HRTIMER_MODE_REL);
out:
	spin_unlock_bh(&src->lock);
}

/*
 * @skb, the head frame, could not be copied or cloned with GFP_ATOMIC: copy
 * it here, where we may sleep, for the next chunk to send. Drops our
 * reference to @skb. Takes the lock; may arm the timer.
 */
static void o2ms_copy_sleeping(struct o2m_source *src, struct sk_buff *skb,
			       struct o2ms_chunk *c)
{
	struct sk_buff *copy = NULL;

	/*
	 * No retrying hard, nor the OOM killer: a stop waits for this under
	 * RTNL, and a failure is tried again in a millisecond anyway.
	 */
	if (!o2m_should_fail(&o2ms_fault, skb->len))
		copy = skb_copy(skb, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN);

	spin_lock_bh(&src->lock);
	if (!src->running) {
		/* Stopped meanwhile: the copy is not needed. */
	} else if (!copy) {
		src->stats.memory_failures++;
		hrtimer_start(&src->timer, ns_to_ktime(O2MS_NOMEM_WAIT_NS),
			      HRTIMER_MODE_REL);
	} else {
		/* Only this work sends: the head is still @skb. */
		o2ms_drop_spare(src);
		src->spare = copy;
		src->spare_of = skb;
		copy = NULL;
		c->more = true;
	}
	spin_unlock_bh(&src->lock);
	consume_skb(copy);
	consume_skb(skb);
}

static void o2ms_work(struct work_struct *work)
{
	struct o2m_source *src = container_of(work, struct o2m_source, work);
	struct o2ms_chunk c;

	for (;;) {
		o2ms_send_chunk(src, &c);
		if (c.copy_for)
			o2ms_copy_sleeping(src, c.copy_for, &c);
		if (c.event)
			o2ms_notify(src, c.event);
		if (!c.more)
			return;
		/* Another task due on this CPU goes first. */
		cond_resched();
	}
}

static enum hrtimer_restart o2ms_timer(struct hrtimer *timer)
{
	struct o2m_source *src = container_of(timer, struct o2m_source, timer);

	queue_work_on(READ_ONCE(src->cpu), o2ms_wq, &src->work);
	return HRTIMER_NORESTART;
}

void o2ms_send_init(struct o2m_source *src)
{
	hrtimer_init(&src->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	src->timer.function = o2ms_timer;
	INIT_WORK(&src->work, o2ms_work);
}

/* ng_source's start N (0: until stop). Under RTNL. */
int o2ms_start(struct o2m_source *src, u64 count, struct netlink_ext_ack *extack)
{
	bool running;
	int err = 0;

	ASSERT_RTNL();
	if (o2ms_is_closing()) {
		NL_SET_ERR_MSG(extack, "the module is being unloaded");
		return -ESHUTDOWN;
	}
	spin_lock_bh(&src->lock);
	running = src->running;
	spin_unlock_bh(&src->lock);
	if (running) {
		NL_SET_ERR_MSG(extack, "the source is running already");
		return -EBUSY;
	}
	/*
	 * Only a start, under RTNL, sets running. A run that just ended may
	 * still be announcing it, and may have left its timer armed: its
	 * "finished" goes before this run's "started", and nothing of it
	 * wakes the new run.
	 */
	hrtimer_cancel(&src->timer);
	flush_work(&src->work);

	spin_lock_bh(&src->lock);
	if (!src->target) {
		NL_SET_ERR_MSG(extack, "the source has no target interface (set one first)");
		err = -ENXIO;
	} else if (skb_queue_empty(&src->queue)) {
		NL_SET_ERR_MSG(extack, "the queue is empty: write frames to /dev/o2m_source/NAME first");
		err = -ENODATA;
	} else if (!netif_running(src->target)) {
		NL_SET_ERR_MSG(extack, "the target interface is down");
		err = -ENETDOWN;
	} else if (!netif_carrier_ok(src->target)) {
		NL_SET_ERR_MSG(extack, "the target interface has no carrier");
		err = -ENETDOWN;
	} else if (src->queue_max_len > o2ms_max_len(src->target)) {
		NL_SET_ERR_MSG(extack, "a frame in the queue is longer than the target's MTU allows (MTU + 18)");
		err = -EMSGSIZE;
	}
	if (!err) {
		src->running = true;
		src->endless = !count;
		src->remaining = count;
		src->refusals = 0;
		src->busy_shift = 0;
		src->last_tick = ktime_get();
		src->stats.start_time = ktime_get_real();
		src->stats.end_time = 0;
		src->stats.start_mono = src->last_tick;
		src->stats.end_mono = 0;
		/* The first frame goes at once. */
		src->credit = NSEC_PER_SEC;
		src->missed_credit = 0;
		/* A replay starts at the recording's first frame. */
		if (src->speed && src->cycle_pos) {
			o2ms_queue_rotate(&src->queue, src->pass_first);
			src->cycle_pos = 0;
		}
		src->replay_anchor = 0;
		src->replay_anchor_off = 0;
		src->replay_off = 0;
	}
	spin_unlock_bh(&src->lock);
	return err;
}

/*
 * Set the run going after o2ms_start(), once "started" is announced, so
 * that a short run's "finished" cannot overtake it. The work runs on this
 * CPU.
 */
void o2ms_kick(struct o2m_source *src)
{
	spin_lock_bh(&src->lock);
	if (src->running) {
		WRITE_ONCE(src->cpu, smp_processor_id());
		queue_work_on(src->cpu, o2ms_wq, &src->work);
	}
	spin_unlock_bh(&src->lock);
}

/*
 * ng_source's setpps, running or not. A run goes on at the new rate from
 * now, without the credit the old one earned beyond one frame (missed).
 */
void o2ms_set_pps(struct o2m_source *src, u32 pps)
{
	ktime_t now = ktime_get();

	spin_lock_bh(&src->lock);
	if (pps == src->pps)
		goto out;
	/* What the old rate earned so far stays earned, up to a frame. */
	if (src->running && src->pps) {
		o2ms_budget(src, src->pps, now);
		if (src->credit > NSEC_PER_SEC) {
			o2ms_miss(src, src->credit - NSEC_PER_SEC);
			src->credit = NSEC_PER_SEC;
		}
	} else {
		src->credit = NSEC_PER_SEC;
	}
	src->last_tick = now;
	WRITE_ONCE(src->pps, pps);
	/* A wait for a frame due at the old rate ends now. */
	if (src->running)
		queue_work_on(src->cpu, o2ms_wq, &src->work);
out:
	spin_unlock_bh(&src->lock);
}

/*
 * A replay's speed, running or not (netlink refuses a change to or from 0
 * while running). The head frame is due after what was left of its wait,
 * at the new speed; the frames after it follow at the new speed.
 */
void o2ms_set_speed(struct o2m_source *src, u32 speed)
{
	ktime_t now = ktime_get(), due;

	spin_lock_bh(&src->lock);
	if (speed == src->speed)
		goto out;
	/* Anchored once the run's first frame left; before, nothing is due yet. */
	if (src->running && src->speed && speed && src->replay_anchor) {
		due = o2ms_replay_due(src);
		if (ktime_after(due, now))
			due = ktime_add_ns(now, mul_u64_u32_div(ktime_to_ns(ktime_sub(due, now)),
								src->speed, speed));
		src->replay_anchor = due;
		src->replay_anchor_off = src->replay_off;
	}
	WRITE_ONCE(src->speed, speed);
	/* A wait for a frame due at the old speed ends now. */
	if (src->running)
		queue_work_on(src->cpu, o2ms_wq, &src->work);
out:
	spin_unlock_bh(&src->lock);
}

/* End a run. Returns whether one was running. Sleeps (waits for the work). */
bool o2ms_stop(struct o2m_source *src)
{
	bool was;

	spin_lock_bh(&src->lock);
	was = src->running;
	if (was)
		o2ms_finish(src);
	spin_unlock_bh(&src->lock);
	/* The work arms the timer only while running, the timer queues it. */
	hrtimer_cancel(&src->timer);
	cancel_work_sync(&src->work);
	return was;
}

/* Empty the queue into @old, to be freed outside the lock. Under lock. */
static void o2ms_take_queue(struct o2m_source *src, struct sk_buff_head *old)
{
	o2ms_drop_spare(src);
	skb_queue_splice_init(&src->queue, old);
	src->queue_octets = 0;
	src->queue_mem = 0;
	src->queue_max_len = 0;
	src->queue_gaps = 0;
	src->cycle_pos = 0;
	src->pass_first = NULL;
}

int o2ms_clrdata(struct o2m_source *src, struct netlink_ext_ack *extack)
{
	struct sk_buff_head old;

	__skb_queue_head_init(&old);
	spin_lock_bh(&src->lock);
	if (src->running) {
		spin_unlock_bh(&src->lock);
		NL_SET_ERR_MSG(extack, "the source is running: stop it before clearing its queue");
		return -EBUSY;
	}
	o2ms_take_queue(src, &old);
	spin_unlock_bh(&src->lock);
	__skb_queue_purge(&old);
	return 0;
}

/*
 * A deleted source takes no more frames and frees those it has, though an
 * open file keeps the source itself. After o2ms_stop().
 */
void o2ms_kill(struct o2m_source *src)
{
	struct sk_buff_head old;

	__skb_queue_head_init(&old);
	spin_lock_bh(&src->lock);
	src->dead = true;
	o2ms_take_queue(src, &old);
	spin_unlock_bh(&src->lock);
	__skb_queue_purge(&old);
}

int __init o2ms_send_register(void)
{
	/*
	 * Per CPU, so that a run stays on the CPU that started it; CPU
	 * intensive, so that an unlimited run does not hold up other work
	 * items of the pool.
	 */
	o2ms_wq = alloc_workqueue("o2m_source", WQ_CPU_INTENSIVE, 0);
	if (!o2ms_wq)
		return -ENOMEM;
	o2m_fault_init(&o2ms_fault, "fail_o2m_source");
	return 0;
}

void o2ms_send_unregister(void)
{
	o2m_fault_exit(&o2ms_fault);
	destroy_workqueue(o2ms_wq);
}
