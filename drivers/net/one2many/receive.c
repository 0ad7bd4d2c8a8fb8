// SPDX-License-Identifier: GPL-2.0
/*
 * Receive: every frame that arrives on a link, enabled or not, goes up
 * through the master, as ng_one2many passes everything from a many hook to
 * one. Whether duplicates come up is the user's choice of mode and peers.
 * In probe mode, the answers to a link's probes are noted on the way.
 */
#include <linux/etherdevice.h>
#include <linux/skbuff.h>

#include "one2many.h"

/* Called under rcu_read_lock in softirq, as every rx_handler. */
rx_handler_result_t o2m_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct o2m_link *link = rcu_dereference(skb->dev->rx_handler_data);
	struct o2m *o2m = link->o2m;
	unsigned int len;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		o2m_count_memory_failures(&o2m->stats);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;
	if (unlikely(READ_ONCE(o2m->detect) == O2M_DETECT_PROBE))
		o2m_probe_rx(link, skb);

	len = skb->len + skb->mac_len;
	o2m_count_recv(&link->stats, len);
	o2m_count_xmit(&o2m->stats, len);

	skb->dev = o2m->dev;
	/*
	 * The link has the master's address, so eth_type_trans() got this
	 * right already, unless the link's own filter let through a frame
	 * for the master that it judged by another address (promiscuous
	 * links, an address change in flight).
	 */
	if (skb->pkt_type == PACKET_OTHERHOST &&
	    ether_addr_equal(eth_hdr(skb)->h_dest, o2m->dev->dev_addr))
		skb->pkt_type = PACKET_HOST;
	return RX_HANDLER_ANOTHER;
}
