// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "o2mctl.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int ctl_open(struct nlctx *ctx, const char *family, const char *module)
{
	int one = 1, fd, r;

	memset(ctx, 0, sizeof(*ctx));
	ctx->family_name = family;
	ctx->sk = nl_socket_alloc();
	if (!ctx->sk)
		return err("%s: cannot open a netlink socket: out of memory", family);
	r = genl_connect(ctx->sk);
	if (r) {
		nl_socket_free(ctx->sk);
		ctx->sk = NULL;
		return err("%s: cannot open a generic netlink socket: %s", family, nl_geterror(r));
	}
	fd = nl_socket_get_fd(ctx->sk);
	/* The kernel's reasons for refusing, without the echoed request. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	ctx->family = genl_ctrl_resolve(ctx->sk, family);
	if (ctx->family < 0) {
		ctl_close(ctx);
		return err("the %s generic netlink family is not there: is the %s module loaded? (modprobe %s)",
			   family, module, module);
	}
	return EXIT_OK;
}

void ctl_close(struct nlctx *ctx)
{
	if (ctx->sk)
		nl_socket_free(ctx->sk);
	ctx->sk = NULL;
}

struct nl_msg *ctl_new(struct nlctx *ctx, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ctx->family, 0, flags, cmd, 1)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct talk {
	struct nlctx *ctx;
	ctl_reply_fn fn;
	void *arg;
	int err;
	int done;
};

static void take_extack(struct nlctx *ctx, struct nlmsghdr *nlh, void *tlvs, int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, tlvs, len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(ctx->errmsg, sizeof(ctx->errmsg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct talk *t = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	int off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	t->err = e->error;
	take_extack(t->ctx, nlh, (char *)e + off, (int)nlh->nlmsg_len - NLMSG_HDRLEN - off);
	t->done = 1;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int *error = nlmsg_data(nlh);

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int) && *error < 0) {
		t->err = *error;
		take_extack(t->ctx, nlh, error + 1,
			    (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)sizeof(int));
	}
	t->done = 1;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;

	t->done = 1;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;

	if (t->fn)
		return t->fn(msg, t->arg);
	return NL_OK;
}

int ctl_talk(struct nlctx *ctx, struct nl_msg *msg, ctl_reply_fn fn, void *arg)
{
	struct talk t = { .ctx = ctx, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int r;

	ctx->errmsg[0] = 0;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);

	r = nl_send_auto(ctx->sk, msg);
	nlmsg_free(msg);
	if (r < 0) {
		nl_cb_put(cb);
		return -EIO;
	}
	while (!t.done) {
		r = nl_recvmsgs(ctx->sk, cb);
		if (r < 0 && !t.done) {
			t.err = t.err ?: -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	return t.err;
}

int ctl_err(struct nlctx *ctx, int error, const char *fmt, ...)
{
	va_list ap;

	fputs("o2mctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (ctx->errmsg[0])
		fprintf(stderr, ": %s (%s)\n", ctx->errmsg, strerror(-error));
	else
		fprintf(stderr, ": %s\n", strerror(-error));
	return EXIT_ERR;
}

int ctl_join(struct nlctx *ctx, const char *group)
{
	int grp = genl_ctrl_resolve_grp(ctx->sk, ctx->family_name, group);

	if (grp < 0)
		return grp;
	nl_socket_disable_seq_check(ctx->sk);
	return nl_socket_add_membership(ctx->sk, grp);
}

int ctl_parse(struct nl_msg *msg, struct nlattr **tb, int max)
{
	return genlmsg_parse(nlmsg_hdr(msg), 0, tb, max, NULL);
}
