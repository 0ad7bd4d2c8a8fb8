// SPDX-License-Identifier: GPL-2.0
/*
 * o2m_source: a packet source after FreeBSD's ng_source, fed through a char
 * device, sent by a work item and paced by an hrtimer.
 *
 *   source.c   sources, their namespaces and targets
 *   chardev.c  /dev/o2m_source/NAME, where frames are queued
 *   send.c     the work that sends them, pacing and backpressure
 *   netlink.c  the "o2m_source" generic netlink family
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "o2m_source.h"

static int __init o2m_source_init(void)
{
	int err;

	err = o2ms_send_register();
	if (err)
		return err;
	err = o2ms_pernet_register();
	if (err)
		goto err_send;
	err = o2ms_notifier_register();
	if (err)
		goto err_pernet;
	err = o2ms_genl_register();
	if (err)
		goto err_notifier;
	return 0;

err_notifier:
	o2ms_notifier_unregister();
err_pernet:
	o2ms_pernet_unregister();
err_send:
	o2ms_send_unregister();
	return err;
}

static void __exit o2m_source_exit(void)
{
	/* Every run ends, and says so, while the family can still tell. */
	o2ms_stop_all();
	o2ms_genl_unregister();
	o2ms_notifier_unregister();
	/* Stops and frees every source of every namespace. */
	o2ms_pernet_unregister();
	o2ms_send_unregister();
}

module_init(o2m_source_init);
module_exit(o2m_source_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("o2m_source: a packet source after ng_source");
MODULE_AUTHOR("The one2many authors");
MODULE_ALIAS_GENL_FAMILY(O2M_SOURCE_GENL_NAME);
