// SPDX-License-Identifier: GPL-2.0
/* o2mctl source ...: the o2m_source family, and queueing frames. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/o2m_source.h>

#include "json.h"
#include "nl.h"
#include "o2mctl.h"

static int open_src(struct nlctx *ctx)
{
	return ctl_open(ctx, O2M_SOURCE_GENL_NAME, "o2m_source");
}

static struct nl_msg *src_msg(struct nlctx *ctx, int cmd, int flags, const char *name)
{
	struct nl_msg *msg = ctl_new(ctx, cmd, flags);

	if (msg && name && nla_put_string(msg, O2MS_A_NAME, name) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int parse_u64(const char *s, const char *what, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || *end || end == s || s[0] == '-')
		return usage_err("%s: \"%s\" is not a number", what, s);
	return EXIT_OK;
}

static int parse_u32(const char *s, const char *what, uint32_t *v)
{
	uint64_t x;

	if (parse_u64(s, what, &x))
		return EXIT_USAGE;
	if (x > UINT32_MAX)
		return usage_err("%s: %s is too large", what, s);
	*v = (uint32_t)x;
	return EXIT_OK;
}

static const char *const src_stat_names[] = {
	[O2MS_STATS_A_OUT_OCTETS] = "out_octets",
	[O2MS_STATS_A_OUT_FRAMES] = "out_frames",
	[O2MS_STATS_A_QUEUE_OCTETS] = "queue_octets",
	[O2MS_STATS_A_QUEUE_FRAMES] = "queue_frames",
	[O2MS_STATS_A_START_TIME] = "start_time",
	[O2MS_STATS_A_END_TIME] = "end_time",
	[O2MS_STATS_A_ELAPSED_TIME] = "elapsed_time",
	[O2MS_STATS_A_DROPS] = "drops",
	[O2MS_STATS_A_SKIPPED] = "skipped",
};

static uint64_t u64_of(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static void print_src_stats(struct nlattr *nest)
{
	struct nlattr *tb[O2MS_STATS_A_MAX + 1];
	uint64_t el;
	int a;

	if (!nest || nla_parse_nested(tb, O2MS_STATS_A_MAX, nest, NULL))
		return;
	if (json_output) {
		json_open_obj("stats");
		for (a = O2MS_STATS_A_OUT_OCTETS; a <= O2MS_STATS_A_MAX; a++)
			if (src_stat_names[a])
				json_u64(src_stat_names[a], u64_of(tb, a));
		json_close_obj();
		return;
	}
	el = u64_of(tb, O2MS_STATS_A_ELAPSED_TIME);
	printf("    out: %" PRIu64 " frames %" PRIu64 " octets  drops: %" PRIu64
	       "  skipped embeds: %" PRIu64 "\n",
	       u64_of(tb, O2MS_STATS_A_OUT_FRAMES), u64_of(tb, O2MS_STATS_A_OUT_OCTETS),
	       u64_of(tb, O2MS_STATS_A_DROPS), u64_of(tb, O2MS_STATS_A_SKIPPED));
	printf("    queue: %" PRIu64 " frames %" PRIu64 " octets\n",
	       u64_of(tb, O2MS_STATS_A_QUEUE_FRAMES), u64_of(tb, O2MS_STATS_A_QUEUE_OCTETS));
	printf("    elapsed: %" PRIu64 ".%06" PRIu64 " s\n", el / 1000000000, el % 1000000000 / 1000);
}

static int src_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2MS_A_MAX + 1];

	if (ctl_parse(msg, tb, O2MS_A_MAX) || !tb[O2MS_A_NAME])
		return NL_OK;
	if (json_output) {
		json_open_obj(NULL);
		json_str("name", nla_get_string(tb[O2MS_A_NAME]));
		if (tb[O2MS_A_IFNAME])
			json_str("dev", nla_get_string(tb[O2MS_A_IFNAME]));
		else if (tb[O2MS_A_PPS])
			json_null("dev");
		if (tb[O2MS_A_PPS])
			json_u64("pps", nla_get_u32(tb[O2MS_A_PPS]));
		if (tb[O2MS_A_QUEUE_LIMIT])
			json_u64("queue_limit", nla_get_u32(tb[O2MS_A_QUEUE_LIMIT]));
		if (tb[O2MS_A_RUNNING])
			json_bool("running", nla_get_u8(tb[O2MS_A_RUNNING]));
		if (tb[O2MS_A_CSUM_FIXUP])
			json_bool("csum", nla_get_u8(tb[O2MS_A_CSUM_FIXUP]));
		print_src_stats(tb[O2MS_A_STATS]);
		json_close_obj();
		return NL_OK;
	}
	printf("%s:", nla_get_string(tb[O2MS_A_NAME]));
	if (tb[O2MS_A_PPS]) {
		printf(" dev %s", tb[O2MS_A_IFNAME] ? nla_get_string(tb[O2MS_A_IFNAME]) : "none");
		printf(" pps %u limit %u csum %s %s", nla_get_u32(tb[O2MS_A_PPS]),
		       nla_get_u32(tb[O2MS_A_QUEUE_LIMIT]),
		       tb[O2MS_A_CSUM_FIXUP] && nla_get_u8(tb[O2MS_A_CSUM_FIXUP]) ? "on" : "off",
		       nla_get_u8(tb[O2MS_A_RUNNING]) ? "running" : "stopped");
	}
	printf("\n");
	print_src_stats(tb[O2MS_A_STATS]);
	return NL_OK;
}

/* Send a request naming a source; print what comes back with src_reply. */
static int src_request(int cmd, int flags, const char *name, int argc, char **argv,
		       const char *what)
{
	struct nlctx ctx;
	struct nl_msg *msg;
	uint32_t v32 = 0;
	uint64_t v64 = 0;
	int r;

	if (open_src(&ctx))
		return EXIT_ERR;
	msg = src_msg(&ctx, cmd, flags, name);
	if (!msg)
		return err("out of memory");
	for (; argc > 0; argc -= 2, argv += 2) {
		if (argc < 2)
			return usage_err("%s: \"%s\" needs a value", what, argv[0]);
		if (!strcmp(argv[0], "dev")) {
			r = nla_put_string(msg, O2MS_A_IFNAME, argv[1]);
		} else if (!strcmp(argv[0], "pps")) {
			if (parse_u32(argv[1], "pps", &v32))
				return EXIT_USAGE;
			r = nla_put_u32(msg, O2MS_A_PPS, v32);
		} else if (!strcmp(argv[0], "limit")) {
			if (parse_u32(argv[1], "limit", &v32))
				return EXIT_USAGE;
			r = nla_put_u32(msg, O2MS_A_QUEUE_LIMIT, v32);
		} else if (!strcmp(argv[0], "csum")) {
			if (strcmp(argv[1], "on") && strcmp(argv[1], "off"))
				return usage_err("%s: csum is on or off", what);
			r = nla_put_u8(msg, O2MS_A_CSUM_FIXUP, !strcmp(argv[1], "on"));
		} else if (!strcmp(argv[0], "count")) {
			if (parse_u64(argv[1], "count", &v64))
				return EXIT_USAGE;
			r = nla_put_u64(msg, O2MS_A_COUNT, v64);
		} else {
			return usage_err("%s: unknown setting \"%s\"", what, argv[0]);
		}
		if (r < 0)
			return err("out of memory");
	}
	if (json_output && (cmd == O2MS_CMD_GET || cmd == O2MS_CMD_ADD))
		json_open_arr(NULL);
	r = ctl_talk(&ctx, msg, src_reply, NULL);
	if (json_output && (cmd == O2MS_CMD_GET || cmd == O2MS_CMD_ADD)) {
		json_close_arr();
		json_done();
	} else if (json_output && (cmd == O2MS_CMD_GET_STATS || cmd == O2MS_CMD_GETCLR_STATS)) {
		json_done();
	}
	if (r)
		return ctl_err(&ctx, r, "%s%s%s", what, name ? " " : "", name ? name : "");
	ctl_close(&ctx);
	return EXIT_OK;
}

static int need_name(int argc, const char *usage)
{
	if (argc < 1)
		return usage_err("usage: o2mctl source %s", usage);
	return EXIT_OK;
}

static int src_add(int argc, char **argv)
{
	if (need_name(argc, "add NAME [dev IFNAME] [pps N] [limit BYTES]"))
		return EXIT_USAGE;
	return src_request(O2MS_CMD_ADD, 0, argv[0], argc - 1, argv + 1, "source add");
}

static int src_del(int argc, char **argv)
{
	if (argc != 1)
		return usage_err("usage: o2mctl source del NAME");
	return src_request(O2MS_CMD_DEL, 0, argv[0], 0, NULL, "source del");
}

static int src_show(int argc, char **argv)
{
	if (argc > 1)
		return usage_err("usage: o2mctl source show [NAME]");
	return src_request(O2MS_CMD_GET, argc ? 0 : NLM_F_DUMP, argc ? argv[0] : NULL,
			   0, NULL, "source show");
}

static int src_set(int argc, char **argv)
{
	if (need_name(argc, "set NAME [dev IFNAME] [pps N] [limit BYTES]"))
		return EXIT_USAGE;
	if (argc < 3)
		return usage_err("source set %s: say what to change (dev, pps, limit, csum)", argv[0]);
	return src_request(O2MS_CMD_SET, 0, argv[0], argc - 1, argv + 1, "source set");
}

static int src_start(int argc, char **argv)
{
	char *args[2] = { "count", "0" };

	if (argc < 1 || argc > 2)
		return usage_err("usage: o2mctl source start NAME [COUNT]   (COUNT 0 or none: until stop)");
	if (argc == 2)
		args[1] = argv[1];
	return src_request(O2MS_CMD_START, 0, argv[0], 2, args, "source start");
}

static int src_stop(int argc, char **argv)
{
	if (argc != 1)
		return usage_err("usage: o2mctl source stop NAME");
	return src_request(O2MS_CMD_STOP, 0, argv[0], 0, NULL, "source stop");
}

static int src_clrdata(int argc, char **argv)
{
	if (argc != 1)
		return usage_err("usage: o2mctl source clrdata NAME");
	return src_request(O2MS_CMD_CLRDATA, 0, argv[0], 0, NULL, "source clrdata");
}

static int src_stats(int argc, char **argv)
{
	int cmd = O2MS_CMD_GET_STATS;

	if (argc < 1 || argc > 2)
		return usage_err("usage: o2mctl source stats NAME [clear|getclear]");
	if (argc == 2) {
		if (!strcmp(argv[1], "clear"))
			cmd = O2MS_CMD_CLR_STATS;
		else if (!strcmp(argv[1], "getclear"))
			cmd = O2MS_CMD_GETCLR_STATS;
		else
			return usage_err("source stats: unexpected \"%s\" (clear, getclear)", argv[1]);
	}
	return src_request(cmd, 0, argv[0], 0, NULL, "source stats");
}

/* Queue every frame of a classic pcap file (libpcap's, or tcpdump -w). */
static int src_load(int argc, char **argv)
{
	unsigned char hdr[24], rec[16], *frame;
	char path[64 + O2MS_NAME_MAX];
	uint32_t magic, len;
	bool swap, nano;
	unsigned long n = 0;
	FILE *in;
	int fd, r = EXIT_OK;

	if (argc != 2)
		return usage_err("usage: o2mctl source load NAME FILE.pcap");
	in = fopen(argv[1], "rb");
	if (!in)
		return err("source load: %s: %s", argv[1], strerror(errno));
	if (fread(hdr, 1, sizeof(hdr), in) != sizeof(hdr)) {
		fclose(in);
		return err("source load: %s: not a pcap file (too short)", argv[1]);
	}
	memcpy(&magic, hdr, 4);
	swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	nano = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
	if (!swap && magic != 0xa1b2c3d4 && !nano) {
		fclose(in);
		return err("source load: %s: not a classic pcap file (pcapng is not supported: convert it with editcap -F pcap)",
			   argv[1]);
	}
	(void)nano;
	snprintf(path, sizeof(path), "/dev/o2m_source/%s", argv[0]);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		fclose(in);
		return err("source load: %s: %s", path, strerror(errno));
	}
	frame = malloc(O2MS_FRAME_MAX);
	if (!frame) {
		close(fd);
		fclose(in);
		return err("out of memory");
	}
	while (fread(rec, 1, sizeof(rec), in) == sizeof(rec)) {
		memcpy(&len, rec + 8, 4);	/* incl_len */
		if (swap)
			len = __builtin_bswap32(len);
		if (len > O2MS_FRAME_MAX || fread(frame, 1, len, in) != len) {
			r = err("source load: %s: frame %lu is truncated or too long", argv[1], n + 1);
			break;
		}
		if (write(fd, frame, len) != (ssize_t)len) {
			r = err("source load %s: frame %lu (%u bytes): %s", argv[0], n + 1, len,
				strerror(errno));
			break;
		}
		n++;
	}
	free(frame);
	close(fd);
	fclose(in);
	if (r == EXIT_OK && !json_output)
		printf("%lu frames queued on %s\n", n, argv[0]);
	return r;
}

static int embed_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2MS_A_MAX + 1], *t[O2MS_CTR_A_MAX + 1];

	if (ctl_parse(msg, tb, O2MS_A_MAX))
		return NL_OK;
	if (tb[O2MS_A_TIMESTAMP] &&
	    !nla_parse_nested(t, O2MS_TS_A_MAX, tb[O2MS_A_TIMESTAMP], NULL)) {
		uint32_t flags = nla_get_u32(t[O2MS_TS_A_FLAGS]);
		const char *fmt = nla_get_u32(t[O2MS_TS_A_FORMAT]) == O2MS_TS_NS64 ? "ns" : "timeval";

		if (json_output) {
			json_open_obj(NULL);
			json_bool("enabled", flags & O2MS_EMBED_ENABLE);
			json_u64("offset", nla_get_u32(t[O2MS_TS_A_OFFSET]));
			json_str("format", fmt);
			json_close_obj();
			json_done();
		} else {
			printf("timestamp %s offset %u format %s\n",
			       flags & O2MS_EMBED_ENABLE ? "on" : "off",
			       nla_get_u32(t[O2MS_TS_A_OFFSET]), fmt);
		}
	}
	if (tb[O2MS_A_COUNTER] &&
	    !nla_parse_nested(t, O2MS_CTR_A_MAX, tb[O2MS_A_COUNTER], NULL)) {
		uint32_t flags = nla_get_u32(t[O2MS_CTR_A_FLAGS]);

		if (json_output) {
			json_open_obj(NULL);
			json_u64("index", nla_get_u8(t[O2MS_CTR_A_INDEX]));
			json_bool("enabled", flags & O2MS_EMBED_ENABLE);
			json_bool("per_pass", flags & O2MS_COUNTER_PER_PASS);
			json_u64("offset", nla_get_u32(t[O2MS_CTR_A_OFFSET]));
			json_u64("width", nla_get_u8(t[O2MS_CTR_A_WIDTH]));
			json_u64("next", nla_get_u32(t[O2MS_CTR_A_NEXT_VAL]));
			json_u64("min", nla_get_u32(t[O2MS_CTR_A_MIN_VAL]));
			json_u64("max", nla_get_u32(t[O2MS_CTR_A_MAX_VAL]));
			json_s64("inc", (int32_t)nla_get_u32(t[O2MS_CTR_A_INCREMENT]));
			json_close_obj();
			json_done();
		} else {
			printf("counter %u %s offset %u width %u next %u min %u max %u inc %d%s\n",
			       nla_get_u8(t[O2MS_CTR_A_INDEX]),
			       flags & O2MS_EMBED_ENABLE ? "on" : "off",
			       nla_get_u32(t[O2MS_CTR_A_OFFSET]), nla_get_u8(t[O2MS_CTR_A_WIDTH]),
			       nla_get_u32(t[O2MS_CTR_A_NEXT_VAL]), nla_get_u32(t[O2MS_CTR_A_MIN_VAL]),
			       nla_get_u32(t[O2MS_CTR_A_MAX_VAL]),
			       (int32_t)nla_get_u32(t[O2MS_CTR_A_INCREMENT]),
			       flags & O2MS_COUNTER_PER_PASS ? " per-pass" : "");
		}
	}
	return NL_OK;
}

static int flags_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2MS_A_MAX + 1], *t[O2MS_CTR_A_MAX + 1];
	uint32_t *flags = arg;

	if (ctl_parse(msg, tb, O2MS_A_MAX))
		return NL_OK;
	if (tb[O2MS_A_COUNTER] && !nla_parse_nested(t, O2MS_CTR_A_MAX, tb[O2MS_A_COUNTER], NULL))
		*flags = nla_get_u32(t[O2MS_CTR_A_FLAGS]);
	else if (tb[O2MS_A_TIMESTAMP] &&
		 !nla_parse_nested(t, O2MS_TS_A_MAX, tb[O2MS_A_TIMESTAMP], NULL))
		*flags = nla_get_u32(t[O2MS_TS_A_FLAGS]);
	return NL_OK;
}

/* The flags of a source's timestamp or counter INDEX as they are now. */
static int current_flags(const char *name, bool counter, int index, uint32_t *flags)
{
	struct nlattr *nest;
	struct nlctx ctx;
	struct nl_msg *msg;
	int r;

	if (open_src(&ctx))
		return EXIT_ERR;
	msg = src_msg(&ctx, counter ? O2MS_CMD_GET_COUNTER : O2MS_CMD_GET_TIMESTAMP, 0, name);
	if (!msg)
		return err("out of memory");
	nest = nla_nest_start(msg, counter ? O2MS_A_COUNTER : O2MS_A_TIMESTAMP);
	if (counter)
		nla_put_u8(msg, O2MS_CTR_A_INDEX, (uint8_t)index);
	nla_nest_end(msg, nest);
	r = ctl_talk(&ctx, msg, flags_reply, flags);
	if (r)
		return ctl_err(&ctx, r, "source %s %s", counter ? "counter" : "timestamp", name);
	ctl_close(&ctx);
	return EXIT_OK;
}

/*
 * o2mctl source timestamp NAME [on|off] [offset N] [format timeval|ns]
 * o2mctl source counter NAME INDEX [on|off] [offset N] [width 1|2|4]
 *        [next N] [min N] [max N] [inc N] [per-pass|per-frame]
 * With no settings: show it.
 */
static int src_embed(int argc, char **argv, bool counter)
{
	const char *what = counter ? "source counter" : "source timestamp";
	uint32_t flags = 0, v = 0;
	bool per_pass = false, enable = false, pp_set = false, en_set = false;
	struct nlattr *nest;
	struct nlctx ctx;
	struct nl_msg *msg;
	uint64_t index = 0;
	int r;

	if (argc < (counter ? 2 : 1))
		return usage_err("usage: o2mctl %s", counter ?
				 "source counter NAME INDEX [on|off] [offset N] [width 1|2|4] [next N] [min N] [max N] [inc N] [per-pass|per-frame]" :
				 "source timestamp NAME [on|off] [offset N] [format timeval|ns]");
	if (counter && (parse_u64(argv[1], "index", &index) || index > 255))
		return usage_err("%s: \"%s\" is not a counter index (0..3)", what, argv[1]);
	if (open_src(&ctx))
		return EXIT_ERR;
	{
		int i = counter ? 2 : 1;
		bool set = i < argc;

		msg = src_msg(&ctx, counter ? (set ? O2MS_CMD_SET_COUNTER : O2MS_CMD_GET_COUNTER)
					    : (set ? O2MS_CMD_SET_TIMESTAMP : O2MS_CMD_GET_TIMESTAMP),
			      0, argv[0]);
		if (!msg)
			return err("out of memory");
		nest = nla_nest_start(msg, counter ? O2MS_A_COUNTER : O2MS_A_TIMESTAMP);
		if (counter)
			nla_put_u8(msg, O2MS_CTR_A_INDEX, (uint8_t)index);
		for (; i < argc; i++) {
			const char *k = argv[i];

			if (!strcmp(k, "on") || !strcmp(k, "off")) {
				enable = !strcmp(k, "on");
				en_set = true;
				continue;
			}
			if (counter && (!strcmp(k, "per-pass") || !strcmp(k, "per-frame"))) {
				per_pass = !strcmp(k, "per-pass");
				pp_set = true;
				continue;
			}
			if (i + 1 >= argc)
				return usage_err("%s: \"%s\" needs a value", what, k);
			if (!counter && !strcmp(k, "format")) {
				if (!strcmp(argv[i + 1], "timeval"))
					v = O2MS_TS_TIMEVAL32;
				else if (!strcmp(argv[i + 1], "ns"))
					v = O2MS_TS_NS64;
				else
					return usage_err("%s: format is timeval or ns", what);
				nla_put_u32(msg, O2MS_TS_A_FORMAT, v);
			} else if (!strcmp(k, "offset")) {
				if (parse_u32(argv[i + 1], k, &v))
					return EXIT_USAGE;
				nla_put_u32(msg, counter ? O2MS_CTR_A_OFFSET : O2MS_TS_A_OFFSET, v);
			} else if (counter && !strcmp(k, "width")) {
				if (parse_u32(argv[i + 1], k, &v) || v > 255)
					return usage_err("%s: width is 1, 2 or 4", what);
				nla_put_u8(msg, O2MS_CTR_A_WIDTH, (uint8_t)v);
			} else if (counter && (!strcmp(k, "next") || !strcmp(k, "min") || !strcmp(k, "max"))) {
				if (parse_u32(argv[i + 1], k, &v))
					return EXIT_USAGE;
				nla_put_u32(msg, !strcmp(k, "next") ? O2MS_CTR_A_NEXT_VAL :
					    !strcmp(k, "min") ? O2MS_CTR_A_MIN_VAL : O2MS_CTR_A_MAX_VAL, v);
			} else if (counter && !strcmp(k, "inc")) {
				char *end;
				long inc;

				errno = 0;
				inc = strtol(argv[i + 1], &end, 0);
				if (errno || *end || inc < INT32_MIN || inc > INT32_MAX)
					return usage_err("%s: inc \"%s\" is not a 32-bit signed number", what,
							 argv[i + 1]);
				nla_put_s32(msg, O2MS_CTR_A_INCREMENT, (int32_t)inc);
			} else {
				return usage_err("%s: unknown setting \"%s\"", what, k);
			}
			i++;
		}
		if (en_set || pp_set) {
			/* Flags go as a whole: keep the bit not mentioned. */
			if (!en_set || !pp_set) {
				r = current_flags(argv[0], counter, (int)index, &flags);
				if (r)
					return r;
			}
			if (en_set)
				flags = (flags & ~O2MS_EMBED_ENABLE) | (enable ? O2MS_EMBED_ENABLE : 0);
			if (pp_set)
				flags = (flags & ~O2MS_COUNTER_PER_PASS) |
					(per_pass ? O2MS_COUNTER_PER_PASS : 0);
			nla_put_u32(msg, counter ? O2MS_CTR_A_FLAGS : O2MS_TS_A_FLAGS, flags);
		}
		nla_nest_end(msg, nest);
		r = ctl_talk(&ctx, msg, set ? NULL : embed_reply, NULL);
		if (r)
			return ctl_err(&ctx, r, "%s %s", what, argv[0]);
	}
	ctl_close(&ctx);
	return EXIT_OK;
}

static int src_timestamp(int argc, char **argv)
{
	return src_embed(argc, argv, false);
}

static int src_counter(int argc, char **argv)
{
	return src_embed(argc, argv, true);
}

static const struct cmd source_cmds[] = {
	{ "show", src_show, "show [NAME]" },
	{ "add", src_add, "add NAME [dev IFNAME] [pps N] [limit BYTES] [csum on|off]" },
	{ "del", src_del, "del NAME" },
	{ "set", src_set, "set NAME [dev IFNAME] [pps N] [limit BYTES] [csum on|off]" },
	{ "start", src_start, "start NAME [COUNT]        (none or 0: until stop)" },
	{ "stop", src_stop, "stop NAME" },
	{ "clrdata", src_clrdata, "clrdata NAME              empty the queue" },
	{ "stats", src_stats, "stats NAME [clear|getclear]" },
	{ "load", src_load, "load NAME FILE.pcap       queue every frame of a pcap file" },
	{ "timestamp", src_timestamp, "timestamp NAME [on|off] [offset N] [format timeval|ns]" },
	{ "counter", src_counter, "counter NAME INDEX [on|off] [offset N] [width 1|2|4] [next N] [min N] [max N] [inc N] [per-pass|per-frame]" },
	{ NULL }
};

int cmd_source(int argc, char **argv)
{
	if (argc == 0)
		return src_show(0, NULL);
	return run_cmd(source_cmds, "source", argc, argv);
}
