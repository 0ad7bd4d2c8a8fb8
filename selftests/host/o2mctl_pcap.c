// SPDX-License-Identifier: GPL-2.0
/*
 * o2mctl's capture reader (tools/o2mctl/capture.c) on its own, for
 * o2mctl_pcap.py: prints each frame of FILE as "LEN NS HEX", then "end N
 * SNAPPED", or "error MESSAGE". With "count", only capture_count().
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

	if (argc == 3 && !strcmp(argv[2], "count")) {
		printf("%lu\n", capture_count(argv[1]));
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
