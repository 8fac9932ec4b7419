// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* netfilter PORT DATAGRAMS PRIORITY [drop]: a netfilter program, the
 * libbpf way (the object is test-programs/bpf/netfilter.bpf.c). It
 * attaches the program to the IPv4 local-in hook of its network namespace
 * at priority PRIORITY with bpf_program__attach_netfilter, counting the
 * UDP datagrams to port PORT (and dropping them with `drop`). After
 * "ready" it waits (up to 30 s) until DATAGRAMS were counted, and prints
 * the count. Built as a guest and natively; the kernel test compares the
 * lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/netfilter.h>
#include <bpf/libbpf.h>
#include "netfilter.skel.h"

int main(int argc, char **argv)
{
	struct netfilter_bpf *skel;
	int err = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 4) {
		fprintf(stderr, "usage: netfilter PORT DATAGRAMS PRIORITY [drop]\n");
		return 1;
	}
	__u64 datagrams = strtoull(argv[2], NULL, 0);
	skel = netfilter_bpf__open();
	if (!skel) {
		printf("open: %d\n", -errno);
		return 1;
	}
	skel->rodata->port = (__u16)atoi(argv[1]);
	skel->rodata->drop = argc > 4 && !strcmp(argv[4], "drop");
	if (netfilter_bpf__load(skel)) {
		printf("load: %d\n", -errno);
		goto cleanup;
	}
	LIBBPF_OPTS(bpf_netfilter_opts, opts, .pf = NFPROTO_IPV4, .hooknum = NF_INET_LOCAL_IN,
		    .priority = atoi(argv[3]));
	skel->links.filter_udp = bpf_program__attach_netfilter(skel->progs.filter_udp, &opts);
	if (!skel->links.filter_udp) {
		printf("bpf_program__attach_netfilter: %d\n", -errno);
		goto cleanup;
	}
	printf("ready\n");

	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		usleep(20000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (skel->bss->datagrams < datagrams && now.tv_sec - start.tv_sec < 30);
	/* Datagrams beyond those waited for would show now. */
	usleep(200000);
	printf("datagrams: %llu\n", (unsigned long long)skel->bss->datagrams);
	err = 0;
cleanup:
	netfilter_bpf__destroy(skel);
	return err;
}
