/* SPDX-License-Identifier: GPL-2.0 */
#ifndef O2MCTL_H
#define O2MCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "o2m_names.h"

/* Exit status: 0 done, 1 refused or failed, 2 a usage error. */
#define EXIT_OK		0
#define EXIT_ERR	1
#define EXIT_USAGE	2

/*
 * One word of a command table. A leaf's fn parses the rest of the line
 * completely (a usage error returns EXIT_USAGE and has talked to no
 * kernel) and only then sends its requests; an object's fn is a table of
 * its own. usage is what follows the word; help, if any, one more line.
 */
struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *help;
};

extern bool json_output;
extern bool timestamp_output;	/* -t: monitor stamps each event */
extern const char *netns_name;	/* -n: the network namespace to work in */

/*
 * Run the command of CMDS that argv[0] names: the word itself, or a prefix
 * of exactly one. WHAT is the object ("source"; "" at the top) for
 * messages. "help" in place of a command lists them; "help" right after a
 * leaf command prints its usage. Both exit 0 and need no module.
 */
int run_cmd(const struct cmd *cmds, const char *what, int argc, char **argv);
int usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int usage_words(int argc, char **argv, int max, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Parsers of the command line's words, in parse.c. WHAT ("source add s")
 * and KEY ("pps") name the word in a usage error, which they print; they
 * return EXIT_OK or EXIT_USAGE.
 */
int parse_u64(const char *what, const char *key, const char *s, uint64_t max, uint64_t *v);
int parse_range(const char *what, const char *key, const char *s, uint64_t min, uint64_t max,
		uint64_t *v);
int parse_u32(const char *what, const char *key, const char *s, uint32_t *v);
int parse_s32(const char *what, const char *key, const char *s, int32_t *v);
int parse_link_id(const char *what, const char *s, bool allow_master, int *id);
int parse_link_list(const char *what, const char *s, uint64_t *mask);
/* T has room for O2M_PROBE_TARGETS_MAX. */
int parse_probe_targets(const char *what, const char *s, struct o2m_target *t, int *n);
int check_ifname(const char *what, const char *s);
int check_source_name(const char *what, const char *s);
/* A source's or a sink's (OBJ) name. */
int check_name(const char *what, const char *obj, const char *s);
/* OBJ (source, sink) VERB NAME, with nothing more, as request CMD. */
int name_only_cmd(const char *obj, const char *verb, int cmd, int argc, char **argv);
/* A usage error: WHAT's KEY given twice (iproute2's duparg()). */
int dup_err(const char *what, const char *key);
bool source_name_ok(const char *s);

int cmd_link(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_source(int argc, char **argv);
int cmd_sink(int argc, char **argv);

#endif
