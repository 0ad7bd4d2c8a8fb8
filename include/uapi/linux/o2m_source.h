/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * o2m_source: a packet source after FreeBSD's ng_source(4).
 *
 * A source is a named object in a network namespace. Frames are queued by
 * writing them, one frame per write(), to its character device
 * /dev/o2m_source/NAME (mode 0600): exactly the bytes written, an Ethernet
 * frame of ETH_HLEN (14) to O2MS_FRAME_MAX bytes; anything else fails with
 * EINVAL. Past the source's queue limit a write fails with ENOSPC and
 * nothing queued is lost. Frames can be queued while the source runs: they
 * join the cycle at its end, after the pass under way's last frame.
 *
 * Each frame may carry a gap: the time since the frame before it in a
 * recording (a capture's timestamps), for a replay at that timing. On an
 * open file switched with ioctl(O2MS_IOC_SET_GAPS, &one), each write() is a
 * struct o2ms_frame_hdr and then the frame, in one call; a gap past
 * O2MS_GAP_MAX fails with EINVAL. Frames written without one have a gap
 * of 0. O2MS_STATS_A_QUEUE_DURATION is their sum: a pass through the queue
 * at the recorded timing. Other ioctls fail with ENOTTY.
 *
 * With O2MS_A_SPEED set (a replay), a run starts at the queue's first frame
 * (the first written, though a run before stopped mid-pass), which goes at
 * once, and sends each frame after it at its recorded offset from it (the
 * sum of the gaps since) divided by the speed, counted from the time the
 * first one left, a fixed start, so that lateness never accumulates; a late
 * frame goes as soon as it can.
 * The pps limit is not used then (both set is refused).
 *
 * "start N" sends N frames (0: until "stop") to the target interface's qdisc
 * (dev_queue_xmit), cycling through the queue frame by frame: the head is
 * sent and goes back to the tail. Frames are sent by a kernel worker that
 * shares its CPU, woken by a timer, at most O2MS_A_PPS per second over any
 * second (0: as fast as the target takes them). When the queue a frame is
 * bound for is full the source waits instead of dropping; a frame the qdisc
 * refuses is sent again a few times, then counted in O2MS_STATS_A_DROPS.
 *
 * Everything else goes through the generic netlink family "o2m_source"
 * (O2M_SOURCE_GENL_NAME). Policies are strict; every rejection carries an
 * extack message; commands that change state need CAP_NET_ADMIN in the user
 * namespace owning the network namespace. A source is named by O2MS_A_NAME.
 *
 * O2MS_CMD_ADD (admin)	O2MS_A_NAME, optional O2MS_A_IFNAME or
 *			O2MS_A_IFINDEX (the target), O2MS_A_PPS,
 *			O2MS_A_QUEUE_LIMIT. Names are unique system-wide
 *			(they name the device node): EEXIST otherwise.
 * O2MS_CMD_DEL (admin)	O2MS_A_NAME. Stops the source and frees it.
 * O2MS_CMD_GET		O2MS_A_NAME, or a dump of the namespace's sources.
 *			Reply: O2MS_A_NAME, O2MS_A_IFINDEX and O2MS_A_IFNAME
 *			(if a target is set), O2MS_A_PPS, O2MS_A_SPEED,
 *			O2MS_A_QUEUE_LIMIT,
 *			O2MS_A_RUNNING, O2MS_A_CSUM_FIXUP, O2MS_A_STATS.
 * O2MS_CMD_SET (admin)	O2MS_A_NAME and any of: O2MS_A_IFNAME or
 *			O2MS_A_IFINDEX (ng_source's setiface; refused while
 *			running), O2MS_A_PPS (setpps; works while running),
 *			O2MS_A_QUEUE_LIMIT (bytes of the memory the frames
 *			take, their truesize; not below what is queued),
 *			O2MS_A_CSUM_FIXUP (u8 0/1: after writing counters and
 *			the timestamp, make the IPv4 header checksum and the
 *			UDP/TCP checksum over IPv4 or IPv6 right again),
 *			O2MS_A_SPEED (u32, thousandths: replay at the frames'
 *			gaps, O2MS_SPEED_MIN to O2MS_SPEED_MAX, 1000 the
 *			recorded timing; 0: not a replay; changes while
 *			running, but not to or from 0; refused with a pps
 *			limit). All or nothing.
 * O2MS_CMD_START (admin) O2MS_A_NAME, O2MS_A_COUNT (u64, 0: until stop).
 *			EBUSY if running, ENXIO without a target, ENODATA with
 *			an empty queue.
 * O2MS_CMD_STOP (admin) O2MS_A_NAME. Ends a run (no error if none runs).
 * O2MS_CMD_CLRDATA (admin) O2MS_A_NAME. Empties the queue; EBUSY while
 *			running.
 * O2MS_CMD_GET_STATS, O2MS_CMD_CLR_STATS (admin), O2MS_CMD_GETCLR_STATS
 *			(admin): O2MS_A_NAME. Reply: O2MS_A_NAME, O2MS_A_STATS {
 *			    OUT_OCTETS, OUT_FRAMES: u64, sent (accepted by the
 *			        target's qdisc), accumulated across runs
 *			    QUEUE_OCTETS, QUEUE_FRAMES: u64, queued now
 *			    QUEUE_DURATION: u64 ns, the queued frames' gaps
 *			    LATE_MAX, LATE_MEAN: u64 ns, of a replay's frames,
 *			        how late they left against their schedule
 *			        (after GETCLR, the maximum is of what
 *			        followed its reply)
 *			    START_TIME, END_TIME: u64, wall clock, ns since the
 *			        epoch, of the last run's start and end (0: none)
 *			    ELAPSED_TIME: u64 ns, end - start, or now - start
 *			        while running
 *			    DROPS: u64, frames the target's qdisc refused
 *			    SKIPPED: u64, embeds that did not fit a frame
 *			    MEMORY_FAILURES: u64, frame copies not allocated
 *			        (the frame was sent again once they were)
 *			    MISSED: u64, with a pps limit, frames the rate
 *			        wanted that were given up because the source
 *			        ran late or the target held it back, or that a
 *			        rate change or a stop before the count gave up:
 *			        out + drops + missed = pps x elapsed of a run
 *			        at one rate, a frame aside (while it runs, up
 *			        to 4 ms of frames less)
 *			}
 *			Clearing keeps the queue counters and the pps limit.
 *
 * O2MS_CMD_SET_TIMESTAMP (admin), O2MS_CMD_GET_TIMESTAMP
 *			O2MS_A_NAME, O2MS_A_TIMESTAMP { O2MS_TS_A_OFFSET: u32,
 *			byte offset in each frame; O2MS_TS_A_FLAGS: u32,
 *			O2MS_EMBED_ENABLE; O2MS_TS_A_FORMAT: u32, enum
 *			o2ms_ts_format }. The send time, written into the
 *			frame's private copy after the counters (so it wins
 *			where they overlap). Default format: ng_source's 8
 *			bytes, big-endian u32 seconds and u32 microseconds of
 *			the wall clock. Works while running.
 * O2MS_CMD_SET_COUNTER (admin), O2MS_CMD_GET_COUNTER
 *			O2MS_A_NAME, O2MS_A_COUNTER { O2MS_CTR_A_INDEX: u8,
 *			0..3 (required); O2MS_CTR_A_OFFSET: u32;
 *			O2MS_CTR_A_FLAGS: u32, O2MS_EMBED_ENABLE and
 *			O2MS_COUNTER_PER_PASS; O2MS_CTR_A_WIDTH: u8, 1, 2 or
 *			4 bytes; O2MS_CTR_A_NEXT_VAL, O2MS_CTR_A_MIN_VAL,
 *			O2MS_CTR_A_MAX_VAL: u32; O2MS_CTR_A_INCREMENT: s32 }.
 *			What SET leaves out keeps its value. The counter's
 *			value is written big-endian (its low-order WIDTH
 *			bytes), then incremented, once per frame or, with
 *			O2MS_COUNTER_PER_PASS, once per pass through the queue;
 *			past MAX it wraps to MIN and below MIN to MAX, carrying
 *			the overshoot, for any MIN <= MAX. Counters are written
 *			in index order. Refused: an index past 3, a width
 *			other than 1, 2, 4, MIN > MAX.
 *	A timestamp or counter that does not fit in a frame (OFFSET + size
 *	past its end) is skipped for that frame and counted in
 *	O2MS_STATS_A_SKIPPED. With any of them enabled each frame sent is a
 *	private copy; otherwise a shared clone, but for an IPv4 or IPv6 frame
 *	with ECT(0) or ECT(1) in its ECN field, which a qdisc may mark CE in
 *	place: a private copy too.
 *
 * Sinks: the receiving end. A sink watches the frames one interface
 * receives (not those it sends), of one ethertype or of all, in its
 * namespace, and counts those long enough to hold its counter and its
 * timestamp, read where a source wrote them (offsets from the frame's
 * first byte as it was on the wire: an outer VLAN tag that the device or
 * the core took off counts in its place; a tagged frame's ethertype is the
 * one after that tag, or the tag's own). Names
 * are per namespace, up to O2MS_SINKS_MAX of them; CAP_NET_ADMIN in the
 * namespace's user namespace changes them; their memory is charged to the
 * creator's memory cgroup. A sink command refuses an attribute it does not
 * name below, and a source's refuses O2MS_A_ETHERTYPE.
 *
 * O2MS_CMD_SINK_ADD (admin) O2MS_A_NAME, O2MS_A_IFNAME or O2MS_A_IFINDEX
 *			(required), O2MS_A_ETHERTYPE, O2MS_A_COUNTER
 *			{ OFFSET (required), WIDTH (default 4), MIN_VAL
 *			(default 0), MAX_VAL (default the width's largest
 *			value; at least MIN_VAL + 2); INCREMENT, if given,
 *			1: a sink follows a counter that counts up by one },
 *			O2MS_A_TIMESTAMP
 *			{ OFFSET (required), FORMAT (default timeval) }.
 *			Reply: as SINK_GET. EEXIST if the name is taken.
 * O2MS_CMD_SINK_DEL (admin) O2MS_A_NAME.
 * O2MS_CMD_SINK_GET	O2MS_A_NAME, or a dump. Reply: O2MS_A_NAME,
 *			O2MS_A_IFINDEX and O2MS_A_IFNAME (while the interface
 *			is there: a sink whose interface went away or left the
 *			namespace keeps its counters, and counts nothing more),
 *			O2MS_A_ETHERTYPE, O2MS_A_COUNTER and O2MS_A_TIMESTAMP
 *			(as added, if they were), O2MS_A_SINK_STATS {
 *			    FRAMES, OCTETS: matched frames (a frame merged by
 *			        the device's GRO counts as its segments)
 *			    LOST: counter values skipped, less those that came
 *			        late; DUPLICATES: values seen before; LATE:
 *			        values that came after a greater one, within the
 *			        window (O2MS_SINK_WINDOW values behind the one
 *			        expected, and less than half the counter's
 *			        range), or from before the first; a value
 *			        further either way waits for the next frame: if
 *			        that follows it, the count jumps there (what was
 *			        skipped is LOST; from half the range ahead or
 *			        more, or behind the window, it starts again:
 *			        RESYNCS, a restarted source), else it was a
 *			        STRAY frame. OUT_OF_RANGE: values outside
 *			        [min, max]; the counter wraps from max to min.
 *			    SHORT: frames too short to hold the counter or the
 *			        timestamp (not matched); MERGED: GRO frames
 *			        (their segments are taken as consecutive)
 *			    GAP_MAX: ns, the longest time between two matched
 *			        frames' arrivals
 *			    LAT_*: the receive time (the wall clock) less the
 *			        timestamp, over LAT_FRAMES frames (INVALID: ones
 *			        stamped after they arrived or more than
 *			        O2MS_SINK_LAT_MAX (a minute) before, or not a
 *			        timestamp: the clocks differ, or the frame has
 *			        none);
 *			        LAT_P50, LAT_P99, LAT_P999: the HIGH end of the
 *			        bucket where that share of them is reached, but
 *			        not above LAT_MAX (so within a fifth, or 1 ns);
 *			        LAT_HIST, in a reply to a GET of one sink only:
 *			        the buckets with frames, each a power of two cut
 *			        in four, [LOW, HIGH) ns
 *			}
 * O2MS_CMD_SINK_CLR_STATS (admin) O2MS_A_NAME. Zeroes the counters and
 *			forgets the sequence: the next frame starts it.
 *
 * Events: multicast group "events", O2MS_CMD_EVENT with O2MS_A_EVENT,
 *	O2MS_A_NAME and O2MS_A_STATS (the counters as the event happened).
 */
#ifndef _UAPI_LINUX_O2M_SOURCE_H
#define _UAPI_LINUX_O2M_SOURCE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define O2M_SOURCE_GENL_NAME		"o2m_source"
#define O2M_SOURCE_GENL_VERSION		1
#define O2M_SOURCE_GENL_MCGRP_EVENTS	"events"

#define O2MS_NAME_MAX		32	/* including the NUL */
#define O2MS_FRAME_MIN		14
#define O2MS_FRAME_MAX		65536
#define O2MS_QUEUE_LIMIT_DEFAULT (64 << 20)	/* bytes of memory queued */
#define O2MS_GAP_MAX		(3600ULL * 1000000000ULL)	/* ns: an hour */
#define O2MS_SPEED_ONE		1000	/* O2MS_A_SPEED: the recorded timing */
#define O2MS_SPEED_MIN		100	/* a tenth */
#define O2MS_SPEED_MAX		100000	/* a hundred times */
#define O2MS_SINKS_MAX		64	/* per network namespace */
#define O2MS_SINK_WINDOW	1024	/* counter values a sink remembers */
#define O2MS_SINK_LAT_MAX	(60ULL * 1000000000ULL)	/* ns: a latency */

/* Before each frame written on a file switched by O2MS_IOC_SET_GAPS. */
struct o2ms_frame_hdr {
	__u64 gap_ns;	/* since the frame before, as recorded */
};

/*
 * ioctls of /dev/o2m_source/NAME. 0xBD is free in the kernel's
 * Documentation/userspace-api/ioctl/ioctl-number.rst (6.12); a submission
 * upstream would register it there.
 */
#define O2MS_IOC_MAGIC		0xBD
#define O2MS_IOC_SET_GAPS	_IOW(O2MS_IOC_MAGIC, 0x01, __s32)	/* 0: off, 1: on */

enum o2ms_cmd {
	O2MS_CMD_UNSPEC,
	O2MS_CMD_ADD,
	O2MS_CMD_DEL,
	O2MS_CMD_GET,
	O2MS_CMD_SET,
	O2MS_CMD_START,
	O2MS_CMD_STOP,
	O2MS_CMD_CLRDATA,
	O2MS_CMD_GET_STATS,
	O2MS_CMD_CLR_STATS,
	O2MS_CMD_GETCLR_STATS,
	O2MS_CMD_EVENT,
	O2MS_CMD_SET_TIMESTAMP,
	O2MS_CMD_GET_TIMESTAMP,
	O2MS_CMD_SET_COUNTER,
	O2MS_CMD_GET_COUNTER,
	O2MS_CMD_SINK_ADD,
	O2MS_CMD_SINK_DEL,
	O2MS_CMD_SINK_GET,
	O2MS_CMD_SINK_CLR_STATS,
	__O2MS_CMD_MAX
};
#define O2MS_CMD_MAX (__O2MS_CMD_MAX - 1)

enum o2ms_attr {
	O2MS_A_UNSPEC,
	O2MS_A_NAME,		/* string */
	O2MS_A_IFINDEX,		/* u32 */
	O2MS_A_IFNAME,		/* string */
	O2MS_A_PPS,		/* u32, 0: no limit */
	O2MS_A_QUEUE_LIMIT,	/* u32, bytes */
	O2MS_A_COUNT,		/* u64 */
	O2MS_A_RUNNING,		/* u8 */
	O2MS_A_STATS,		/* nest, enum o2ms_stats_attr */
	O2MS_A_EVENT,		/* u32, enum o2ms_event */
	O2MS_A_PAD,
	O2MS_A_TIMESTAMP,	/* nest, enum o2ms_ts_attr */
	O2MS_A_COUNTER,		/* nest, enum o2ms_ctr_attr */
	O2MS_A_CSUM_FIXUP,	/* u8: fix checksums after embedding */
	O2MS_A_SPEED,		/* u32, thousandths; 0: not a replay */
	O2MS_A_ETHERTYPE,	/* u16, a sink's; 0: every frame */
	O2MS_A_SINK_STATS,	/* nest, enum o2ms_sink_stats_attr */
	__O2MS_A_MAX
};
#define O2MS_A_MAX (__O2MS_A_MAX - 1)

enum o2ms_stats_attr {
	O2MS_STATS_A_UNSPEC,
	O2MS_STATS_A_OUT_OCTETS,
	O2MS_STATS_A_OUT_FRAMES,
	O2MS_STATS_A_QUEUE_OCTETS,
	O2MS_STATS_A_QUEUE_FRAMES,
	O2MS_STATS_A_START_TIME,
	O2MS_STATS_A_END_TIME,
	O2MS_STATS_A_ELAPSED_TIME,
	O2MS_STATS_A_DROPS,
	O2MS_STATS_A_PAD,
	O2MS_STATS_A_SKIPPED,	/* embeds that did not fit in a frame */
	O2MS_STATS_A_MEMORY_FAILURES,	/* frame copies not allocated (retried) */
	O2MS_STATS_A_MISSED,	/* frames due at pps, given up as late */
	O2MS_STATS_A_QUEUE_DURATION,	/* ns, the queued frames' gaps */
	O2MS_STATS_A_LATE_MAX,	/* ns, the latest a replayed frame left */
	O2MS_STATS_A_LATE_MEAN,	/* ns, how late on average */
	__O2MS_STATS_A_MAX
};
#define O2MS_STATS_A_MAX (__O2MS_STATS_A_MAX - 1)

#define O2MS_COUNTERS		4
#define O2MS_EMBED_ENABLE	0x01	/* ng_source's NG_SOURCE_*_ENABLE */
#define O2MS_COUNTER_PER_PASS	0x02	/* NG_SOURCE_INC_CNT_PER_LIST */

enum o2ms_ts_format {
	O2MS_TS_TIMEVAL32,	/* 8 bytes: BE u32 s, BE u32 us (ng_source) */
	O2MS_TS_NS64,		/* 8 bytes: BE u64 ns since the epoch */
	__O2MS_TS_MAX
};
#define O2MS_TS_MAX (__O2MS_TS_MAX - 1)

enum o2ms_ts_attr {
	O2MS_TS_A_UNSPEC,
	O2MS_TS_A_OFFSET,	/* u32 */
	O2MS_TS_A_FLAGS,	/* u32 */
	O2MS_TS_A_FORMAT,	/* u32 */
	__O2MS_TS_A_MAX
};
#define O2MS_TS_A_MAX (__O2MS_TS_A_MAX - 1)

enum o2ms_ctr_attr {
	O2MS_CTR_A_UNSPEC,
	O2MS_CTR_A_INDEX,	/* u8 */
	O2MS_CTR_A_OFFSET,	/* u32 */
	O2MS_CTR_A_FLAGS,	/* u32 */
	O2MS_CTR_A_WIDTH,	/* u8 */
	O2MS_CTR_A_NEXT_VAL,	/* u32 */
	O2MS_CTR_A_MIN_VAL,	/* u32 */
	O2MS_CTR_A_MAX_VAL,	/* u32 */
	O2MS_CTR_A_INCREMENT,	/* s32 */
	__O2MS_CTR_A_MAX
};
#define O2MS_CTR_A_MAX (__O2MS_CTR_A_MAX - 1)

enum o2ms_sink_stats_attr {
	O2MS_SINK_STATS_A_UNSPEC,
	O2MS_SINK_STATS_A_PAD,
	O2MS_SINK_STATS_A_FRAMES,	/* u64, matched */
	O2MS_SINK_STATS_A_OCTETS,	/* u64, their length */
	O2MS_SINK_STATS_A_LOST,		/* u64, counter values not seen */
	O2MS_SINK_STATS_A_DUPLICATES,	/* u64, values seen again */
	O2MS_SINK_STATS_A_LATE,		/* u64, values after a later one */
	O2MS_SINK_STATS_A_RESYNCS,	/* u64, jumps that restarted the count */
	O2MS_SINK_STATS_A_OUT_OF_RANGE,	/* u64, values outside [min, max] */
	O2MS_SINK_STATS_A_SHORT,	/* u64, too short for counter or stamp */
	O2MS_SINK_STATS_A_MERGED,	/* u64, frames the device merged (GRO) */
	O2MS_SINK_STATS_A_GAP_MAX,	/* u64 ns, longest time between two */
	O2MS_SINK_STATS_A_LAT_FRAMES,	/* u64, frames with a latency */
	O2MS_SINK_STATS_A_LAT_MIN,	/* u64 ns */
	O2MS_SINK_STATS_A_LAT_MEAN,	/* u64 ns */
	O2MS_SINK_STATS_A_LAT_MAX,	/* u64 ns */
	O2MS_SINK_STATS_A_LAT_INVALID,	/* u64, stamps after receipt or wrong */
	O2MS_SINK_STATS_A_LAT_HIST,	/* nest of O2MS_HIST_A_BUCKET */
	O2MS_SINK_STATS_A_LAT_P50,	/* u64 ns, the median's bucket's HIGH */
	O2MS_SINK_STATS_A_LAT_P99,	/* u64 ns, the same for 99% */
	O2MS_SINK_STATS_A_LAT_P999,	/* u64 ns, the same for 99.9% */
	O2MS_SINK_STATS_A_STRAY,	/* u64, far values the next did not follow */
	__O2MS_SINK_STATS_A_MAX
};
#define O2MS_SINK_STATS_A_MAX (__O2MS_SINK_STATS_A_MAX - 1)

enum o2ms_hist_attr {
	O2MS_HIST_A_UNSPEC,
	O2MS_HIST_A_PAD,
	O2MS_HIST_A_BUCKET,	/* nest: LOW, HIGH, COUNT */
	O2MS_HIST_A_LOW,	/* u64 ns, the bucket's least latency */
	O2MS_HIST_A_HIGH,	/* u64 ns, past its greatest */
	O2MS_HIST_A_COUNT,	/* u64 */
	__O2MS_HIST_A_MAX
};
#define O2MS_HIST_A_MAX (__O2MS_HIST_A_MAX - 1)

enum o2ms_event {
	O2MS_EVENT_UNSPEC,
	O2MS_EVENT_STARTED,
	O2MS_EVENT_FINISHED,	/* sent the N frames asked for */
	O2MS_EVENT_STOPPED,	/* by "stop" or deletion */
	O2MS_EVENT_TARGET_LOST,	/* the target went away; the run ended */
	O2MS_EVENT_TARGET_DOWN,	/* the target went down or lost its carrier;
				 * the run ended
				 */
	O2MS_EVENT_TOO_LONG,	/* a frame is longer than the target's MTU
				 * now allows; the run ended
				 */
	__O2MS_EVENT_MAX
};
#define O2MS_EVENT_MAX (__O2MS_EVENT_MAX - 1)

#endif /* _UAPI_LINUX_O2M_SOURCE_H */
