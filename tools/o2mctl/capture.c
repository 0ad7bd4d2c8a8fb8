// SPDX-License-Identifier: GPL-2.0
/*
 * Captures for o2mctl source load: libpcap reads pcap and pcapng, in
 * either byte order, with microsecond or nanosecond timestamps (asked for
 * in nanoseconds, whatever the file has).
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/o2m_source.h>

#include "capture.h"

int capture_open(struct capture *c, const char *file)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	int dlt;

	memset(c, 0, sizeof(*c));
	c->p = pcap_open_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!c->p) {
		snprintf(c->err, sizeof(c->err), "not a capture libpcap reads (%s)", errbuf);
		return -1;
	}
	dlt = pcap_datalink(c->p);
	if (dlt != DLT_EN10MB) {
		snprintf(c->err, sizeof(c->err),
			 "its link type is %s (%s), not Ethernet: a source sends Ethernet frames",
			 pcap_datalink_val_to_name(dlt) ?: "unknown",
			 pcap_datalink_val_to_description(dlt) ?: "no description");
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

void capture_close(struct capture *c)
{
	if (c->p)
		pcap_close(c->p);
	c->p = NULL;
}

unsigned long capture_count(const char *file)
{
	const unsigned char *data;
	struct capture c;
	struct stat st;
	uint32_t len;
	uint64_t ns;
	int r;

	/* "-" is stdin to libpcap, whatever is called that here. */
	if (!strcmp(file, "-") || stat(file, &st) || !S_ISREG(st.st_mode) ||
	    capture_open(&c, file))
		return 0;
	while ((r = capture_next(&c, &data, &len, &ns)) == 1)
		;
	capture_close(&c);
	return r ? 0 : c.frames;
}
