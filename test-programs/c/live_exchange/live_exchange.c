// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* live_exchange EVENT DONE: sums what its program counted of
 * getpgid(EVENT) calls by taking the .bss counters with
 * __atomic_exchange_n(&skel->bss->counter, 0, __ATOMIC_RELAXED) every
 * 2 ms, as libbpf-tools print and reset their counters each interval,
 * until a getpgid(DONE) call; then prints the sums. Natively the
 * exchange is the CPU's; in a guest it is the SDK's push of the reset as
 * an atomic add: either way no call is lost or counted twice. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "live_exchange.skel.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: live_exchange EVENT DONE\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	struct live_exchange_bpf *skel = live_exchange_bpf__open();
	if (!skel) {
		fprintf(stderr, "failed to open\n");
		return 1;
	}
	skel->rodata->event_pid = atoi(argv[1]);
	skel->rodata->done_pid = atoi(argv[2]);
	if (live_exchange_bpf__load(skel) || live_exchange_bpf__attach(skel)) {
		fprintf(stderr, "failed to load and attach\n");
		live_exchange_bpf__destroy(skel);
		return 1;
	}
	printf("ready\n");

	unsigned long long sum = 0, sum32 = 0, rounds = 0;
	/* The round after the one that saw `done` takes what the program
	 * counted before it; the SDK reads the kernel's values after a wait
	 * at most every millisecond, so each 2 ms sleep ends with a read. */
	for (int done_seen = 0; !done_seen; rounds++) {
		done_seen = skel->bss->done;
		usleep(2000);
		sum += __atomic_exchange_n(&skel->bss->events, 0, __ATOMIC_RELAXED);
		sum32 += __atomic_exchange_n(&skel->bss->events32[1], 0, __ATOMIC_RELAXED);
	}
	fprintf(stderr, "%llu rounds\n", rounds);
	printf("events %llu %llu, others %u %u\n", sum, sum32, skel->bss->events32[0], skel->bss->events32[2]);
	live_exchange_bpf__destroy(skel);
	return 0;
}
