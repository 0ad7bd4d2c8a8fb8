/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where the kernels we support differ. Drivers use the names
 * below; no #if on LINUX_VERSION_CODE anywhere else.
 *
 * Supported: Debian bookworm's 6.1 and bookworm-backports' 6.12. The version
 * cut-offs are those of the upstream changes.
 */
#ifndef _O2M_COMPAT_H
#define _O2M_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <linux/device.h>
#include <net/genetlink.h>

/* 6.12 moved the unaligned access helpers out of asm/. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.12 moved NETIF_F_LLTX and NETIF_F_NETNS_LOCAL into net_device bits. */
static inline void o2m_set_lltx(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

static inline void o2m_set_netns_local(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/* 6.7 put a whole genl_info into genl_dumpit_info. */
static inline struct nlattr **o2m_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* 6.4 dropped class_create()'s owner; 6.2 made devnode()'s device const. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define o2m_class_create(name) class_create(name)
#else
#define o2m_class_create(name) class_create(THIS_MODULE, name)
#endif

/*
 * A link takes no IPv6 address of its own: before 6.2, IFF_SLAVE kept
 * addrconf away; 6.2 made that IFF_NO_ADDRCONF (and IFF_SLAVE alone no
 * longer does).
 */
static inline void o2m_set_no_addrconf(struct net_device *dev, bool on)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	if (on)
		dev->priv_flags |= IFF_NO_ADDRCONF;
	else
		dev->priv_flags &= ~IFF_NO_ADDRCONF;
#endif
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define O2M_DEVNODE_CONST const
#else
#define O2M_DEVNODE_CONST
#endif

#endif /* _O2M_COMPAT_H */
