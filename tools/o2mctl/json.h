/* SPDX-License-Identifier: GPL-2.0 */
/* A small streaming JSON writer for -j output, iproute2 style. */
#ifndef O2MCTL_JSON_H
#define O2MCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>

void json_open_obj(const char *key);	/* key NULL inside arrays / at top */
void json_close_obj(void);
void json_open_arr(const char *key);
void json_close_arr(void);
void json_str(const char *key, const char *val);
void json_u64(const char *key, uint64_t val);
void json_s64(const char *key, int64_t val);
void json_float(const char *key, double val);	/* 3 decimals */
void json_bool(const char *key, bool val);
void json_null(const char *key);
void json_string_escaped(const char *s);
/* End of a top-level value: newline and flush. */
void json_done(void);

#endif
