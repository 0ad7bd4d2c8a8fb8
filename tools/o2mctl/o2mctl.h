/* SPDX-License-Identifier: GPL-2.0 */
#ifndef O2MCTL_H
#define O2MCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "o2m_names.h"

/* Exit status as iproute2 uses it. */
#define EXIT_OK		0
#define EXIT_ERR	1
#define EXIT_USAGE	2

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

extern bool json_output;

int run_cmd(const struct cmd *cmds, const char *what, int argc, char **argv);
void print_cmds(const struct cmd *cmds, const char *what);
bool matches(const char *arg, const char *word);
int usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_link(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_source(int argc, char **argv);

#endif
