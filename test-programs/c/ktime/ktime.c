/* The guest's CLOCK_MONOTONIC is the kernel's, as libbpf-tools'
 * get_ktime_ns() assumes when it compares with bpf_ktime_get_ns() stamps.
 * Usage: ktime TID. Reads the clock, says "ready", waits for the BPF
 * side's STAMPS stamps of TID's getpgid() calls, reads the clock again,
 * and prints where the stamps fall. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "ktime.h"
#include "ktime.skel.h"

static unsigned long long get_ktime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct ktime_bpf *skel;
	unsigned long long before, after;
	int err, i;

	if (argc != 2) {
		fprintf(stderr, "usage: ktime TID\n");
		return 1;
	}
	skel = ktime_bpf__open();
	if (!skel)
		return 1;
	skel->rodata->target_tid = strtoul(argv[1], NULL, 10);
	err = ktime_bpf__load(skel) || ktime_bpf__attach(skel);
	if (err)
		goto cleanup;
	before = get_ktime_ns();
	printf("ready\n");
	for (i = 0; i < 3000; i++) {
		ktime_bpf__read_globals(skel);
		if (skel->bss->count == STAMPS)
			break;
		usleep(10000);
	}
	after = get_ktime_ns();
	printf("stamps: %u\n", skel->bss->count);
	for (i = 0; i < STAMPS; i++)
		printf("stamp %d within the guest's clock readings: %s\n", i,
		       before <= skel->bss->stamps[i] && skel->bss->stamps[i] <= after ? "yes" : "no");
	printf("uptime read by the guest: %s\n", before > 1000000000ULL ? "more than a second" : "under a second");
cleanup:
	ktime_bpf__destroy(skel);
	return err != 0;
}
