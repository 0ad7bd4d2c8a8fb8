// SPDX-License-Identifier: GPL-2.0
/*
 * What a source writes into each frame it sends: up to four counters, then
 * a timestamp, as ng_source does. Called under the source's lock, on a
 * private copy of the frame.
 */
#include "o2m_source.h"

#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/timekeeping.h>

void o2ms_embed_init(struct o2m_source *src)
{
	int i;

	for (i = 0; i < O2MS_COUNTERS; i++) {
		src->counters[i].width = 4;
		src->counters[i].max = U32_MAX;
		src->counters[i].increment = 1;
	}
	src->ts.format = O2MS_TS_TIMEVAL32;
}

bool o2ms_embedding(const struct o2m_source *src)
{
	int i;

	if (src->ts.flags & O2MS_EMBED_ENABLE)
		return true;
	for (i = 0; i < O2MS_COUNTERS; i++)
		if (src->counters[i].flags & O2MS_EMBED_ENABLE)
			return true;
	return false;
}

int o2ms_counter_check(const struct o2ms_counter *c, struct netlink_ext_ack *extack)
{
	if (c->width != 1 && c->width != 2 && c->width != 4) {
		NL_SET_ERR_MSG(extack, "a counter's width is 1, 2 or 4 bytes");
		return -EINVAL;
	}
	if (c->min > c->max) {
		NL_SET_ERR_MSG(extack, "a counter's min must not be above its max");
		return -EINVAL;
	}
	return 0;
}

/*
 * The value after next: next + increment, wrapped into [min, max] with the
 * overshoot carried, both ways and for every min <= max (signed 64-bit
 * arithmetic, so min 0 wraps downwards too, unlike FreeBSD's).
 */
static u32 o2ms_counter_step(const struct o2ms_counter *c)
{
	s64 v = (s64)c->next + c->increment;
	u64 range = (u64)c->max - c->min + 1, rem;

	if (v > (s64)c->max) {
		div64_u64_rem(v - c->max - 1, range, &rem);
		v = c->min + rem;
	} else if (v < (s64)c->min) {
		div64_u64_rem(c->min - v - 1, range, &rem);
		v = c->max - rem;
	}
	return v;
}

static void o2ms_put_be(u8 *p, u32 v, u8 width)
{
	switch (width) {
	case 1:
		*p = v;
		break;
	case 2:
		put_unaligned_be16(v, p);
		break;
	default:
		put_unaligned_be32(v, p);
	}
}

/* Counters in index order, then the timestamp; @pass_end: last of a pass. */
void o2ms_embed(struct o2m_source *src, struct sk_buff *skb, bool pass_end)
{
	struct o2ms_timestamp *ts = &src->ts;
	int i;

	for (i = 0; i < O2MS_COUNTERS; i++) {
		struct o2ms_counter *c = &src->counters[i];

		if (!(c->flags & O2MS_EMBED_ENABLE))
			continue;
		if ((u64)c->offset + c->width > skb->len)
			src->stats.skipped++;
		else
			o2ms_put_be(skb->data + c->offset, c->next, c->width);
		if (!(c->flags & O2MS_COUNTER_PER_PASS) || pass_end)
			c->next = o2ms_counter_step(c);
	}
	if (!(ts->flags & O2MS_EMBED_ENABLE))
		return;
	if ((u64)ts->offset + 8 > skb->len) {
		src->stats.skipped++;
		return;
	}
	if (ts->format == O2MS_TS_NS64) {
		put_unaligned_be64(ktime_get_real_ns(), skb->data + ts->offset);
	} else {
		struct timespec64 now;

		ktime_get_real_ts64(&now);
		put_unaligned_be32((u32)now.tv_sec, skb->data + ts->offset);
		put_unaligned_be32(now.tv_nsec / NSEC_PER_USEC, skb->data + ts->offset + 4);
	}
}
