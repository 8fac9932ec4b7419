// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tc IFNAME OTHER_IFNAME PEER_ADDR ICMP UDP: libbpf's tc calls and tcx
 * links on interface IFNAME (test-programs/bpf/tc.bpf.c counts the IPv4
 * packets to or from PEER_ADDR by protocol on each):
 * - bpf_tc_hook_create, bpf_tc_attach on ingress at handle 1 priority 1
 *   and on egress where the kernel chooses, bpf_tc_query of both,
 *   BPF_TC_F_REPLACE of the guest's own filter, -EEXIST without it;
 * - bpf_program__attach_tcx on ingress and egress;
 * - what libbpf and the host refuse: bad hooks and opts, a custom
 *   parent, interface OTHER_IFNAME outside the policy's targets, a tcx
 *   attach of a program whose expected attach type is not tcx;
 * - after `ready`, the test's ICMP echo requests (and their replies) and
 *   UDP datagrams, counted until ICMP and UDP are in, then printed;
 * - bpf_tc_detach and bpf_tc_hook_destroy of ingress, and a tcx link
 *   destroyed; the egress filter and tcx link are left for the host to
 *   remove when the guest exits. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "tc.skel.h"

#define IPPROTO_ICMP_ 1
#define IPPROTO_UDP_ 17

enum { TC_INGRESS, TC_EGRESS, TCX_INGRESS, TCX_EGRESS, HOOKS };
static const char *const hook_names[HOOKS] = { "tc ingress", "tc egress", "tcx ingress", "tcx egress" };

static __u64 count(struct tc_bpf *skel, int hook, int protocol)
{
	__u32 key = (__u32)(hook * 256 + protocol);
	__u64 value = 0;
	bpf_map__lookup_elem(skel->maps.counts, &key, sizeof(key), &value, sizeof(value), 0);
	return value;
}

static __u32 prog_id(const struct bpf_program *prog)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	return bpf_prog_get_info_by_fd(bpf_program__fd(prog), &info, &len) ? 0 : info.id;
}

static const char *yes(bool b)
{
	return b ? "yes" : "no";
}

/* Whether every hook has counted what the test sends: ICMP both ways,
 * UDP in. */
static bool all_in(struct tc_bpf *skel, __u64 icmp, __u64 udp)
{
	for (int hook = 0; hook < HOOKS; hook++) {
		bool ingress = hook == TC_INGRESS || hook == TCX_INGRESS;
		if (count(skel, hook, IPPROTO_ICMP_) < icmp || count(skel, hook, IPPROTO_UDP_) < (ingress ? udp : 0))
			return false;
	}
	return true;
}

static void refusals(struct tc_bpf *skel, int ifindex, int other_ifindex)
{
	int prog_fd = bpf_program__fd(skel->progs.wbt_tc_ingress);
	LIBBPF_OPTS(bpf_tc_hook, ingress, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = prog_fd, .handle = 2, .priority = 2);

	LIBBPF_OPTS(bpf_tc_hook, no_ifindex, .attach_point = BPF_TC_INGRESS);
	printf("refused: hook without ifindex: %d\n", bpf_tc_attach(&no_ifindex, &opts));
	opts.priority = 70000;
	printf("refused: priority 70000: %d\n", bpf_tc_attach(&ingress, &opts));
	opts.priority = 2;
	opts.flags = 2;
	printf("refused: unknown flag: %d\n", bpf_tc_attach(&ingress, &opts));
	opts.flags = 0;
	opts.prog_id = 5;
	printf("refused: prog_id set: %d\n", bpf_tc_attach(&ingress, &opts));
	opts.prog_id = 0;
	LIBBPF_OPTS(bpf_tc_hook, both, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	printf("refused: ingress|egress: %d\n", bpf_tc_attach(&both, &opts));
	LIBBPF_OPTS(bpf_tc_hook, custom, .ifindex = ifindex, .attach_point = BPF_TC_CUSTOM,
		    .parent = BPF_TC_PARENT(0xffff, 0xfff2));
	printf("refused: custom parent: %d\n", bpf_tc_attach(&custom, &opts));
	LIBBPF_OPTS(bpf_tc_hook, other, .ifindex = other_ifindex, .attach_point = BPF_TC_INGRESS);
	printf("refused: other interface: %d\n", bpf_tc_attach(&other, &opts));
	opts.prog_fd = 5;
	printf("refused: fd 5 as a program: %d\n", bpf_tc_attach(&ingress, &opts));
	opts.prog_fd = 0;
	printf("refused: query of other interface: %d\n", bpf_tc_query(&other, &(struct bpf_tc_opts){
		.sz = sizeof(struct bpf_tc_opts), .handle = 1, .priority = 1 }));
	printf("refused: query of an empty place: %d\n", bpf_tc_query(&ingress, &opts));
	opts.handle = 0;
	printf("refused: query without handle: %d\n", bpf_tc_query(&ingress, &opts));
	printf("refused: hook_create without ifindex: %d\n", bpf_tc_hook_create(&no_ifindex));

	errno = 0;
	struct bpf_link *link = bpf_program__attach_tcx(skel->progs.wbt_tc_ingress, ifindex, NULL);
	printf("refused: tcx of a tc program: %s %d\n", yes(!link), -errno);
	link = bpf_program__attach_tcx(skel->progs.wbt_tcx_ingress, other_ifindex, NULL);
	printf("refused: tcx on other interface: %s %d\n", yes(!link), -errno);
	LIBBPF_OPTS(bpf_tcx_opts, relative, .relative_id = 1);
	link = bpf_program__attach_tcx(skel->progs.wbt_tcx_ingress, ifindex, &relative);
	printf("refused: tcx relative_id: %s %d\n", yes(!link), -errno);
	link = bpf_program__attach_tcx(skel->progs.wbt_tcx_ingress, 0, NULL);
	printf("refused: tcx ifindex 0: %s %d\n", yes(!link), -errno);
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: tc IFNAME OTHER_IFNAME PEER_ADDR ICMP UDP\n");
		return 2;
	}
	__u64 icmp = strtoull(argv[4], NULL, 10), udp = strtoull(argv[5], NULL, 10);
	int ifindex = (int)if_nametoindex(argv[1]), other_ifindex = (int)if_nametoindex(argv[2]);
	struct tc_bpf *skel = tc_bpf__open();
	if (!skel || !ifindex || !other_ifindex || inet_pton(AF_INET, argv[3], (void *)&skel->rodata->peer_addr) != 1) {
		fprintf(stderr, "open or arguments failed\n");
		return 1;
	}
	if (tc_bpf__load(skel)) {
		fprintf(stderr, "load failed: %s\n", libbpf_wasm_last_error());
		return 1;
	}

	LIBBPF_OPTS(bpf_tc_hook, ingress, .ifindex = ifindex, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_hook, egress, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
	printf("hook_create: %d\n", bpf_tc_hook_create(&ingress));
	LIBBPF_OPTS(bpf_tc_opts, in_opts, .prog_fd = bpf_program__fd(skel->progs.wbt_tc_ingress), .handle = 1,
		    .priority = 1);
	int err = bpf_tc_attach(&ingress, &in_opts);
	printf("attach ingress: %d, handle %u priority %u, same program: %s\n", err, in_opts.handle, in_opts.priority,
	       yes(in_opts.prog_id == prog_id(skel->progs.wbt_tc_ingress)));
	LIBBPF_OPTS(bpf_tc_opts, out_opts, .prog_fd = bpf_program__fd(skel->progs.wbt_tc_egress));
	err = bpf_tc_attach(&egress, &out_opts);
	printf("attach egress: %d, handle %u priority %u, same program: %s\n", err, out_opts.handle,
	       out_opts.priority, yes(out_opts.prog_id == prog_id(skel->progs.wbt_tc_egress)));

	LIBBPF_OPTS(bpf_tc_opts, again, .prog_fd = bpf_program__fd(skel->progs.wbt_tc_egress), .handle = 1,
		    .priority = 1);
	printf("attach at the same place: %d\n", bpf_tc_attach(&ingress, &again));
	again.flags = BPF_TC_F_REPLACE;
	err = bpf_tc_attach(&ingress, &again);
	LIBBPF_OPTS(bpf_tc_opts, query, .handle = 1, .priority = 1);
	int q = bpf_tc_query(&ingress, &query);
	printf("replace: %d, query: %d, egress program there: %s\n", err, q,
	       yes(query.prog_id == prog_id(skel->progs.wbt_tc_egress)));
	in_opts.flags = BPF_TC_F_REPLACE;
	in_opts.prog_id = 0;
	err = bpf_tc_attach(&ingress, &in_opts);
	query.prog_id = 0;
	q = bpf_tc_query(&ingress, &query);
	printf("replace back: %d, query: %d, ingress program there: %s\n", err, q,
	       yes(query.prog_id == prog_id(skel->progs.wbt_tc_ingress)));
	LIBBPF_OPTS(bpf_tc_opts, out_query, .handle = out_opts.handle, .priority = out_opts.priority);
	q = bpf_tc_query(&egress, &out_query);
	printf("query egress: %d, egress program there: %s\n", q,
	       yes(out_query.prog_id == prog_id(skel->progs.wbt_tc_egress)));

	struct bpf_link *tcx_in = bpf_program__attach_tcx(skel->progs.wbt_tcx_ingress, ifindex, NULL);
	LIBBPF_OPTS(bpf_tcx_opts, tcx_opts);
	struct bpf_link *tcx_out = bpf_program__attach_tcx(skel->progs.wbt_tcx_egress, ifindex, &tcx_opts);
	printf("attach tcx: ingress %s, egress %s\n", yes(tcx_in), yes(tcx_out));
	if (!tcx_in || !tcx_out)
		fprintf(stderr, "tcx: %s\n", libbpf_wasm_last_error());

	refusals(skel, ifindex, other_ifindex);

	printf("ready\n");
	fflush(stdout);
	for (int tries = 0; tries < 1000 && !all_in(skel, icmp, udp); tries++)
		usleep(10000);
	/* Late duplicates would show now. */
	usleep(200000);
	for (int hook = 0; hook < HOOKS; hook++)
		printf("%s: icmp %llu, udp %llu\n", hook_names[hook], (unsigned long long)count(skel, hook, IPPROTO_ICMP_),
		       (unsigned long long)count(skel, hook, IPPROTO_UDP_));

	LIBBPF_OPTS(bpf_tc_opts, detach, .handle = 1, .priority = 1);
	printf("detach ingress: %d\n", bpf_tc_detach(&ingress, &detach));
	query.prog_id = 0;
	printf("query after detach: %d\n", bpf_tc_query(&ingress, &query));
	printf("detach again: %d\n", bpf_tc_detach(&ingress, &detach));
	printf("hook_destroy ingress: %d\n", bpf_tc_hook_destroy(&ingress));
	printf("destroy tcx ingress: %d\n", bpf_link__destroy(tcx_in));
	/* The egress filter, the tcx egress link and the object are left to
	 * the host. */
	return 0;
}
