// SPDX-License-Identifier: GPL-2.0
/*
 * one2many: one virtual network device spread over up to 64 links, after
 * FreeBSD's ng_one2many.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

static int __init one2many_init(void)
{
	return 0;
}

static void __exit one2many_exit(void)
{
}

module_init(one2many_init);
module_exit(one2many_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("one2many: one interface spread over many links");
MODULE_AUTHOR("The one2many authors");
