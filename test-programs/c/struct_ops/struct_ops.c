// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* struct_ops CONNS: a TCP congestion control the libbpf way (the object
 * is conformance/bpf/struct_ops.bpf.c): bpf_map__attach_struct_ops
 * registers wbc_cc, then after "ready" it waits (up to 30 s) until CONNS
 * connections started with it, and prints how many did.
 * Built as a guest and natively; the kernel test compares the lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "struct_ops.skel.h"

int main(int argc, char **argv)
{
	struct struct_ops_bpf *skel;
	struct bpf_link *link = NULL;
	int err = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2) {
		fprintf(stderr, "usage: struct_ops CONNS\n");
		return 1;
	}
	__u64 conns = strtoull(argv[1], NULL, 0);
	skel = struct_ops_bpf__open_and_load();
	if (!skel) {
		printf("open and load: %d\n", -errno);
		return 1;
	}
	link = bpf_map__attach_struct_ops(skel->maps.wbc_cc);
	if (!link) {
		printf("bpf_map__attach_struct_ops: %d\n", -errno);
		goto cleanup;
	}
	printf("ready\n");

	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		usleep(20000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (skel->bss->inits < conns && now.tv_sec - start.tv_sec < 30);
	/* Connections beyond those waited for would show now. */
	usleep(200000);
	printf("inits: %llu\n", (unsigned long long)skel->bss->inits);
	err = 0;
cleanup:
	bpf_link__destroy(link);
	struct_ops_bpf__destroy(skel);
	return err;
}
