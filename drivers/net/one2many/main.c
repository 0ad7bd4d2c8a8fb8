// SPDX-License-Identifier: GPL-2.0
/*
 * one2many: one virtual network device spread over up to 64 links, after
 * FreeBSD's ng_one2many.
 *
 *   device.c   the master netdev and its rtnl_link_ops
 *   link.c     enslaving and releasing links
 *   detect.c   failure detection: the active set, carrier, notifier
 *   xmit.c     the transmit modes
 *   receive.c  the rx_handler
 *   stats.c    per-CPU counters
 *   netlink.c  the "one2many" generic netlink family
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/rtnetlink.h>

#include "one2many.h"

/* Where the tests fail the probes' allocations: debugfs's fail_one2many/. */
O2M_FAULT_DEFINE(o2m_probe_fault);

static int __init one2many_init(void)
{
	int err;

	o2m_fault_init(&o2m_probe_fault, "fail_one2many");
	err = o2m_genl_register();
	if (err)
		goto err_fault;
	err = o2m_notifier_register();
	if (err)
		goto err_genl;
	err = rtnl_link_register(&o2m_link_ops);
	if (err)
		goto err_notifier;
	return 0;

err_notifier:
	o2m_notifier_unregister();
err_genl:
	o2m_genl_unregister();
err_fault:
	o2m_fault_exit(&o2m_probe_fault);
	return err;
}

static void __exit one2many_exit(void)
{
	/* Deletes every one2many device, releasing its links. */
	rtnl_link_unregister(&o2m_link_ops);
	o2m_notifier_unregister();
	o2m_genl_unregister();
	o2m_fault_exit(&o2m_probe_fault);
}

module_init(one2many_init);
module_exit(one2many_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("one2many: one interface spread over many links");
MODULE_AUTHOR("The one2many authors");
MODULE_ALIAS_RTNL_LINK("one2many");
MODULE_ALIAS_GENL_FAMILY(ONE2MANY_GENL_NAME);
