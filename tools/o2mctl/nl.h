/* SPDX-License-Identifier: GPL-2.0 */
/* Generic netlink plumbing for o2mctl, on libnl-3. */
#ifndef O2MCTL_NL_H
#define O2MCTL_NL_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/msg.h>
#include <netlink/attr.h>

/* A generic netlink family, and the module that registers it. */
struct family {
	const char *name;
	const char *module;
};

extern const struct family o2m_family, src_family;

struct nlctx {
	struct nl_sock *sk;
	int family;
	const char *family_name;
	char errmsg[256];	/* the kernel's extack message of the last error */
};

/*
 * A request, built while the command line is parsed: no socket is open
 * yet, so its family is filled in when it is sent. A failed put marks it,
 * and sending it then fails with ENOMEM.
 */
struct req {
	struct nl_msg *msg;
	bool oom;
};

void req_init(struct req *r, int cmd, int flags);
void req_u8(struct req *r, int type, uint8_t v);
void req_u16(struct req *r, int type, uint16_t v);
void req_u32(struct req *r, int type, uint32_t v);
void req_s32(struct req *r, int type, int32_t v);
void req_u64(struct req *r, int type, uint64_t v);
void req_str(struct req *r, int type, const char *s);
void req_bin(struct req *r, int type, const void *data, int len);
struct nlattr *req_nest(struct req *r, int type);
/* A nest left empty is dropped, as libnl does, unless it is kept: an empty list. */
void req_nest_end(struct req *r, struct nlattr *nest);
void req_nest_end_keep_empty(struct req *r, struct nlattr *nest);

/* Connect and resolve F; says which module to load when it is missing. */
int netns_enter(void);
int ctl_open(struct nlctx *ctx, const struct family *f);
void ctl_close(struct nlctx *ctx);

typedef int (*ctl_reply_fn)(struct nl_msg *msg, void *arg);
/*
 * Send R (and free it), hand each reply to FN, wait for the ack or the end
 * of a dump. Returns 0 or a negative errno; ctx->errmsg has the kernel's
 * reason.
 */
int ctl_send(struct nlctx *ctx, struct req *r, ctl_reply_fn fn, void *arg);
/* Report a failed ctl_send: "o2mctl: WHAT: reason". Returns EXIT_ERR. */
int ctl_err(struct nlctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The replies of a ctl_run go into one JSON array (a show, an add). */
#define RUN_JSON_ARRAY	1

/*
 * A command's one request, start to end: open F, send R, report an error
 * as ctl_err does with FMT, close. Returns an exit status.
 */
int ctl_run(const struct family *f, struct req *r, ctl_reply_fn fn, void *arg,
	    unsigned int flags, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/*
 * OBJ (source, sink) show [NAME] as o2m_source request CMD: the one named,
 * or a dump of all; FN prints each reply, into one JSON array.
 */
int name_or_dump_cmd(const char *obj, int cmd, ctl_reply_fn fn, int argc, char **argv);

/* The attributes of the replies and events, in policy.c. */
extern const struct nla_policy o2m_policy[], o2m_link_policy[], o2m_stats_policy[],
	o2m_probe_policy[];
extern const struct nla_policy src_policy[], src_stats_policy[], src_ts_policy[],
	src_ctr_policy[], sink_stats_policy[], sink_hist_policy[];

/*
 * The attributes of a reply or event, checked against POLICY; those of a
 * nest (a missing nest has none). A reply that does not fit its policy,
 * or lacks an attribute it must have (ctl_bad_reply()), is reported once,
 * is not printed, and makes ctl_send() fail with EPROTO: a module and an
 * o2mctl of different versions give an error, never garbage.
 */
int ctl_parse(struct nl_msg *msg, struct nlattr **tb, int max, const struct nla_policy *policy);
int ctl_parse_nested(struct nlattr **tb, int max, struct nlattr *nest,
		     const struct nla_policy *policy);
int ctl_bad_reply(void);
/*
 * A reply callback's request of its own failed, and said so: the command
 * fails too (ctl_send() returns ECANCELED, which ctl_run() does not report
 * again).
 */
void ctl_fail_reported(void);
/* Whether any reply or event so far was a bad one. */
bool bad_events(void);
/* 0 if TB has each of ATTRS (a list ending in 0), else a bad reply. */
int ctl_require(struct nlattr **tb, const int *attrs);
#define ctl_need(tb, ...) ctl_require(tb, (const int[]){ __VA_ARGS__, 0 })

/* A source's counters (O2MS_A_STATS), as source show prints them. */
void print_src_stats(struct nlattr *nest);

/* An attribute of a parsed reply; 0 (or NULL) when it is missing. */
static inline uint8_t attr_u8(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u8(tb[a]) : 0;
}

static inline uint32_t attr_u32(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

static inline int32_t attr_s32(struct nlattr **tb, int a, int32_t missing)
{
	return tb[a] ? (int32_t)nla_get_u32(tb[a]) : missing;
}

static inline uint64_t attr_u64(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static inline const char *attr_str(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_string(tb[a]) : NULL;
}

#endif
