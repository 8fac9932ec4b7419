// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* netns NETNS PORT TCP UDP: programs a network namespace runs, the
 * libbpf way (the object is test-programs/bpf/netns.bpf.c). It opens the
 * namespace's file NETNS (/run/netns/NAME, /proc/PID/ns/net) and attaches
 * the sk_lookup program and the flow dissector to it with
 * bpf_program__attach_netns. After "ready" it waits (up to 30 s) until
 * TCP TCP and UDP UDP lookups of port PORT and UDP dissected datagrams
 * were counted, and prints the counts. Built as a guest and natively;
 * the kernel test compares the lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "netns.skel.h"

int main(int argc, char **argv)
{
	struct netns_bpf *skel;
	int netns_fd = -1, err = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 5) {
		fprintf(stderr, "usage: netns NETNS PORT TCP UDP\n");
		return 1;
	}
	__u64 tcp = strtoull(argv[3], NULL, 0), udp = strtoull(argv[4], NULL, 0);
	skel = netns_bpf__open();
	if (!skel) {
		printf("open: %d\n", -errno);
		return 1;
	}
	skel->rodata->port = (__u16)atoi(argv[2]);
	if (netns_bpf__load(skel)) {
		printf("load: %d\n", -errno);
		goto cleanup;
	}
	netns_fd = open(argv[1], O_RDONLY);
	if (netns_fd < 0) {
		printf("open %s: %d\n", argv[1], -errno);
		goto cleanup;
	}
	skel->links.count_lookups = bpf_program__attach_netns(skel->progs.count_lookups, netns_fd);
	skel->links.count_dissected =
		skel->links.count_lookups ? bpf_program__attach_netns(skel->progs.count_dissected, netns_fd) : NULL;
	if (!skel->links.count_dissected) {
		printf("bpf_program__attach_netns: %d\n", -errno);
		goto cleanup;
	}
	printf("ready\n");

	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	/* A TCP segment carries its socket's hash, so nothing dissects it:
	 * only datagrams are awaited there. */
	do {
		usleep(20000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((skel->bss->tcp_lookups < tcp || skel->bss->udp_lookups < udp || skel->bss->udp_dissected < udp) &&
		 now.tv_sec - start.tv_sec < 30);
	/* Events beyond what was waited for would show now. */
	usleep(200000);
	printf("tcp_lookups: %llu\n", (unsigned long long)skel->bss->tcp_lookups);
	printf("udp_lookups: %llu\n", (unsigned long long)skel->bss->udp_lookups);
	printf("tcp_dissected: %llu\n", (unsigned long long)skel->bss->tcp_dissected);
	printf("udp_dissected: %llu\n", (unsigned long long)skel->bss->udp_dissected);
	err = 0;
cleanup:
	if (netns_fd >= 0)
		close(netns_fd);
	netns_bpf__destroy(skel);
	return err;
}
