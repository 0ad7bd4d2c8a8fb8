/* SPDX-License-Identifier: GPL-2.0 */
/* Reading captures for o2mctl source load, with libpcap. */
#ifndef O2MCTL_CAPTURE_H
#define O2MCTL_CAPTURE_H

#include <stdint.h>
#include <pcap/pcap.h>

struct capture {
	pcap_t *p;
	unsigned long frames;		/* read so far */
	unsigned long snapped;		/* of them, captured shorter than they were */
	char err[PCAP_ERRBUF_SIZE + 128];
};

/*
 * Open FILE (a pcap or pcapng file of either byte order and timestamp
 * precision, or "-" for stdin): 0, or -1 with c->err saying why. A capture
 * whose link type is not Ethernet is refused: its frames are not what a
 * source sends.
 */
int capture_open(struct capture *c, const char *file);
/*
 * The next frame: 1 with its bytes, their number and when it was captured
 * (ns since the epoch); 0 at the end; -1 with c->err (a truncated file, a
 * frame longer than a source takes).
 */
int capture_next(struct capture *c, const unsigned char **data, uint32_t *len, uint64_t *ns);
void capture_close(struct capture *c);
/* The frames of FILE if it is a regular file that reads to its end, or 0. */
unsigned long capture_count(const char *file);

#endif
