// SPDX-License-Identifier: GPL-2.0
/*
 * The iproute2 plugin (tools/iproute2/link_one2many.c) on its own, with
 * ip's print and attribute functions stubbed here: its printing of
 * complete replies, of numbers of the wrong size (a module of another
 * version) and of random ones, and its parsing of good and bad command
 * lines. Run by ip_plugin.sh, built with AddressSanitizer and UBSan, so
 * that a read past an attribute's end fails. Prints one line per failure,
 * then a summary; exits 1 on any failure.
 *
 * Usage: ip_plugin N SEED (N random replies)
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../tools/iproute2/link_one2many.c"

/* What the plugin printed, "key=value" for JSON and the text as is. */
static char out[8192];
static size_t out_len;
static int fails;

/* FMT appended to BUF (SIZE bytes, LEN used so far), cut at its end. */
static void vappend(char *buf, size_t size, size_t *len, const char *fmt, va_list ap)
{
	if (*len < size)
		*len += vsnprintf(buf + *len, size - *len, fmt, ap);
	if (*len > size)
		*len = size;
}

static void put(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(out, sizeof(out), &out_len, fmt, ap);
	va_end(ap);
}

#define STUB_PRINT(name, type, conv)						\
int name(enum output_type t, int color, const char *key, const char *fmt,	\
	 type value)								\
{										\
	if (t & (PRINT_JSON | PRINT_ANY))					\
		put(key ? "%s=" conv ";" : "%s" conv ",", key ? key : "", value);	\
	if (t & (PRINT_FP | PRINT_ANY) && fmt)					\
		put(fmt, value);						\
	return 0;								\
}
STUB_PRINT(print_color_string, const char *, "%s")
STUB_PRINT(print_color_uint, unsigned int, "%u")
STUB_PRINT(print_color_int, int, "%d")

int print_color_on_off(enum output_type t, int color, const char *key, const char *fmt,
		       bool value)
{
	return print_color_string(t, color, key, fmt, value ? "on" : "off");
}

int print_color_null(enum output_type t, int color, const char *key, const char *fmt,
		     const char *value)
{
	if (t & (PRINT_JSON | PRINT_ANY) && key)
		put("%s=null;", key);
	return 0;
}

void open_json_array(enum output_type t, const char *key)
{
	put("%s=[", key);
}

void close_json_array(enum output_type t, const char *delim)
{
	put("];");
}

/* A request: attributes one after the other, nests as "(...)". */
static char req[4096];
static size_t req_len;

static void req_put(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(req, sizeof(req), &req_len, fmt, ap);
	va_end(ap);
}

int addattr32(struct nlmsghdr *n, int maxlen, int type, __u32 data)
{
	req_put("%d:%u ", type, data);
	return 0;
}

int addattr8(struct nlmsghdr *n, int maxlen, int type, __u8 data)
{
	req_put("%d:%u ", type, data);
	return 0;
}

int addattr_l(struct nlmsghdr *n, int maxlen, int type, const void *data, int alen)
{
	req_put("%d:%dB ", type, alen);
	return 0;
}

static struct rtattr nest_mark;

struct rtattr *addattr_nest(struct nlmsghdr *n, int maxlen, int type)
{
	req_put("%d:( ", type);
	return &nest_mark;
}

int addattr_nest_end(struct nlmsghdr *n, struct rtattr *nest)
{
	req_put(") ");
	return 0;
}

/* An attribute of LEN bytes, alone in a block of its exact size. */
static struct rtattr *attr(int type, const void *data, size_t len)
{
	struct rtattr *a = malloc(RTA_LENGTH(len));

	if (!a)
		abort();
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	return a;
}

static void free_tb(struct rtattr **tb, int max)
{
	int i;

	for (i = 0; i <= max; i++) {
		free(tb[i]);
		tb[i] = NULL;
	}
}

static void expect(const char *what, const char *want)
{
	if (strcmp(out, want)) {
		fails++;
		printf("FAIL: %s\n      wanted: %s\n      got:    %s\n", what, want, out);
	}
	out_len = 0;
	out[0] = 0;
}

static struct rtattr *u32_attr(int type, uint32_t v)
{
	return attr(type, &v, 4);
}

static struct rtattr *u8_attr(int type, uint8_t v)
{
	return attr(type, &v, 1);
}

static void print_master(struct rtattr **tb)
{
	struct rtattr *copy[IFLA_O2M_MAX + 1];

	/* The plugin may leave out what it refuses: the blocks stay ours. */
	memcpy(copy, tb, sizeof(copy));
	one2many_link_util.print_opt(&one2many_link_util, stdout, copy);
}

static void print_slave(struct rtattr **tb)
{
	struct rtattr *copy[IFLA_O2M_LINK_MAX + 1];

	memcpy(copy, tb, sizeof(copy));
	one2many_slave_link_util.print_opt(&one2many_slave_link_util, stdout, copy);
}

static void test_complete(void)
{
	struct rtattr *tb[IFLA_O2M_MAX + 1] = { 0 }, *sb[IFLA_O2M_LINK_MAX + 1] = { 0 };
	unsigned char targets[64], *p = targets;
	struct rtattr *a;
	uint8_t v4[4] = { 192, 0, 2, 1 };

	tb[IFLA_O2M_MODE] = u32_attr(IFLA_O2M_MODE, O2M_MODE_FAILOVER);
	tb[IFLA_O2M_DETECT] = u32_attr(IFLA_O2M_DETECT, O2M_DETECT_PROBE);
	tb[IFLA_O2M_ACTIVE_LINKS] = u32_attr(IFLA_O2M_ACTIVE_LINKS, 2);
	tb[IFLA_O2M_FAILOVER_LINK] = u32_attr(IFLA_O2M_FAILOVER_LINK, (uint32_t)-1);
	tb[IFLA_O2M_NOTIFY_COUNT] = u32_attr(IFLA_O2M_NOTIFY_COUNT, 3);
	tb[IFLA_O2M_NOTIFY_INTERVAL] = u32_attr(IFLA_O2M_NOTIFY_INTERVAL, 100);
	tb[IFLA_O2M_UPDELAY] = u32_attr(IFLA_O2M_UPDELAY, 200);
	tb[IFLA_O2M_DOWNDELAY] = u32_attr(IFLA_O2M_DOWNDELAY, 0);
	tb[IFLA_O2M_PROBE_INTERVAL] = u32_attr(IFLA_O2M_PROBE_INTERVAL, 100);
	tb[IFLA_O2M_PROBE_MISSES] = u32_attr(IFLA_O2M_PROBE_MISSES, 3);
	a = (struct rtattr *)p;
	a->rta_type = O2M_PROBE_A_IPV4;
	a->rta_len = RTA_LENGTH(4);
	memcpy(RTA_DATA(a), v4, 4);
	p += RTA_ALIGN(a->rta_len);
	tb[IFLA_O2M_PROBE_TARGETS] = attr(IFLA_O2M_PROBE_TARGETS | NLA_F_NESTED, targets,
					  p - targets);
	print_master(tb);
	expect("a complete reply",
	       "mode=failover;mode failover detect=probe;detect probe active_count=2;active_count 2 "
	       "failover_link=null;failover_link none notify_count=3;notify 3 "
	       "notify_interval_ms=100;notify_interval 100 updelay_ms=200;updelay 200 "
	       "downdelay_ms=0;downdelay 0 probe_interval_ms=100;probe_interval 100 "
	       "probe_misses=3;probe_misses 3 probe_targets=[192.0.2.1,];probe_targets 192.0.2.1 ");
	free_tb(tb, IFLA_O2M_MAX);

	sb[IFLA_O2M_LINK_ID] = u32_attr(IFLA_O2M_LINK_ID, 7);
	sb[IFLA_O2M_LINK_ENABLED] = u8_attr(IFLA_O2M_LINK_ENABLED, 1);
	sb[IFLA_O2M_LINK_ACTIVE] = u8_attr(IFLA_O2M_LINK_ACTIVE, 0);
	sb[IFLA_O2M_LINK_PENDING] = u8_attr(IFLA_O2M_LINK_PENDING, O2M_PENDING_UP);
	sb[IFLA_O2M_LINK_PATH] = u8_attr(IFLA_O2M_LINK_PATH, 1);
	print_slave(sb);
	expect("a complete link",
	       "id=7;link 7 enabled=on;enabled on active=off;active off pending=up;pending up "
	       "path=on;path up ");
	free_tb(sb, IFLA_O2M_LINK_MAX);
}

/* Each number, one size too short or too long, alone: left out, not read. */
static void test_sizes(void)
{
	static const size_t lens[] = { 0, 1, 2, 3, 5, 8 };
	unsigned char junk[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	char what[96];
	size_t l;
	int i;

	for (i = 1; i <= IFLA_O2M_MAX; i++) {
		struct rtattr *tb[IFLA_O2M_MAX + 1] = { 0 };

		if (!o2m_sizes[i])
			continue;
		for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
			if (lens[l] == o2m_sizes[i])
				continue;
			tb[i] = attr(i, junk, lens[l]);
			print_master(tb);
			snprintf(what, sizeof(what), "one2many attribute %d of %zu bytes is left out",
				 i, lens[l]);
			expect(what, "");
			free_tb(tb, IFLA_O2M_MAX);
		}
	}
	for (i = 1; i <= IFLA_O2M_LINK_MAX; i++) {
		struct rtattr *sb[IFLA_O2M_LINK_MAX + 1] = { 0 };

		for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
			if (lens[l] == o2m_slave_sizes[i])
				continue;
			sb[i] = attr(i, junk, lens[l]);
			print_slave(sb);
			snprintf(what, sizeof(what),
				 "one2many_slave attribute %d of %zu bytes is left out", i, lens[l]);
			expect(what, "");
			free_tb(sb, IFLA_O2M_LINK_MAX);
		}
	}
}

/* Random replies: whatever they hold, nothing is read past its end. */
static void test_random(unsigned long n)
{
	unsigned char data[80];
	unsigned long k;
	size_t j;
	int i;

	for (k = 0; k < n; k++) {
		struct rtattr *tb[IFLA_O2M_MAX + 1] = { 0 };
		struct rtattr *sb[IFLA_O2M_LINK_MAX + 1] = { 0 };

		for (j = 0; j < sizeof(data); j++)
			data[j] = rand();
		for (i = 1; i <= IFLA_O2M_MAX; i++)
			if (rand() % 2)
				tb[i] = attr(i, data, rand() % (i == IFLA_O2M_PROBE_TARGETS ? 80 : 9));
		for (i = 1; i <= IFLA_O2M_LINK_MAX; i++)
			if (rand() % 2)
				sb[i] = attr(i, data, rand() % 9);
		print_master(tb);
		print_slave(sb);
		out_len = 0;
		free_tb(tb, IFLA_O2M_MAX);
		free_tb(sb, IFLA_O2M_LINK_MAX);
	}
}

static void parse(const char *line, int want_rc, const char *want)
{
	char buf[256], *argv[16];
	int argc = 0, rc;
	char *w;

	snprintf(buf, sizeof(buf), "%s", line);
	for (w = strtok(buf, " "); w && argc < 16; w = strtok(NULL, " "))
		argv[argc++] = w;
	req_len = 0;
	req[0] = 0;
	rc = one2many_link_util.parse_opt(&one2many_link_util, argc, argv, NULL);
	if ((rc < 0) != (want_rc < 0) || (rc >= 0 && strcmp(req, want))) {
		fails++;
		printf("FAIL: parse \"%s\": rc %d, request \"%s\"; wanted rc %d, \"%s\"\n", line,
		       rc, req, want_rc, want);
	}
}

static void test_parse(void)
{
	char want[64];

	snprintf(want, sizeof(want), "%d:%d %d:%d ", IFLA_O2M_MODE, O2M_MODE_ALL,
		 IFLA_O2M_DETECT, O2M_DETECT_CARRIER);
	parse("mode all detect carrier", 0, want);
	snprintf(want, sizeof(want), "%d:200 %d:16 ", IFLA_O2M_UPDELAY, IFLA_O2M_DOWNDELAY);
	parse("updelay 200 downdelay 0x10", 0, want);
	snprintf(want, sizeof(want), "%d:( %d:4B %d:16B ) ", IFLA_O2M_PROBE_TARGETS,
		 O2M_PROBE_A_IPV4, O2M_PROBE_A_IPV6);
	parse("probe_targets 192.0.2.1,2001:db8::1", 0, want);
	snprintf(want, sizeof(want), "%d:( ) ", IFLA_O2M_PROBE_TARGETS);
	parse("probe_targets none", 0, want);
	/* Refused: nothing is sent, whatever was read before. */
	parse("mode", -1, "");
	parse("mode bogus", -1, "");
	parse("updelay 010", -1, "");
	parse("updelay 60001", -1, "");
	parse("updelay -1", -1, "");
	parse("updelay 0x", -1, "");
	parse("probe_interval 9", -1, "");
	parse("probe_misses 256", -1, "");
	parse("notify 1x", -1, "");
	parse("probe_targets 192.0.2.1,192.0.2.1", -1, "");
	parse("probe_targets 192.0.2.1,,192.0.2.2", -1, "");
	parse("probe_targets 224.0.0.1", -1, "");
	parse("probe_targets", -1, "");
	parse("frob 1", -1, "");
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;

	srand(argc > 2 ? strtoul(argv[2], NULL, 10) : 1);
	test_complete();
	test_sizes();
	test_random(n);
	test_parse();
	if (fails) {
		printf("%d checks of the ip plugin failed\n", fails);
		return 1;
	}
	printf("the ip plugin printed and parsed as it should (%lu random replies)\n", n);
	return 0;
}
