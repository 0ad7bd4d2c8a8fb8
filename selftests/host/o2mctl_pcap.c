// SPDX-License-Identifier: GPL-2.0
/*
 * o2mctl's capture reader (tools/o2mctl/capture.c) on its own, for
 * o2mctl_pcap.py: prints each frame of FILE as "LEN NS HEX", then "end N
 * SNAPPED", or "error MESSAGE". With "scan" or "scan-gaps": capture_scan(),
 * without or with gaps, then a read from the start, "N read M", or "-1
 * MESSAGE". FILE "-" is stdin.
 */
#include <stdio.h>
#include <string.h>

#include "../../tools/o2mctl/capture.c"

int main(int argc, char **argv)
{
	const unsigned char *data;
	struct capture c;
	uint32_t len, i;
	uint64_t ns;
	int r;

	if (argc == 3 && !strncmp(argv[2], "scan", 4)) {
		long n;

		if (capture_open(&c, argv[1])) {
			printf("-1 %s\n", c.err);
			return 0;
		}
		n = capture_scan(&c, !strcmp(argv[2], "scan-gaps"));
		if (n < 0) {
			printf("-1 %s\n", c.err);
			return 0;
		}
		/* Then read again from the start, as a load does. */
		while ((r = capture_next(&c, &data, &len, &ns)) == 1)
			;
		printf("%ld read %lu%s%s\n", n, c.frames, r < 0 ? " error " : "", r < 0 ? c.err : "");
		capture_close(&c);
		return 0;
	}
	if (capture_open(&c, argv[1])) {
		printf("error %s\n", c.err);
		return 0;
	}
	while ((r = capture_next(&c, &data, &len, &ns)) == 1) {
		printf("%u %llu ", len, (unsigned long long)ns);
		for (i = 0; i < len; i++)
			printf("%02x", data[i]);
		printf("\n");
	}
	if (r < 0)
		printf("error %s\n", c.err);
	else
		printf("end %lu %lu\n", c.frames, c.snapped);
	capture_close(&c);
	return 0;
}
