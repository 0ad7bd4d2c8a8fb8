// SPDX-License-Identifier: GPL-2.0
/* o2mctl source ...: the o2m_source family, and queueing frames. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

/* A number for setting KEY of WHAT ("source add NAME"). */
static int parse_u64(const char *what, const char *key, const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || *end || end == s || s[0] == '-')
		return usage_err("%s: %s \"%s\" is not a number", what, key, s);
	return EXIT_OK;
}

static int parse_u32(const char *what, const char *key, const char *s, uint32_t *v)
{
	uint64_t x;

	if (parse_u64(what, key, s, &x))
		return EXIT_USAGE;
	if (x > UINT32_MAX)
		return usage_err("%s: %s %s is too large (at most %u)", what, key, s, UINT32_MAX);
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
	[O2MS_STATS_A_MEMORY_FAILURES] = "memory_failures",
};

/* A source's counters, indexed by O2MS_STATS_A_*: 0 where missing. */
typedef uint64_t src_stats_t[O2MS_STATS_A_MAX + 1];

static bool read_src_stats(struct nlattr *nest, src_stats_t st)
{
	struct nlattr *tb[O2MS_STATS_A_MAX + 1];
	int a;

	memset(st, 0, sizeof(src_stats_t));
	if (!nest || nla_parse_nested(tb, O2MS_STATS_A_MAX, nest, NULL))
		return false;
	/* Only the named ones: O2MS_STATS_A_PAD carries no value. */
	for (a = O2MS_STATS_A_OUT_OCTETS; a <= O2MS_STATS_A_MAX; a++)
		if (src_stat_names[a] && tb[a])
			st[a] = nla_get_u64(tb[a]);
	return true;
}

static void print_src_stats(struct nlattr *nest)
{
	src_stats_t st;
	uint64_t el;
	int a;

	if (!read_src_stats(nest, st))
		return;
	if (json_output) {
		json_open_obj("stats");
		for (a = O2MS_STATS_A_OUT_OCTETS; a <= O2MS_STATS_A_MAX; a++)
			if (src_stat_names[a])
				json_u64(src_stat_names[a], st[a]);
		json_close_obj();
		return;
	}
	el = st[O2MS_STATS_A_ELAPSED_TIME];
	printf("    out: %" PRIu64 " frames %" PRIu64 " octets  drops: %" PRIu64
	       "  skipped embeds: %" PRIu64 "\n",
	       st[O2MS_STATS_A_OUT_FRAMES], st[O2MS_STATS_A_OUT_OCTETS],
	       st[O2MS_STATS_A_DROPS], st[O2MS_STATS_A_SKIPPED]);
	if (st[O2MS_STATS_A_MEMORY_FAILURES])
		printf("    memory failures: %" PRIu64 " (each frame was sent again)\n",
		       st[O2MS_STATS_A_MEMORY_FAILURES]);
	printf("    queue: %" PRIu64 " frames %" PRIu64 " octets\n",
	       st[O2MS_STATS_A_QUEUE_FRAMES], st[O2MS_STATS_A_QUEUE_OCTETS]);
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

/*
 * Send a request naming a source; print what comes back with src_reply.
 * VERB ("source add") and the name say what failed.
 */
static int src_request(int cmd, int flags, const char *name, int argc, char **argv,
		       const char *verb)
{
	struct nlctx ctx;
	struct nl_msg *msg;
	char what[128];
	uint32_t v32 = 0;
	uint64_t v64 = 0;
	int n, r;

	n = snprintf(what, sizeof(what), "%s%s%s", verb, name ? " " : "", name ? name : "");
	if (n < 0 || n >= (int)sizeof(what))
		n = sizeof(what) - 1;
	if (open_src(&ctx))
		return EXIT_ERR;
	msg = src_msg(&ctx, cmd, flags, name);
	if (!msg)
		return err("%s: out of memory", what);
	for (; argc > 0; argc -= 2, argv += 2) {
		if (argc < 2)
			return usage_err("%s: \"%s\" needs a value", what, argv[0]);
		if (!strcmp(argv[0], "dev")) {
			/* The target is an object of its own: name it too. */
			snprintf(what + n, sizeof(what) - n, " dev %s", argv[1]);
			r = nla_put_string(msg, O2MS_A_IFNAME, argv[1]);
		} else if (!strcmp(argv[0], "pps")) {
			if (parse_u32(what, "pps", argv[1], &v32))
				return EXIT_USAGE;
			r = nla_put_u32(msg, O2MS_A_PPS, v32);
		} else if (!strcmp(argv[0], "limit")) {
			if (parse_u32(what, "limit", argv[1], &v32))
				return EXIT_USAGE;
			r = nla_put_u32(msg, O2MS_A_QUEUE_LIMIT, v32);
		} else if (!strcmp(argv[0], "csum")) {
			if (strcmp(argv[1], "on") && strcmp(argv[1], "off"))
				return usage_err("%s: csum is on or off, not \"%s\"", what, argv[1]);
			r = nla_put_u8(msg, O2MS_A_CSUM_FIXUP, !strcmp(argv[1], "on"));
		} else if (!strcmp(argv[0], "count")) {
			if (parse_u64(what, "count", argv[1], &v64))
				return EXIT_USAGE;
			r = nla_put_u64(msg, O2MS_A_COUNT, v64);
		} else {
			return usage_err("%s: unknown setting \"%s\" (dev, pps, limit, csum)",
					 what, argv[0]);
		}
		if (r < 0)
			return err("%s: out of memory", what);
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
		return ctl_err(&ctx, r, "%s", what);
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
	if (need_name(argc, "add NAME [dev IFNAME] [pps N] [limit BYTES] [csum on|off]"))
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
	if (need_name(argc, "set NAME [dev IFNAME] [pps N] [limit BYTES] [csum on|off]"))
		return EXIT_USAGE;
	if (argc < 3)
		return usage_err("source set %s: say what to change (dev, pps, limit, csum)", argv[0]);
	return src_request(O2MS_CMD_SET, 0, argv[0], argc - 1, argv + 1, "source set");
}

static int src_start(int argc, char **argv)
{
	char *args[2] = { "count", "0" };

	if (argc < 1 || argc > 2)
		return usage_err("usage: o2mctl source start NAME [COUNT]   (COUNT 0 or none given: until stop)");
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
			return usage_err("source stats %s: unexpected \"%s\" (clear, getclear)",
					 argv[0], argv[1]);
	}
	return src_request(cmd, 0, argv[0], 0, NULL, "source stats");
}

/* A source's state and counters at one moment, from one GET. */
struct src_snap {
	bool running;
	src_stats_t st;
};

static int snap_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2MS_A_MAX + 1];
	struct src_snap *s = arg;

	if (ctl_parse(msg, tb, O2MS_A_MAX))
		return NL_OK;
	s->running = tb[O2MS_A_RUNNING] && nla_get_u8(tb[O2MS_A_RUNNING]);
	read_src_stats(tb[O2MS_A_STATS], s->st);
	return NL_OK;
}

static int get_snap(struct nlctx *ctx, const char *name, struct src_snap *s)
{
	struct nl_msg *msg = src_msg(ctx, O2MS_CMD_GET, 0, name);

	if (!msg)
		return -ENOMEM;
	memset(s, 0, sizeof(*s));
	return ctl_talk(ctx, msg, snap_reply, s);
}

/* How much a counter grew; one that went back was cleared in between. */
static uint64_t grew(uint64_t now, uint64_t before)
{
	return now >= before ? now - before : now;
}

/*
 * One line of "source watch": the counters of S, and the rates of FRAMES
 * and OCTETS over NS nanoseconds of the run (an interval, or all of the run
 * watched when AVERAGE).
 */
static void watch_line(const char *name, const struct src_snap *s, uint64_t frames,
		       uint64_t octets, uint64_t ns, bool average, bool tty)
{
	double fps = ns ? frames * 1e9 / ns : 0, mbps = ns ? octets * 8e3 / ns : 0;
	const char *state = s->running ? "running" : "idle";

	if (json_output) {
		json_open_obj(NULL);
		json_str("name", name);
		json_u64("elapsed_time", s->st[O2MS_STATS_A_ELAPSED_TIME]);
		json_u64("out_frames", s->st[O2MS_STATS_A_OUT_FRAMES]);
		json_u64("out_octets", s->st[O2MS_STATS_A_OUT_OCTETS]);
		json_u64("drops", s->st[O2MS_STATS_A_DROPS]);
		json_float("frames_per_s", fps);
		json_float("mbit_per_s", mbps);
		json_str("state", state);
		json_bool("average", average);
		json_close_obj();
		json_done();
		return;
	}
	printf("%s%s: %.3f s  %" PRIu64 " frames  %.0f frames/s  %.3f Mbit/s  %" PRIu64
	       " drops  %s%s%s", tty ? "\r" : "", name,
	       s->st[O2MS_STATS_A_ELAPSED_TIME] / 1e9, s->st[O2MS_STATS_A_OUT_FRAMES],
	       fps, mbps, s->st[O2MS_STATS_A_DROPS], state, average ? "  average" : "",
	       tty ? "\033[K" : "");
	if (!tty || average)
		putchar('\n');
	fflush(stdout);
}

static volatile sig_atomic_t watch_stop;

static void watch_signal(int sig)
{
	watch_stop = 1;
}

/* A deadline STEP after *T, or now if that has passed: no burst of catching up. */
static void next_deadline(struct timespec *t, const struct timespec *step)
{
	struct timespec now;

	t->tv_sec += step->tv_sec;
	t->tv_nsec += step->tv_nsec;
	if (t->tv_nsec >= 1000000000) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec > t->tv_nsec))
		*t = now;
}

static int parse_interval(const char *name, const char *s, struct timespec *step)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || end == s || !(v >= 0.01 && v <= 86400))
		return usage_err("source watch %s: interval \"%s\" is not a number of seconds (0.01 to 86400)",
				 name, s);
	step->tv_sec = (time_t)v;
	step->tv_nsec = (long)((v - step->tv_sec) * 1e9);
	return EXIT_OK;
}

/*
 * o2mctl source watch NAME [interval SECS]: a line a second (or SECS) while
 * a run goes on, then the run's average; on a terminal the line is
 * rewritten in place. Ends when the run ends or on SIGINT; a source that is
 * idle to begin with gets one line.
 */
static int src_watch(int argc, char **argv)
{
	struct timespec next, step = { .tv_sec = 1 };
	struct sigaction sa = { .sa_handler = watch_signal };
	uint64_t frames = 0, octets = 0, ns = 0, df, doct, dns;
	struct src_snap prev, now;
	const char *name;
	struct nlctx ctx;
	bool tty;
	int r;

	if (argc != 1 && argc != 3)
		return usage_err("usage: o2mctl source watch NAME [interval SECS]");
	name = argv[0];
	if (argc == 3) {
		if (strcmp(argv[1], "interval"))
			return usage_err("source watch %s: unexpected \"%s\" (interval SECS)",
					 name, argv[1]);
		if (parse_interval(name, argv[2], &step))
			return EXIT_USAGE;
	}
	if (open_src(&ctx))
		return EXIT_ERR;
	r = get_snap(&ctx, name, &prev);
	if (r)
		return ctl_err(&ctx, r, "source watch %s", name);
	if (!prev.running) {
		watch_line(name, &prev, 0, 0, 0, false, false);
		ctl_close(&ctx);
		return EXIT_OK;
	}
	tty = !json_output && isatty(STDOUT_FILENO);
	/* No SA_RESTART: the signal cuts the sleep short. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (;;) {
		next_deadline(&next, &step);
		while (!watch_stop &&
		       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
		r = get_snap(&ctx, name, &now);
		if (r) {
			if (tty)
				putchar('\n');
			fflush(stdout);
			return ctl_err(&ctx, r, "source watch %s", name);
		}
		/* Rates by the kernel's clock of the run, read with the counters. */
		df = grew(now.st[O2MS_STATS_A_OUT_FRAMES], prev.st[O2MS_STATS_A_OUT_FRAMES]);
		doct = grew(now.st[O2MS_STATS_A_OUT_OCTETS], prev.st[O2MS_STATS_A_OUT_OCTETS]);
		dns = grew(now.st[O2MS_STATS_A_ELAPSED_TIME], prev.st[O2MS_STATS_A_ELAPSED_TIME]);
		frames += df;
		octets += doct;
		ns += dns;
		/* An interval cut short by a signal has only the average. */
		if (!watch_stop)
			watch_line(name, &now, df, doct, dns, false, tty);
		prev = now;
		if (watch_stop || !now.running)
			break;
	}
	watch_line(name, &now, frames, octets, ns, true, tty);
	ctl_close(&ctx);
	return EXIT_OK;
}

/* Seconds on the monotonic clock. */
static double now_secs(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* "loading FILE: N/M frames (P%)" on stderr while a pcap file is queued. */
struct load_progress {
	const char *file;
	bool on;
	bool tty;		/* rewrite one line; otherwise a line each */
	unsigned long total;	/* frames in the file; 0: not known */
	double start, last;
};

static void load_progress(struct load_progress *p, unsigned long n, bool now)
{
	double t;

	if (!p->on)
		return;
	t = now_secs();
	if (!now && t - p->last < 0.1)
		return;
	p->last = t;
	fprintf(stderr, "%sloading %s: %lu", p->tty ? "\r" : "", p->file, n);
	if (p->total)
		fprintf(stderr, "/%lu frames (%lu%%)", p->total,
			n < p->total ? n * 100 / p->total : 100);
	else
		fputs(" frames", stderr);
	fputs(p->tty ? "\033[K" : "\n", stderr);
}

/* End the progress line before an error message goes under it. */
static void load_progress_break(struct load_progress *p)
{
	if (p->on && p->tty)
		fputc('\n', stderr);
}

/*
 * The frames of a pcap file, from its record headers, leaving IN where it
 * was; 0 if IN cannot seek (a pipe).
 */
static unsigned long pcap_frames(FILE *in, bool swap)
{
	unsigned char rec[16];
	unsigned long n = 0;
	long pos = ftell(in);
	uint32_t len;

	if (pos < 0)
		return 0;
	while (fread(rec, 1, sizeof(rec), in) == sizeof(rec)) {
		memcpy(&len, rec + 8, 4);	/* incl_len */
		if (swap)
			len = __builtin_bswap32(len);
		if (fseek(in, len, SEEK_CUR))
			break;
		n++;
	}
	clearerr(in);
	if (fseek(in, pos, SEEK_SET))
		return 0;
	return n;
}

/* Why /dev/o2m_source/NAME did not open: the kernel knows best. */
static int load_open_err(const char *name, const char *path, int error)
{
	struct nlctx ctx;
	struct nl_msg *msg;
	int r;

	if (error == ENOENT && open_src(&ctx) == EXIT_OK) {
		msg = src_msg(&ctx, O2MS_CMD_GET, 0, name);
		r = msg ? ctl_talk(&ctx, msg, NULL, NULL) : -ENOMEM;
		if (r)
			return ctl_err(&ctx, r, "source load %s", name);
		ctl_close(&ctx);
	}
	return err("source load %s: %s: %s", name, path, strerror(error));
}

/* Why a frame was refused, in the terms of o2m_source.h. */
static const char *write_reason(int error)
{
	switch (error) {
	case ENOSPC:
		return "the queue is full";
	case EINVAL:
		return "a frame is 14 to 65536 bytes";
	case ENODEV:
		return "the source was deleted";
	default:
		return NULL;
	}
}

/*
 * o2mctl source load NAME FILE.pcap [progress]: queue every frame of a
 * classic pcap file (libpcap's, or tcpdump -w). Progress goes to stderr when
 * it is a terminal, or when asked for.
 */
static int src_load(int argc, char **argv)
{
	struct load_progress p = { 0 };
	unsigned char hdr[24], rec[16], *frame;
	char path[64 + O2MS_NAME_MAX];
	const char *name, *file, *why;
	unsigned long long octets = 0;
	unsigned long n = 0;
	uint32_t magic, len;
	bool swap, nano;
	FILE *in;
	int fd, e, r = EXIT_OK;

	if (argc < 2 || argc > 3)
		return usage_err("usage: o2mctl source load NAME FILE.pcap [progress]");
	name = argv[0];
	file = argv[1];
	if (argc == 3 && strcmp(argv[2], "progress"))
		return usage_err("source load %s: unexpected \"%s\" (progress)", name, argv[2]);
	in = fopen(file, "rb");
	if (!in)
		return err("source load %s: %s: %s", name, file, strerror(errno));
	if (fread(hdr, 1, sizeof(hdr), in) != sizeof(hdr)) {
		fclose(in);
		return err("source load %s: %s: not a pcap file (too short)", name, file);
	}
	memcpy(&magic, hdr, 4);
	swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	nano = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
	if (!swap && magic != 0xa1b2c3d4 && !nano) {
		fclose(in);
		return err("source load %s: %s: not a classic pcap file (pcapng is not supported: convert it with editcap -F pcap)",
			   name, file);
	}
	snprintf(path, sizeof(path), "/dev/o2m_source/%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		e = errno;
		fclose(in);
		return load_open_err(name, path, e);
	}
	frame = malloc(O2MS_FRAME_MAX);
	if (!frame) {
		close(fd);
		fclose(in);
		return err("source load %s: out of memory", name);
	}
	p.tty = isatty(STDERR_FILENO);
	p.on = p.tty || argc == 3;
	if (p.on) {
		p.file = file;
		p.total = pcap_frames(in, swap);
		p.start = now_secs();
		load_progress(&p, 0, true);
	}
	while (fread(rec, 1, sizeof(rec), in) == sizeof(rec)) {
		memcpy(&len, rec + 8, 4);	/* incl_len */
		if (swap)
			len = __builtin_bswap32(len);
		if (len > O2MS_FRAME_MAX || fread(frame, 1, len, in) != len) {
			load_progress_break(&p);
			r = err("source load %s: %s: frame %lu is truncated or too long (after %lu queued)",
				name, file, n + 1, n);
			break;
		}
		if (write(fd, frame, len) != (ssize_t)len) {
			e = errno;
			why = write_reason(e);
			load_progress_break(&p);
			if (why)
				r = err("source load %s: frame %lu of %s (%u bytes), after %lu queued: %s (%s)%s%s%s",
					name, n + 1, file, len, n, why, strerror(e),
					e == ENOSPC ? "; its limit: o2mctl source set " : "",
					e == ENOSPC ? name : "", e == ENOSPC ? " limit BYTES" : "");
			else
				r = err("source load %s: frame %lu of %s (%u bytes), after %lu queued: %s",
					name, n + 1, file, len, n, strerror(e));
			break;
		}
		n++;
		octets += len;
		load_progress(&p, n, false);
	}
	free(frame);
	close(fd);
	fclose(in);
	if (r != EXIT_OK)
		return r;
	if (p.on) {
		/* On a terminal the summary takes the progress line's place. */
		if (!p.tty)
			load_progress(&p, n, true);
		fprintf(stderr, "%sloaded %s: %lu frames (%llu bytes) in %.2f s%s\n",
			p.tty ? "\r" : "", file, n, octets, now_secs() - p.start,
			p.tty ? "\033[K" : "");
	}
	if (!json_output)
		printf("%lu frames queued on %s\n", n, name);
	return EXIT_OK;
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
static int current_flags(const char *what, const char *name, bool counter, int index,
			 uint32_t *flags)
{
	struct nlattr *nest;
	struct nlctx ctx;
	struct nl_msg *msg;
	int r;

	if (open_src(&ctx))
		return EXIT_ERR;
	msg = src_msg(&ctx, counter ? O2MS_CMD_GET_COUNTER : O2MS_CMD_GET_TIMESTAMP, 0, name);
	if (!msg)
		return err("%s: out of memory", what);
	nest = nla_nest_start(msg, counter ? O2MS_A_COUNTER : O2MS_A_TIMESTAMP);
	if (counter)
		nla_put_u8(msg, O2MS_CTR_A_INDEX, (uint8_t)index);
	nla_nest_end(msg, nest);
	r = ctl_talk(&ctx, msg, flags_reply, flags);
	if (r)
		return ctl_err(&ctx, r, "%s", what);
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
	uint32_t flags = 0, v = 0;
	bool per_pass = false, enable = false, pp_set = false, en_set = false;
	struct nlattr *nest;
	struct nlctx ctx;
	struct nl_msg *msg;
	uint64_t index = 0;
	char what[96];
	int r;

	if (argc < (counter ? 2 : 1))
		return usage_err("usage: o2mctl %s", counter ?
				 "source counter NAME INDEX [on|off] [offset N] [width 1|2|4] [next N] [min N] [max N] [inc N] [per-pass|per-frame]" :
				 "source timestamp NAME [on|off] [offset N] [format timeval|ns]");
	/* "source counter NAME INDEX": what any error is about. */
	snprintf(what, sizeof(what), "source %s %s%s%s", counter ? "counter" : "timestamp",
		 argv[0], counter ? " " : "", counter ? argv[1] : "");
	if (counter && parse_u64(what, "index", argv[1], &index))
		return EXIT_USAGE;
	if (index > 255)
		return usage_err("%s: %s is not a counter index (0..3)", what, argv[1]);
	if (open_src(&ctx))
		return EXIT_ERR;
	{
		int i = counter ? 2 : 1;
		bool set = i < argc;

		msg = src_msg(&ctx, counter ? (set ? O2MS_CMD_SET_COUNTER : O2MS_CMD_GET_COUNTER)
					    : (set ? O2MS_CMD_SET_TIMESTAMP : O2MS_CMD_GET_TIMESTAMP),
			      0, argv[0]);
		if (!msg)
			return err("%s: out of memory", what);
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
					return usage_err("%s: format is timeval or ns, not \"%s\"",
							 what, argv[i + 1]);
				nla_put_u32(msg, O2MS_TS_A_FORMAT, v);
			} else if (!strcmp(k, "offset")) {
				if (parse_u32(what, k, argv[i + 1], &v))
					return EXIT_USAGE;
				nla_put_u32(msg, counter ? O2MS_CTR_A_OFFSET : O2MS_TS_A_OFFSET, v);
			} else if (counter && !strcmp(k, "width")) {
				if (parse_u32(what, k, argv[i + 1], &v))
					return EXIT_USAGE;
				if (v > 255)
					return usage_err("%s: width is 1, 2 or 4, not %u", what, v);
				nla_put_u8(msg, O2MS_CTR_A_WIDTH, (uint8_t)v);
			} else if (counter && (!strcmp(k, "next") || !strcmp(k, "min") || !strcmp(k, "max"))) {
				if (parse_u32(what, k, argv[i + 1], &v))
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
				return usage_err("%s: unknown setting \"%s\" (%s)", what, k, counter ?
						 "on, off, offset, width, next, min, max, inc, per-pass, per-frame" :
						 "on, off, offset, format");
			}
			i++;
		}
		if (en_set || pp_set) {
			/* Flags go as a whole: keep the bit not mentioned. */
			if (!en_set || !pp_set) {
				r = current_flags(what, argv[0], counter, (int)index, &flags);
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
			return ctl_err(&ctx, r, "%s", what);
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
	{ "start", src_start, "start NAME [COUNT]        (no COUNT, or 0: until stop)" },
	{ "stop", src_stop, "stop NAME" },
	{ "clrdata", src_clrdata, "clrdata NAME              empty the queue" },
	{ "stats", src_stats, "stats NAME [clear|getclear]" },
	{ "load", src_load, "load NAME FILE.pcap [progress]\n"
			    "                            queue every frame of a pcap file; progress on\n"
			    "                            stderr if a terminal, or if asked for" },
	{ "watch", src_watch, "watch NAME [interval SECS]\n"
			      "                            the rates of a run, a line every SECS (1), until\n"
			      "                            it ends or ^C, then its average; one line if idle" },
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
