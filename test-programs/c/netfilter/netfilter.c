// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* netfilter PORT DATAGRAMS PRIORITY [drop]: a netfilter program, the
 * libbpf way (the object is test-programs/bpf/netfilter.bpf.c). It
 * attaches the program to the IPv4 local-in hook of its network namespace
 * at priority PRIORITY with bpf_program__attach_netfilter, counting the
 * UDP datagrams to port PORT (and dropping them with `drop`). After
 * "ready" it waits (up to 30 s) until DATAGRAMS were counted, and prints
 * the count.
 * netfilter refusals PRIORITY: the errno of each attach libbpf or the
 * kernel refuses, then of attaching at PRIORITY, twice.
 * Built as a guest and natively; the kernel test compares the lines. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/netfilter.h>
#include <bpf/libbpf.h>
#include "netfilter.skel.h"

#ifndef BPF_F_NETFILTER_IP_DEFRAG
/* <linux/bpf.h> of Linux 6.6; Debian 12's system headers are older. */
#define BPF_F_NETFILTER_IP_DEFRAG (1U << 0)
#endif

/* What bpf_program__attach_netfilter gives for `opts`: 0, or -errno. */
static int attach(const struct bpf_program *prog, const struct bpf_netfilter_opts *opts)
{
	struct bpf_link *link = bpf_program__attach_netfilter(prog, opts);
	return link ? 0 : -errno;
}

static int refusals(struct netfilter_bpf *skel, int priority)
{
	const struct bpf_program *prog = skel->progs.filter_udp;
	struct {
		const char *what;
		struct bpf_netfilter_opts opts;
	} tries[] = {
		{ "size 2", { .sz = 2, .pf = NFPROTO_IPV4, .hooknum = NF_INET_LOCAL_IN, .priority = priority } },
		{ "protocol family 3", { .sz = sizeof(struct bpf_netfilter_opts), .pf = 3, .priority = priority } },
		{ "hook 5", { .sz = sizeof(struct bpf_netfilter_opts), .pf = NFPROTO_IPV4, .hooknum = 5, .priority = priority } },
		{ "flags 0x2", { .sz = sizeof(struct bpf_netfilter_opts), .pf = NFPROTO_IPV4, .flags = 2, .priority = priority } },
		{ "priority INT_MIN", { .sz = sizeof(struct bpf_netfilter_opts), .pf = NFPROTO_IPV4, .priority = INT_MIN } },
		{ "priority -400 with defrag",
		  { .sz = sizeof(struct bpf_netfilter_opts), .pf = NFPROTO_IPV4, .priority = -400,
		    .flags = BPF_F_NETFILTER_IP_DEFRAG } },
	};
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++)
		printf("%s: %d\n", tries[i].what, attach(prog, &tries[i].opts));
	LIBBPF_OPTS(bpf_netfilter_opts, opts, .pf = NFPROTO_IPV4, .hooknum = NF_INET_LOCAL_IN, .priority = priority);
	/* The links stay until the object is destroyed. */
	printf("priority %d: %d\n", priority, attach(prog, &opts));
	printf("again at priority %d: %d\n", priority, attach(prog, &opts));
	return 0;
}

int main(int argc, char **argv)
{
	struct netfilter_bpf *skel;
	int err = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "refusals")) {
		skel = netfilter_bpf__open_and_load();
		if (!skel) {
			printf("open and load: %d\n", -errno);
			return 1;
		}
		err = refusals(skel, atoi(argv[2]));
		netfilter_bpf__destroy(skel);
		return err;
	}
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
