// SPDX-License-Identifier: GPL-2.0
/* o2mctl source ...: the o2m_source family, and queueing frames. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <linux/o2m_source.h>

#include "capture.h"
#include "json.h"
#include "nl.h"
#include "o2mctl.h"

/* A request about source NAME. */
static void src_req(struct req *r, int cmd, int flags, const char *name)
{
	req_init(r, cmd, flags);
	if (name)
		req_str(r, O2MS_A_NAME, name);
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
	[O2MS_STATS_A_MISSED] = "missed",
	[O2MS_STATS_A_QUEUE_DURATION] = "queue_duration",
	[O2MS_STATS_A_LATE_MAX] = "late_max",
	[O2MS_STATS_A_LATE_MEAN] = "late_mean",
};

/* What a module older than o2mctl does not send; 0 is its value there. */
static bool src_stat_optional(int a)
{
	return a == O2MS_STATS_A_QUEUE_DURATION || a == O2MS_STATS_A_LATE_MAX ||
	       a == O2MS_STATS_A_LATE_MEAN;
}

/* A source's counters, indexed by O2MS_STATS_A_*: 0 where missing. */
typedef uint64_t src_stats_t[O2MS_STATS_A_MAX + 1];

static bool read_src_stats(struct nlattr *nest, src_stats_t st)
{
	struct nlattr *tb[O2MS_STATS_A_MAX + 1];
	int a;

	memset(st, 0, sizeof(src_stats_t));
	if (!nest || ctl_parse_nested(tb, O2MS_STATS_A_MAX, nest, src_stats_policy))
		return false;
	/*
	 * Each is required but the gaps' and a replay's, which a module older
	 * than o2mctl does not have: it keeps no gaps nor replays, so 0 is
	 * their value there.
	 */
	for (a = O2MS_STATS_A_OUT_OCTETS; a <= O2MS_STATS_A_MAX; a++)
		if (src_stat_names[a] && !tb[a] && !src_stat_optional(a)) {
			ctl_bad_reply();
			return false;
		}
	/* Only the named ones: O2MS_STATS_A_PAD carries no value. */
	for (a = O2MS_STATS_A_OUT_OCTETS; a <= O2MS_STATS_A_MAX; a++)
		if (src_stat_names[a] && tb[a])
			st[a] = attr_u64(tb, a);
	return true;
}

void print_src_stats(struct nlattr *nest)
{
	src_stats_t st;
	uint64_t el;
	int a;

	if (!read_src_stats(nest, st))
		return;
	if (json_output) {
		jw_open_obj("stats");
		for (a = O2MS_STATS_A_OUT_OCTETS; a <= O2MS_STATS_A_MAX; a++)
			if (src_stat_names[a])
				jw_u64(src_stat_names[a], st[a]);
		jw_close_obj();
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
	if (st[O2MS_STATS_A_MISSED])
		printf("    missed: %" PRIu64 " frames the rate wanted, given up as late\n",
		       st[O2MS_STATS_A_MISSED]);
	if (st[O2MS_STATS_A_LATE_MAX])
		printf("    late: %.6f s at most, %.6f s on average, against the replay's schedule\n",
		       st[O2MS_STATS_A_LATE_MAX] / 1e9, st[O2MS_STATS_A_LATE_MEAN] / 1e9);
	printf("    queue: %" PRIu64 " frames %" PRIu64 " octets",
	       st[O2MS_STATS_A_QUEUE_FRAMES], st[O2MS_STATS_A_QUEUE_OCTETS]);
	if (st[O2MS_STATS_A_QUEUE_DURATION])
		printf(", gaps %.6f s", st[O2MS_STATS_A_QUEUE_DURATION] / 1e9);
	printf("\n");
	printf("    elapsed: %" PRIu64 ".%06" PRIu64 " s\n", el / 1000000000, el % 1000000000 / 1000);
}

/* A source as show prints it; ARG non-NULL: a JSON value of its own. */
static int src_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2MS_A_MAX + 1];

	src_stats_t st;

	/*
	 * A show has the settings; the stats commands only the name. All of
	 * it is checked before anything is printed.
	 */
	if (ctl_parse(msg, tb, O2MS_A_MAX, src_policy) || ctl_need(tb, O2MS_A_NAME, O2MS_A_STATS) ||
	    (tb[O2MS_A_PPS] && ctl_need(tb, O2MS_A_QUEUE_LIMIT, O2MS_A_RUNNING, O2MS_A_CSUM_FIXUP)) ||
	    !read_src_stats(tb[O2MS_A_STATS], st))
		return NL_OK;
	if (json_output) {
		jw_open_obj(NULL);
		jw_str("name", attr_str(tb, O2MS_A_NAME));
		if (tb[O2MS_A_IFNAME])
			jw_str("ifname", attr_str(tb, O2MS_A_IFNAME));
		else if (tb[O2MS_A_PPS])
			jw_null("ifname");
		if (tb[O2MS_A_PPS]) {
			jw_u64("pps", attr_u32(tb, O2MS_A_PPS));
			jw_float("speed", attr_u32(tb, O2MS_A_SPEED) / 1000.0);
			jw_u64("queue_limit", attr_u32(tb, O2MS_A_QUEUE_LIMIT));
			jw_bool("running", attr_u8(tb, O2MS_A_RUNNING));
			jw_bool("csum", attr_u8(tb, O2MS_A_CSUM_FIXUP));
		}
		print_src_stats(tb[O2MS_A_STATS]);
		jw_close_obj();
		if (arg)
			jw_done();
		return NL_OK;
	}
	printf("%s:", attr_str(tb, O2MS_A_NAME));
	if (tb[O2MS_A_PPS]) {
		printf(" dev %s", tb[O2MS_A_IFNAME] ? attr_str(tb, O2MS_A_IFNAME) : "none");
		printf(" pps %u", attr_u32(tb, O2MS_A_PPS));
		if (attr_u32(tb, O2MS_A_SPEED))
			printf(" speed %gx", attr_u32(tb, O2MS_A_SPEED) / 1000.0);
		printf(" limit %u csum %s %s",
		       attr_u32(tb, O2MS_A_QUEUE_LIMIT), attr_u8(tb, O2MS_A_CSUM_FIXUP) ? "on" : "off",
		       attr_u8(tb, O2MS_A_RUNNING) ? "running" : "stopped");
	}
	printf("\n");
	print_src_stats(tb[O2MS_A_STATS]);
	return NL_OK;
}

/* The settings of source add and source set. */
struct src_settings {
	const char *dev;
	uint32_t pps, limit, speed;
	int csum;		/* -1: not given */
	bool has_pps, has_limit, has_speed;
};

/*
 * A replay's speed: 0, or 0.1 to 100 with at most three decimals (1: the
 * recorded timing), into thousandths.
 */
static int parse_speed(const char *what, const char *s, uint32_t *v)
{
	uint64_t whole = 0, frac = 0;
	const char *p = s;
	int digits = 0;

	/* Decimal, as every number here: no 010 (read as 10 or as 8?). */
	if (!isdigit((unsigned char)*p) || (p[0] == '0' && isdigit((unsigned char)p[1])))
		goto bad;
	while (isdigit((unsigned char)*p) && whole <= O2MS_SPEED_MAX)
		whole = whole * 10 + (*p++ - '0');
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p) && digits < 3; p++, digits++)
			frac = frac * 10 + (*p - '0');
		if (!digits)
			goto bad;
		for (; digits < 3; digits++)
			frac *= 10;
	}
	if (*p || whole > O2MS_SPEED_MAX / O2MS_SPEED_ONE)
		goto bad;
	*v = whole * O2MS_SPEED_ONE + frac;
	if (*v && (*v < O2MS_SPEED_MIN || *v > O2MS_SPEED_MAX))
		goto bad;
	return EXIT_OK;
bad:
	return usage_err("%s: speed \"%s\" is not 0 (none), nor 0.1 to 100 with at most three decimals (and no 0 before another digit)",
			 what, s);
}

/* Parse ARGV as settings of WHAT ("source add s"). */
static int parse_settings(const char *what, int argc, char **argv, struct src_settings *st)
{
	*st = (struct src_settings){ .csum = -1 };
	for (; argc > 0; argc -= 2, argv += 2) {
		if (argc < 2)
			return usage_err("%s: \"%s\" needs a value", what, argv[0]);
		if (!strcmp(argv[0], "dev")) {
			if (st->dev)
				return dup_err(what, argv[0]);
			if (check_ifname(what, argv[1]))
				return EXIT_USAGE;
			st->dev = argv[1];
		} else if (!strcmp(argv[0], "pps")) {
			if (st->has_pps)
				return dup_err(what, argv[0]);
			if (parse_u32(what, "pps", argv[1], &st->pps))
				return EXIT_USAGE;
			st->has_pps = true;
		} else if (!strcmp(argv[0], "limit")) {
			if (st->has_limit)
				return dup_err(what, argv[0]);
			if (parse_u32(what, "limit", argv[1], &st->limit))
				return EXIT_USAGE;
			st->has_limit = true;
		} else if (!strcmp(argv[0], "speed")) {
			if (st->has_speed)
				return dup_err(what, argv[0]);
			if (parse_speed(what, argv[1], &st->speed))
				return EXIT_USAGE;
			st->has_speed = true;
		} else if (!strcmp(argv[0], "csum")) {
			if (st->csum >= 0)
				return dup_err(what, argv[0]);
			if (strcmp(argv[1], "on") && strcmp(argv[1], "off"))
				return usage_err("%s: csum is on or off, not \"%s\"", what, argv[1]);
			st->csum = !strcmp(argv[1], "on");
		} else {
			return usage_err("%s: unknown setting \"%s\" (dev, pps, speed, limit, csum)",
					 what, argv[0]);
		}
	}
	return EXIT_OK;
}

/*
 * source add|set NAME SETTINGS. An error names the target too: it is an
 * object of its own, and may be what the kernel refused.
 */
static int src_add_set(int argc, char **argv, int cmd, const char *verb)
{
	struct src_settings st;
	char what[64];
	struct req r;

	if (argc < 1)
		return usage_words(argc, argv, 1,
				   "source %s NAME [dev IFNAME] [pps N] [speed X] [limit BYTES] [csum on|off]",
				   verb);
	snprintf(what, sizeof(what), "source %s %s", verb, argv[0]);
	if (check_source_name(what, argv[0]) || parse_settings(what, argc - 1, argv + 1, &st))
		return EXIT_USAGE;
	if (cmd == O2MS_CMD_SET && argc < 3)
		return usage_err("%s: say what to change (dev, pps, speed, limit, csum)", what);
	src_req(&r, cmd, 0, argv[0]);
	if (st.dev)
		req_str(&r, O2MS_A_IFNAME, st.dev);
	if (st.has_pps)
		req_u32(&r, O2MS_A_PPS, st.pps);
	if (st.has_speed)
		req_u32(&r, O2MS_A_SPEED, st.speed);
	if (st.has_limit)
		req_u32(&r, O2MS_A_QUEUE_LIMIT, st.limit);
	if (st.csum >= 0)
		req_u8(&r, O2MS_A_CSUM_FIXUP, st.csum);
	return ctl_run(&src_family, &r, src_reply, NULL, cmd == O2MS_CMD_ADD ? RUN_JSON_ARRAY : 0,
		       "%s%s%s", what, st.dev ? " dev " : "", st.dev ? st.dev : "");
}

static int src_add(int argc, char **argv)
{
	return src_add_set(argc, argv, O2MS_CMD_ADD, "add");
}

static int src_set(int argc, char **argv)
{
	return src_add_set(argc, argv, O2MS_CMD_SET, "set");
}

int name_only_cmd(const char *obj, const char *verb, int cmd, int argc, char **argv)
{
	char what[64];
	struct req r;

	if (argc != 1)
		return usage_words(argc, argv, 1, "%s %s NAME", obj, verb);
	snprintf(what, sizeof(what), "%s %s %s", obj, verb, argv[0]);
	if (check_name(what, obj, argv[0]))
		return EXIT_USAGE;
	src_req(&r, cmd, 0, argv[0]);
	return ctl_run(&src_family, &r, NULL, NULL, 0, "%s", what);
}

int name_or_dump_cmd(const char *obj, int cmd, ctl_reply_fn fn, int argc, char **argv)
{
	char what[64];
	struct req r;

	if (argc > 1)
		return usage_words(argc, argv, 1, "%s show [NAME]", obj);
	snprintf(what, sizeof(what), "%s show%s%s", obj, argc ? " " : "", argc ? argv[0] : "");
	if (argc && check_name(what, obj, argv[0]))
		return EXIT_USAGE;
	src_req(&r, cmd, argc ? 0 : NLM_F_DUMP, argc ? argv[0] : NULL);
	return ctl_run(&src_family, &r, fn, NULL, RUN_JSON_ARRAY, "%s", what);
}

static int src_del(int argc, char **argv)
{
	return name_only_cmd("source", "del", O2MS_CMD_DEL, argc, argv);
}

static int src_stop(int argc, char **argv)
{
	return name_only_cmd("source", "stop", O2MS_CMD_STOP, argc, argv);
}

static int src_clrdata(int argc, char **argv)
{
	return name_only_cmd("source", "clrdata", O2MS_CMD_CLRDATA, argc, argv);
}

static int src_show(int argc, char **argv)
{
	return name_or_dump_cmd("source", O2MS_CMD_GET, src_reply, argc, argv);
}

static int src_start(int argc, char **argv)
{
	uint64_t count = 0;
	char what[64];
	struct req r;

	if (argc < 1 || argc > 2)
		return usage_words(argc, argv, 2,
				   "source start NAME [COUNT]   (COUNT 0 or none given: until stop)");
	snprintf(what, sizeof(what), "source start %s", argv[0]);
	if (check_source_name(what, argv[0]) ||
	    (argc == 2 && parse_u64(what, "count", argv[1], UINT64_MAX, &count)))
		return EXIT_USAGE;
	src_req(&r, O2MS_CMD_START, 0, argv[0]);
	req_u64(&r, O2MS_A_COUNT, count);
	return ctl_run(&src_family, &r, NULL, NULL, 0, "%s", what);
}

static int src_stats(int argc, char **argv)
{
	int cmd = O2MS_CMD_GET_STATS;
	char what[64];
	struct req r;

	if (argc < 1 || argc > 2)
		return usage_words(argc, argv, 2, "source stats NAME [clear|getclear]");
	snprintf(what, sizeof(what), "source stats %s", argv[0]);
	if (check_source_name(what, argv[0]))
		return EXIT_USAGE;
	if (argc == 2) {
		if (!strcmp(argv[1], "clear"))
			cmd = O2MS_CMD_CLR_STATS;
		else if (!strcmp(argv[1], "getclear"))
			cmd = O2MS_CMD_GETCLR_STATS;
		else
			return usage_err("%s: unexpected \"%s\" (clear, getclear)", what, argv[1]);
	}
	src_req(&r, cmd, 0, argv[0]);
	return ctl_run(&src_family, &r, src_reply, what, 0, "%s", what);
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

	if (ctl_parse(msg, tb, O2MS_A_MAX, src_policy) || ctl_need(tb, O2MS_A_RUNNING, O2MS_A_STATS))
		return NL_OK;
	s->running = attr_u8(tb, O2MS_A_RUNNING);
	read_src_stats(tb[O2MS_A_STATS], s->st);
	return NL_OK;
}

static int get_snap(struct nlctx *ctx, const char *name, struct src_snap *s)
{
	struct req r;

	src_req(&r, O2MS_CMD_GET, 0, name);
	memset(s, 0, sizeof(*s));
	return ctl_send(ctx, &r, snap_reply, s);
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
		jw_open_obj(NULL);
		jw_str("name", name);
		jw_u64("elapsed_time", s->st[O2MS_STATS_A_ELAPSED_TIME]);
		jw_u64("out_frames", s->st[O2MS_STATS_A_OUT_FRAMES]);
		jw_u64("out_octets", s->st[O2MS_STATS_A_OUT_OCTETS]);
		jw_u64("drops", s->st[O2MS_STATS_A_DROPS]);
		jw_float("frames_per_s", fps);
		jw_float("mbit_per_s", mbps);
		jw_str("state", state);
		jw_bool("average", average);
		jw_close_obj();
		jw_done();
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

	/* Digits and a point: strtod() would take blanks, signs, hex and inf too. */
	errno = 0;
	v = strtod(s, &end);
	if (!isdigit((unsigned char)s[0]) || (s[0] == '0' && isdigit((unsigned char)s[1])) ||
	    strspn(s, "0123456789.") != strlen(s) ||
	    errno || *end || !(v >= 0.01 && v <= 86400))
		return usage_err("source watch %s: interval \"%s\" is not a number of seconds (0.01 to 86400, and no 0 before another digit)",
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

	if (argc > 1 && strcmp(argv[1], "interval"))
		return usage_err("source watch %s: unexpected \"%s\" (interval SECS)",
				 argv[0], argv[1]);
	if (argc < 1 || argc > 3)
		return usage_words(argc, argv, 3, "source watch NAME [interval SECS]");
	name = argv[0];
	if (check_source_name("source watch", name))
		return EXIT_USAGE;
	if (argc == 2)
		return usage_err("source watch %s: \"interval\" needs a value", name);
	if (argc == 3 && parse_interval(name, argv[2], &step))
		return EXIT_USAGE;
	if (ctl_open(&ctx, &src_family))
		return EXIT_ERR;
	r = get_snap(&ctx, name, &prev);
	if (r)
		goto fail;
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
			goto fail;
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
fail:
	ctl_err(&ctx, r, "source watch %s", name);
	ctl_close(&ctx);
	return EXIT_ERR;
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

/* Why /dev/o2m_source/NAME did not open: the kernel knows best. */
static int load_open_err(const char *name, const char *path, int error)
{
	struct nlctx ctx;
	struct req req;
	int r;

	if (error == ENOENT) {
		/* Without the family, the one message is that one. */
		if (ctl_open(&ctx, &src_family) != EXIT_OK)
			return EXIT_ERR;
		src_req(&req, O2MS_CMD_GET, 0, name);
		r = ctl_send(&ctx, &req, NULL, NULL);
		if (r)
			ctl_err(&ctx, r, "source load %s", name);
		ctl_close(&ctx);
		if (r)
			return EXIT_ERR;
	}
	return err("source load %s: %s: %s", name, path, strerror(error));
}

/*
 * Open source NAME's device node for writing, and make sure it is one: the
 * name is checked as the module checks it (so PATH stays in
 * /dev/o2m_source/), and the node must be the character device the module
 * registered for NAME, whose number sysfs gives. It is checked before it
 * is opened (opening some devices does something), opened without
 * following a link, and checked again through the descriptor: it must be
 * the same inode. O_NONBLOCK only keeps a FIFO from blocking the open; a
 * source's write never blocks. Returns the descriptor, or -1 after an
 * error message.
 */
static int open_node(const char *name, const char *path)
{
	char sys[96 + O2MS_NAME_MAX], buf[32];
	unsigned int maj, min;
	struct stat before, st;
	dev_t want;
	bool known;
	FILE *f;
	int fd;

	snprintf(sys, sizeof(sys), "/sys/class/misc/o2m_source!%s/dev", name);
	f = fopen(sys, "re");
	known = f && fgets(buf, sizeof(buf), f) && sscanf(buf, "%u:%u", &maj, &min) == 2;
	if (f)
		fclose(f);
	if (!known) {
		/* No such source here: the kernel says so best. */
		load_open_err(name, path, ENOENT);
		return -1;
	}
	want = makedev(maj, min);
	if (lstat(path, &before)) {
		load_open_err(name, path, errno);
		return -1;
	}
	if (S_ISLNK(before.st_mode)) {
		err("source load %s: %s is a symbolic link, not the source's device node", name, path);
		return -1;
	}
	if (!S_ISCHR(before.st_mode) || before.st_rdev != want)
		goto not_node;
	fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		load_open_err(name, path, errno);
		return -1;
	}
	if (fstat(fd, &st) || st.st_dev != before.st_dev || st.st_ino != before.st_ino ||
	    !S_ISCHR(st.st_mode) || st.st_rdev != want) {
		close(fd);
		goto not_node;
	}
	return fd;
not_node:
	err("source load %s: %s is not the source's device node (%u:%u)", name, path, maj, min);
	return -1;
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
 * Switch the node's writes to carry a gap before each frame. Returns 0, or
 * -1 after an error message.
 */
static int load_gaps_on(int fd, const char *name)
{
	int one = 1;

	if (!ioctl(fd, O2MS_IOC_SET_GAPS, &one))
		return 0;
	if (errno == ENOTTY)
		err("source load %s: this o2m_source module keeps no gaps (%s): it is older than o2mctl",
		    name, strerror(errno));
	else
		err("source load %s: gaps: %s", name, strerror(errno));
	return -1;
}

/*
 * o2mctl source load NAME FILE [progress] [gaps]: queue every frame of a
 * capture (pcap or pcapng, "-" for stdin). Progress goes to stderr when it
 * is a terminal, or when asked for. With gaps, each frame keeps the time
 * since the frame before it, from the capture's timestamps (a frame
 * stamped before the latest so far gets 0, and is counted).
 */
static int src_load(int argc, char **argv)
{
	/* A gap's header and the longest frame, written as one. */
	static unsigned char buf[sizeof(struct o2ms_frame_hdr) + O2MS_FRAME_MAX];
	struct load_progress p = { 0 };
	char path[64 + O2MS_NAME_MAX];
	const char *name, *file, *why;
	unsigned long long octets = 0;
	const unsigned char *frame;
	bool progress = false, gaps = false;
	struct o2ms_frame_hdr hdr;
	uint64_t ns, duration = 0;
	struct capture cap;
	size_t hlen = 0;
	long total;
	uint32_t len;
	int fd, e, r = EXIT_OK, got = 0, i;

	if (argc < 2)
		return usage_words(argc, argv, 2, "source load NAME FILE [progress] [gaps]");
	name = argv[0];
	file = argv[1];
	if (check_source_name("source load", name))
		return EXIT_USAGE;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "progress") && !progress)
			progress = true;
		else if (!strcmp(argv[i], "gaps") && !gaps)
			gaps = true;
		else
			return usage_err("source load %s: unexpected \"%s\" (progress, gaps)",
					 name, argv[i]);
	}
	/* A load that needs no netlink still names a namespace that is one. */
	if (netns_enter())
		return EXIT_ERR;
	if (capture_open(&cap, file))
		return err("source load %s: %s: %s", name, file, cap.err);
	snprintf(path, sizeof(path), "/dev/o2m_source/%s", name);
	fd = open_node(name, path);
	if (fd < 0 || (gaps && load_gaps_on(fd, name))) {
		if (fd >= 0)
			close(fd);
		capture_close(&cap);
		return EXIT_ERR;
	}
	/* A file is read whole first: a bad one queues nothing. */
	total = capture_scan(&cap, gaps);
	if (total < 0) {
		close(fd);
		return err("source load %s: %s: %s (nothing queued)", name, file, cap.err);
	}
	if (gaps)
		hlen = sizeof(hdr);
	p.tty = isatty(STDERR_FILENO);
	p.on = p.tty || progress;
	if (p.on) {
		p.file = file;
		p.total = total;
		p.start = now_secs();
		load_progress(&p, 0, true);
	}
	/* No more than were read first, should the file grow meanwhile. */
	while ((!total || cap.frames < (unsigned long)total) &&
	       (got = capture_next(&cap, &frame, &len, &ns)) == 1) {
		const void *out = frame;
		ssize_t w;

		if (gaps) {
			hdr.gap_ns = capture_gap(&cap, ns);
			/* Found here only from a pipe: a file was read whole first. */
			if (hdr.gap_ns > O2MS_GAP_MAX) {
				load_progress_break(&p);
				r = err("source load %s: frame %lu of %s comes %.3f s after the one before, after %lu queued: a gap is at most an hour",
					name, cap.frames, file, hdr.gap_ns / 1e9, cap.frames - 1);
				break;
			}
			memcpy(buf, &hdr, hlen);
			memcpy(buf + hlen, frame, len);
			out = buf;
			/* Saturating, as the kernel's sum: past 584 years. */
			duration = duration + hdr.gap_ns < duration ? UINT64_MAX :
				   duration + hdr.gap_ns;
		}
		w = write(fd, out, hlen + len);
		if (w != (ssize_t)(hlen + len)) {
			/* A frame is one write(): a short one would be a bug. */
			e = w < 0 ? errno : EIO;
			why = write_reason(e);
			load_progress_break(&p);
			if (why)
				r = err("source load %s: frame %lu of %s (%u bytes), after %lu queued: %s (%s)%s%s%s",
					name, cap.frames, file, len, cap.frames - 1, why, strerror(e),
					e == ENOSPC ? "; its limit: o2mctl source set " : "",
					e == ENOSPC ? name : "", e == ENOSPC ? " limit BYTES" : "");
			else
				r = err("source load %s: frame %lu of %s (%u bytes), after %lu queued: %s",
					name, cap.frames, file, len, cap.frames - 1, strerror(e));
			break;
		}
		octets += len;
		load_progress(&p, cap.frames, false);
	}
	if (got < 0) {
		load_progress_break(&p);
		r = err("source load %s: %s: %s (after %lu queued)", name, file, cap.err, cap.frames);
	} else if (r == EXIT_OK && total && capture_next(&cap, &frame, &len, &ns) == 1) {
		fprintf(stderr, "o2mctl: source load %s: %s grew while it was loaded: the %ld frames it had are queued, not the rest\n",
			name, file, total);
		cap.frames--;
	}
	close(fd);
	capture_close(&cap);
	if (r != EXIT_OK)
		return r;
	if (p.on) {
		/* On a terminal the summary takes the progress line's place. */
		if (!p.tty)
			load_progress(&p, cap.frames, true);
		fprintf(stderr, "%sloaded %s: %lu frames (%llu bytes) in %.2f s%s\n",
			p.tty ? "\r" : "", file, cap.frames, octets, now_secs() - p.start,
			p.tty ? "\033[K" : "");
	}
	if (cap.snapped)
		fprintf(stderr, "o2mctl: source load %s: %lu of the frames were captured shorter than they were (the capture's snap length), and are queued as captured\n",
			name, cap.snapped);
	if (gaps && cap.earlier)
		fprintf(stderr, "o2mctl: source load %s: %lu of the frames were stamped before the frame before them, and are queued with a gap of 0\n",
			name, cap.earlier);
	if (json_output) {
		jw_open_obj(NULL);
		jw_str("name", name);
		jw_str("file", file);
		jw_u64("frames", cap.frames);
		jw_u64("octets", octets);
		jw_u64("snapped", cap.snapped);
		if (gaps) {
			jw_u64("duration", duration);
			jw_u64("earlier", cap.earlier);
		}
		jw_close_obj();
		jw_done();
	} else if (gaps) {
		printf("%lu frames queued on %s, %.6f s apart from first to last\n", cap.frames, name,
		       duration / 1e9);
	} else {
		printf("%lu frames queued on %s\n", cap.frames, name);
	}
	return EXIT_OK;
}

static int embed_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2MS_A_MAX + 1], *t[O2MS_CTR_A_MAX + 1];
	uint32_t flags;

	if (ctl_parse(msg, tb, O2MS_A_MAX, src_policy))
		return NL_OK;
	if (tb[O2MS_A_TIMESTAMP]) {
		const char *fmt;

		if (ctl_parse_nested(t, O2MS_TS_A_MAX, tb[O2MS_A_TIMESTAMP], src_ts_policy) ||
		    ctl_need(t, O2MS_TS_A_OFFSET, O2MS_TS_A_FLAGS, O2MS_TS_A_FORMAT))
			return NL_OK;
		flags = attr_u32(t, O2MS_TS_A_FLAGS);
		fmt = attr_u32(t, O2MS_TS_A_FORMAT) == O2MS_TS_NS64 ? "ns" : "timeval";
		if (json_output) {
			jw_open_obj(NULL);
			jw_bool("enabled", flags & O2MS_EMBED_ENABLE);
			jw_u64("offset", attr_u32(t, O2MS_TS_A_OFFSET));
			jw_str("format", fmt);
			jw_close_obj();
			jw_done();
		} else {
			printf("timestamp %s offset %u format %s\n",
			       flags & O2MS_EMBED_ENABLE ? "on" : "off", attr_u32(t, O2MS_TS_A_OFFSET),
			       fmt);
		}
	}
	if (tb[O2MS_A_COUNTER]) {
		if (ctl_parse_nested(t, O2MS_CTR_A_MAX, tb[O2MS_A_COUNTER], src_ctr_policy) ||
		    ctl_need(t, O2MS_CTR_A_INDEX, O2MS_CTR_A_FLAGS, O2MS_CTR_A_OFFSET, O2MS_CTR_A_WIDTH,
			     O2MS_CTR_A_NEXT_VAL, O2MS_CTR_A_MIN_VAL, O2MS_CTR_A_MAX_VAL,
			     O2MS_CTR_A_INCREMENT))
			return NL_OK;
		flags = attr_u32(t, O2MS_CTR_A_FLAGS);
		if (json_output) {
			jw_open_obj(NULL);
			jw_u64("index", attr_u8(t, O2MS_CTR_A_INDEX));
			jw_bool("enabled", flags & O2MS_EMBED_ENABLE);
			jw_bool("per_pass", flags & O2MS_COUNTER_PER_PASS);
			jw_u64("offset", attr_u32(t, O2MS_CTR_A_OFFSET));
			jw_u64("width", attr_u8(t, O2MS_CTR_A_WIDTH));
			jw_u64("next", attr_u32(t, O2MS_CTR_A_NEXT_VAL));
			jw_u64("min", attr_u32(t, O2MS_CTR_A_MIN_VAL));
			jw_u64("max", attr_u32(t, O2MS_CTR_A_MAX_VAL));
			jw_s64("inc", attr_s32(t, O2MS_CTR_A_INCREMENT, 0));
			jw_close_obj();
			jw_done();
		} else {
			printf("counter %u %s offset %u width %u next %u min %u max %u inc %d%s\n",
			       attr_u8(t, O2MS_CTR_A_INDEX), flags & O2MS_EMBED_ENABLE ? "on" : "off",
			       attr_u32(t, O2MS_CTR_A_OFFSET), attr_u8(t, O2MS_CTR_A_WIDTH),
			       attr_u32(t, O2MS_CTR_A_NEXT_VAL), attr_u32(t, O2MS_CTR_A_MIN_VAL),
			       attr_u32(t, O2MS_CTR_A_MAX_VAL), attr_s32(t, O2MS_CTR_A_INCREMENT, 0),
			       flags & O2MS_COUNTER_PER_PASS ? " per-pass" : "");
		}
	}
	return NL_OK;
}

static int flags_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[O2MS_A_MAX + 1], *t[O2MS_CTR_A_MAX + 1];
	uint32_t *flags = arg;

	if (ctl_parse(msg, tb, O2MS_A_MAX, src_policy))
		return NL_OK;
	if (tb[O2MS_A_COUNTER]) {
		if (!ctl_parse_nested(t, O2MS_CTR_A_MAX, tb[O2MS_A_COUNTER], src_ctr_policy) &&
		    !ctl_need(t, O2MS_CTR_A_FLAGS))
			*flags = attr_u32(t, O2MS_CTR_A_FLAGS);
	} else if (tb[O2MS_A_TIMESTAMP]) {
		if (!ctl_parse_nested(t, O2MS_TS_A_MAX, tb[O2MS_A_TIMESTAMP], src_ts_policy) &&
		    !ctl_need(t, O2MS_TS_A_FLAGS))
			*flags = attr_u32(t, O2MS_TS_A_FLAGS);
	} else {
		ctl_bad_reply();
	}
	return NL_OK;
}

/* The flags of a source's timestamp or counter INDEX as they are now. */
static int current_flags(struct nlctx *ctx, const char *name, bool counter, int index,
			 uint32_t *flags)
{
	struct nlattr *nest;
	struct req r;

	src_req(&r, counter ? O2MS_CMD_GET_COUNTER : O2MS_CMD_GET_TIMESTAMP, 0, name);
	nest = req_nest(&r, counter ? O2MS_A_COUNTER : O2MS_A_TIMESTAMP);
	if (counter)
		req_u8(&r, O2MS_CTR_A_INDEX, (uint8_t)index);
	req_nest_end(&r, nest);
	return ctl_send(ctx, &r, flags_reply, flags);
}

/* A timestamp's or a counter's settings, as given. */
struct embed_settings {
	int enable, per_pass;		/* -1: not given */
	uint32_t val[O2MS_CTR_A_MAX + 1];	/* by attribute */
	bool has[O2MS_CTR_A_MAX + 1];
	int32_t inc;
};

/* The words that take a number, and their attributes. */
struct embed_key {
	const char *key;
	int ts_attr, ctr_attr;		/* 0: not for that one */
	uint32_t max;
};

static const struct embed_key embed_keys[] = {
	{ "offset", O2MS_TS_A_OFFSET, O2MS_CTR_A_OFFSET, UINT32_MAX },
	{ "width", 0, O2MS_CTR_A_WIDTH, UINT8_MAX },
	{ "next", 0, O2MS_CTR_A_NEXT_VAL, UINT32_MAX },
	{ "min", 0, O2MS_CTR_A_MIN_VAL, UINT32_MAX },
	{ "max", 0, O2MS_CTR_A_MAX_VAL, UINT32_MAX },
	{ NULL }
};

static int parse_embed(const char *what, bool counter, int argc, char **argv,
		       struct embed_settings *e)
{
	const struct embed_key *ek;
	uint64_t v;
	int i, a;

	memset(e, 0, sizeof(*e));
	e->enable = e->per_pass = -1;
	for (i = 0; i < argc; i++) {
		const char *k = argv[i];

		if (!strcmp(k, "on") || !strcmp(k, "off")) {
			if (e->enable >= 0)
				return usage_err("%s: on or off, once", what);
			e->enable = !strcmp(k, "on");
			continue;
		}
		if (counter && (!strcmp(k, "per-pass") || !strcmp(k, "per-frame"))) {
			if (e->per_pass >= 0)
				return usage_err("%s: per-pass or per-frame, once", what);
			e->per_pass = !strcmp(k, "per-pass");
			continue;
		}
		for (ek = embed_keys; ek->key; ek++)
			if (!strcmp(k, ek->key) && (counter ? ek->ctr_attr : ek->ts_attr))
				break;
		if (!ek->key && strcmp(k, counter ? "inc" : "format"))
			return usage_err("%s: unknown setting \"%s\" (%s)", what, k, counter ?
					 "on, off, offset, width, next, min, max, inc, per-pass, per-frame" :
					 "on, off, offset, format");
		if (++i >= argc)
			return usage_err("%s: \"%s\" needs a value", what, k);
		a = ek->key ? (counter ? ek->ctr_attr : ek->ts_attr) :
			      (counter ? O2MS_CTR_A_INCREMENT : O2MS_TS_A_FORMAT);
		if (e->has[a])
			return dup_err(what, k);
		if (ek->key) {
			if (parse_u64(what, k, argv[i], ek->max, &v))
				return EXIT_USAGE;
			if (counter && a == O2MS_CTR_A_WIDTH && v != 1 && v != 2 && v != 4)
				return usage_err("%s: width is 1, 2 or 4 bytes, not %s", what, argv[i]);
			e->val[a] = (uint32_t)v;
			e->has[a] = true;
		} else if (counter) {
			if (parse_s32(what, k, argv[i], &e->inc))
				return EXIT_USAGE;
			e->has[O2MS_CTR_A_INCREMENT] = true;
		} else {
			if (!strcmp(argv[i], "timeval"))
				e->val[O2MS_TS_A_FORMAT] = O2MS_TS_TIMEVAL32;
			else if (!strcmp(argv[i], "ns"))
				e->val[O2MS_TS_A_FORMAT] = O2MS_TS_NS64;
			else
				return usage_err("%s: format is timeval or ns, not \"%s\"", what,
						 argv[i]);
			e->has[O2MS_TS_A_FORMAT] = true;
		}
	}
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
	int first = counter ? 2 : 1, nest_attr = counter ? O2MS_A_COUNTER : O2MS_A_TIMESTAMP;
	int flags_attr = counter ? O2MS_CTR_A_FLAGS : O2MS_TS_A_FLAGS;
	struct embed_settings e;
	struct nlattr *nest;
	struct nlctx ctx;
	uint32_t flags = 0;
	uint64_t index = 0;
	char what[96];
	struct req r;
	bool set;
	int a, ret;

	if (argc < first)
		return usage_err("usage: o2mctl %s", counter ?
				 "source counter NAME INDEX [on|off] [offset N] [width 1|2|4] [next N] [min N] [max N] [inc N] [per-pass|per-frame]" :
				 "source timestamp NAME [on|off] [offset N] [format timeval|ns]");
	/* "source counter NAME INDEX": what any error is about. */
	snprintf(what, sizeof(what), "source %s %s%s%s", counter ? "counter" : "timestamp",
		 argv[0], counter ? " " : "", counter ? argv[1] : "");
	if (check_source_name(what, argv[0]))
		return EXIT_USAGE;
	if (counter && parse_u64(what, "index", argv[1], UINT64_MAX, &index))
		return EXIT_USAGE;
	if (index >= O2MS_COUNTERS)
		return usage_err("%s: a counter's index is 0..%d", what, O2MS_COUNTERS - 1);
	if (parse_embed(what, counter, argc - first, argv + first, &e))
		return EXIT_USAGE;
	set = argc > first;

	if (ctl_open(&ctx, &src_family))
		return EXIT_ERR;
	/* Flags go as a whole: keep the bit not mentioned. */
	if ((e.enable >= 0) != (e.per_pass >= 0)) {
		ret = current_flags(&ctx, argv[0], counter, (int)index, &flags);
		if (ret)
			goto fail;
	}
	if (e.enable >= 0)
		flags = (flags & ~O2MS_EMBED_ENABLE) | (e.enable ? O2MS_EMBED_ENABLE : 0);
	if (e.per_pass >= 0)
		flags = (flags & ~O2MS_COUNTER_PER_PASS) | (e.per_pass ? O2MS_COUNTER_PER_PASS : 0);

	src_req(&r, counter ? (set ? O2MS_CMD_SET_COUNTER : O2MS_CMD_GET_COUNTER)
			    : (set ? O2MS_CMD_SET_TIMESTAMP : O2MS_CMD_GET_TIMESTAMP), 0, argv[0]);
	nest = req_nest(&r, nest_attr);
	if (counter)
		req_u8(&r, O2MS_CTR_A_INDEX, (uint8_t)index);
	for (a = 1; a <= O2MS_CTR_A_MAX; a++) {
		if (!e.has[a])
			continue;
		if (counter && a == O2MS_CTR_A_WIDTH)
			req_u8(&r, a, (uint8_t)e.val[a]);
		else if (counter && a == O2MS_CTR_A_INCREMENT)
			req_s32(&r, a, e.inc);
		else
			req_u32(&r, a, e.val[a]);
	}
	if (e.enable >= 0 || e.per_pass >= 0)
		req_u32(&r, flags_attr, flags);
	req_nest_end(&r, nest);
	ret = ctl_send(&ctx, &r, set ? NULL : embed_reply, NULL);
	if (ret)
		goto fail;
	ctl_close(&ctx);
	return EXIT_OK;
fail:
	ctl_err(&ctx, ret, "%s", what);
	ctl_close(&ctx);
	return EXIT_ERR;
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
	{ "show", src_show, "[NAME]", NULL },
	{ "add", src_add, "NAME [dev IFNAME] [pps N] [speed X] [limit BYTES] [csum on|off]", NULL },
	{ "del", src_del, "NAME", NULL },
	{ "set", src_set, "NAME [dev IFNAME] [pps N] [speed X] [limit BYTES] [csum on|off]", NULL },
	{ "start", src_start, "NAME [COUNT]", "COUNT frames, or until stop when none or 0" },
	{ "stop", src_stop, "NAME", NULL },
	{ "clrdata", src_clrdata, "NAME", "empty the queue" },
	{ "stats", src_stats, "NAME [clear|getclear]", NULL },
	{ "load", src_load, "NAME FILE [progress] [gaps]",
	  "queue every frame of a pcap or pcapng capture (FILE - : stdin); progress on\n"
	  "stderr if a terminal, or if asked for; gaps: each frame keeps the time since\n"
	  "the one before it, as captured" },
	{ "watch", src_watch, "NAME [interval SECS]",
	  "the rates of a run, a line every SECS (1), until it ends or ^C, then its average" },
	{ "timestamp", src_timestamp, "NAME [on|off] [offset N] [format timeval|ns]", NULL },
	{ "counter", src_counter,
	  "NAME INDEX [on|off] [offset N] [width 1|2|4] [next N] [min N] [max N] [inc N] [per-pass|per-frame]", NULL },
	{ NULL }
};

int cmd_source(int argc, char **argv)
{
	if (argc == 0)
		return src_show(0, NULL);
	return run_cmd(source_cmds, "source", argc, argv);
}
