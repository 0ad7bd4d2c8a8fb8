/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The words the tools use for one2many's modes, detection methods and
 * pending changes, and what they take as a probe target, in one place for
 * o2mctl and the iproute2 plugin, so that what one prints the other accepts.
 */
#ifndef O2M_NAMES_H
#define O2M_NAMES_H

#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/one2many.h>

static const char *const o2m_mode_names[] = {
	[O2M_MODE_ROUNDROBIN]	= "rr",
	[O2M_MODE_ALL]		= "all",
	[O2M_MODE_FAILOVER]	= "failover",
};

static const char *const o2m_detect_names[] = {
	[O2M_DETECT_MANUAL]	= "manual",
	[O2M_DETECT_CARRIER]	= "carrier",
	[O2M_DETECT_PROBE]	= "probe",
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

/* A probe target: AF_INET or AF_INET6, and the address in network order. */
struct o2m_target {
	int family;
	unsigned char addr[16];
};

/*
 * WORD as a probe target: NULL, or why it is not one. The kernel refuses
 * the same (see enum o2m_probe_attr; its ipv4_is_zeronet(), ipv6_addr_type()
 * and the like); saying so here names the word.
 */
static inline const char *o2m_parse_target(const char *word, struct o2m_target *t)
{
	static const unsigned char v6_loopback[16] = { [15] = 1 };
	static const unsigned char v6_mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const unsigned char v6_any[16];
	const unsigned char *a = t->addr;

	memset(t, 0, sizeof(*t));
	if (inet_pton(AF_INET, word, t->addr) == 1) {
		t->family = AF_INET;
		if (!a[0] && !a[1] && !a[2] && !a[3])
			return "the unspecified address";
		if (!a[0])
			return "an address of 0.0.0.0/8";
		if (a[0] == 127)
			return "a loopback address";
		if ((a[0] & 0xf0) == 0xe0)
			return "a multicast address";
		if (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255)
			return "the broadcast address";
		return NULL;
	}
	if (inet_pton(AF_INET6, word, t->addr) == 1) {
		t->family = AF_INET6;
		if (!memcmp(a, v6_any, 16))
			return "the unspecified address";
		if (!memcmp(a, v6_loopback, 16))
			return "the loopback address";
		if (a[0] == 0xff)
			return "a multicast address";
		if (!memcmp(a, v6_mapped, sizeof(v6_mapped)))
			return "an IPv4-mapped address";
		return NULL;
	}
	return "not an IPv4 or IPv6 address";
}

static inline int o2m_target_len(const struct o2m_target *t)
{
	return t->family == AF_INET ? 4 : 16;
}

static inline int o2m_target_attr(const struct o2m_target *t)
{
	return t->family == AF_INET ? O2M_PROBE_A_IPV4 : O2M_PROBE_A_IPV6;
}

#endif /* O2M_NAMES_H */
