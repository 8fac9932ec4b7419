// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* sockmap CGROUP PORT N [legacy]: programs on a socket map the libbpf
 * way (the object is test-programs/bpf/sockmap.bpf.c). The sock_ops
 * program goes on cgroup CGROUP and fills the sockhash with the TCP
 * sockets of port PORT; the sk_msg and sk_skb stream verdict programs go
 * on the sockhash with bpf_program__attach_sockmap (links), or with
 * `legacy` with bpf_prog_attach on the map's fd, detached at the end
 * with bpf_prog_detach2 as older tools do (then with bpf_link_create by
 * fd). After "ready" it waits (up to 30 s) until
 * N messages were sent and as many bytes received as sent, and prints
 * the counts. Built as a guest and natively (against libbpf 1.5 or
 * later, for bpf_program__attach_sockmap); the kernel test compares the
 * lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "sockmap.skel.h"

/* The programs on the map, by bpf_prog_attach or by links. */
static int attach_to_map(struct sockmap_bpf *skel, bool legacy)
{
	int map_fd = bpf_map__fd(skel->maps.socks);

	if (legacy) {
		int err = bpf_prog_attach(bpf_program__fd(skel->progs.count_sent), map_fd, BPF_SK_MSG_VERDICT, 0);
		if (!err)
			err = bpf_prog_attach(bpf_program__fd(skel->progs.count_received), map_fd,
					      BPF_SK_SKB_STREAM_VERDICT, 0);
		if (err)
			printf("bpf_prog_attach: %d\n", err);
		return err;
	}
	skel->links.count_sent = bpf_program__attach_sockmap(skel->progs.count_sent, map_fd);
	skel->links.count_received = skel->links.count_sent ?
					     bpf_program__attach_sockmap(skel->progs.count_received, map_fd) :
					     NULL;
	if (!skel->links.count_received) {
		printf("bpf_program__attach_sockmap: %d\n", -errno);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockmap_bpf *skel;
	int cgroup_fd = -1, err = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 4) {
		fprintf(stderr, "usage: sockmap CGROUP PORT N [legacy]\n");
		return 1;
	}
	__u64 want = strtoull(argv[3], NULL, 0);
	bool legacy = argc > 4 && !strcmp(argv[4], "legacy");
	skel = sockmap_bpf__open();
	if (!skel) {
		printf("open: %d\n", -errno);
		return 1;
	}
	skel->rodata->port = (__u16)atoi(argv[2]);
	if (sockmap_bpf__load(skel)) {
		printf("load: %d\n", -errno);
		goto cleanup;
	}
	cgroup_fd = open(argv[1], O_RDONLY);
	if (cgroup_fd < 0) {
		printf("open %s: %d\n", argv[1], -errno);
		goto cleanup;
	}
	skel->links.add_socket = bpf_program__attach_cgroup(skel->progs.add_socket, cgroup_fd);
	if (!skel->links.add_socket) {
		printf("bpf_program__attach_cgroup: %d\n", -errno);
		goto cleanup;
	}
	if (attach_to_map(skel, legacy))
		goto cleanup;
	printf("ready\n");

	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		usleep(20000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((skel->bss->messages < want || skel->bss->received_bytes < skel->bss->sent_bytes) &&
		 now.tv_sec - start.tv_sec < 30);
	/* Data beyond what was waited for would show now. */
	usleep(200000);
	printf("messages: %llu\n", (unsigned long long)skel->bss->messages);
	printf("sent bytes: %llu\n", (unsigned long long)skel->bss->sent_bytes);
	printf("received bytes: %llu\n", (unsigned long long)skel->bss->received_bytes);
	if (legacy) {
		int map_fd = bpf_map__fd(skel->maps.socks), prog_fd = bpf_program__fd(skel->progs.count_sent);
		printf("detach sk_msg: %d\n", bpf_prog_detach2(prog_fd, map_fd, BPF_SK_MSG_VERDICT));
		printf("detach sk_msg again: %d\n", bpf_prog_detach2(prog_fd, map_fd, BPF_SK_MSG_VERDICT) ? -errno : 0);
		/* A link by fd, where none runs now; a second one is refused. */
		int link = bpf_link_create(prog_fd, map_fd, BPF_SK_MSG_VERDICT, NULL);
		printf("bpf_link_create sk_msg: %d\n", link < 0 ? link : 0);
		int second = bpf_link_create(prog_fd, map_fd, BPF_SK_MSG_VERDICT, NULL);
		printf("bpf_link_create again: %d\n", second < 0 ? second : 0);
	}
	err = 0;
cleanup:
	if (cgroup_fd >= 0)
		close(cgroup_fd);
	sockmap_bpf__destroy(skel);
	return err;
}
