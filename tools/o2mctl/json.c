// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "json.h"

#define MAX_DEPTH 16

static int depth;
static bool need_comma[MAX_DEPTH];

static void json_begin(const char *key)
{
	if (depth > 0 && need_comma[depth - 1])
		putchar(',');
	if (depth > 0)
		need_comma[depth - 1] = true;
	if (key) {
		json_string_escaped(key);
		putchar(':');
	}
}

void json_string_escaped(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_push(char open)
{
	putchar(open);
	if (depth < MAX_DEPTH)
		need_comma[depth] = false;
	depth++;
}

void json_open_obj(const char *key)
{
	json_begin(key);
	json_push('{');
}

void json_close_obj(void)
{
	depth--;
	putchar('}');
}

void json_open_arr(const char *key)
{
	json_begin(key);
	json_push('[');
}

void json_close_arr(void)
{
	depth--;
	putchar(']');
}

void json_str(const char *key, const char *val)
{
	json_begin(key);
	json_string_escaped(val);
}

void json_u64(const char *key, uint64_t val)
{
	json_begin(key);
	printf("%" PRIu64, val);
}

void json_s64(const char *key, int64_t val)
{
	json_begin(key);
	printf("%" PRId64, val);
}

void json_float(const char *key, double val)
{
	json_begin(key);
	/* JSON has no NaN or infinity. */
	if (isfinite(val))
		printf("%.3f", val);
	else
		fputs("null", stdout);
}

void json_bool(const char *key, bool val)
{
	json_begin(key);
	fputs(val ? "true" : "false", stdout);
}

void json_null(const char *key)
{
	json_begin(key);
	fputs("null", stdout);
}

void json_done(void)
{
	putchar('\n');
	fflush(stdout);
}
