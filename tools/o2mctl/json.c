// SPDX-License-Identifier: GPL-2.0
/* -j output: a facade over json-c that keeps the printers streaming. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "json.h"

#define MAX_DEPTH 16

/* The values open now; stack[0] is the top-level one. */
static struct json_object *stack[MAX_DEPTH];
static int depth;
/* The top-level value, until jw_done() prints it. */
static struct json_object *root;

/* Add V under KEY to the innermost open value, or make it the top. */
static void jw_add(const char *key, struct json_object *v)
{
	struct json_object *parent = depth ? stack[depth - 1] : NULL;

	if (!parent) {
		json_object_put(root);
		root = v;
	} else if (json_object_is_type(parent, json_type_array)) {
		json_object_array_add(parent, v);
	} else {
		json_object_object_add(parent, key ? key : "", v);
	}
}

static void jw_push(const char *key, struct json_object *v)
{
	jw_add(key, v);
	/* Deeper than o2mctl goes: the rest lands in the innermost that fits. */
	if (depth < MAX_DEPTH)
		stack[depth++] = v;
}

void jw_open_obj(const char *key)
{
	jw_push(key, json_object_new_object());
}

void jw_close_obj(void)
{
	if (depth)
		depth--;
}

void jw_open_arr(const char *key)
{
	jw_push(key, json_object_new_array());
}

void jw_close_arr(void)
{
	if (depth)
		depth--;
}

/* The length of the UTF-8 sequence at S, or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	c = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* No overlong forms, surrogates, or past U+10FFFF. */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

void jw_str(const char *key, const char *val)
{
	const unsigned char *s = (const unsigned char *)(val ? val : "");
	size_t len = strlen((const char *)s), i = 0, o = 0, n;
	char *clean = malloc(len * 3 + 1);

	if (!clean) {
		jw_add(key, json_object_new_string(""));
		return;
	}
	while (i < len) {
		n = utf8_len(s + i);
		if (n) {
			memcpy(clean + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(clean + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	clean[o] = 0;
	jw_add(key, json_object_new_string(clean));
	free(clean);
}

void jw_u64(const char *key, uint64_t val)
{
	jw_add(key, json_object_new_uint64(val));
}

void jw_s64(const char *key, int64_t val)
{
	jw_add(key, json_object_new_int64(val));
}

void jw_float(const char *key, double val)
{
	char buf[64];

	/* JSON has no NaN or infinity. */
	if (!isfinite(val)) {
		jw_add(key, NULL);
		return;
	}
	snprintf(buf, sizeof(buf), "%.3f", val);
	jw_add(key, json_object_new_double_s(val, buf));
}

void jw_bool(const char *key, bool val)
{
	jw_add(key, json_object_new_boolean(val));
}

void jw_null(const char *key)
{
	jw_add(key, NULL);
}

void jw_discard(void)
{
	json_object_put(root);
	root = NULL;
	depth = 0;
}

void jw_done(void)
{
	if (root)
		puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
						   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	root = NULL;
	depth = 0;
	fflush(stdout);
}
