// SPDX-License-Identifier: GPL-2.0
/*
 * o2m_source: a packet source after FreeBSD's ng_source, fed through a char
 * device and paced by an hrtimer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

static int __init o2m_source_init(void)
{
	return 0;
}

static void __exit o2m_source_exit(void)
{
}

module_init(o2m_source_init);
module_exit(o2m_source_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("o2m_source: a packet source paced by an hrtimer");
MODULE_AUTHOR("The one2many authors");
