/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The words the tools use for one2many's modes, detection methods and
 * pending changes, in
 * one place for o2mctl and the iproute2 plugin, so that what one prints the
 * other accepts.
 */
#ifndef O2M_NAMES_H
#define O2M_NAMES_H

#include <stdint.h>
#include <string.h>
#include <linux/one2many.h>

static const char *const o2m_mode_names[] = {
	[O2M_MODE_ROUNDROBIN]	= "rr",
	[O2M_MODE_ALL]		= "all",
	[O2M_MODE_FAILOVER]	= "failover",
};

static const char *const o2m_detect_names[] = {
	[O2M_DETECT_MANUAL]	= "manual",
	[O2M_DETECT_CARRIER]	= "carrier",
};

static const char *const o2m_pending_names[] = {
	[O2M_PENDING_NONE]	= "none",
	[O2M_PENDING_UP]	= "up",
	[O2M_PENDING_DOWN]	= "down",
};

static inline const char *o2m_pending_name(uint32_t pending)
{
	return pending <= O2M_PENDING_MAX ? o2m_pending_names[pending] : "unknown";
}

static inline const char *o2m_mode_name(uint32_t mode)
{
	return mode <= O2M_MODE_MAX && o2m_mode_names[mode] ? o2m_mode_names[mode] : "unknown";
}

static inline const char *o2m_detect_name(uint32_t detect)
{
	return detect <= O2M_DETECT_MAX && o2m_detect_names[detect] ?
	       o2m_detect_names[detect] : "unknown";
}

/* The mode a word names ("roundrobin" and "round-robin" too), or -1. */
static inline int o2m_parse_mode(const char *s)
{
	uint32_t i;

	if (!strcmp(s, "roundrobin") || !strcmp(s, "round-robin"))
		return O2M_MODE_ROUNDROBIN;
	for (i = 0; i <= O2M_MODE_MAX; i++)
		if (o2m_mode_names[i] && !strcmp(s, o2m_mode_names[i]))
			return i;
	return -1;
}

static inline int o2m_parse_detect(const char *s)
{
	uint32_t i;

	for (i = 0; i <= O2M_DETECT_MAX; i++)
		if (o2m_detect_names[i] && !strcmp(s, o2m_detect_names[i]))
			return i;
	return -1;
}

#endif /* O2M_NAMES_H */
