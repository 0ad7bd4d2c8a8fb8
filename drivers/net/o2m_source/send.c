// SPDX-License-Identifier: GPL-2.0
/*
 * Sending: an hrtimer in soft mode (dev_queue_xmit must not run in hard-irq
 * context) hands the queued frames, head first and back to the tail, to the
 * target's qdisc.
 *
 * Pacing: with a pps limit, credit accrues at pps frames per second of
 * elapsed time and is carried from tick to tick with its fraction, so every
 * rate is met on average, low ones too. Without a limit a tick sends a
 * batch and the next follows at once, so the source runs as fast as the
 * target takes frames without holding the CPU in one softirq: a tick ends
 * after 1024 frames or 1 ms, whichever comes first (fewer, shorter batches
 * cost a timer interrupt every few frames: 64 frames a tick ran at half the
 * speed in the benchmarks). Either way a
 * tick stops early when the target's queue is full and the unspent credit
 * waits for the next one: the source backs off instead of dropping.
 *
 * Only what the qdisc took counts as sent: NET_XMIT_DROP and NET_XMIT_CN
 * (the qdisc dropped a frame: RED this one, fq_codel earlier ones of the
 * flow; the noop qdisc of a target that went down, this one) count as a
 * drop, as pktgen counts them as errors. A run ends, with
 * O2MS_EVENT_TARGET_DOWN, when its target goes down or loses its carrier,
 * and with O2MS_EVENT_TOO_LONG at a frame its MTU no longer allows (one
 * drop): a run that can send nothing must not spin.
 */
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/sch_generic.h>

#include "o2m_source.h"

#define O2MS_BATCH		1024		/* frames a tick at most without a limit */
#define O2MS_MAX_PER_TICK	1024		/* ... and with one */
#define O2MS_TICK_TIME_NS	NSEC_PER_MSEC	/* and never longer than this */
#define O2MS_TIME_CHECK		64		/* frames between looks at the clock */
#define O2MS_TICK_MIN_NS	(50 * NSEC_PER_USEC)
#define O2MS_TICK_MAX_NS	NSEC_PER_MSEC
#define O2MS_BUSY_WAIT_NS	(20 * NSEC_PER_USEC)	/* after a full queue */

/* Whether the target's queue can take no more frames now. */
static bool o2ms_target_busy(struct net_device *dev)
{
	struct netdev_queue *txq = netdev_get_tx_queue(dev, 0);
	struct Qdisc *q;
	bool busy;

	if (netif_xmit_frozen_or_stopped(txq))
		return true;
	rcu_read_lock_bh();
	q = rcu_dereference_bh(txq->qdisc);
	/* Lockless qdiscs (pfifo_fast) keep their length per CPU. */
	busy = q && dev->tx_queue_len && qdisc_qlen_sum(q) >= READ_ONCE(dev->tx_queue_len);
	rcu_read_unlock_bh();
	return busy;
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

static u64 o2ms_tick_ns(u32 pps)
{
	if (!pps)
		return 0;
	return clamp_t(u64, NSEC_PER_SEC / pps, O2MS_TICK_MIN_NS, O2MS_TICK_MAX_NS);
}

/* Frames this tick may send; takes them from the credit. Under lock. */
static u32 o2ms_budget(struct o2m_source *src, ktime_t now)
{
	u64 elapsed, frames, max_credit;

	if (!src->pps)
		return O2MS_BATCH;
	elapsed = min_t(u64, ktime_to_ns(ktime_sub(now, src->last_tick)), NSEC_PER_SEC);
	src->credit += elapsed * src->pps;
	/* Never more than a second's worth: no burst after a stall. */
	max_credit = (u64)src->pps * NSEC_PER_SEC;
	if (src->credit > max_credit)
		src->credit = max_credit;
	frames = min_t(u64, src->credit / NSEC_PER_SEC, O2MS_MAX_PER_TICK);
	src->credit -= frames * NSEC_PER_SEC;
	return frames;
}

static void o2ms_finish(struct o2m_source *src)
{
	src->running = false;
	src->stats.end_time = ktime_get_real();
	src->stats.end_mono = ktime_get();
}

static enum hrtimer_restart o2ms_tick(struct hrtimer *timer)
{
	struct o2m_source *src = container_of(timer, struct o2m_source, timer);
	struct net_device *dev;
	bool busy = false, finished = false, overtime = false, too_long = false;
	unsigned int max_len;
	u32 budget, sent;
	bool embed;
	ktime_t now;
	u64 next;

	spin_lock(&src->lock);
	dev = src->target;
	if (!src->running || !dev || skb_queue_empty(&src->queue)) {
		spin_unlock(&src->lock);
		return HRTIMER_NORESTART;
	}
	if (!o2ms_target_ready(dev)) {
		o2ms_finish(src);
		spin_unlock(&src->lock);
		o2ms_notify(src, O2MS_EVENT_TARGET_DOWN, GFP_ATOMIC);
		return HRTIMER_NORESTART;
	}
	now = ktime_get();
	budget = o2ms_budget(src, now);
	src->last_tick = now;
	if (!src->endless && budget > src->remaining)
		budget = src->remaining;
	embed = o2ms_embedding(src);
	max_len = o2ms_max_len(dev);

	for (sent = 0; sent < budget; sent++) {
		struct sk_buff *skb, *copy;
		unsigned int len;
		bool pass_end;
		int rc;

		if (o2ms_target_busy(dev)) {
			busy = true;
			break;
		}
		/*
		 * A slow target must not keep this softirq going: past the
		 * tick's time the rest of the budget waits for the next one.
		 */
		if (sent && !(sent % O2MS_TIME_CHECK) &&
		    ktime_to_ns(ktime_sub(ktime_get(), now)) > O2MS_TICK_TIME_NS) {
			overtime = true;
			break;
		}
		skb = __skb_peek(&src->queue);
		if (unlikely(skb->len > max_len)) {
			/* The MTU shrank since the start: the run ends here. */
			src->stats.drops++;
			too_long = true;
			break;
		}
		/* Shared when nothing is written into it; private otherwise. */
		copy = embed ? skb_copy(skb, GFP_ATOMIC) : skb_clone(skb, GFP_ATOMIC);
		if (!copy) {
			busy = true;
			break;
		}
		__skb_unlink(skb, &src->queue);
		__skb_queue_tail(&src->queue, skb);
		pass_end = ++src->cycle_pos >= skb_queue_len(&src->queue);
		if (pass_end)
			src->cycle_pos = 0;
		if (embed) {
			o2ms_embed(src, copy, pass_end);
			if (src->csum_fixup)
				o2ms_fix_csum(copy);
		}
		len = copy->len;
		copy->dev = dev;
		rc = dev_queue_xmit(copy);
		if (likely(rc == NET_XMIT_SUCCESS)) {
			src->stats.out_frames++;
			src->stats.out_octets += len;
		} else {
			src->stats.drops++;
		}
		if (!src->endless)
			src->remaining--;
	}
	/* What the full queue kept us from sending waits for the next tick. */
	if (src->pps && sent < budget)
		src->credit += (u64)(budget - sent) * NSEC_PER_SEC;
	if (too_long || (!src->endless && !src->remaining)) {
		o2ms_finish(src);
		finished = true;
	}
	spin_unlock(&src->lock);

	if (finished) {
		o2ms_notify(src, too_long ? O2MS_EVENT_TOO_LONG : O2MS_EVENT_FINISHED,
			    GFP_ATOMIC);
		return HRTIMER_NORESTART;
	}
	next = busy ? O2MS_BUSY_WAIT_NS : o2ms_tick_ns(READ_ONCE(src->pps));
	/*
	 * Without a limit, or behind after a tick that ran out of time, the
	 * next batch right away, in a softirq of its own.
	 */
	if (overtime)
		next = 0;
	hrtimer_forward_now(timer, ns_to_ktime(next ?: 1));
	return HRTIMER_RESTART;
}

void o2ms_timer_init(struct o2m_source *src)
{
	hrtimer_init(&src->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	src->timer.function = o2ms_tick;
}

/* ng_source's start N (0: until stop). Under RTNL. */
int o2ms_start(struct o2m_source *src, u64 count, struct netlink_ext_ack *extack)
{
	int err = 0;

	ASSERT_RTNL();
	spin_lock_bh(&src->lock);
	if (src->running) {
		NL_SET_ERR_MSG(extack, "the source is running already");
		err = -EBUSY;
	} else if (!src->target) {
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
		src->credit = 0;
		src->last_tick = ktime_get();
		src->stats.start_time = ktime_get_real();
		src->stats.end_time = 0;
		src->stats.start_mono = ktime_get();
		src->stats.end_mono = 0;
		/* The first tick sends at once, with a frame's worth of credit. */
		if (src->pps)
			src->credit = NSEC_PER_SEC;
	}
	spin_unlock_bh(&src->lock);
	return err;
}

/*
 * Set the timer going after o2ms_start(), once "started" is announced, so
 * that a short run's "finished" cannot overtake it.
 */
void o2ms_kick(struct o2m_source *src)
{
	spin_lock_bh(&src->lock);
	if (src->running) {
		src->last_tick = ktime_get();
		hrtimer_start(&src->timer, 0, HRTIMER_MODE_REL_SOFT);
	}
	spin_unlock_bh(&src->lock);
}

/* End a run. Returns whether one was running. May sleep (waits for a tick). */
bool o2ms_stop(struct o2m_source *src)
{
	bool was;

	spin_lock_bh(&src->lock);
	was = src->running;
	if (was)
		o2ms_finish(src);
	spin_unlock_bh(&src->lock);
	hrtimer_cancel(&src->timer);
	return was;
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
	skb_queue_splice_init(&src->queue, &old);
	src->queue_octets = 0;
	src->queue_max_len = 0;
	src->cycle_pos = 0;
	spin_unlock_bh(&src->lock);
	__skb_queue_purge(&old);
	return 0;
}
