// SPDX-License-Identifier: GPL-2.0
/*
 * The words of o2mctl's command line: numbers, link numbers and lists,
 * probe targets, interface and source names. Strict, so that a typo is a
 * usage error and not a different setting: numbers are decimal, or
 * hexadecimal after 0x, with no sign, blank or leading zero (is 010 ten or
 * eight?); nothing is empty.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/one2many.h>
#include <linux/o2m_source.h>

#include "o2mctl.h"

#ifndef IFNAMSIZ
#define IFNAMSIZ 16
#endif

/* S as a number (0), not one (-EINVAL) or one past 64 bits (-ERANGE). */
static int read_number(const char *s, uint64_t *v)
{
	const char *p = s;
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		p = s + 2;
		if (!isxdigit((unsigned char)*p))
			return -EINVAL;
	} else if (!isdigit((unsigned char)*p) || (p[0] == '0' && p[1])) {
		return -EINVAL;
	}
	/* strtoull() would take blanks, a sign, and a second 0x. */
	if (strspn(p, base == 16 ? "0123456789abcdefABCDEF" : "0123456789") != strlen(p))
		return -EINVAL;
	errno = 0;
	*v = strtoull(p, &end, base);
	if (*end)
		return -EINVAL;
	return errno ? -ERANGE : 0;
}

int parse_u64(const char *what, const char *key, const char *s, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	int r = read_number(s, &x);

	if (r == -EINVAL)
		return usage_err("%s: %s \"%s\" is not a number (decimal with no leading 0, or hexadecimal after 0x)",
				 what, key, s);
	if (r || x > max)
		return usage_err("%s: %s %s is too large (at most %" PRIu64 ")", what, key, s, max);
	*v = x;
	return EXIT_OK;
}

/* As parse_u64(), for a setting that also has a lower bound. */
int parse_range(const char *what, const char *key, const char *s, uint64_t min, uint64_t max,
		uint64_t *v)
{
	uint64_t x = 0;

	if (parse_u64(what, key, s, max, &x))
		return EXIT_USAGE;
	if (x < min)
		return usage_err("%s: %s %s is too small (at least %" PRIu64 ")", what, key, s, min);
	*v = x;
	return EXIT_OK;
}

int parse_u32(const char *what, const char *key, const char *s, uint32_t *v)
{
	uint64_t x = 0;

	if (parse_u64(what, key, s, UINT32_MAX, &x))
		return EXIT_USAGE;
	*v = (uint32_t)x;
	return EXIT_OK;
}

int parse_s32(const char *what, const char *key, const char *s, int32_t *v)
{
	bool neg = s[0] == '-';
	uint64_t x = 0;

	if (read_number(s + neg, &x) || x > (uint64_t)INT32_MAX + neg)
		return usage_err("%s: %s \"%s\" is not a signed 32-bit number (%d to %d)", what, key,
				 s, INT32_MIN, INT32_MAX);
	*v = neg ? (int32_t)(-(int64_t)x) : (int32_t)x;
	return EXIT_OK;
}

/* A link number 0..63, or the master (-1) when allow_master. */
int parse_link_id(const char *what, const char *s, bool allow_master, int *id)
{
	uint64_t v;

	if (allow_master && (!strcmp(s, "master") || !strcmp(s, "-1"))) {
		*id = O2M_LINK_MASTER;
		return EXIT_OK;
	}
	if (read_number(s, &v) || v >= O2M_MAX_LINKS)
		return usage_err("%s: \"%s\" is not a link number (0..63%s)", what, s,
				 allow_master ? ", or master" : "");
	*id = (int)v;
	return EXIT_OK;
}

/* "0,1,5", or "none": a set of link numbers. */
int parse_link_list(const char *what, const char *s, uint64_t *mask)
{
	char word[16];
	const char *p;
	size_t n;
	int id;

	*mask = 0;
	if (!strcmp(s, "none"))
		return EXIT_OK;
	if (!*s)
		return usage_err("%s: enabled needs link numbers (0,1,..) or none, not \"\"", what);
	for (p = s;; p += n + 1) {
		n = strcspn(p, ",");
		if (!n || n >= sizeof(word))
			return usage_err("%s: \"%s\" is not a list of link numbers (0,1,.. or none)",
					 what, s);
		memcpy(word, p, n);
		word[n] = 0;
		if (parse_link_id(what, word, false, &id))
			return EXIT_USAGE;
		if (*mask & 1ULL << id)
			return usage_err("%s: link %d is listed twice in \"%s\"", what, id, s);
		*mask |= 1ULL << id;
		if (!p[n])
			return EXIT_OK;
	}
}

/*
 * "192.0.2.1,2001:db8::1", or "none": the probe targets, IPv4 and IPv6
 * mixed, at most O2M_PROBE_TARGETS_MAX, none twice, each unicast. *N is
 * how many (0 for none).
 */
int parse_probe_targets(const char *what, const char *s, struct o2m_target *t, int *n)
{
	struct o2m_target one;
	const char *p, *why;
	char word[INET6_ADDRSTRLEN + 1];
	size_t len;
	int i, count = 1;

	*n = 0;
	if (!strcmp(s, "none"))
		return EXIT_OK;
	if (!*s)
		return usage_err("%s: probe_targets needs addresses (A,B,..) or none, not \"\"", what);
	for (p = s; (p = strchr(p, ',')); p++)
		count++;
	if (count > O2M_PROBE_TARGETS_MAX)
		return usage_err("%s: probe_targets lists %d addresses, at most %d", what, count,
				 O2M_PROBE_TARGETS_MAX);
	for (p = s;; p += len + 1) {
		len = strcspn(p, ",");
		if (!len)
			return usage_err("%s: \"%s\" is not a list of addresses (A,B,.. or none)",
					 what, s);
		if (len >= sizeof(word))
			return usage_err("%s: probe target \"%.*s\" is not an IPv4 or IPv6 address",
					 what, (int)len, p);
		memcpy(word, p, len);
		word[len] = 0;
		why = o2m_parse_target(word, &one);
		if (why)
			return usage_err("%s: probe target \"%s\" is %s%s", what, word, why,
					 one.family ? " (targets are unicast, not loopback)" : "");
		for (i = 0; i < *n; i++)
			if (t[i].family == one.family &&
			    !memcmp(t[i].addr, one.addr, o2m_target_len(&one)))
				return usage_err("%s: probe target \"%s\" is listed twice in \"%s\"",
						 what, word, s);
		t[(*n)++] = one;
		if (!p[len])
			return EXIT_OK;
	}
}

/* What the kernel takes as a device name (dev_valid_name()). */
int check_ifname(const char *what, const char *s)
{
	size_t n = strlen(s);
	const char *p;

	if (!n || n >= IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		goto bad;
	for (p = s; *p; p++)
		if (*p == '/' || *p == ':' || isspace((unsigned char)*p))
			goto bad;
	return EXIT_OK;
bad:
	return usage_err("%s: \"%s\" is not a device name (1 to %d characters, no '/', ':' or blank)",
			 what, s, IFNAMSIZ - 1);
}

/* What the module takes as a source name; it also names a file in /dev. */
bool source_name_ok(const char *s)
{
	size_t n = strlen(s);
	const char *p;

	if (!n || n >= O2MS_NAME_MAX || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (p = s; *p; p++)
		if (!isascii((unsigned char)*p) ||
		    (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.'))
			return false;
	return true;
}

int check_name(const char *what, const char *obj, const char *s)
{
	if (source_name_ok(s))
		return EXIT_OK;
	return usage_err("%s: \"%s\" is not a %s name: a %s name is 1 to %d ASCII letters, digits, '-', '_' and '.', not . or ..",
			 what, s, obj, obj, O2MS_NAME_MAX - 1);
}

int check_source_name(const char *what, const char *s)
{
	return check_name(what, "source", s);
}

int dup_err(const char *what, const char *key)
{
	return usage_err("%s: \"%s\" is given twice", what, key);
}
