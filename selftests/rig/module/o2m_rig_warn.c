// SPDX-License-Identifier: GPL-2.0
/*
 * A module that does nothing but WARN when loaded: the rig's own test that a
 * kernel warning in the guest fails the run. Never installed.
 */
#include <linux/module.h>
#include <linux/bug.h>

static int __init o2m_rig_warn_init(void)
{
	WARN(1, "o2m_rig_warn: deliberate warning to test the test rig\n");
	return 0;
}

static void __exit o2m_rig_warn_exit(void)
{
}

module_init(o2m_rig_warn_init);
module_exit(o2m_rig_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Deliberately warns, to test the VM test rig");
