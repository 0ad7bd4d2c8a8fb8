// SPDX-License-Identifier: GPL-2.0
/*
 * o2mctl: configure one2many devices and o2m_source packet sources over
 * their generic netlink families.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "o2mctl.h"

#define O2MCTL_VERSION "0.1"

bool json_output;

bool matches(const char *arg, const char *word)
{
	size_t n = strlen(arg);

	return n && n <= strlen(word) && !strncmp(arg, word, n);
}

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

int err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	return EXIT_ERR;
}

void print_cmds(const struct cmd *cmds, const char *what)
{
	printf("Usage: o2mctl [-j] %s%sCOMMAND ...\n\nCommands:\n", what, *what ? " " : "");
	for (; cmds->name; cmds++)
		printf("  %s\n", cmds->help);
}

int run_cmd(const struct cmd *cmds, const char *what, int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 1 || matches(argv[0], "help")) {
		print_cmds(cmds, what);
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	for (c = cmds; c->name; c++)
		if (matches(argv[0], c->name))
			return c->fn(argc - 1, argv + 1);
	return usage_err("unknown command \"%s\" for \"%s\"; try \"o2mctl %s help\"",
			 argv[0], what, what);
}

static int cmd_version(int argc, char **argv)
{
	printf("o2mctl %s\n", O2MCTL_VERSION);
	return EXIT_OK;
}

static const struct cmd top_cmds[] = {
	{ "link", cmd_link, "link show|set|add|del|enable|disable ...   one2many devices and their links" },
	{ "source", cmd_source, "source show|add|del|set|start|stop|clrdata|stats|load|watch ...   packet sources" },
	{ "stats", cmd_stats, "stats DEV [ID|master|all] [clear|getclear]" },
	{ "monitor", cmd_monitor, "monitor [count N]                        print events as they happen" },
	{ "version", cmd_version, "version" },
	{ NULL }
};

int main(int argc, char **argv)
{
	argc--, argv++;
	while (argc > 0 && argv[0][0] == '-' && argv[0][1]) {
		if (!strcmp(argv[0], "-j") || !strcmp(argv[0], "-json") ||
		    !strcmp(argv[0], "--json")) {
			json_output = true;
		} else if (!strcmp(argv[0], "-V") || !strcmp(argv[0], "--version")) {
			return cmd_version(0, NULL);
		} else if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) {
			print_cmds(top_cmds, "");
			return EXIT_OK;
		} else {
			return usage_err("unknown option \"%s\"", argv[0]);
		}
		argc--, argv++;
	}
	return run_cmd(top_cmds, "", argc, argv);
}
