// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <linux/one2many.h>
#include <linux/o2m_source.h>

#include "json.h"
#include "o2mctl.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Replies that did not parse, and failures callbacks reported, so far. */
static unsigned int bad_replies, failed_inside;

const struct family o2m_family = { ONE2MANY_GENL_NAME, "one2many" };
const struct family src_family = { O2M_SOURCE_GENL_NAME, "o2m_source" };

void req_init(struct req *r, int cmd, int flags)
{
	r->oom = false;
	r->msg = nlmsg_alloc();
	/* Family 0 for now: ctl_send() puts the real one in. */
	if (!r->msg || !genlmsg_put(r->msg, NL_AUTO_PORT, NL_AUTO_SEQ, 0, 0, flags, cmd, 1))
		r->oom = true;
}

void req_u8(struct req *r, int type, uint8_t v)
{
	if (r->oom || nla_put_u8(r->msg, type, v) < 0)
		r->oom = true;
}

void req_u16(struct req *r, int type, uint16_t v)
{
	if (r->oom || nla_put_u16(r->msg, type, v) < 0)
		r->oom = true;
}

void req_u32(struct req *r, int type, uint32_t v)
{
	if (r->oom || nla_put_u32(r->msg, type, v) < 0)
		r->oom = true;
}

void req_s32(struct req *r, int type, int32_t v)
{
	if (r->oom || nla_put_s32(r->msg, type, v) < 0)
		r->oom = true;
}

void req_u64(struct req *r, int type, uint64_t v)
{
	if (r->oom || nla_put_u64(r->msg, type, v) < 0)
		r->oom = true;
}

void req_bin(struct req *r, int type, const void *data, int len)
{
	if (r->oom || nla_put(r->msg, type, len, data) < 0)
		r->oom = true;
}

void req_str(struct req *r, int type, const char *s)
{
	if (r->oom || nla_put_string(r->msg, type, s) < 0)
		r->oom = true;
}

struct nlattr *req_nest(struct req *r, int type)
{
	struct nlattr *nest = r->oom ? NULL : nla_nest_start(r->msg, type);

	if (!nest)
		r->oom = true;
	return nest;
}

void req_nest_end(struct req *r, struct nlattr *nest)
{
	if (!r->oom)
		nla_nest_end(r->msg, nest);
}

void req_nest_end_keep_empty(struct req *r, struct nlattr *nest)
{
	if (!r->oom)
		nla_nest_end_keep_empty(r->msg, nest);
}

/*
 * -n NAME: into the network namespace "ip netns add NAME" made, before the
 * first socket (ctl_open(), monitor, source load), once. Only the network
 * namespace: the device nodes and sysfs that "source load" reads are the
 * same in every one.
 */
int netns_enter(void)
{
	static bool entered;
	char path[PATH_MAX];
	int fd;

	if (!netns_name || entered)
		return EXIT_OK;
	snprintf(path, sizeof(path), "/run/netns/%s", netns_name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err("cannot open network namespace \"%s\": %s", netns_name, strerror(errno));
	if (setns(fd, CLONE_NEWNET)) {
		int e = errno;

		close(fd);
		return err("cannot enter network namespace \"%s\": %s", netns_name, strerror(e));
	}
	close(fd);
	entered = true;
	return EXIT_OK;
}

int ctl_open(struct nlctx *ctx, const struct family *f)
{
	const char *family = f->name, *module = f->module;
	int one = 1, fd, r;

	memset(ctx, 0, sizeof(*ctx));
	if (netns_enter())
		return EXIT_ERR;
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
	/* Bounded: a message without its NUL must not be read past. */
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(ctx->errmsg, sizeof(ctx->errmsg), "%.*s",
			 (int)strnlen(nla_data(tb[NLMSGERR_ATTR_MSG]), nla_len(tb[NLMSGERR_ATTR_MSG])),
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

/* An errno for what libnl says went wrong, for ctl_err() to name. */
static int nl_errno(int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_DUMP_INTR:
		return -EINTR;	/* the list changed while it was read: again */
	case NLE_MSG_TRUNC:
	case NLE_MSGSIZE:
		return -EMSGSIZE;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	default:
		return -EIO;
	}
}

int ctl_send(struct nlctx *ctx, struct req *req, ctl_reply_fn fn, void *arg)
{
	struct talk t = { .ctx = ctx, .fn = fn, .arg = arg };
	unsigned int bad_before = bad_replies, failed_before = failed_inside;
	struct nl_msg *msg = req->msg;
	struct nl_cb *cb;
	int r;

	req->msg = NULL;
	ctx->errmsg[0] = 0;
	cb = req->oom ? NULL : nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nlmsg_hdr(msg)->nlmsg_type = ctx->family;
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);

	r = nl_send_auto(ctx->sk, msg);
	nlmsg_free(msg);
	if (r < 0) {
		nl_cb_put(cb);
		return nl_errno(r);
	}
	while (!t.done) {
		r = nl_recvmsgs(ctx->sk, cb);
		if (r < 0 && !t.done) {
			t.err = t.err ?: nl_errno(r);
			break;
		}
	}
	nl_cb_put(cb);
	if (!t.err && bad_replies != bad_before)
		return -EPROTO;
	if (!t.err && failed_inside != failed_before)
		return -ECANCELED;
	return t.err;
}

static void vctl_err(struct nlctx *ctx, int error, const char *fmt, va_list ap)
{
	fputs("o2mctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (ctx->errmsg[0])
		fprintf(stderr, ": %s (%s)\n", ctx->errmsg, strerror(-error));
	else
		fprintf(stderr, ": %s\n", strerror(-error));
}

int ctl_err(struct nlctx *ctx, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vctl_err(ctx, error, fmt, ap);
	va_end(ap);
	return EXIT_ERR;
}

int ctl_run(const struct family *f, struct req *r, ctl_reply_fn fn, void *arg,
	    unsigned int flags, const char *fmt, ...)
{
	struct nlctx ctx;
	va_list ap;
	int e;

	if (ctl_open(&ctx, f)) {
		nlmsg_free(r->msg);
		r->msg = NULL;
		return EXIT_ERR;
	}
	if (json_output && (flags & RUN_JSON_ARRAY))
		jw_open_arr(NULL);
	e = ctl_send(&ctx, r, fn, arg);
	/* Nothing on stdout for a command that failed: its error says it. */
	if (json_output && (flags & RUN_JSON_ARRAY)) {
		jw_close_arr();
		if (e)
			jw_discard();
		else
			jw_done();
	}
	if (e && e != -ECANCELED) {
		va_start(ap, fmt);
		vctl_err(&ctx, e, fmt, ap);
		va_end(ap);
	}
	ctl_close(&ctx);
	return e ? EXIT_ERR : EXIT_OK;
}

int ctl_bad_reply(void)
{
	if (!bad_replies++)
		fputs("o2mctl: a reply from the kernel is not what this o2mctl understands (are the module and o2mctl of different versions?)\n",
		      stderr);
	return -EPROTO;
}

bool bad_events(void)
{
	return bad_replies;
}

void ctl_fail_reported(void)
{
	failed_inside++;
}

int ctl_require(struct nlattr **tb, const int *attrs)
{
	for (; *attrs; attrs++)
		if (!tb[*attrs])
			return ctl_bad_reply();
	return 0;
}

int ctl_parse(struct nl_msg *msg, struct nlattr **tb, int max, const struct nla_policy *policy)
{
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, max, policy))
		return ctl_bad_reply();
	return 0;
}

int ctl_parse_nested(struct nlattr **tb, int max, struct nlattr *nest,
		     const struct nla_policy *policy)
{
	if (!nest) {
		memset(tb, 0, sizeof(*tb) * (max + 1));
		return 0;
	}
	if (nla_parse_nested(tb, max, nest, policy))
		return ctl_bad_reply();
	return 0;
}
