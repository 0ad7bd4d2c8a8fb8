/* SPDX-License-Identifier: GPL-2.0 */
/* Generic netlink plumbing for o2mctl, on libnl-3. */
#ifndef O2MCTL_NL_H
#define O2MCTL_NL_H

#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/msg.h>
#include <netlink/attr.h>

struct nlctx {
	struct nl_sock *sk;
	int family;
	const char *family_name;
	char errmsg[256];	/* the kernel's extack message of the last error */
};

/* Connect and resolve FAMILY; says which module to load when it is missing. */
int ctl_open(struct nlctx *ctx, const char *family, const char *module);
void ctl_close(struct nlctx *ctx);
struct nl_msg *ctl_new(struct nlctx *ctx, int cmd, int flags);

typedef int (*ctl_reply_fn)(struct nl_msg *msg, void *arg);
/*
 * Send MSG (freed), hand each reply to FN, wait for the ack or the end of a
 * dump. Returns 0 or a negative errno; ctx->errmsg has the kernel's reason.
 */
int ctl_talk(struct nlctx *ctx, struct nl_msg *msg, ctl_reply_fn fn, void *arg);
/* Report a failed nl_talk: "o2mctl: WHAT: reason". Returns EXIT_ERR. */
int ctl_err(struct nlctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int ctl_join(struct nlctx *ctx, const char *group);
/* Attributes of a genl message (no policy: the kernel's replies). */
int ctl_parse(struct nl_msg *msg, struct nlattr **tb, int max);

#endif
