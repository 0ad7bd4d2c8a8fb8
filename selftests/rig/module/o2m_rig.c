// SPDX-License-Identifier: GPL-2.0
/*
 * The rig's own test module: it provokes, on request, each kind of kernel
 * report that must fail a test run, so that the rig can show that it catches
 * every one of them. Never installed, never loaded outside the rig's tests,
 * but for "holdrtnl" and "flap", which provoke no report and which selftests
 * borrow.
 *
 *   echo CLASS > /sys/module/o2m_rig/parameters/provoke
 *
 * A class this kernel cannot report (KASAN on a kernel without it) fails the
 * write with EOPNOTSUPP, so the caller knows not to look for it.
 *
 * Loaded with rtnl_misc=1 it also registers /dev/o2m_rig_rtnl, a misc
 * device whose open() takes RTNL, as a driver may: misc_open() calls it
 * under misc_mtx, so opening it teaches lockdep misc_mtx -> RTNL, and a
 * module that registers a misc device under RTNL then shows as a cycle.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/bug.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/gfp.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/refcount.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <net/net_namespace.h>

/* A device held by "devleak", given back by "devput" or on unload. */
static struct net_device *held_dev;
static netdevice_tracker held_tracker;

static DEFINE_MUTEX(rig_lock_a);
static DEFINE_MUTEX(rig_lock_b);

static void *leaked;

/* Hold a tracked reference on the device NAME and never give it back. */
static int rig_devleak(const char *name)
{
	struct net_device *dev;

	if (held_dev)
		return -EBUSY;
	dev = dev_get_by_name(&init_net, name);
	if (!dev)
		return -ENODEV;
	netdev_hold(dev, &held_tracker, GFP_KERNEL);
	dev_put(dev);
	held_dev = dev;
	return 0;
}

static void rig_devput(void)
{
	if (held_dev)
		netdev_put(held_dev, &held_tracker);
	held_dev = NULL;
}

/*
 * Allocate order-10 blocks without sleeping until one fails: the failure is
 * reported by the page allocator itself. Everything is given back at once.
 */
static int rig_pagealloc(void)
{
	struct page *page, *next, *list = NULL;
	int i, ret = -EAGAIN;

	for (i = 0; i < 4096; i++) {
		page = alloc_pages(GFP_ATOMIC, 10);
		if (!page) {
			ret = 0;
			break;
		}
		page->lru.next = (void *)list;
		list = page;
	}
	for (page = list; page; page = next) {
		next = (void *)page->lru.next;
		__free_pages(page, 10);
	}
	return ret;
}

/* Take two locks in both orders, one after the other: no deadlock, but a
 * dependency cycle that lockdep reports.
 */
static int rig_lockdep(void)
{
	if (!IS_ENABLED(CONFIG_PROVE_LOCKING))
		return -EOPNOTSUPP;
	mutex_lock(&rig_lock_a);
	mutex_lock(&rig_lock_b);
	mutex_unlock(&rig_lock_b);
	mutex_unlock(&rig_lock_a);
	mutex_lock(&rig_lock_b);
	mutex_lock(&rig_lock_a);
	mutex_unlock(&rig_lock_a);
	mutex_unlock(&rig_lock_b);
	return 0;
}

static int rig_kasan(void)
{
	char *buf;
	volatile char *p;
	char c;

	if (!IS_ENABLED(CONFIG_KASAN))
		return -EOPNOTSUPP;
	buf = kmalloc(16, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p = buf;
	c = p[16];
	kfree(buf);
	return c == 0x7f ? 1 : 0;
}

static int rig_ubsan(void)
{
	volatile int shift = 40;
	volatile int one = 1;

	if (!IS_ENABLED(CONFIG_UBSAN_SHIFT))
		return -EOPNOTSUPP;
	return (one << shift) == 3;
}

static int rig_kmemleak(void)
{
	if (!IS_ENABLED(CONFIG_DEBUG_KMEMLEAK))
		return -EOPNOTSUPP;
	leaked = kmalloc(128, GFP_KERNEL);
	if (!leaked)
		return -ENOMEM;
	/* Forget it: only the scan at the end of the run can find it now. */
	leaked = NULL;
	return 0;
}

/* A reference count brought to zero by a decrement that must not free. */
static void rig_refcount(void)
{
	refcount_t ref = REFCOUNT_INIT(1);

	refcount_dec(&ref);
}

static void rig_odebug_timer(struct timer_list *t)
{
}

/*
 * A timer destroyed while armed: debugobjects reports it and disarms it
 * (kfree() alone would need DEBUG_OBJECTS_FREE, which the debug kernel
 * lacks). Disarmed here too, should debugobjects have turned itself off.
 */
static int rig_odebug(void)
{
	struct timer_list *t;

	if (!IS_ENABLED(CONFIG_DEBUG_OBJECTS_TIMERS))
		return -EOPNOTSUPP;
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	timer_setup(t, rig_odebug_timer, 0);
	mod_timer(t, jiffies + 60 * HZ);
	destroy_timer_on_stack(t);
	if (timer_pending(t))
		del_timer_sync(t);
	kfree(t);
	return 0;
}

/*
 * A device whose transmit queue, once stopped, is never woken: the qdisc
 * watchdog reports it. Made by "txstall", gone with the module.
 */
static struct net_device *stall_dev;

static netdev_tx_t rig_stall_xmit(struct sk_buff *skb, struct net_device *dev)
{
	netif_stop_queue(dev);
	dev_kfree_skb(skb);
	return NETDEV_TX_OK;
}

/* Reported once: without a carrier the watchdog stops looking. */
static void rig_stall_timeout(struct net_device *dev, unsigned int txqueue)
{
	netif_carrier_off(dev);
}

static const struct net_device_ops rig_stall_ops = {
	.ndo_start_xmit	= rig_stall_xmit,
	.ndo_tx_timeout	= rig_stall_timeout,
};

static int rig_txstall(void)
{
	struct net_device *dev;
	int err;

	if (stall_dev)
		return -EBUSY;
	dev = alloc_netdev(0, "rigstall", NET_NAME_USER, ether_setup);
	if (!dev)
		return -ENOMEM;
	dev->netdev_ops = &rig_stall_ops;
	dev->watchdog_timeo = HZ;
	eth_hw_addr_random(dev);
	err = register_netdev(dev);
	if (err) {
		free_netdev(dev);
		return err;
	}
	stall_dev = dev;
	return 0;
}

/*
 * The two oopses below happen in a kernel thread of their own, which dies
 * with them holding nothing, so that the provoking can go on; the writer
 * waits for their report in the log.
 */
static int rig_gpf_thread(void *arg)
{
	/* Not canonical: a general protection fault, not a page fault. */
	return *(volatile int *)0xdead000000000000UL;
}

/* An entry deleted twice: its pointers are poison the second time. */
static int rig_list_thread(void *arg)
{
	LIST_HEAD(head);
	struct list_head entry;

	list_add(&entry, &head);
	list_del(&entry);
	list_del(&entry);
	return 0;
}

static int rig_thread(int (*fn)(void *arg), const char *name)
{
	struct task_struct *t = kthread_run(fn, NULL, "%s", name);

	return PTR_ERR_OR_ZERO(t);
}

/* Spin for SECONDS on this CPU without letting anything else run. */
static void rig_spin(unsigned int seconds, bool rcu_reader)
{
	unsigned int i;

	if (rcu_reader)
		rcu_read_lock();
	preempt_disable();
	for (i = 0; i < seconds * 1000; i++)
		mdelay(1);
	preempt_enable();
	if (rcu_reader)
		rcu_read_unlock();
}

/*
 * Not a report: hold RTNL for a while, as a slow configuration would, so a
 * selftest can show that what should not need RTNL does not wait for it.
 * A signal to the writer ends the hold early: the test holds it as long as
 * it needs, and no longer.
 */
static int rig_hold_rtnl(const char *arg)
{
	unsigned int ms;
	int err;

	err = kstrtouint(arg, 10, &ms);
	if (err)
		return err;
	if (ms > 60000)
		return -ERANGE;
	rtnl_lock();
	pr_info("o2m_rig: holding RTNL for %u ms\n", ms);
	msleep_interruptible(ms);
	pr_info("o2m_rig: RTNL released\n");
	rtnl_unlock();
	return 0;
}

/*
 * Not a report either: the carrier of device NAME, in the writer's network
 * namespace, off and straight on again under RTNL, which linkwatch needs:
 * it cannot run in between, and the notifiers see one NETDEV_CHANGE, the
 * carrier up as before; only the device's carrier counts tell of the flap.
 */
static int rig_flap(const char *name)
{
	struct net_device *dev;
	int err = 0;

	rtnl_lock();
	dev = __dev_get_by_name(current->nsproxy->net_ns, name);
	if (!dev) {
		err = -ENODEV;
	} else if (netif_carrier_ok(dev)) {
		netif_carrier_off(dev);
		netif_carrier_on(dev);
	}
	rtnl_unlock();
	return err;
}

static int provoke_set(const char *val, const struct kernel_param *kp)
{
	char class[IFNAMSIZ + 16], *arg;

	strscpy(class, val, sizeof(class));
	strim(class);
	arg = strchr(class, ':');
	if (arg)
		*arg++ = '\0';

	if (!strcmp(class, "none"))
		return 0;
	if (!strcmp(class, "warn")) {
		WARN(1, "o2m_rig: deliberate warning to test the test rig\n");
		return 0;
	}
	if (!strcmp(class, "bug"))
		BUG();
	if (!strcmp(class, "pagealloc"))
		return rig_pagealloc();
	if (!strcmp(class, "lockdep"))
		return rig_lockdep();
	if (!strcmp(class, "kasan"))
		return rig_kasan() < 0 ? -EOPNOTSUPP : 0;
	if (!strcmp(class, "ubsan"))
		return rig_ubsan() < 0 ? -EOPNOTSUPP : 0;
	if (!strcmp(class, "kmemleak"))
		return rig_kmemleak();
	if (!strcmp(class, "hung")) {
		/* The writer sleeps where it cannot be woken. */
		schedule_timeout_uninterruptible(8 * HZ);
		return 0;
	}
	if (!strcmp(class, "softlockup")) {
		rig_spin(6, false);
		return 0;
	}
	if (!strcmp(class, "rcustall")) {
		rig_spin(8, true);
		return 0;
	}
	if (!strcmp(class, "refcount")) {
		rig_refcount();
		return 0;
	}
	if (!strcmp(class, "odebug"))
		return rig_odebug();
	if (!strcmp(class, "gpf"))
		return rig_thread(rig_gpf_thread, "o2m_rig_gpf");
	if (!strcmp(class, "list"))
		return IS_ENABLED(CONFIG_DEBUG_LIST) ?
		       rig_thread(rig_list_thread, "o2m_rig_list") : -EOPNOTSUPP;
	if (!strcmp(class, "txstall"))
		return rig_txstall();
	if (!strcmp(class, "devleak"))
		return arg ? rig_devleak(arg) : -EINVAL;
	if (!strcmp(class, "devput")) {
		rig_devput();
		return 0;
	}
	if (!strcmp(class, "pin"))
		return try_module_get(THIS_MODULE) ? 0 : -EBUSY;
	if (!strcmp(class, "holdrtnl"))
		return arg ? rig_hold_rtnl(arg) : -EINVAL;
	if (!strcmp(class, "flap"))
		return arg ? rig_flap(arg) : -EINVAL;
	return -EINVAL;
}

static const struct kernel_param_ops provoke_ops = {
	.set = provoke_set,
};
module_param_cb(provoke, &provoke_ops, NULL, 0200);
MODULE_PARM_DESC(provoke, "the report to provoke: none, warn, bug, pagealloc, lockdep, kasan, ubsan, kmemleak, hung, softlockup, rcustall, refcount, odebug, gpf, list, txstall (then send on rigstall), devleak:IFNAME, devput, pin; and holdrtnl:MS, which holds RTNL that long or until the writer gets a signal, and flap:IFNAME, which turns a device's carrier off and on at once");

static bool rtnl_misc;
module_param(rtnl_misc, bool, 0444);
MODULE_PARM_DESC(rtnl_misc, "register /dev/o2m_rig_rtnl, whose open() takes RTNL");

static int rig_rtnl_open(struct inode *inode, struct file *file)
{
	rtnl_lock();
	rtnl_unlock();
	return 0;
}

static const struct file_operations rig_rtnl_fops = {
	.owner = THIS_MODULE,
	.open = rig_rtnl_open,
};

static struct miscdevice rig_rtnl_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "o2m_rig_rtnl",
	.fops = &rig_rtnl_fops,
	.mode = 0600,
};

static int __init o2m_rig_init(void)
{
	return rtnl_misc ? misc_register(&rig_rtnl_misc) : 0;
}

static void __exit o2m_rig_exit(void)
{
	if (rtnl_misc)
		misc_deregister(&rig_rtnl_misc);
	rig_devput();
	if (stall_dev) {
		unregister_netdev(stall_dev);
		free_netdev(stall_dev);
	}
}

module_init(o2m_rig_init);
module_exit(o2m_rig_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Provokes kernel reports on request, to test the VM test rig");
