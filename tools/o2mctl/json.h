/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -j output, on json-c: the printers open, fill and close objects and
 * arrays as they go; jw_done() prints the value built since the last
 * one, on a line of its own.
 */
#ifndef O2MCTL_JSON_H
#define O2MCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>

void jw_open_obj(const char *key);	/* key NULL inside arrays / at top */
void jw_close_obj(void);
void jw_open_arr(const char *key);
void jw_close_arr(void);
/* A string; bytes that are not UTF-8 become U+FFFD, so the output is JSON. */
void jw_str(const char *key, const char *val);
void jw_u64(const char *key, uint64_t val);
void jw_s64(const char *key, int64_t val);
void jw_float(const char *key, double val);	/* 3 decimals; null if not finite */
void jw_bool(const char *key, bool val);
void jw_null(const char *key);
/* Print the top-level value and free it: a newline, and a flush. */
void jw_done(void);
/* Drop what was built since the last jw_done(), unprinted (an error). */
void jw_discard(void);

#endif
