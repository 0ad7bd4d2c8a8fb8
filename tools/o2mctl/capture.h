/* SPDX-License-Identifier: GPL-2.0 */
/* Reading captures for o2mctl source load, with libpcap. */
#ifndef O2MCTL_CAPTURE_H
#define O2MCTL_CAPTURE_H

#include <stdint.h>
#include <pcap/pcap.h>

struct capture {
	pcap_t *p;
	int fd;				/* the file, or a copy of stdin's */
	int seekable;			/* a regular file: it can be read twice */
	unsigned long frames;		/* read so far */
	unsigned long snapped;		/* of them, captured shorter than they were */
	unsigned long earlier;		/* stamped before the latest stamp so far */
	uint64_t latest;		/* that stamp, ns */
	char err[PCAP_ERRBUF_SIZE + 128];
};

/*
 * Open FILE (a pcap or pcapng file of either byte order and timestamp
 * precision, or "-" for stdin): 0, or -1 with c->err saying why. A capture
 * whose link type is not Ethernet is refused: its frames are not what a
 * source sends. The file is opened once: a scan and the load that follows
 * read the same file, whatever happens to its name meanwhile.
 */
int capture_open(struct capture *c, const char *file);
/*
 * The next frame: 1 with its bytes, their number and when it was captured
 * (ns since the epoch); 0 at the end; -1 with c->err (a truncated file, a
 * frame shorter than an Ethernet header or longer than a source takes).
 */
int capture_next(struct capture *c, const unsigned char **data, uint32_t *len, uint64_t *ns);
/*
 * The gap before the frame just read, stamped NS: from the latest stamp so
 * far, so that a frame stamped earlier (counted in c->earlier) goes at
 * once and the frames after it keep the capture's span; 0 for the first.
 */
uint64_t capture_gap(struct capture *c, uint64_t ns);
/*
 * Read a capture just opened to its end, as a load would, before anything
 * is queued, then rewind it: the number of its frames (with no gap over
 * O2MS_GAP_MAX if GAPS), 0 if it cannot be read twice (a pipe: it is read
 * once, as it is loaded), or -1 with c->err (then it is closed).
 */
long capture_scan(struct capture *c, int gaps);
void capture_close(struct capture *c);

#endif
