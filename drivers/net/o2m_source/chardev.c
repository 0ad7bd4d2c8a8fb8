// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/o2m_source/NAME: each write() queues one frame, exactly the bytes
 * written. A misc device per source; each open file holds a reference, so
 * a source deleted under an open file stays in memory until it is closed
 * (its queue does not: it is freed with the source), and writes to it fail
 * with ENODEV.
 *
 * The queue limit counts the memory a frame takes (skb->truesize), not its
 * length: a 14-byte frame costs some 50 times its length.
 *
 * An open file switched with O2MS_IOC_SET_GAPS takes each frame after a
 * struct o2ms_frame_hdr, in the same write(): the frame's gap, kept with it.
 */
#include <linux/etherdevice.h>
#include <linux/fs.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/inet_ecn.h>

#include "o2m_source.h"

/* Headroom for the target's link layer, as a packet socket leaves. */
#define O2MS_HEADROOM 64

/*
 * The frame's protocol, as eth_type_trans() would find it: the EtherType,
 * or for an 802.3 frame (a length there) raw 802.3 or 802.2 LLC.
 */
static __be16 o2ms_frame_protocol(struct sk_buff *skb)
{
	__be16 proto = eth_hdr(skb)->h_proto;

	if (eth_proto_is_802_3(proto))
		return proto;
	if (skb->len >= ETH_HLEN + 2 && get_unaligned((u16 *)(skb->data + ETH_HLEN)) == 0xFFFF)
		return htons(ETH_P_802_3);
	return htons(ETH_P_802_2);
}

/*
 * Whether a queueing discipline may write into the frame: an IPv4 or IPv6
 * packet, behind any 802.1Q/802.1ad tags, with ECT(0) or ECT(1) in its
 * ECN field is one that INET_ECN_set_ce() rewrites.
 */
static bool o2ms_frame_ecn_capable(const struct sk_buff *skb)
{
	const u8 *p = skb->data;
	unsigned int off = ETH_HLEN;
	__be16 proto = eth_hdr(skb)->h_proto;
	u8 ecn;

	while (eth_type_vlan(proto) && skb->len >= off + VLAN_HLEN) {
		proto = get_unaligned((__be16 *)(p + off + 2));
		off += VLAN_HLEN;
	}
	if (proto == htons(ETH_P_IP) && skb->len >= off + sizeof(struct iphdr))
		ecn = p[off + 1] & INET_ECN_MASK;
	else if (proto == htons(ETH_P_IPV6) && skb->len >= off + sizeof(struct ipv6hdr))
		ecn = (p[off + 1] >> 4) & INET_ECN_MASK;
	else
		return false;
	return ecn == INET_ECN_ECT_0 || ecn == INET_ECN_ECT_1;
}

/* An open file of a source's node. */
struct o2ms_file {
	struct o2m_source *src;		/* held */
	bool gaps;			/* writes start with an o2ms_frame_hdr */
};

static int o2ms_open(struct inode *inode, struct file *file)
{
	/* misc_open() set private_data to our miscdevice, under misc_mtx. */
	struct o2m_source *src = container_of(file->private_data,
					      struct o2m_source, misc);
	struct o2ms_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	o2ms_get(src);
	f->src = src;
	file->private_data = f;
	return nonseekable_open(inode, file);
}

static int o2ms_release(struct inode *inode, struct file *file)
{
	struct o2ms_file *f = file->private_data;

	o2ms_put(f->src);
	kfree(f);
	return 0;
}

static long o2ms_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct o2ms_file *f = file->private_data;
	s32 on;

	switch (cmd) {
	case O2MS_IOC_SET_GAPS:
		if (get_user(on, (s32 __user *)arg))
			return -EFAULT;
		if (on != 0 && on != 1)
			return -EINVAL;
		/* Writes on this file are not serialised with this: the caller's. */
		WRITE_ONCE(f->gaps, on);
		return 0;
	default:
		return -ENOTTY;
	}
}

static ssize_t o2ms_write(struct file *file, const char __user *buf,
			  size_t len, loff_t *ppos)
{
	struct o2ms_file *f = file->private_data;
	struct o2m_source *src = f->src;
	struct o2ms_frame_hdr hdr = { 0 };
	size_t total = len;
	struct sk_buff *skb;
	int err;

	if (READ_ONCE(f->gaps)) {
		if (len < sizeof(hdr))
			return -EINVAL;
		if (copy_from_user(&hdr, buf, sizeof(hdr)))
			return -EFAULT;
		if (hdr.gap_ns > O2MS_GAP_MAX)
			return -EINVAL;
		buf += sizeof(hdr);
		len -= sizeof(hdr);
	}
	if (len < O2MS_FRAME_MIN || len > O2MS_FRAME_MAX)
		return -EINVAL;
	/*
	 * With room for a fast clone, as TCP allocates what it may resend:
	 * a frame sent unchanged is a clone of this one, and while its last
	 * clone has been freed (a driver that sends at once), the next one
	 * takes that room instead of an allocation.
	 */
	skb = alloc_skb_fclone(O2MS_HEADROOM + len, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, O2MS_HEADROOM);
	if (copy_from_user(skb_put(skb, len), buf, len)) {
		kfree_skb(skb);
		return -EFAULT;
	}
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->protocol = o2ms_frame_protocol(skb);
	BUILD_BUG_ON(sizeof(struct o2ms_frame_cb) > sizeof_field(struct sk_buff, cb));
	O2MS_FRAME_CB(skb)->ecn_capable = o2ms_frame_ecn_capable(skb);
	O2MS_FRAME_CB(skb)->gap_ns = hdr.gap_ns;

	spin_lock_bh(&src->lock);
	if (src->dead)
		err = -ENODEV;
	else if (src->queue_mem + skb->truesize > src->queue_limit)
		err = -ENOSPC;
	else
		err = 0;
	if (!err) {
		/*
		 * At the end of the cycle: before the first frame of the pass
		 * under way, so that a pass sends the frames in the order
		 * written (the head is the next frame of the pass).
		 */
		if (src->cycle_pos)
			__skb_queue_before(&src->queue, src->pass_first, skb);
		else
			__skb_queue_tail(&src->queue, skb);
		src->queue_mem += skb->truesize;
		src->queue_octets += len;
		src->queue_max_len = max_t(u32, src->queue_max_len, len);
		/* Saturates: 5 million frames an hour apart. */
		if (check_add_overflow(src->queue_gaps, hdr.gap_ns, &src->queue_gaps))
			src->queue_gaps = U64_MAX;
	}
	spin_unlock_bh(&src->lock);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	return total;
}

static const struct file_operations o2ms_fops = {
	.owner = THIS_MODULE,
	.open = o2ms_open,
	.release = o2ms_release,
	.write = o2ms_write,
	.unlocked_ioctl = o2ms_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

int o2ms_chardev_add(struct o2m_source *src)
{
	/* A '!' in a device's name is a '/' in its node's. */
	snprintf(src->devname, sizeof(src->devname), "o2m_source!%s", src->name);
	src->misc.minor = MISC_DYNAMIC_MINOR;
	src->misc.name = src->devname;
	src->misc.fops = &o2ms_fops;
	src->misc.mode = 0600;
	return misc_register(&src->misc);
}

void o2ms_chardev_del(struct o2m_source *src)
{
	misc_deregister(&src->misc);
}
