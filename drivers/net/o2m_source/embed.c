// SPDX-License-Identifier: GPL-2.0
/*
 * What a source writes into each frame it sends: up to four counters, then
 * a timestamp, as ng_source does. Called under the source's lock, on a
 * private copy of the frame.
 */
#include "o2m_source.h"

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/tcp.h>
#include <linux/timekeeping.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

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

/* The UDP or TCP checksum of @len bytes at @l4, given the pseudo-header's. */
static __sum16 *o2ms_l4_check(u8 proto, void *l4, unsigned int len)
{
	if (proto == IPPROTO_UDP && len >= sizeof(struct udphdr))
		return &((struct udphdr *)l4)->check;
	if (proto == IPPROTO_TCP && len >= sizeof(struct tcphdr))
		return &((struct tcphdr *)l4)->check;
	return NULL;
}

/*
 * The length the UDP or TCP checksum covers, of the @len bytes the IP
 * header gives: UDP's own length field (the IP payload may be padded past
 * it), if it is sane; 0 when it is not, and the checksum is left alone.
 */
static unsigned int o2ms_l4_len(u8 proto, const void *l4, unsigned int len)
{
	unsigned int ulen;

	if (proto != IPPROTO_UDP)
		return len;
	ulen = ntohs(((const struct udphdr *)l4)->len);
	return ulen >= sizeof(struct udphdr) && ulen <= len ? ulen : 0;
}

static void o2ms_fix_ipv4(u8 *p, unsigned int avail)
{
	struct iphdr *iph = (struct iphdr *)p;
	unsigned int ihl, len;
	__sum16 *check;
	__wsum sum;

	if (avail < sizeof(*iph) || iph->version != 4 || iph->ihl < 5)
		return;
	ihl = iph->ihl * 4;
	len = ntohs(iph->tot_len);
	if (ihl > avail || len < ihl || len > avail)
		return;
	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
	if (iph->frag_off & htons(IP_MF | IP_OFFSET))
		return;
	check = o2ms_l4_check(iph->protocol, p + ihl, len - ihl);
	/* A UDP checksum of 0 means none: leave it so. */
	if (!check || (iph->protocol == IPPROTO_UDP && !*check))
		return;
	len = o2ms_l4_len(iph->protocol, p + ihl, len - ihl);
	if (!len)
		return;
	*check = 0;
	sum = csum_partial(p + ihl, len, 0);
	*check = csum_tcpudp_magic(iph->saddr, iph->daddr, len, iph->protocol, sum);
	if (iph->protocol == IPPROTO_UDP && !*check)
		*check = CSUM_MANGLED_0;
}

static void o2ms_fix_ipv6(u8 *p, unsigned int avail)
{
	struct ipv6hdr *ip6h = (struct ipv6hdr *)p;
	unsigned int len;
	__sum16 *check;
	__wsum sum;

	if (avail < sizeof(*ip6h) || ip6h->version != 6)
		return;
	len = ntohs(ip6h->payload_len);
	if (len > avail - sizeof(*ip6h))
		return;
	/* Only UDP or TCP right after the fixed header. */
	check = o2ms_l4_check(ip6h->nexthdr, p + sizeof(*ip6h), len);
	if (!check)
		return;
	len = o2ms_l4_len(ip6h->nexthdr, p + sizeof(*ip6h), len);
	if (!len)
		return;
	*check = 0;
	sum = csum_partial(p + sizeof(*ip6h), len, 0);
	*check = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len, ip6h->nexthdr, sum);
	if (ip6h->nexthdr == IPPROTO_UDP && !*check)
		*check = CSUM_MANGLED_0;
}

/*
 * After embedding, make the IPv4 header checksum and the UDP or TCP checksum
 * (over IPv4 or IPv6) right again, so that a counter in an address or a
 * port gives frames a receiver accepts. Frames of other kinds, fragments,
 * and IPv6 with extension headers are left as they are.
 */
void o2ms_fix_csum(struct sk_buff *skb)
{
	struct ethhdr *eth = (struct ethhdr *)skb->data;

	if (skb->len < ETH_HLEN)
		return;
	if (eth->h_proto == htons(ETH_P_IP))
		o2ms_fix_ipv4(skb->data + ETH_HLEN, skb->len - ETH_HLEN);
	else if (eth->h_proto == htons(ETH_P_IPV6))
		o2ms_fix_ipv6(skb->data + ETH_HLEN, skb->len - ETH_HLEN);
}
