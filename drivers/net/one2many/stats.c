// SPDX-License-Identifier: GPL-2.0
/* Per-link and master counters: per CPU on the datapath, summed on read. */
#include "one2many.h"

int o2m_counters_init(struct o2m_counters *c)
{
	int cpu;

	c->pcpu = alloc_percpu(struct o2m_pcpu_stats);
	if (!c->pcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(c->pcpu, cpu)->syncp);
	seqlock_init(&c->base_lock);
	memset(&c->base, 0, sizeof(c->base));
	return 0;
}

void o2m_counters_free(struct o2m_counters *c)
{
	free_percpu(c->pcpu);
	c->pcpu = NULL;
}

/* Everything counted since the counters were made: for "ip -s link". */
void o2m_counters_sum(const struct o2m_counters *c, struct o2m_stats *s)
{
	int cpu;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		const struct o2m_pcpu_stats *p = per_cpu_ptr(c->pcpu, cpu);
		struct o2m_stats v;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&p->syncp);
			v.recv_packets = u64_stats_read(&p->recv_packets);
			v.recv_octets = u64_stats_read(&p->recv_octets);
			v.xmit_packets = u64_stats_read(&p->xmit_packets);
			v.xmit_octets = u64_stats_read(&p->xmit_octets);
			v.memory_failures = u64_stats_read(&p->memory_failures);
			v.drops = u64_stats_read(&p->drops);
			v.tx_packets = u64_stats_read(&p->tx_packets);
			v.tx_octets = u64_stats_read(&p->tx_octets);
		} while (u64_stats_fetch_retry(&p->syncp, start));
		s->recv_packets += v.recv_packets;
		s->recv_octets += v.recv_octets;
		s->xmit_packets += v.xmit_packets;
		s->xmit_octets += v.xmit_octets;
		s->memory_failures += v.memory_failures;
		s->drops += v.drops;
		s->tx_packets += v.tx_packets;
		s->tx_octets += v.tx_octets;
	}
}

static void o2m_stats_sub(const struct o2m_stats *raw, const struct o2m_stats *base,
			  struct o2m_stats *s)
{
	s->recv_packets = raw->recv_packets - base->recv_packets;
	s->recv_octets = raw->recv_octets - base->recv_octets;
	s->xmit_packets = raw->xmit_packets - base->xmit_packets;
	s->xmit_octets = raw->xmit_octets - base->xmit_octets;
	s->memory_failures = raw->memory_failures - base->memory_failures;
	s->drops = raw->drops - base->drops;
	s->tx_packets = raw->tx_packets - base->tx_packets;
	s->tx_octets = raw->tx_octets - base->tx_octets;
}

/* @raw, a sum of the counters, less what was cleared before it. Under RTNL. */
void o2m_counters_since(const struct o2m_counters *c, const struct o2m_stats *raw,
			struct o2m_stats *s)
{
	ASSERT_RTNL();
	o2m_stats_sub(raw, &c->base, s);
}

/*
 * The counters since they were last cleared, without RTNL. The sum is taken
 * inside the base's read section: a base that stayed unchanged throughout
 * was taken from a sum older than ours, so no counter comes out negative.
 */
void o2m_counters_read(const struct o2m_counters *c, struct o2m_stats *s)
{
	struct o2m_stats raw, base;
	unsigned int seq;

	do {
		seq = read_seqbegin(&c->base_lock);
		base = c->base;
		o2m_counters_sum(c, &raw);
	} while (read_seqretry(&c->base_lock, seq));
	o2m_stats_sub(&raw, &base, s);
}

/*
 * Clear up to @raw, a sum taken earlier: what counted after it stays. A
 * reply built from the same @raw is then exactly what clearing took away.
 * Under RTNL.
 */
void o2m_counters_clear_to(struct o2m_counters *c, const struct o2m_stats *raw)
{
	ASSERT_RTNL();
	write_seqlock(&c->base_lock);
	c->base = *raw;
	write_sequnlock(&c->base_lock);
}
