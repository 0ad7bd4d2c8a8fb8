/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection at the allocations no task of a request makes: those of
 * a worker, where failslab's fail-nth (a task's own) cannot reach. Each
 * module has one fault_attr, in debugfs as fail_<module>/ with the knobs
 * of every fault attribute (probability, interval, times, space,
 * task-filter, verbose: see Documentation/fault-injection/). A site asks
 * o2m_should_fail() before its allocation and, when told so, takes the
 * path of a failed allocation. @size, for the attribute's space, is the
 * frame's length where a frame is copied, 1 where a probe is built.
 *
 * The sites must stay out of the tasks of requests: should_fail() counts a
 * task's fail-nth first, so there a site would be one of the task's
 * fail-nth points (and, at the default verbose 2, dump a stack).
 *
 * Not fail_function: its kprobe runs in the context of an int3, an NMI for
 * lockdep, where should_fail()'s random number is not to be taken.
 *
 * Without CONFIG_FAULT_INJECTION_DEBUG_FS (Debian's kernels) nothing of
 * this is built and o2m_should_fail() is false.
 */
#ifndef _O2M_FAULT_H
#define _O2M_FAULT_H

#include <linux/debugfs.h>
#include <linux/fault-inject.h>

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS

/* A module's fault attribute, and its debugfs directory. */
struct o2m_fault {
	struct fault_attr attr;
	struct dentry *dir;
};

#define O2M_FAULT_DEFINE(name) \
	struct o2m_fault name = { .attr = FAULT_ATTR_INITIALIZER }

/* @dirname in the debugfs root. Its failure is no module's: ignored. */
static inline void o2m_fault_init(struct o2m_fault *fault, const char *dirname)
{
	fault->dir = fault_create_debugfs_attr(dirname, NULL, &fault->attr);
}

static inline void o2m_fault_exit(struct o2m_fault *fault)
{
	debugfs_remove_recursive(fault->dir);
	/* fault_create_debugfs_attr() kept a reference, for its messages. */
	dput(fault->attr.dname);
}

static inline bool o2m_should_fail(struct o2m_fault *fault, ssize_t size)
{
	return should_fail(&fault->attr, size);
}

#else /* CONFIG_FAULT_INJECTION_DEBUG_FS */

struct o2m_fault { };

#define O2M_FAULT_DEFINE(name)	struct o2m_fault name

static inline void o2m_fault_init(struct o2m_fault *fault, const char *dirname)
{
}

static inline void o2m_fault_exit(struct o2m_fault *fault)
{
}

static inline bool o2m_should_fail(struct o2m_fault *fault, ssize_t size)
{
	return false;
}

#endif /* CONFIG_FAULT_INJECTION_DEBUG_FS */

#endif /* _O2M_FAULT_H */
