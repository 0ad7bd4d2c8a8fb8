// SPDX-License-Identifier: GPL-2.0
/*
 * link_one2many.so: "ip link ... type one2many" and "type one2many_slave".
 *
 *	ip link add o2m0 type one2many mode failover detect carrier
 *	ip link set o2m0 type one2many mode all
 *	ip link set o2m0 type one2many detect probe probe_targets 192.0.2.1,2001:db8::1
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
		"                    [ detect { manual | carrier | probe } ]\n"
		"                    [ notify COUNT ] [ notify_interval MS ]\n"
		"                    [ updelay MS ] [ downdelay MS ]\n"
		"                    [ probe_interval MS ] [ probe_misses COUNT ]\n"
		"                    [ probe_targets { ADDR[,ADDR]... | none } ]\n"
		"\n"
		"MODE: rr (also roundrobin) sends each frame on the next active link,\n"
		"      all sends a copy on every active link,\n"
		"      failover sends on the lowest-numbered active link.\n"
		"DETECT: carrier (default) takes a link out while it has no carrier,\n"
		"        manual only by \"ip link set DEV type one2many_slave enabled off\",\n"
		"        probe also while no probe target answers on the link.\n"
		"COUNT: announcements (gratuitous ARP, unsolicited NA) when the carrier comes\n"
		"       on, the device comes up with carrier, or failover changes link:\n"
		"       0..255 (default 1); MS: milliseconds between them, 0..60000 (default 0).\n"
		"UPDELAY: a link whose carrier comes back is used after holding it that long;\n"
		"DOWNDELAY: one that loses its carrier is still used that long (ms, 0..60000,\n"
		"           default 0).\n"
		"PROBE_INTERVAL: ms between a link's probes, 10..60000 (default 1000);\n"
		"PROBE_MISSES: a link's path is down once no answer came for that many\n"
		"              intervals, 2..255 (default 3).\n"
		"PROBE_TARGETS: up to 16 unicast IPv4 and IPv6 addresses, the whole list;\n"
		"               none clears it.\n"
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
 * A number min..max, all of val, as o2mctl reads one: decimal with no
 * leading 0, or hexadecimal after 0x; no blanks, no sign.
 */
static int o2m_number(const char *val, unsigned long min, unsigned long max, __u32 *v)
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
	if (errno || *end || x < min || x > max)
		return -1;
	*v = x;
	return 0;
}

/* The settings that take a number, min..max as the kernel's policy. */
static const struct o2m_number_opt {
	const char *key;
	const char *what;	/* for the error */
	unsigned long min, max;
	int attr;
} o2m_number_opts[] = {
	{ "notify", "notify count (0..255)", 0, 255, IFLA_O2M_NOTIFY_COUNT },
	{ "notify_interval", "notify_interval (0..60000 ms)", 0, 60000, IFLA_O2M_NOTIFY_INTERVAL },
	{ "updelay", "updelay (0..60000 ms)", 0, 60000, IFLA_O2M_UPDELAY },
	{ "downdelay", "downdelay (0..60000 ms)", 0, 60000, IFLA_O2M_DOWNDELAY },
	{ "probe_interval", "probe_interval (10..60000 ms)", 10, 60000, IFLA_O2M_PROBE_INTERVAL },
	{ "probe_misses", "probe_misses (2..255)", 2, 255, IFLA_O2M_PROBE_MISSES },
};

static const struct o2m_number_opt *o2m_find_number_opt(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(o2m_number_opts) / sizeof(o2m_number_opts[0]); i++)
		if (!strcmp(key, o2m_number_opts[i].key))
			return &o2m_number_opts[i];
	return NULL;
}

/*
 * "A,B,.." or "none": IFLA_O2M_PROBE_TARGETS, the whole list (an empty nest
 * for none). Refused as o2mctl refuses it: more than O2M_PROBE_TARGETS_MAX,
 * a word that is no unicast address, an address twice.
 */
static int o2m_parse_targets(const char *kind, const char *val, struct nlmsghdr *n)
{
	struct o2m_target t[O2M_PROBE_TARGETS_MAX];
	char word[INET6_ADDRSTRLEN + 1];
	int i, count = 0, ntargets = 0;
	struct rtattr *nest;
	const char *p, *why;
	size_t len;

	if (strcmp(val, "none")) {
		for (p = val;; p += len + 1) {
			len = strcspn(p, ",");
			if (!len) {
				fprintf(stderr, "Error: %s: \"%s\" is not a list of addresses.\n",
					kind, val);
				return -1;
			}
			if (++count > O2M_PROBE_TARGETS_MAX) {
				fprintf(stderr, "Error: %s: at most %d probe targets.\n", kind,
					O2M_PROBE_TARGETS_MAX);
				return -1;
			}
			snprintf(word, sizeof(word), "%.*s", (int)len, p);
			why = len < sizeof(word) ? o2m_parse_target(word, &t[ntargets]) :
			      "not an IPv4 or IPv6 address";
			if (why) {
				fprintf(stderr, "Error: %s: \"%.*s\" is not a valid probe target (%s).\n",
					kind, (int)len, p, why);
				return -1;
			}
			for (i = 0; i < ntargets; i++)
				if (t[i].family == t[ntargets].family &&
				    !memcmp(t[i].addr, t[ntargets].addr, o2m_target_len(&t[i]))) {
					fprintf(stderr, "Error: %s: probe target \"%s\" is listed twice.\n",
						kind, word);
					return -1;
				}
			ntargets++;
			if (!p[len])
				break;
		}
	}
	nest = addattr_nest(n, O2M_REQ_MAX, IFLA_O2M_PROBE_TARGETS);
	for (i = 0; i < ntargets; i++)
		addattr_l(n, O2M_REQ_MAX, o2m_target_attr(&t[i]), t[i].addr, o2m_target_len(&t[i]));
	addattr_nest_end(n, nest);
	return 0;
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
			if (o2m_number(val, num->min, num->max, &u))
				return o2m_bad(lu->id, num->what, val);
			addattr32(n, O2M_REQ_MAX, num->attr, u);
		} else if (!strcmp(key, "probe_targets")) {
			if (!val)
				return o2m_bad(lu->id, key, NULL);
			if (o2m_parse_targets(lu->id, val, n))
				return -1;
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

/* The size of each attribute read as a number; 0: not one. */
static const unsigned char o2m_sizes[IFLA_O2M_MAX + 1] = {
	[IFLA_O2M_MODE]			= 4,
	[IFLA_O2M_DETECT]		= 4,
	[IFLA_O2M_ACTIVE_LINKS]		= 4,
	[IFLA_O2M_FAILOVER_LINK]	= 4,
	[IFLA_O2M_NOTIFY_COUNT]		= 4,
	[IFLA_O2M_NOTIFY_INTERVAL]	= 4,
	[IFLA_O2M_UPDELAY]		= 4,
	[IFLA_O2M_DOWNDELAY]		= 4,
	[IFLA_O2M_PROBE_INTERVAL]	= 4,
	[IFLA_O2M_PROBE_MISSES]		= 4,
};

static const unsigned char o2m_slave_sizes[IFLA_O2M_LINK_MAX + 1] = {
	[IFLA_O2M_LINK_ID]		= 4,
	[IFLA_O2M_LINK_ENABLED]		= 1,
	[IFLA_O2M_LINK_ACTIVE]		= 1,
	[IFLA_O2M_LINK_PENDING]		= 1,
	[IFLA_O2M_LINK_PATH]		= 1,
};

/*
 * A number of another size than ours (a module of another version, which
 * DKMS can leave behind) is left out, and said so, rather than read past
 * its end or in part. Attributes past MAX are not in TB at all.
 */
static void o2m_check_sizes(const char *what, struct rtattr *tb[],
			    const unsigned char *sizes, int max)
{
	int i;

	for (i = 0; i <= max; i++) {
		if (!tb[i] || !sizes[i] || RTA_PAYLOAD(tb[i]) == sizes[i])
			continue;
		fprintf(stderr, "Warning: %s: attribute %d is %u bytes, not %u: left out (the ip plugin, link_one2many.so, and the module of different versions?)\n",
			what, i, (unsigned int)RTA_PAYLOAD(tb[i]), sizes[i]);
		tb[i] = NULL;
	}
}

/*
 * The probe targets: a JSON array of strings; in the text "probe_targets
 * A,B", as ip link set takes it, only when there are some.
 */
static void o2m_print_targets(const struct rtattr *nest)
{
	char text[O2M_PROBE_TARGETS_MAX * (INET6_ADDRSTRLEN + 1)] = "";
	char addr[INET6_ADDRSTRLEN];
	const struct rtattr *a;
	size_t used = 0;
	int rem;

	open_json_array(PRINT_JSON, "probe_targets");
	for (a = RTA_DATA(nest), rem = RTA_PAYLOAD(nest); RTA_OK(a, rem); a = RTA_NEXT(a, rem)) {
		if (a->rta_type == O2M_PROBE_A_IPV4 && RTA_PAYLOAD(a) == 4)
			inet_ntop(AF_INET, RTA_DATA(a), addr, sizeof(addr));
		else if (a->rta_type == O2M_PROBE_A_IPV6 && RTA_PAYLOAD(a) == 16)
			inet_ntop(AF_INET6, RTA_DATA(a), addr, sizeof(addr));
		else
			continue;
		print_color_string(PRINT_JSON, IP_COLOR_NONE, NULL, NULL, addr);
		if (used < sizeof(text))
			used += snprintf(text + used, sizeof(text) - used, "%s%s", used ? "," : "",
					 addr);
	}
	close_json_array(PRINT_JSON, NULL);
	if (used)
		print_color_string(PRINT_FP, IP_COLOR_NONE, NULL, "probe_targets %s ", text);
}

static void o2m_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	if (!tb)
		return;
	o2m_check_sizes("one2many", tb, o2m_sizes, IFLA_O2M_MAX);
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
	if (tb[IFLA_O2M_PROBE_INTERVAL])
		print_color_uint(PRINT_ANY, IP_COLOR_NONE, "probe_interval_ms",
				 "probe_interval %u ", o2m_u32(tb[IFLA_O2M_PROBE_INTERVAL]));
	if (tb[IFLA_O2M_PROBE_MISSES])
		print_color_uint(PRINT_ANY, IP_COLOR_NONE, "probe_misses",
				 "probe_misses %u ", o2m_u32(tb[IFLA_O2M_PROBE_MISSES]));
	if (tb[IFLA_O2M_PROBE_TARGETS])
		o2m_print_targets(tb[IFLA_O2M_PROBE_TARGETS]);
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
	o2m_check_sizes("one2many_slave", tb, o2m_slave_sizes, IFLA_O2M_LINK_MAX);
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
	/*
	 * The slave's data does not say whether the master probes, and the
	 * path is down in every other detection: in the text only while up.
	 */
	if (tb[IFLA_O2M_LINK_PATH]) {
		bool up = o2m_u8(tb[IFLA_O2M_LINK_PATH]);

		print_color_on_off(PRINT_JSON, IP_COLOR_NONE, "path", NULL, up);
		if (up)
			print_color_string(PRINT_FP, IP_COLOR_NONE, NULL, "path %s ", "up");
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
