// SPDX-License-Identifier: GPL-2.0
/*
 * Sources: named objects in a network namespace, their lifetime and their
 * target. A namespace's list and the targets change under RTNL, which the
 * netdev notifier holds too, so a target can never go away unseen. The
 * device nodes come and go outside RTNL (o2ms_add(), o2ms_destroy()).
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "o2m_source.h"

static unsigned int o2ms_net_id __read_mostly;

struct o2ms_net {
	struct list_head sources;	/* RTNL */
	struct list_head sinks;		/* RTNL */
	unsigned int nsinks;		/* RTNL */
};

/*
 * Every source of every namespace, by name: the device nodes share
 * /dev/o2m_source/, so a name is refused while any namespace has it. A
 * name is taken here before its device node is registered and given back
 * once the node is gone, both outside RTNL: misc_register() and
 * misc_deregister() take misc_mtx, under which other drivers' open() may
 * take RTNL. Never taken under RTNL; held across nothing that takes
 * misc_mtx.
 */
static DEFINE_MUTEX(o2ms_all_lock);
static LIST_HEAD(o2ms_all);		/* o2ms_all_lock */

/* The module is going: no run starts any more. RTNL. */
static bool o2ms_closing;

bool o2ms_is_closing(void)
{
	ASSERT_RTNL();
	return o2ms_closing;
}

/* Stop every run, announcing it, before the module goes. */
void o2ms_stop_all(void)
{
	struct o2m_source *src;

	/* A start checks this under RTNL: none begins after it is set. */
	rtnl_lock();
	o2ms_closing = true;
	rtnl_unlock();
	/* No source leaves o2ms_all, or is freed, while it is walked. */
	mutex_lock(&o2ms_all_lock);
	list_for_each_entry(src, &o2ms_all, all)
		if (o2ms_stop(src))
			o2ms_notify(src, O2MS_EVENT_STOPPED);
	mutex_unlock(&o2ms_all_lock);
}

struct list_head *o2ms_list(struct net *net)
{
	struct o2ms_net *on = net_generic(net, o2ms_net_id);

	return &on->sources;
}

struct list_head *o2ms_sink_list(struct net *net)
{
	struct o2ms_net *on = net_generic(net, o2ms_net_id);

	return &on->sinks;
}

unsigned int *o2ms_sink_count(struct net *net)
{
	struct o2ms_net *on = net_generic(net, o2ms_net_id);

	return &on->nsinks;
}

/* Under RTNL. */
struct o2m_source *o2ms_find(struct net *net, const char *name)
{
	struct o2m_source *src;

	ASSERT_RTNL();
	list_for_each_entry(src, o2ms_list(net), list)
		if (!strcmp(src->name, name))
			return src;
	return NULL;
}

void o2ms_get(struct o2m_source *src)
{
	kref_get(&src->ref);
}

static void o2ms_free(struct kref *ref)
{
	struct o2m_source *src = container_of(ref, struct o2m_source, ref);

	skb_queue_purge(&src->queue);
	kfree(src);
}

void o2ms_put(struct o2m_source *src)
{
	kref_put(&src->ref, o2ms_free);
}

/* A source's or a sink's name. */
bool o2ms_name_ok(const char *name)
{
	const char *p;

	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	/* ASCII: the kernel's isalnum() takes Latin-1 letters too. */
	for (p = name; *p; p++)
		if (!isascii(*p) || (!isalnum(*p) && *p != '-' && *p != '_' && *p != '.'))
			return false;
	return true;
}

/* Give a source's name back. Not under RTNL (see o2ms_all). */
static void o2ms_unname(struct o2m_source *src)
{
	mutex_lock(&o2ms_all_lock);
	list_del(&src->all);
	mutex_unlock(&o2ms_all_lock);
}

/**
 * o2ms_add - create a source and its device node, in no namespace's list
 * yet (o2ms_attach()). Not under RTNL (see o2ms_all).
 * @net: its namespace
 * @name: its name, unique system-wide since it names /dev/o2m_source/NAME
 * @extack: why not
 * @out: the new source
 */
int o2ms_add(struct net *net, const char *name, struct netlink_ext_ack *extack,
	     struct o2m_source **out)
{
	struct o2m_source *src, *other;
	int err = 0;

	if (!o2ms_name_ok(name)) {
		NL_SET_ERR_MSG(extack, "a source name is ASCII letters, digits, '-', '_' and '.'");
		return -EINVAL;
	}
	src = kzalloc(sizeof(*src), GFP_KERNEL);
	if (!src)
		return -ENOMEM;
	strscpy(src->name, name, sizeof(src->name));
	src->net = net;
	INIT_LIST_HEAD(&src->list);
	kref_init(&src->ref);
	spin_lock_init(&src->lock);
	skb_queue_head_init(&src->queue);
	src->queue_limit = O2MS_QUEUE_LIMIT_DEFAULT;
	/* Its node takes no frames until the source is attached. */
	src->dead = true;
	o2ms_send_init(src);
	o2ms_embed_init(src);

	/* Take the name. */
	mutex_lock(&o2ms_all_lock);
	list_for_each_entry(other, &o2ms_all, all) {
		if (strcmp(other->name, name))
			continue;
		if (net_eq(other->net, net))
			NL_SET_ERR_MSG(extack, "a source of that name exists");
		else
			NL_SET_ERR_MSG(extack, "a source of that name exists in another network namespace (they share /dev/o2m_source/)");
		err = -EEXIST;
		break;
	}
	if (!err)
		list_add_tail(&src->all, &o2ms_all);
	mutex_unlock(&o2ms_all_lock);
	if (err) {
		kfree(src);
		return err;
	}

	err = o2ms_chardev_add(src);
	if (err) {
		if (err == -EBUSY)
			NL_SET_ERR_MSG(extack, "no free minor number for the source's device node");
		else
			NL_SET_ERR_MSG(extack, "cannot register the source's device node");
		o2ms_unname(src);
		kfree(src);
		return err;
	}
	*out = src;
	return 0;
}

/*
 * Make a new source visible in its namespace, and its node take frames:
 * none written before can be lost to an add that fails. Under RTNL.
 */
void o2ms_attach(struct o2m_source *src)
{
	ASSERT_RTNL();
	list_add_tail(&src->list, o2ms_list(src->net));
	spin_lock_bh(&src->lock);
	src->dead = false;
	spin_unlock_bh(&src->lock);
}

static void o2ms_drop_target(struct o2m_source *src)
{
	struct net_device *dev = src->target;

	if (!dev)
		return;
	spin_lock_bh(&src->lock);
	src->target = NULL;
	spin_unlock_bh(&src->lock);
	netdev_put(dev, &src->target_tracker);
}

/**
 * o2ms_detach - stop a source and take it out of its namespace, onto
 * @gone, for o2ms_destroy() once RTNL is released. Its queue and target
 * go now: a file still open on it can only fail its writes. Under RTNL.
 * @src: the source, attached or not
 * @gone: a list of the caller's
 */
void o2ms_detach(struct o2m_source *src, struct list_head *gone)
{
	ASSERT_RTNL();
	if (o2ms_stop(src))
		o2ms_notify(src, O2MS_EVENT_STOPPED);
	list_move_tail(&src->list, gone);
	o2ms_kill(src);
	o2ms_drop_target(src);
}

/*
 * Take the device nodes of the sources on @gone away, give their names
 * back and drop the lists' references. Not under RTNL (see o2ms_all).
 */
void o2ms_destroy(struct list_head *gone)
{
	struct o2m_source *src, *tmp;

	list_for_each_entry_safe(src, tmp, gone, list) {
		list_del(&src->list);
		o2ms_chardev_del(src);
		o2ms_unname(src);
		o2ms_put(src);
	}
}

/* ng_source's setiface. Refused while running. Under RTNL. */
int o2ms_set_target(struct o2m_source *src, struct net_device *dev,
		    struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (READ_ONCE(src->running)) {
		NL_SET_ERR_MSG(extack, "the source is running: stop it before changing its target");
		return -EBUSY;
	}
	o2ms_drop_target(src);
	netdev_hold(dev, &src->target_tracker, GFP_KERNEL);
	spin_lock_bh(&src->lock);
	src->target = dev;
	spin_unlock_bh(&src->lock);
	return 0;
}

/*
 * A target or a sink's device is going away (unregister, or a move to
 * another namespace).
 */
static int o2ms_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct o2m_source *src;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	o2ms_sink_dev_gone(dev);
	list_for_each_entry(src, o2ms_list(dev_net(dev)), list) {
		if (src->target != dev)
			continue;
		o2ms_stop(src);
		/*
		 * Unregistering this notifier at unload replays the event,
		 * after the family is gone: nothing to tell then.
		 */
		if (!o2ms_closing)
			o2ms_notify(src, O2MS_EVENT_TARGET_LOST);
		o2ms_drop_target(src);
	}
	return NOTIFY_DONE;
}

static struct notifier_block o2ms_notifier = {
	.notifier_call = o2ms_netdev_event,
};

int o2ms_notifier_register(void)
{
	return register_netdevice_notifier(&o2ms_notifier);
}

void o2ms_notifier_unregister(void)
{
	unregister_netdevice_notifier(&o2ms_notifier);
}

static int __net_init o2ms_net_init(struct net *net)
{
	INIT_LIST_HEAD(o2ms_list(net));
	INIT_LIST_HEAD(o2ms_sink_list(net));
	return 0;
}

/* The namespace goes: stop and free its sources, and free its sinks. */
static void __net_exit o2ms_net_exit(struct net *net)
{
	struct o2m_source *src, *tmp;
	LIST_HEAD(gone);

	rtnl_lock();
	list_for_each_entry_safe(src, tmp, o2ms_list(net), list)
		o2ms_detach(src, &gone);
	rtnl_unlock();
	o2ms_destroy(&gone);
	o2ms_sink_flush(net);
}

static struct pernet_operations o2ms_net_ops = {
	.init = o2ms_net_init,
	.exit = o2ms_net_exit,
	.id = &o2ms_net_id,
	.size = sizeof(struct o2ms_net),
};

int o2ms_pernet_register(void)
{
	return register_pernet_subsys(&o2ms_net_ops);
}

void o2ms_pernet_unregister(void)
{
	unregister_pernet_subsys(&o2ms_net_ops);
}
