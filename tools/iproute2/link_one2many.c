// SPDX-License-Identifier: GPL-2.0
/*
 * link_one2many.so: "ip link ... type one2many" and "type one2many_slave".
 *
 *	ip link add o2m0 type one2many mode failover detect carrier
 *	ip link set o2m0 type one2many mode all
 *	ip -d link show o2m0
 *	ip link set eth0 type one2many_slave enabled off
 *	ip -d link show eth0
 *
 * ip loads this file as IP_LIB_DIR/link_one2many.so; the same file, linked as
 * link_one2many_slave.so, serves the links.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/one2many.h>

#include "iproute2.h"
#include "o2m_names.h"

/* What ip looks up with dlsym(); everything else stays private. */
#define O2M_EXPORT __attribute__((visibility("default")))

/* Room ip leaves for IFLA_INFO_DATA: struct iplink_req's buffer. */
#define O2M_REQ_MAX 1024

static void o2m_explain(FILE *f)
{
	fprintf(f,
		"Usage: ... one2many [ mode { rr | all | failover } ]\n"
		"                    [ detect { manual | carrier } ]\n"
		"                    [ notify COUNT ] [ notify_interval MS ]\n"
		"                    [ updelay MS ] [ downdelay MS ]\n"
		"\n"
		"MODE: rr (also roundrobin) sends each frame on the next active link,\n"
		"      all sends a copy on every active link,\n"
		"      failover sends on the lowest-numbered active link.\n"
		"DETECT: carrier (default) takes a link out while it has no carrier,\n"
		"        manual only by \"ip link set DEV type one2many_slave enabled off\".\n"
		"COUNT: announcements (gratuitous ARP, unsolicited NA) when the carrier comes\n"
		"       on, the device comes up with carrier, or failover changes link:\n"
		"       0..255 (default 1); MS: milliseconds between them, 0..60000 (default 0).\n"
		"UPDELAY: a link whose carrier comes back is used after holding it that long;\n"
		"DOWNDELAY: one that loses its carrier is still used that long (ms, 0..60000,\n"
		"           default 0).\n"
		"Links: ip link set DEV master NAME\n");
}

static void o2m_slave_explain(FILE *f)
{
	fprintf(f, "Usage: ... one2many_slave [ enabled { on | off } ]\n");
}

/* A keyword's value is missing or not one of the accepted words. */
static int o2m_bad(const char *kind, const char *key, const char *val)
{
	if (val)
		fprintf(stderr, "Error: %s: \"%s\" is not a valid %s.\n", kind, val, key);
	else
		fprintf(stderr, "Error: %s: \"%s\" needs a value.\n", kind, key);
	return -1;
}

/*
 * A number 0..max, all of val, as o2mctl reads one: decimal with no leading
 * 0, or hexadecimal after 0x; no blanks, no sign.
 */
static int o2m_number(const char *val, unsigned long max, __u32 *v)
{
	const char *digits = "0123456789", *p = val;
	unsigned long x;
	int base = 10;
	char *end;

	if (!val)
		return -1;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		digits = "0123456789abcdefABCDEF";
		p += 2;
	} else if (p[0] == '0' && p[1]) {
		return -1;
	}
	if (!*p || strspn(p, digits) != strlen(p))
		return -1;
	errno = 0;
	x = strtoul(p, &end, base);
	if (errno || *end || x > max)
		return -1;
	*v = x;
	return 0;
}

/* The settings that take a number. */
static const struct o2m_number_opt {
	const char *key;
	const char *what;	/* for the error */
	unsigned long max;
	int attr;
} o2m_number_opts[] = {
	{ "notify", "notify count (0..255)", 255, IFLA_O2M_NOTIFY_COUNT },
	{ "notify_interval", "notify_interval (0..60000 ms)", 60000, IFLA_O2M_NOTIFY_INTERVAL },
	{ "updelay", "updelay (0..60000 ms)", 60000, IFLA_O2M_UPDELAY },
	{ "downdelay", "downdelay (0..60000 ms)", 60000, IFLA_O2M_DOWNDELAY },
};

static const struct o2m_number_opt *o2m_find_number_opt(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(o2m_number_opts) / sizeof(o2m_number_opts[0]); i++)
		if (!strcmp(key, o2m_number_opts[i].key))
			return &o2m_number_opts[i];
	return NULL;
}

static int o2m_parse_opt(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n)
{
	const struct o2m_number_opt *num;
	__u32 u;
	int v;

	for (; argc > 0; argc--, argv++) {
		const char *key = *argv, *val = argc > 1 ? argv[1] : NULL;

		if (!strcmp(key, "mode")) {
			if (!val)
				return o2m_bad(lu->id, key, NULL);
			v = o2m_parse_mode(val);
			if (v < 0)
				return o2m_bad(lu->id, key, val);
			addattr32(n, O2M_REQ_MAX, IFLA_O2M_MODE, v);
		} else if (!strcmp(key, "detect")) {
			if (!val)
				return o2m_bad(lu->id, key, NULL);
			v = o2m_parse_detect(val);
			if (v < 0)
				return o2m_bad(lu->id, key, val);
			addattr32(n, O2M_REQ_MAX, IFLA_O2M_DETECT, v);
		} else if ((num = o2m_find_number_opt(key))) {
			if (!val)
				return o2m_bad(lu->id, key, NULL);
			if (o2m_number(val, num->max, &u))
				return o2m_bad(lu->id, num->what, val);
			addattr32(n, O2M_REQ_MAX, num->attr, u);
		} else if (!strcmp(key, "help")) {
			o2m_explain(stderr);
			return -1;
		} else {
			fprintf(stderr, "Error: one2many: unknown option \"%s\"\n", key);
			o2m_explain(stderr);
			return -1;
		}
		argc--, argv++;
	}
	return 0;
}

static __u32 o2m_u32(const struct rtattr *rta)
{
	return *(const __u32 *)RTA_DATA(rta);
}

static __u8 o2m_u8(const struct rtattr *rta)
{
	return *(const __u8 *)RTA_DATA(rta);
}

static void o2m_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	if (!tb)
		return;
	if (tb[IFLA_O2M_MODE])
		print_color_string(PRINT_ANY, IP_COLOR_NONE, "mode", "mode %s ",
				   o2m_mode_name(o2m_u32(tb[IFLA_O2M_MODE])));
	if (tb[IFLA_O2M_DETECT])
		print_color_string(PRINT_ANY, IP_COLOR_NONE, "detect", "detect %s ",
				   o2m_detect_name(o2m_u32(tb[IFLA_O2M_DETECT])));
	/* The names and values of o2mctl -j link show: one schema. */
	if (tb[IFLA_O2M_ACTIVE_LINKS])
		print_color_uint(PRINT_ANY, IP_COLOR_NONE, "active_count",
				 "active_count %u ", o2m_u32(tb[IFLA_O2M_ACTIVE_LINKS]));
	if (tb[IFLA_O2M_FAILOVER_LINK]) {
		int fo = (int)o2m_u32(tb[IFLA_O2M_FAILOVER_LINK]);

		if (fo >= 0) {
			print_color_int(PRINT_ANY, IP_COLOR_NONE, "failover_link",
					"failover_link %d ", fo);
		} else {
			print_color_null(PRINT_JSON, IP_COLOR_NONE, "failover_link", NULL, NULL);
			print_color_string(PRINT_FP, IP_COLOR_NONE, NULL, "failover_link %s ",
					   "none");
		}
	}
	if (tb[IFLA_O2M_NOTIFY_COUNT])
		print_color_uint(PRINT_ANY, IP_COLOR_NONE, "notify_count",
				 "notify %u ", o2m_u32(tb[IFLA_O2M_NOTIFY_COUNT]));
	/* Text as "ip link set" takes it, JSON as o2mctl -j says it */
	if (tb[IFLA_O2M_NOTIFY_INTERVAL])
		print_color_uint(PRINT_ANY, IP_COLOR_NONE, "notify_interval_ms",
				 "notify_interval %u ", o2m_u32(tb[IFLA_O2M_NOTIFY_INTERVAL]));
	if (tb[IFLA_O2M_UPDELAY])
		print_color_uint(PRINT_ANY, IP_COLOR_NONE, "updelay_ms",
				 "updelay %u ", o2m_u32(tb[IFLA_O2M_UPDELAY]));
	if (tb[IFLA_O2M_DOWNDELAY])
		print_color_uint(PRINT_ANY, IP_COLOR_NONE, "downdelay_ms",
				 "downdelay %u ", o2m_u32(tb[IFLA_O2M_DOWNDELAY]));
}

static void o2m_print_help(struct link_util *lu, int argc, char **argv, FILE *f)
{
	o2m_explain(f);
}

static int o2m_slave_parse_opt(struct link_util *lu, int argc, char **argv,
			       struct nlmsghdr *n)
{
	for (; argc > 0; argc--, argv++) {
		const char *key = *argv, *val = argc > 1 ? argv[1] : NULL;

		if (!strcmp(key, "enabled")) {
			if (!val)
				return o2m_bad(lu->id, key, NULL);
			if (strcmp(val, "on") && strcmp(val, "off"))
				return o2m_bad(lu->id, key, val);
			addattr8(n, O2M_REQ_MAX, IFLA_O2M_LINK_ENABLED,
				 !strcmp(val, "on"));
		} else if (!strcmp(key, "help")) {
			o2m_slave_explain(stderr);
			return -1;
		} else {
			fprintf(stderr, "Error: one2many_slave: unknown option \"%s\"\n", key);
			o2m_slave_explain(stderr);
			return -1;
		}
		argc--, argv++;
	}
	return 0;
}

static void o2m_slave_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	if (!tb)
		return;
	/* "link N" to read, and the key o2mctl -j gives a link's number. */
	if (tb[IFLA_O2M_LINK_ID]) {
		print_color_uint(PRINT_JSON, IP_COLOR_NONE, "id", NULL, o2m_u32(tb[IFLA_O2M_LINK_ID]));
		print_color_uint(PRINT_FP, IP_COLOR_NONE, NULL, "link %u ",
				 o2m_u32(tb[IFLA_O2M_LINK_ID]));
	}
	if (tb[IFLA_O2M_LINK_ENABLED])
		print_color_on_off(PRINT_ANY, IP_COLOR_NONE, "enabled", "enabled %s ",
				   o2m_u8(tb[IFLA_O2M_LINK_ENABLED]));
	if (tb[IFLA_O2M_LINK_ACTIVE])
		print_color_on_off(PRINT_ANY, IP_COLOR_NONE, "active", "active %s ",
				   o2m_u8(tb[IFLA_O2M_LINK_ACTIVE]));
	/* In the text only while a change waits: "pending none" is noise. */
	if (tb[IFLA_O2M_LINK_PENDING]) {
		__u8 p = o2m_u8(tb[IFLA_O2M_LINK_PENDING]);

		print_color_string(p == O2M_PENDING_NONE ? PRINT_JSON : PRINT_ANY, IP_COLOR_NONE,
				   "pending", "pending %s ", o2m_pending_name(p));
	}
}

static void o2m_slave_print_help(struct link_util *lu, int argc, char **argv,
				 FILE *f)
{
	o2m_slave_explain(f);
}

O2M_EXPORT struct link_util one2many_link_util = {
	.id		= "one2many",
	.maxattr	= IFLA_O2M_MAX,
	.parse_opt	= o2m_parse_opt,
	.print_opt	= o2m_print_opt,
	.print_help	= o2m_print_help,
};

O2M_EXPORT struct link_util one2many_slave_link_util = {
	.id		= "one2many_slave",
	.maxattr	= IFLA_O2M_LINK_MAX,
	.parse_opt	= o2m_slave_parse_opt,
	.print_opt	= o2m_slave_print_opt,
	.print_help	= o2m_slave_print_help,
};
