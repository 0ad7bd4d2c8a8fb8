/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of ip(8)'s plugin interface that link_one2many.so uses. iproute2
 * ships no development headers: ip exports these symbols from its own binary
 * (it is linked with -rdynamic) and loads IP_LIB_DIR/link_KIND.so, looking up
 * KIND_link_util in it. The declarations below follow iproute2 6.1 (Debian
 * bookworm); the fields this plugin fills have kept their place since 4.x.
 */
#ifndef O2M_IPROUTE2_H
#define O2M_IPROUTE2_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	/*
	 * Newer iproute2 passes a fifth argument (a netns fd); a function
	 * taking four ignores it under the C calling conventions ip runs on.
	 */
	int (*parse_opt)(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n);
	void (*print_opt)(struct link_util *lu, FILE *f, struct rtattr *tb[]);
	void (*print_xstats)(struct link_util *lu, FILE *f, struct rtattr *xstats);
	void (*print_help)(struct link_util *lu, int argc, char **argv, FILE *f);
	int (*parse_ifla_xstats)(struct link_util *lu, int argc, char **argv);
	int (*print_ifla_xstats)(struct nlmsghdr *n, void *arg);
};

/* json_print.h */
enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = 4,
};

/* color.h: the last entry of enum color_attr */
#define IP_COLOR_NONE 6

int print_color_string(enum output_type t, int color, const char *key,
		       const char *fmt, const char *value);
int print_color_uint(enum output_type t, int color, const char *key,
		     const char *fmt, unsigned int value);
int print_color_int(enum output_type t, int color, const char *key,
		    const char *fmt, int value);
int print_color_on_off(enum output_type t, int color, const char *key,
		       const char *fmt, bool value);
int print_color_null(enum output_type t, int color, const char *key,
		     const char *fmt, const char *value);
void open_json_array(enum output_type t, const char *delim);
void close_json_array(enum output_type t, const char *delim);

/* libnetlink.h */
int addattr32(struct nlmsghdr *n, int maxlen, int type, __u32 data);
int addattr8(struct nlmsghdr *n, int maxlen, int type, __u8 data);
int addattr_l(struct nlmsghdr *n, int maxlen, int type, const void *data, int alen);
struct rtattr *addattr_nest(struct nlmsghdr *n, int maxlen, int type);
int addattr_nest_end(struct nlmsghdr *n, struct rtattr *nest);

#endif /* O2M_IPROUTE2_H */
