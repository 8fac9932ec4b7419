// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* live_globals FIRST SECOND CALLS: a filter and a counter in the
 * skeleton's .bss, written and read while the program runs, with no call
 * but sleeps in between, as libbpf-tools do. Counts getpgid(FIRST) calls
 * until CALLS are in, then resets the count and counts getpgid(SECOND).
 * Built as a guest (the SDK keeps the globals in step at each sleep) and
 * natively (libbpf maps them); the kernel test compares the lines. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "live_globals.h"
#include "live_globals.skel.h"

/* Sleeps until the program counted `want` calls, at most 10 s. */
static void wait_for_calls(struct live_globals_bpf *skel, unsigned long long want)
{
	for (int i = 0; i < 1000 && skel->bss->calls < want; i++)
		usleep(10000);
	printf("calls %llu, last %llu\n", (unsigned long long)skel->bss->calls,
	       (unsigned long long)skel->data->last_counted);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: live_globals FIRST SECOND CALLS\n");
		return 1;
	}
	int first = atoi(argv[1]), second = atoi(argv[2]);
	unsigned long long want = strtoull(argv[3], NULL, 10);
	setvbuf(stdout, NULL, _IOLBF, 0);

	struct live_globals_bpf *skel = live_globals_bpf__open_and_load();
	if (!skel || live_globals_bpf__attach(skel)) {
		fprintf(stderr, "failed to load and attach\n");
		live_globals_bpf__destroy(skel);
		return 1;
	}
	skel->bss->wanted_pid = first;
	usleep(1000);
	printf("ready\n");
	wait_for_calls(skel, want);

	skel->bss->wanted_pid = second;
	skel->bss->calls = 0;
	usleep(1000);
	printf("again\n");
	wait_for_calls(skel, want);
	live_globals_bpf__destroy(skel);
	return 0;
}
