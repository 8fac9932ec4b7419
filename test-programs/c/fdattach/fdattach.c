// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* fdattach IFNAME CGROUP PORT N [FOREIGN_PROG_ID ROOT_CGROUP]: libbpf's
 * calls by fd, ifindex and id. Attaches XDP to IFNAME with
 * bpf_xdp_attach and cgroup_skb egress to CGROUP with bpf_prog_attach,
 * queries them, finds its programs and maps by id, prints `ready` and
 * counts N UDP packets to PORT each way; detaches, attaches again with
 * bpf_link_create, prints `again` and counts N more. Built as a guest and
 * natively (the kernel test compares the lines). With FOREIGN_PROG_ID
 * (another process's program) and ROOT_CGROUP (outside what the guest
 * may attach to), a guest then prints its own view of ids and what the
 * sandbox refuses.
 * fdattach --hold: loads the object, prints `held PROG_ID` and waits to
 * be killed (the test's foreign program).
 * fdattach --cycles IFNAME CGROUP N: N cycles of every attach and detach
 * call, closing the object with its attachments live every 50th, between
 * `measure 1` and `measure 2` (each waits for the file /sync/K the test
 * makes once it has counted the host's fds and the kernel's links). */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include "fdattach.skel.h"

/* An id no object has: the kernel's ids stay below INT_MAX. */
#define NO_SUCH_ID 0x7ffffff0u

static const char *yes(int b)
{
	return b ? "yes" : "no";
}

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

static __u64 count(struct fdattach_bpf *skel, __u32 slot)
{
	__u64 value = 0;
	bpf_map_lookup_elem(bpf_map__fd(skel->maps.counts), &slot, &value);
	return value;
}

/* Waits (at most 10 s) for `n` packets each way, then prints and resets
 * the counts. */
static void counted(struct fdattach_bpf *skel, __u64 n)
{
	for (int i = 0; i < 1000 && (count(skel, 0) < n || count(skel, 1) < n); i++)
		usleep(10000);
	printf("xdp counted %llu, cgroup counted %llu\n", (unsigned long long)count(skel, 0),
	       (unsigned long long)count(skel, 1));
	__u64 zero = 0;
	for (__u32 slot = 0; slot < 2; slot++)
		bpf_map_update_elem(bpf_map__fd(skel->maps.counts), &slot, &zero, BPF_ANY);
}

static void print_query(const char *what, int ifindex, __u32 want)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	int ret = bpf_xdp_query(ifindex, 0, &q);
	printf("%s: %d, prog %s, drv %s, skb %s, hw %u, mode %u\n", what, ret, yes(q.prog_id == want),
	       yes(q.drv_prog_id == want), yes(q.skb_prog_id == want), q.hw_prog_id, q.attach_mode);
}

/* Whether walking the ids with `next` from 0 meets `want`; counts the
 * ids met in `*n`. */
static bool walk_finds(int (*next)(__u32, __u32 *), __u32 want, int *n)
{
	bool found = false;
	*n = 0;
	for (__u32 id = 0; !next(id, &id); (*n)++)
		found |= id == want;
	return found;
}

static void ids(struct fdattach_bpf *skel)
{
	int xdp_fd = bpf_program__fd(skel->progs.fa_xdp), map_fd = bpf_map__fd(skel->maps.counts), n;
	__u32 xdp = prog_id(xdp_fd), egress = prog_id(bpf_program__fd(skel->progs.fa_egress));
	__u32 counts = map_id(map_fd);
	bool finds_xdp = walk_finds(bpf_prog_get_next_id, xdp, &n);
	printf("prog id walk finds fa_xdp %s, fa_egress %s\n", yes(finds_xdp),
	       yes(walk_finds(bpf_prog_get_next_id, egress, &n)));
	int fd = bpf_prog_get_fd_by_id(xdp);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int ret = bpf_obj_get_info_by_fd(fd, &info, &len);
	printf("prog fd by id: %s, info %d, name %s\n", yes(fd >= 0), ret, info.name);
	close(fd);
	printf("map id walk finds counts %s\n", yes(walk_finds(bpf_map_get_next_id, counts, &n)));
	LIBBPF_OPTS(bpf_get_fd_by_id_opts, plain);
	fd = bpf_map_get_fd_by_id_opts(counts, &plain);
	__u32 slot = 0;
	__u64 value = 1;
	ret = bpf_map_lookup_elem(fd, &slot, &value);
	printf("map fd by id: %s, id %s, lookup %d, value %llu\n", yes(fd >= 0), yes(map_id(fd) == counts), ret,
	       (unsigned long long)value);
	close(fd);
	printf("no such id: prog %d, map %d\n", bpf_prog_get_fd_by_id(NO_SUCH_ID), bpf_map_get_fd_by_id(NO_SUCH_ID));
}

/* The guest's own view of ids, and what its sandbox refuses. */
static void sandbox(struct fdattach_bpf *skel, __u32 foreign, const char *root, int ifindex, int cgroup)
{
	int prog = bpf_program__fd(skel->progs.fa_egress), n;
	bool seen = walk_finds(bpf_prog_get_next_id, foreign, &n);
	printf("own prog ids: %d, foreign seen: %s, by id: %d\n", n, yes(seen), bpf_prog_get_fd_by_id(foreign));
	walk_finds(bpf_map_get_next_id, 0, &n);
	printf("own map ids: %d\n", n);
	__u32 a = prog_id(bpf_program__fd(skel->progs.fa_xdp)), b = prog_id(prog), next = 0;
	printf("next prog id after the last: %d\n", bpf_prog_get_next_id(a > b ? a : b, &next));
	int root_fd = open(root, O_RDONLY), xdp = bpf_program__fd(skel->progs.fa_xdp);
	printf("refused: interface lo: %d\n", bpf_xdp_attach((int)if_nametoindex("lo"), xdp, XDP_FLAGS_SKB_MODE, NULL));
	printf("refused: ifindex 0: %d\n", bpf_xdp_attach(0, xdp, 0, NULL));
	printf("refused: hardware offload: %d\n", bpf_xdp_attach(ifindex, xdp, XDP_FLAGS_HW_MODE, NULL));
	printf("refused: unknown xdp flags: %d\n", bpf_xdp_attach(ifindex, xdp, 1u << 9, NULL));
	printf("refused: cgroup %s: %d\n", root, bpf_prog_attach(prog, root_fd, BPF_CGROUP_INET_EGRESS, 0));
	printf("refused: a map fd as a program: %d\n",
	       bpf_prog_attach(bpf_map__fd(skel->maps.counts), cgroup, BPF_CGROUP_INET_EGRESS, 0));
	printf("refused: fd 5 as a cgroup: %d\n", bpf_prog_attach(prog, 5, BPF_CGROUP_INET_EGRESS, 0));
	printf("refused: ingress for an egress program: %d\n",
	       bpf_prog_attach(prog, cgroup, BPF_CGROUP_INET_INGRESS, 0));
	printf("refused: BPF_F_ALLOW_OVERRIDE: %d\n", bpf_prog_attach(prog, cgroup, BPF_CGROUP_INET_EGRESS, 1));
	printf("refused: sk_msg verdict for an egress program: %d\n",
	       bpf_prog_attach(prog, cgroup, BPF_SK_MSG_VERDICT, 0));
	printf("refused: link_create fentry: %d\n", bpf_link_create(prog, 0, BPF_TRACE_FENTRY, NULL));
	printf("refused: detach what is not attached: %d\n",
	       bpf_prog_detach2(prog, cgroup, BPF_CGROUP_INET_EGRESS));
	LIBBPF_OPTS(bpf_get_fd_by_id_opts, rdonly, .open_flags = BPF_F_RDONLY);
	__u32 counts = map_id(bpf_map__fd(skel->maps.counts));
	printf("refused: read-only map fd: %d\n", bpf_map_get_fd_by_id_opts(counts, &rdonly));
	close(root_fd);
}

/* Prints `measure K` and waits for the test's /sync/K. */
static void measure(int k)
{
	char path[32];
	snprintf(path, sizeof(path), "/sync/%d", k);
	printf("measure %d\n", k);
	while (access(path, F_OK) != 0)
		usleep(10000);
}

/* One cycle: each way in and out; false (and why) on a wrong answer. */
static bool cycle(struct fdattach_bpf *skel, int ifindex, int cgroup)
{
	int xdp = bpf_program__fd(skel->progs.fa_xdp), egress = bpf_program__fd(skel->progs.fa_egress);
	__u32 id = 1;
	if (bpf_xdp_attach(ifindex, xdp, XDP_FLAGS_SKB_MODE, NULL) ||
	    bpf_prog_attach(egress, cgroup, BPF_CGROUP_INET_EGRESS, BPF_F_ALLOW_MULTI) ||
	    bpf_prog_get_fd_by_id(prog_id(xdp)) != xdp || bpf_xdp_detach(ifindex, 0, NULL) ||
	    bpf_prog_detach2(egress, cgroup, BPF_CGROUP_INET_EGRESS) || bpf_xdp_query_id(ifindex, 0, &id) || id)
		return false;
	LIBBPF_OPTS(bpf_link_create_opts, skb_mode, .flags = XDP_FLAGS_SKB_MODE);
	int xdp_link = bpf_link_create(xdp, ifindex, BPF_XDP, &skb_mode);
	int egress_link = bpf_link_create(egress, cgroup, BPF_CGROUP_INET_EGRESS, NULL);
	return xdp_link >= 0 && egress_link >= 0 && !bpf_link_detach(xdp_link) && !bpf_link_detach(egress_link);
}

static int cycles(const char *ifname, const char *cgroup_path, int n)
{
	int ifindex = (int)if_nametoindex(ifname), cgroup = open(cgroup_path, O_RDONLY);
	struct fdattach_bpf *skel = fdattach_bpf__open_and_load();
	measure(1);
	for (int i = 0; i < n && skel; i++) {
		if (!cycle(skel, ifindex, cgroup)) {
			printf("cycle %d failed: %s\n", i, strerror(errno));
			return 1;
		}
		if (i % 50 == 49) {
			/* Closed with everything attached: the object takes it. */
			bpf_xdp_attach(ifindex, bpf_program__fd(skel->progs.fa_xdp), XDP_FLAGS_SKB_MODE, NULL);
			bpf_prog_attach(bpf_program__fd(skel->progs.fa_egress), cgroup, BPF_CGROUP_INET_EGRESS, 0);
			bpf_link_create(bpf_program__fd(skel->progs.fa_egress), cgroup, BPF_CGROUP_INET_EGRESS, NULL);
			fdattach_bpf__destroy(skel);
			skel = fdattach_bpf__open_and_load();
		}
	}
	if (!skel)
		return 1;
	__u32 id = 1;
	int ret = bpf_xdp_query_id(ifindex, 0, &id);
	printf("cycled %d, query_id %d %u\n", n, ret, id);
	measure(2);
	fdattach_bpf__destroy(skel);
	close(cgroup);
	return 0;
}

static int hold(void)
{
	struct fdattach_bpf *skel = fdattach_bpf__open_and_load();
	if (!skel)
		return 1;
	printf("held %u\n", prog_id(bpf_program__fd(skel->progs.fa_xdp)));
	for (;;)
		sleep(3600);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && strcmp(argv[1], "--hold") == 0)
		return hold();
	if (argc == 5 && strcmp(argv[1], "--cycles") == 0)
		return cycles(argv[2], argv[3], atoi(argv[4]));
	if (argc != 5 && argc != 7) {
		fprintf(stderr, "usage: fdattach IFNAME CGROUP PORT N [FOREIGN_PROG_ID ROOT_CGROUP]\n");
		return 1;
	}
	int ifindex = (int)if_nametoindex(argv[1]);
	__u64 n = strtoull(argv[4], NULL, 10);

	struct fdattach_bpf *skel = fdattach_bpf__open();
	if (!skel)
		return 1;
	skel->rodata->udp_port = (__u16)atoi(argv[3]);
	printf("kversion 0x%x\n", bpf_object__kversion(skel->obj));
	int ret = bpf_object__set_kversion(skel->obj, 0x040000);
	printf("set_kversion: %d, kversion 0x%x\n", ret, bpf_object__kversion(skel->obj));
	if (fdattach_bpf__load(skel)) {
		fprintf(stderr, "failed to load\n");
		return 1;
	}
	printf("set_kversion after load: %d\n", bpf_object__set_kversion(skel->obj, 0x050000));
	int xdp = bpf_program__fd(skel->progs.fa_xdp), egress = bpf_program__fd(skel->progs.fa_egress);
	__u32 xdp_id = prog_id(xdp), none = 0;

	print_query("query before", ifindex, 0);
	printf("bpf_xdp_attach skb mode: %d\n", bpf_xdp_attach(ifindex, xdp, XDP_FLAGS_SKB_MODE, NULL));
	print_query("query", ifindex, xdp_id);
	__u32 drv = 1, skb = 0;
	ret = bpf_xdp_query_id(ifindex, XDP_FLAGS_DRV_MODE, &drv);
	printf("query_id drv: %d %u\n", ret, drv);
	ret = bpf_xdp_query_id(ifindex, XDP_FLAGS_SKB_MODE, &skb);
	printf("query_id skb: %d %s\n", ret, yes(skb == xdp_id));
	printf("bpf_xdp_attach if none attached: %d\n",
	       bpf_xdp_attach(ifindex, xdp, XDP_FLAGS_SKB_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL));
	int cgroup = open(argv[2], O_RDONLY);
	printf("bpf_prog_attach egress: %d\n", bpf_prog_attach(egress, cgroup, BPF_CGROUP_INET_EGRESS, 0));
	printf("bpf_prog_attach again: %d\n", bpf_prog_attach(egress, cgroup, BPF_CGROUP_INET_EGRESS, 0));
	ids(skel);
	printf("ready\n");
	counted(skel, n);

	printf("bpf_xdp_detach: %d\n", bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL));
	printf("query_id: %d %u\n", bpf_xdp_query_id(ifindex, 0, &none), none);
	printf("bpf_prog_detach: %d\n", bpf_prog_detach(cgroup, BPF_CGROUP_INET_EGRESS));
	printf("bpf_prog_detach again: %d\n", bpf_prog_detach(cgroup, BPF_CGROUP_INET_EGRESS));
	/* No mode: the veth's driver mode. */
	int xdp_link = bpf_link_create(xdp, ifindex, BPF_XDP, NULL);
	printf("bpf_link_create xdp: %s\n", yes(xdp_link >= 0));
	print_query("query link", ifindex, xdp_id);
	int egress_link = bpf_link_create(egress, cgroup, BPF_CGROUP_INET_EGRESS, NULL);
	printf("bpf_link_create egress: %s\n", yes(egress_link >= 0));
	printf("bpf_prog_detach of a link: %d\n", bpf_prog_detach(cgroup, BPF_CGROUP_INET_EGRESS));
	printf("again\n");
	counted(skel, n);
	printf("bpf_link_detach xdp: %d\n", bpf_link_detach(xdp_link));
	printf("bpf_link_detach egress: %d\n", bpf_link_detach(egress_link));
	print_query("query after", ifindex, 0);
	close(xdp_link);
	close(egress_link);

	if (argc == 7)
		sandbox(skel, (__u32)strtoul(argv[5], NULL, 10), argv[6], ifindex, cgroup);
	close(cgroup);
	fdattach_bpf__destroy(skel);
	return 0;
}
