// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* usdt BINARY PID PROVIDER NAME COUNT COOKIE: attaches usdt.bpf.c's
 * on_tick to USDT probe PROVIDER:NAME of BINARY for process PID with
 * bpf_program__attach_usdt and the BPF cookie COOKIE, prints `ready`,
 * waits (10 s at most) for COUNT hits and prints each hit's arguments and
 * cookie. A failed attach prints its errno. Built as a guest and
 * natively; the kernel test compares the lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "usdt.skel.h"
#include "../../bpf/usdt.h"

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: usdt BINARY PID PROVIDER NAME COUNT COOKIE\n");
		return 2;
	}
	unsigned count = strtoul(argv[5], NULL, 0);
	struct usdt_bpf *skel = usdt_bpf__open_and_load();
	if (!skel) {
		printf("open and load: %d\n", -errno);
		return 1;
	}
	LIBBPF_OPTS(bpf_usdt_opts, opts, .usdt_cookie = strtoull(argv[6], NULL, 0));
	struct bpf_link *link =
		bpf_program__attach_usdt(skel->progs.on_tick, atoi(argv[2]), argv[1], argv[3], argv[4], &opts);
	if (!link) {
		printf("attach: %d\n", -errno);
		usdt_bpf__destroy(skel);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	/* The skeleton's .bss is read back at each sleep. */
	for (int waited = 0; skel->bss->calls < count && waited < 1000; waited++)
		usleep(10000);
	for (__u32 slot = 0; slot < skel->bss->calls; slot++) {
		struct hit hit;
		if (bpf_map__lookup_elem(skel->maps.hits, &slot, sizeof(slot), &hit, sizeof(hit), 0)) {
			printf("lookup %u: %d\n", slot, -errno);
			break;
		}
		printf("tick i=%lld big=%lld neg=%lld word=%s cookie=%llu\n", (long long)hit.i, (long long)hit.big,
		       (long long)hit.neg, hit.word, (unsigned long long)hit.cookie);
	}
	bpf_link__destroy(link);
	usdt_bpf__destroy(skel);
	return 0;
}
