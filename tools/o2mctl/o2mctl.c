// SPDX-License-Identifier: GPL-2.0
/*
 * o2mctl: configure one2many devices and o2m_source packet sources over
 * their generic netlink families.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "o2mctl.h"

#define O2MCTL_VERSION "0.1"

bool json_output;
bool timestamp_output;
const char *netns_name;

static void vsay(const char *fmt, va_list ap)
{
	fputs("o2mctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

/*
 * A command line with a word too many or one missing: names the first word
 * too many (argv[max], when argc > max), then gives the usage, FMT being
 * the command's own.
 */
int usage_words(int argc, char **argv, int max, const char *fmt, ...)
{
	char usage[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(usage, sizeof(usage), fmt, ap);
	va_end(ap);
	if (argc > max)
		return usage_err("unexpected \"%s\"; usage: o2mctl %s", argv[max], usage);
	return usage_err("usage: o2mctl %s", usage);
}

int err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	return EXIT_ERR;
}

/* A command's help, each of its lines after INDENT. */
static void print_help(const char *help, const char *indent)
{
	size_t n;

	for (; help && *help; help += n + !!help[n]) {
		n = strcspn(help, "\n");
		printf("%s%.*s\n", indent, (int)n, help);
	}
}

static void print_cmds(const struct cmd *cmds, const char *what)
{
	printf("Usage: o2mctl [-j] %s%sCOMMAND ...\n\nCommands:\n", what, *what ? " " : "");
	for (; cmds->name; cmds++) {
		printf("  %s%s%s\n", cmds->name, *cmds->usage ? " " : "", cmds->usage);
		print_help(cmds->help, "      ");
	}
}

static void print_usage(const struct cmd *c, const char *what)
{
	printf("Usage: o2mctl [-j] %s%s%s%s%s\n", what, *what ? " " : "", c->name,
	       *c->usage ? " " : "", c->usage);
	print_help(c->help, "  ");
}

/* Objects have tables of their own: they take "help" themselves. */
static bool is_object(const struct cmd *c)
{
	return c->fn == cmd_link || c->fn == cmd_source || c->fn == cmd_sink;
}

int run_cmd(const struct cmd *cmds, const char *what, int argc, char **argv)
{
	const struct cmd *c, *found = NULL;
	char candidates[256] = "";
	size_t n;
	int hits = 0;

	if (argc < 1 || !strcmp(argv[0], "help")) {
		print_cmds(cmds, what);
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	n = strlen(argv[0]);
	for (c = cmds; c->name && n; c++) {
		if (!strcmp(argv[0], c->name)) {
			found = c;
			hits = 1;
			break;
		}
		if (!strncmp(argv[0], c->name, n)) {
			found = c;
			hits++;
			snprintf(candidates + strlen(candidates), sizeof(candidates) - strlen(candidates),
				 "%s%s", hits > 1 ? ", " : "", c->name);
		}
	}
	if (!hits)
		return usage_err("unknown command \"%s\"%s%s; try \"o2mctl %s%shelp\"", argv[0],
				 *what ? " for " : "", what, what, *what ? " " : "");
	if (hits > 1)
		return usage_err("\"%s\" is ambiguous%s%s: %s", argv[0], *what ? " for " : "", what,
				 candidates);
	if (argc > 1 && !strcmp(argv[1], "help") && !is_object(found)) {
		print_usage(found, what);
		return EXIT_OK;
	}
	return found->fn(argc - 1, argv + 1);
}

static int cmd_version(int argc, char **argv)
{
	if (argc)
		return usage_words(argc, argv, 0, "version");
	if (json_output) {
		jw_open_obj(NULL);
		jw_str("version", O2MCTL_VERSION);
		jw_close_obj();
		jw_done();
	} else {
		printf("o2mctl %s\n", O2MCTL_VERSION);
	}
	return EXIT_OK;
}

static const struct cmd top_cmds[] = {
	{ "link", cmd_link, "show|set|add|del|enable|disable ...",
	  "one2many devices and their links" },
	{ "source", cmd_source, "show|add|del|set|start|stop|clrdata|stats|load|watch|timestamp|counter ...",
	  "packet sources" },
	{ "sink", cmd_sink, "show|add|del|stats|clear ...",
	  "what a source's frames were like where they arrived" },
	{ "stats", cmd_stats, "DEV [ID|master|all] [clear|getclear]",
	  "a one2many device's counters: of link ID (0..63), of the master side (or -1),\n"
	  "or of all; getclear prints and clears them in one step" },
	{ "monitor", cmd_monitor, "[count N]",
	  "print events as they happen (o2mctl -t monitor: with the time of each)" },
	{ "version", cmd_version, "", NULL },
	{ NULL }
};

int main(int argc, char **argv)
{
	bool version = false;

	argc--, argv++;
	while (argc > 0 && argv[0][0] == '-' && argv[0][1]) {
		if (!strcmp(argv[0], "-j") || !strcmp(argv[0], "-json") ||
		    !strcmp(argv[0], "--json")) {
			json_output = true;
		} else if (!strcmp(argv[0], "-t") || !strcmp(argv[0], "-timestamp") ||
			   !strcmp(argv[0], "--timestamp")) {
			timestamp_output = true;
		} else if (!strcmp(argv[0], "-n") || !strcmp(argv[0], "-netns") ||
			   !strcmp(argv[0], "--netns")) {
			if (argc < 2)
				return usage_err("%s: which network namespace?", argv[0]);
			if (!*argv[1] || strchr(argv[1], '/') || !strcmp(argv[1], ".") ||
			    !strcmp(argv[1], ".."))
				return usage_err("\"%s\" is not a network namespace name", argv[1]);
			netns_name = argv[1];
			argc--, argv++;
		} else if (!strcmp(argv[0], "-V") || !strcmp(argv[0], "--version")) {
			version = true;
		} else if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) {
			print_cmds(top_cmds, "");
			return EXIT_OK;
		} else {
			return usage_err("unknown option \"%s\"", argv[0]);
		}
		argc--, argv++;
	}
	/* After every option: -V -j is JSON, as -j -V is. */
	if (version)
		return cmd_version(argc, argv);
	return run_cmd(top_cmds, "", argc, argv);
}
