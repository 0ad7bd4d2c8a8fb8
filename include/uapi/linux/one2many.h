/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * one2many: one network device spread over up to 64 links, after FreeBSD's
 * ng_one2many(4).
 *
 * Devices are created and deleted with rtnetlink, as any virtual device:
 *
 *	ip link add o2m0 type one2many [mode rr|all|failover] [detect manual|carrier]
 *	ip link set o2m0 type one2many mode all
 *	ip link set eth0 master o2m0	(takes the lowest free link number)
 *	ip link set eth0 nomaster
 *
 * IFLA_INFO_DATA carries IFLA_O2M_MODE, IFLA_O2M_DETECT, IFLA_O2M_NOTIFY_COUNT,
 * IFLA_O2M_NOTIFY_INTERVAL, IFLA_O2M_UPDELAY, IFLA_O2M_DOWNDELAY,
 * IFLA_O2M_PROBE_INTERVAL, IFLA_O2M_PROBE_MISSES and IFLA_O2M_PROBE_TARGETS
 * (as O2M_A_PROBE_*) at creation and change, and reports
 * IFLA_O2M_ACTIVE_LINKS and IFLA_O2M_FAILOVER_LINK too;
 * IFLA_INFO_SLAVE_DATA of a link reports its IFLA_O2M_LINK_* attributes and
 * takes IFLA_O2M_LINK_ENABLED ("ip link set eth0 type one2many_slave enabled
 * off"; the others are read only). The iproute2 plugin link_one2many.so
 * (tools/iproute2) speaks both.
 *
 * Everything else goes through the generic netlink family "one2many"
 * (ONE2MANY_GENL_NAME), version ONE2MANY_GENL_VERSION. Policies are strict:
 * an unknown attribute, or one of the wrong type or out of range, rejects the
 * whole request with an extack message, and nothing is changed. Commands
 * that change state need CAP_NET_ADMIN in the user namespace that owns the
 * device's network namespace; the GET commands work unprivileged. The GETs
 * are answered without RTNL, and the family is parallel (no genl_mutex), so
 * they neither wait for a change of ours in progress nor hold one up. (A
 * family that is not parallel, the core's family lookup among them, still
 * shares genl_mutex with every other such family.) Each value in a reply is
 * one the device had, though a change made meanwhile may show in some
 * values and not yet in others; a name read during a rename may be neither
 * name, the ifindex is always right. Changes are serialized.
 *
 * Every request names the one2many device ("the master") by
 * O2M_A_IFINDEX (u32) or O2M_A_IFNAME (string), in the requesting socket's
 * network namespace, except the dump of O2M_CMD_GET_CONFIG, which lists every
 * one2many device of the namespace.
 *
 * A link is named inside an O2M_A_LINK nest by O2M_LINK_A_ID (its number,
 * 0..63), or by the enslaved device's O2M_LINK_A_IFINDEX or
 * O2M_LINK_A_IFNAME.
 *
 * O2M_CMD_GET_CONFIG
 *	Reply (one message; a dump gives one per device):
 *	    O2M_A_IFINDEX, O2M_A_IFNAME
 *	    O2M_A_MODE: u32, enum o2m_mode
 *	    O2M_A_DETECT: u32, enum o2m_detect
 *	    O2M_A_ENABLED_LINKS: u64, bit N set when link N exists and is enabled
 *	    O2M_A_LINK_COUNT: u32, links attached
 *	    O2M_A_ACTIVE_COUNT: u32, links active (see below)
 *	    O2M_A_FAILOVER_LINK: s32, the link failover mode sends on now
 *	        (the lowest-numbered active link), or -1 when none is active.
 *	        Reported in every mode.
 *	    O2M_A_CARRIER: u8, the master's carrier (1 while a link is active)
 *	    O2M_A_NOTIFY_COUNT, O2M_A_NOTIFY_INTERVAL: u32, see "Announcements"
 *	    O2M_A_UPDELAY, O2M_A_DOWNDELAY: u32, see "Hold-down"
 *	    O2M_A_PROBE_INTERVAL, O2M_A_PROBE_MISSES: u32, see "Path probing"
 *	    O2M_A_PROBE_TARGETS: nest, the targets (none: an empty nest)
 *
 * O2M_CMD_SET_CONFIG (admin)
 *	Any of O2M_A_MODE, O2M_A_DETECT, O2M_A_ENABLED_LINKS,
 *	O2M_A_NOTIFY_COUNT, O2M_A_NOTIFY_INTERVAL, O2M_A_UPDELAY,
 *	O2M_A_DOWNDELAY, O2M_A_PROBE_INTERVAL, O2M_A_PROBE_MISSES,
 *	O2M_A_PROBE_TARGETS (which replaces the list). Works while links
 *	are attached and traffic flows. All or nothing: a set bit in
 *	O2M_A_ENABLED_LINKS for a link that does not exist rejects the request.
 *	A clear bit disables that link.
 *
 * O2M_CMD_ADD_LINK (admin)
 *	O2M_A_LINK { O2M_LINK_A_IFINDEX or O2M_LINK_A_IFNAME: the device to
 *	enslave; optional O2M_LINK_A_ID: the link number, else the lowest free
 *	one }. The same as "ip link set DEV master o2m0", with a chosen number.
 *	Reply: the new link, as O2M_CMD_GET_LINK gives it.
 *
 * O2M_CMD_DEL_LINK (admin)
 *	O2M_A_LINK { the link, by number or device }. Releases it.
 *
 * O2M_CMD_SET_LINK (admin)
 *	O2M_A_LINK { the link; O2M_LINK_A_ENABLED: u8 0 or 1 }.
 *
 * O2M_CMD_GET_LINK
 *	With O2M_A_LINK: that link. As a dump: every link of the master, in
 *	order of number. Each reply has O2M_A_IFINDEX, O2M_A_IFNAME and
 *	O2M_A_LINK {
 *	    O2M_LINK_A_ID: s32
 *	    O2M_LINK_A_IFINDEX: u32, O2M_LINK_A_IFNAME: string
 *	    O2M_LINK_A_ENABLED, O2M_LINK_A_CARRIER, O2M_LINK_A_ACTIVE: u8
 *	    O2M_LINK_A_PENDING: u8, enum o2m_pending (see "Hold-down")
 *	    O2M_LINK_A_PATH: u8, 1 while probe answers come in on the link
 *	        (see "Path probing"; 0 in the other detection modes)
 *	    O2M_LINK_A_PROBE_ADDR: 6 bytes, the MAC address its probes use
 *	    O2M_LINK_A_PROBE_AGE: u32, milliseconds since the last answer
 *	        came in on it; absent if none has (probe mode only)
 *	    O2M_LINK_A_PROBES_SENT, O2M_LINK_A_PROBE_ANSWERS: u64, the probes
 *	        it sent and the answers it heard, since it was enslaved
 *	    O2M_LINK_A_STATS: nest, as below
 *	}
 *
 * O2M_CMD_GET_STATS
 * O2M_CMD_CLEAR_STATS (admin)
 * O2M_CMD_GETCLR_STATS (admin)
 *	With O2M_A_LINK { O2M_LINK_A_ID: -1..63 }: that link; -1 is the master
 *	side ("one" in ng_one2many). Without: every link and the master, in one
 *	reply. GETCLR reads and clears in one step. The reply (none for CLEAR)
 *	has O2M_A_IFINDEX, O2M_A_IFNAME, and one O2M_A_LINK nest per link with
 *	O2M_LINK_A_ID and O2M_LINK_A_STATS {
 *	    O2M_STATS_A_RECV_OCTETS, O2M_STATS_A_RECV_PACKETS: u64, what came in
 *	        from that side: from the wire for a link; from the stack, to
 *	        be sent, for the master (-1)
 *	    O2M_STATS_A_XMIT_OCTETS, O2M_STATS_A_XMIT_PACKETS: u64, what went
 *	        out on that side: onto the link; up to the stack for the master
 *	    O2M_STATS_A_MEMORY_FAILURES: u64, copies that could not be made
 *	        (mode all's clones and probes, for a link; shared frames on
 *	        receive that
 *	        could not be unshared, for the master)
 *	    O2M_STATS_A_DROPS: u64, frames the link's transmit refused; for the
 *	        master, frames no active link took
 *	}
 *	Octets count whole Ethernet frames, header included.
 *
 * Active links
 *	In O2M_DETECT_MANUAL, a link is active when it is enabled. In
 *	O2M_DETECT_CARRIER (the default), when it is enabled, up, and has
 *	carrier, as the hold-down timers see it; without a downdelay the
 *	transmit path checks carrier too, so traffic leaves a link the moment
 *	its carrier drops. In O2M_DETECT_PROBE, when it is enabled, up, has
 *	carrier, and its path answers (below); the transmit path checks
 *	carrier too. A new link is enabled. Frames received on any link,
 *	active or not, go up through the master.
 *
 * Hold-down (O2M_DETECT_CARRIER only)
 *	updelay: a link whose carrier comes back is active only once it has
 *	held its carrier for that many milliseconds. downdelay: a link that
 *	loses carrier stays active (and is sent to: what it is given is lost)
 *	for that many milliseconds; the transmit path then leaves the decision
 *	to the active set. A wait counts from the kernel's notification of the
 *	change (linkwatch: up to a second late for a physical NIC). A carrier
 *	that changes back meanwhile ends the wait with nothing changed, and
 *	one that changed and back, even faster than the notifications show,
 *	starts it anew; such a folded loss and return on a link in use is a
 *	loss without a downdelay, and nothing with one. While no link is
 *	active, a link whose carrier comes back is used at once. Meanwhile the
 *	link's O2M_LINK_A_PENDING says O2M_PENDING_UP or O2M_PENDING_DOWN, and
 *	O2M_EVENT_LINK_PENDING reports each change of it. Default 0 (none)
 *	both; 0..60000 ms, changed at any time (a wait under way then ends at
 *	its start plus the new delay). A link that is brought down, or
 *	enslaved, takes its state at once; so does every link when detection
 *	becomes carrier.
 *
 * Path probing (O2M_DETECT_PROBE)
 *	For "link up, path dead": every O2M_A_PROBE_INTERVAL ms (10..60000,
 *	default 1000) each link that is enabled, up and has carrier sends,
 *	out of itself, an ARP probe (RFC 5227: sender address 0.0.0.0) for
 *	each IPv4 target and a neighbour solicitation for each IPv6 target;
 *	up to O2M_PROBE_TARGETS_MAX targets in all. The probes of a link
 *	come from a MAC address of its own (O2M_LINK_A_PROBE_ADDR, random,
 *	locally administered, received by the link while probing), the
 *	solicitations from the link-local address made of it (modified
 *	EUI-64), so that switches send the answers back over the link that
 *	asked, and no probe changes what a neighbour table says of the
 *	master. An answer is an ARP reply from a target, or a neighbour
 *	advertisement for a target, sent to the link's probe address and
 *	heard on the link. A link's
 *	path is up (O2M_LINK_A_PATH) while its last answer is less than
 *	O2M_A_PROBE_INTERVAL x O2M_A_PROBE_MISSES (2..255, default 3) old: so
 *	a link whose path dies is out at most that long after it died, and a
 *	link whose path comes back is in as soon as an answer is heard. A
 *	link enslaved in probe mode is out until its first answer; the links
 *	that are active when detection becomes probe stay so for that long.
 *	Probe mode needs at least one target, and the list cannot be emptied
 *	while it is on. The hold-down timers are carrier detection's only.
 *	Answers go up through the master as any frame.
 *
 * Events: the multicast group "events" (ONE2MANY_GENL_MCGRP_EVENTS)
 *	O2M_CMD_EVENT with O2M_A_EVENT (enum o2m_event), O2M_A_IFINDEX,
 *	O2M_A_IFNAME, and where it concerns a link, O2M_A_LINK { O2M_LINK_A_ID,
 *	O2M_LINK_A_IFINDEX, O2M_LINK_A_IFNAME, O2M_LINK_A_PENDING,
 *	O2M_LINK_A_PATH }; every
 *	event has O2M_A_FAILOVER_LINK (-1: none).
 */
#ifndef _UAPI_LINUX_ONE2MANY_H
#define _UAPI_LINUX_ONE2MANY_H

#define ONE2MANY_GENL_NAME		"one2many"
#define ONE2MANY_GENL_VERSION		1
#define ONE2MANY_GENL_MCGRP_EVENTS	"events"

#define O2M_MAX_LINKS			64
#define O2M_LINK_MASTER			(-1)

/* The values of ng_one2many's xmitAlg and failAlg. */
enum o2m_mode {
	O2M_MODE_ROUNDROBIN = 1,
	O2M_MODE_ALL = 2,
	O2M_MODE_FAILOVER = 3,
	__O2M_MODE_MAX
};
#define O2M_MODE_MAX (__O2M_MODE_MAX - 1)

enum o2m_detect {
	O2M_DETECT_MANUAL = 1,
	O2M_DETECT_CARRIER = 2,
	O2M_DETECT_PROBE = 3,
	__O2M_DETECT_MAX
};
#define O2M_DETECT_MAX (__O2M_DETECT_MAX - 1)

enum o2m_cmd {
	O2M_CMD_UNSPEC,
	O2M_CMD_GET_CONFIG,
	O2M_CMD_SET_CONFIG,
	O2M_CMD_ADD_LINK,
	O2M_CMD_DEL_LINK,
	O2M_CMD_SET_LINK,
	O2M_CMD_GET_LINK,
	O2M_CMD_GET_STATS,
	O2M_CMD_CLEAR_STATS,
	O2M_CMD_GETCLR_STATS,
	O2M_CMD_EVENT,
	__O2M_CMD_MAX
};
#define O2M_CMD_MAX (__O2M_CMD_MAX - 1)

enum o2m_attr {
	O2M_A_UNSPEC,
	O2M_A_IFINDEX,		/* u32 */
	O2M_A_IFNAME,		/* string */
	O2M_A_MODE,		/* u32, enum o2m_mode */
	O2M_A_DETECT,		/* u32, enum o2m_detect */
	O2M_A_ENABLED_LINKS,	/* u64 bitmap */
	O2M_A_LINK_COUNT,	/* u32 */
	O2M_A_ACTIVE_COUNT,	/* u32 */
	O2M_A_FAILOVER_LINK,	/* s32 */
	O2M_A_CARRIER,		/* u8 */
	O2M_A_LINK,		/* nest, enum o2m_link_attr */
	O2M_A_EVENT,		/* u32, enum o2m_event */
	O2M_A_PAD,
	O2M_A_NOTIFY_COUNT,	/* u32, 0..255 */
	O2M_A_NOTIFY_INTERVAL,	/* u32, milliseconds, 0..60000 */
	O2M_A_UPDELAY,		/* u32, milliseconds, 0..60000 */
	O2M_A_DOWNDELAY,	/* u32, milliseconds, 0..60000 */
	O2M_A_PROBE_INTERVAL,	/* u32, milliseconds, 10..60000 */
	O2M_A_PROBE_MISSES,	/* u32, 2..255 */
	O2M_A_PROBE_TARGETS,	/* nest, enum o2m_probe_attr */
	__O2M_A_MAX
};
#define O2M_A_MAX (__O2M_A_MAX - 1)

enum o2m_link_attr {
	O2M_LINK_A_UNSPEC,
	O2M_LINK_A_ID,		/* s32: 0..63, or -1 for the master */
	O2M_LINK_A_IFINDEX,	/* u32 */
	O2M_LINK_A_IFNAME,	/* string */
	O2M_LINK_A_ENABLED,	/* u8 */
	O2M_LINK_A_CARRIER,	/* u8 */
	O2M_LINK_A_ACTIVE,	/* u8 */
	O2M_LINK_A_STATS,	/* nest, enum o2m_stats_attr */
	O2M_LINK_A_PENDING,	/* u8, enum o2m_pending */
	O2M_LINK_A_PATH,	/* u8 */
	O2M_LINK_A_PROBE_ADDR,	/* binary, ETH_ALEN */
	O2M_LINK_A_PROBE_AGE,	/* u32, milliseconds */
	O2M_LINK_A_PROBES_SENT,	/* u64 */
	O2M_LINK_A_PROBE_ANSWERS, /* u64 */
	O2M_LINK_A_PAD,
	__O2M_LINK_A_MAX
};
#define O2M_LINK_A_MAX (__O2M_LINK_A_MAX - 1)

enum o2m_stats_attr {
	O2M_STATS_A_UNSPEC,
	O2M_STATS_A_RECV_OCTETS,	/* u64 */
	O2M_STATS_A_RECV_PACKETS,	/* u64 */
	O2M_STATS_A_XMIT_OCTETS,	/* u64 */
	O2M_STATS_A_XMIT_PACKETS,	/* u64 */
	O2M_STATS_A_MEMORY_FAILURES,	/* u64 */
	O2M_STATS_A_DROPS,		/* u64 */
	O2M_STATS_A_PAD,
	__O2M_STATS_A_MAX
};
#define O2M_STATS_A_MAX (__O2M_STATS_A_MAX - 1)

enum o2m_event {
	O2M_EVENT_UNSPEC,
	O2M_EVENT_LINK_ADDED,
	O2M_EVENT_LINK_REMOVED,
	O2M_EVENT_LINK_ACTIVE,
	O2M_EVENT_LINK_INACTIVE,
	O2M_EVENT_CARRIER_UP,		/* the first link became active */
	O2M_EVENT_CARRIER_DOWN,		/* the last active link went */
	O2M_EVENT_FAILOVER_LINK,	/* the lowest active link changed */
	O2M_EVENT_LINK_PENDING,		/* a link's O2M_LINK_A_PENDING changed */
	__O2M_EVENT_MAX
};
#define O2M_EVENT_MAX (__O2M_EVENT_MAX - 1)

/* A change of a link's carrier that the hold-down timers keep waiting. */
enum o2m_pending {
	O2M_PENDING_NONE,
	O2M_PENDING_UP,		/* carrier back; active after updelay */
	O2M_PENDING_DOWN,	/* carrier lost; still used until downdelay */
	__O2M_PENDING_MAX
};
#define O2M_PENDING_MAX (__O2M_PENDING_MAX - 1)

/*
 * The probe targets, in O2M_A_PROBE_TARGETS and IFLA_O2M_PROBE_TARGETS: each
 * attribute one target, IPv4 and IPv6 mixed, none listed twice. A target is a
 * unicast address: not in 0.0.0.0/8, not ::, a multicast, broadcast,
 * loopback or IPv4-mapped address.
 */
enum o2m_probe_attr {
	O2M_PROBE_A_UNSPEC,
	O2M_PROBE_A_IPV4,	/* be32 */
	O2M_PROBE_A_IPV6,	/* binary, 16 bytes */
	__O2M_PROBE_A_MAX
};
#define O2M_PROBE_A_MAX (__O2M_PROBE_A_MAX - 1)
#define O2M_PROBE_TARGETS_MAX	16

/* IFLA_INFO_DATA of a one2many device */
enum {
	IFLA_O2M_UNSPEC,
	IFLA_O2M_MODE,			/* u32 */
	IFLA_O2M_DETECT,		/* u32 */
	IFLA_O2M_ACTIVE_LINKS,		/* u32, read only */
	IFLA_O2M_FAILOVER_LINK,		/* s32, read only */
	IFLA_O2M_NOTIFY_COUNT,		/* u32, 0..255 */
	IFLA_O2M_NOTIFY_INTERVAL,	/* u32, milliseconds, 0..60000 */
	IFLA_O2M_UPDELAY,		/* u32, milliseconds, 0..60000 */
	IFLA_O2M_DOWNDELAY,		/* u32, milliseconds, 0..60000 */
	IFLA_O2M_PROBE_INTERVAL,	/* u32, milliseconds, 10..60000 */
	IFLA_O2M_PROBE_MISSES,		/* u32, 2..255 */
	IFLA_O2M_PROBE_TARGETS,		/* nest, enum o2m_probe_attr */
	__IFLA_O2M_MAX
};
#define IFLA_O2M_MAX (__IFLA_O2M_MAX - 1)

/* IFLA_INFO_SLAVE_DATA of a link, read only */
enum {
	IFLA_O2M_LINK_UNSPEC,
	IFLA_O2M_LINK_ID,		/* u32 */
	IFLA_O2M_LINK_ENABLED,		/* u8 */
	IFLA_O2M_LINK_ACTIVE,		/* u8 */
	IFLA_O2M_LINK_PENDING,		/* u8, enum o2m_pending */
	IFLA_O2M_LINK_PATH,		/* u8 */
	__IFLA_O2M_LINK_MAX
};
#define IFLA_O2M_LINK_MAX (__IFLA_O2M_LINK_MAX - 1)

#endif /* _UAPI_LINUX_ONE2MANY_H */
