// SPDX-License-Identifier: GPL-2.0
/*
 * Captures for o2mctl source load: libpcap reads pcap and pcapng, in
 * either byte order, with microsecond or nanosecond timestamps (asked for
 * in nanoseconds, whatever the file has).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/o2m_source.h>

#include "capture.h"

/* libpcap on a copy of c->fd, read from where the file is now. */
static int capture_pcap(struct capture *c)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	int fd = dup(c->fd), dlt;
	FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");

	if (!f) {
		snprintf(c->err, sizeof(c->err), "%s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* pcap_close() closes F. */
	c->p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!c->p) {
		fclose(f);
		snprintf(c->err, sizeof(c->err), "not a capture libpcap reads (%s)", errbuf);
		return -1;
	}
	dlt = pcap_datalink(c->p);
	if (dlt != DLT_EN10MB) {
		snprintf(c->err, sizeof(c->err),
			 "its link type is %s (%s), not Ethernet: a source sends Ethernet frames",
			 pcap_datalink_val_to_name(dlt) ?: "unknown",
			 pcap_datalink_val_to_description(dlt) ?: "no description");
		return -1;
	}
	return 0;
}

int capture_open(struct capture *c, const char *file)
{
	struct stat st;

	memset(c, 0, sizeof(*c));
	/* "-" is stdin to libpcap, whatever is called that here. */
	c->fd = strcmp(file, "-") ? open(file, O_RDONLY | O_CLOEXEC) : dup(STDIN_FILENO);
	if (c->fd < 0) {
		snprintf(c->err, sizeof(c->err), "%s", strerror(errno));
		return -1;
	}
	c->seekable = !fstat(c->fd, &st) && S_ISREG(st.st_mode);
	if (capture_pcap(c)) {
		capture_close(c);
		return -1;
	}
	return 0;
}

int capture_next(struct capture *c, const unsigned char **data, uint32_t *len, uint64_t *ns)
{
	struct pcap_pkthdr *h;
	int r = pcap_next_ex(c->p, &h, data);

	if (r == PCAP_ERROR_BREAK)
		return 0;
	if (r != 1) {
		snprintf(c->err, sizeof(c->err), "frame %lu: %s", c->frames + 1, pcap_geterr(c->p));
		return -1;
	}
	if (h->caplen < O2MS_FRAME_MIN) {
		snprintf(c->err, sizeof(c->err),
			 "frame %lu is %u bytes, shorter than an Ethernet header (%d)",
			 c->frames + 1, h->caplen, O2MS_FRAME_MIN);
		return -1;
	}
	if (h->caplen > O2MS_FRAME_MAX) {
		snprintf(c->err, sizeof(c->err), "frame %lu is %u bytes, longer than a source takes (%d)",
			 c->frames + 1, h->caplen, O2MS_FRAME_MAX);
		return -1;
	}
	c->frames++;
	if (h->caplen < h->len)
		c->snapped++;
	*len = h->caplen;
	/* With nanosecond precision, tv_usec holds nanoseconds. */
	*ns = (uint64_t)h->ts.tv_sec * 1000000000 + (uint64_t)h->ts.tv_usec;
	return 1;
}

uint64_t capture_gap(struct capture *c, uint64_t ns)
{
	uint64_t gap = 0;

	if (c->frames > 1 && ns < c->latest) {
		c->earlier++;
		return 0;
	}
	if (c->frames > 1)
		gap = ns - c->latest;
	c->latest = ns;
	return gap;
}

void capture_close(struct capture *c)
{
	if (c->p)
		pcap_close(c->p);
	c->p = NULL;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

long capture_scan(struct capture *c, int gaps)
{
	const unsigned char *data;
	uint64_t ns, gap;
	unsigned long n;
	uint32_t len;
	int r;

	if (!c->seekable)
		return 0;
	while ((r = capture_next(c, &data, &len, &ns)) == 1) {
		gap = capture_gap(c, ns);
		if (gaps && gap > O2MS_GAP_MAX) {
			snprintf(c->err, sizeof(c->err),
				 "frame %lu comes %.3f s after the one before: a gap is at most an hour",
				 c->frames, gap / 1e9);
			r = -1;
			break;
		}
	}
	n = c->frames;
	pcap_close(c->p);
	c->p = NULL;
	c->frames = c->snapped = c->earlier = 0;
	c->latest = 0;
	if (r >= 0 && lseek(c->fd, 0, SEEK_SET)) {
		snprintf(c->err, sizeof(c->err), "%s", strerror(errno));
		r = -1;
	}
	if (r < 0 || capture_pcap(c)) {
		capture_close(c);
		return -1;
	}
	return n;
}
