// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* handle_maps CGROUP OTHER_CGROUP IFNAME OTHER_IFNAME CALLS: maps whose
 * values name kernel objects (of the conformance suite's handles object),
 * filled as libbpf tools fill them, with the
 * fds of bpf_program__fd / bpf_map__fd / open() of a cgroup and the
 * ifindex of if_nametoindex, then used by the kernel:
 * - XDP test runs through a program array, an array and a hash of maps
 *   and a device map, printing the verdicts and counts;
 * - lookups of those maps, which give the kernel's ids of the entries;
 * - what the host refuses: another object's program, a cgroup or an
 *   interface outside the policy's targets, a number that is no handle;
 * - after `ready`, the test's getpgid() calls of a magic pid (the
 *   object's, conformance/bpf/handles.bpf.c) from inside
 *   CGROUP and from outside, told apart by bpf_current_task_under_cgroup
 *   until CALLS are in. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "handles.skel.h"

/* The verdict of an XDP program on a 64-byte frame starting with `first`. */
static int xdp_run(const struct bpf_program *prog, unsigned char first)
{
	unsigned char frame[64] = { first };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame));
	int err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
	return err ? err : (int)opts.retval;
}

static __u32 prog_id(const struct bpf_program *prog)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	return bpf_prog_get_info_by_fd(bpf_program__fd(prog), &info, &len) ? 0 : info.id;
}

static __u32 map_id(const struct bpf_map *map)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	return bpf_map_get_info_by_fd(bpf_map__fd(map), &info, &len) ? 0 : info.id;
}

static const char *yes(bool b)
{
	return b ? "yes" : "no";
}

static int put_fd(const struct bpf_map *map, __u32 key, int fd)
{
	return bpf_map_update_elem(bpf_map__fd(map), &key, &fd, BPF_ANY);
}

static void tail_calls(struct handles_bpf *skel)
{
	put_fd(skel->maps.jmp_table, 0, bpf_program__fd(skel->progs.tail_pass));
	put_fd(skel->maps.jmp_table, 1, bpf_program__fd(skel->progs.tail_drop));
	for (unsigned char slot = 0; slot < 3; slot++)
		printf("tail slot %u: %d\n", slot, xdp_run(skel->progs.dispatch, slot));
	__u32 zero = 0, id = 0;
	int err = bpf_map_lookup_elem(bpf_map__fd(skel->maps.jmp_table), &zero, &id);
	printf("jmp_table[0] holds tail_pass: %s (%d)\n", yes(id && id == prog_id(skel->progs.tail_pass)), err);
	bpf_map_delete_elem(bpf_map__fd(skel->maps.jmp_table), &zero);
	printf("after delete, slot 0: %d\n", xdp_run(skel->progs.dispatch, 0));
}

static __u64 count_of(const struct bpf_map *inner)
{
	__u32 zero = 0;
	__u64 count = 0;
	bpf_map_lookup_elem(bpf_map__fd(inner), &zero, &count);
	return count;
}

static void maps_of_maps(struct handles_bpf *skel)
{
	put_fd(skel->maps.outer, 0, bpf_map__fd(skel->maps.inner_a));
	xdp_run(skel->progs.count_inner, 0);
	xdp_run(skel->progs.count_inner, 0);
	put_fd(skel->maps.outer, 0, bpf_map__fd(skel->maps.inner_b));
	xdp_run(skel->progs.count_inner, 0);
	printf("array of maps: inner_a %llu, inner_b %llu\n", (unsigned long long)count_of(skel->maps.inner_a),
	       (unsigned long long)count_of(skel->maps.inner_b));
	__u32 zero = 0, id = 0;
	bpf_map_lookup_elem(bpf_map__fd(skel->maps.outer), &zero, &id);
	printf("outer[0] holds inner_b: %s\n", yes(id && id == map_id(skel->maps.inner_b)));

	__u32 key = 7;
	int inner = bpf_map__fd(skel->maps.inner_a);
	int err = bpf_map_update_elem(bpf_map__fd(skel->maps.outer_hash), &key, &inner, BPF_NOEXIST);
	printf("hash of maps, add key 7: %d, again: %d\n", err,
	       bpf_map_update_elem(bpf_map__fd(skel->maps.outer_hash), &key, &inner, BPF_NOEXIST));
	int verdict7 = xdp_run(skel->progs.count_through_hash, 7), verdict8 = xdp_run(skel->progs.count_through_hash, 8);
	printf("hash of maps: key 7 %d, key 8 %d, inner_a %llu\n", verdict7, verdict8,
	       (unsigned long long)count_of(skel->maps.inner_a));
}

static void device_maps(struct handles_bpf *skel, const char *ifname)
{
	unsigned int ifindex = if_nametoindex(ifname);
	__u32 key = 1;
	int err = bpf_map_update_elem(bpf_map__fd(skel->maps.devmap), &key, &ifindex, BPF_ANY);
	printf("devmap[1] = %s: %d\n", ifname, err);
	printf("redirect: key 1 %d, key 2 %d\n", xdp_run(skel->progs.redirect, 1), xdp_run(skel->progs.redirect, 2));
	__u32 stored = 0;
	bpf_map_lookup_elem(bpf_map__fd(skel->maps.devmap), &key, &stored);
	printf("devmap[1] holds %s: %s\n", ifname, yes(stored == ifindex));

	struct bpf_devmap_val val = { .ifindex = ifindex, .bpf_prog.fd = bpf_program__fd(skel->progs.on_redirected) };
	key = 3;
	err = bpf_map_update_elem(bpf_map__fd(skel->maps.devmap_progs), &key, &val, BPF_ANY);
	struct bpf_devmap_val back = {};
	bpf_map_lookup_elem(bpf_map__fd(skel->maps.devmap_progs), &key, &back);
	printf("devmap_progs[3] = %s with on_redirected: %d, holds both: %s\n", ifname, err,
	       yes(back.ifindex == ifindex && back.bpf_prog.id == prog_id(skel->progs.on_redirected)));
}

static void refusals(struct handles_bpf *skel, const char *other_cgroup, const char *other_ifname)
{
	struct handles_bpf *other = handles_bpf__open_and_load();
	if (!other) {
		printf("second object: %d\n", -errno);
		return;
	}
	printf("refused: another object's program: %d\n",
	       put_fd(skel->maps.jmp_table, 0, bpf_program__fd(other->progs.tail_pass)));
	printf("refused: another object's map: %d\n",
	       put_fd(skel->maps.outer, 0, bpf_map__fd(other->maps.inner_a)));
	handles_bpf__destroy(other);

	int cgfd = open(other_cgroup, O_RDONLY);
	printf("refused: cgroup %s: %d\n", other_cgroup, put_fd(skel->maps.cgroups, 0, cgfd));
	close(cgfd);
	printf("refused: a closed cgroup fd: %d\n", put_fd(skel->maps.cgroups, 0, cgfd));
	printf("refused: fd 5 as a cgroup: %d\n", put_fd(skel->maps.cgroups, 0, 5));
	printf("refused: a map fd as a program: %d\n", put_fd(skel->maps.jmp_table, 0, bpf_map__fd(skel->maps.inner_a)));
	unsigned int other_ifindex = if_nametoindex(other_ifname);
	__u32 key = 2;
	printf("refused: interface %s: %d\n", other_ifname,
	       bpf_map_update_elem(bpf_map__fd(skel->maps.devmap), &key, &other_ifindex, BPF_ANY));
	unsigned int none = 0;
	printf("refused: ifindex 0: %d\n", bpf_map_update_elem(bpf_map__fd(skel->maps.devmap), &key, &none, BPF_ANY));
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: handle_maps CGROUP OTHER_CGROUP IFNAME OTHER_IFNAME CALLS\n");
		return 1;
	}
	const char *cgroup = argv[1], *other_cgroup = argv[2], *ifname = argv[3], *other_ifname = argv[4];
	unsigned long long calls = strtoull(argv[5], NULL, 10);
	setvbuf(stdout, NULL, _IOLBF, 0);

	struct handles_bpf *skel = handles_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "failed to open and load: %d\n", -errno);
		return 1;
	}
	tail_calls(skel);
	maps_of_maps(skel);
	device_maps(skel, ifname);
	refusals(skel, other_cgroup, other_ifname);

	int cgfd = open(cgroup, O_RDONLY);
	int err = put_fd(skel->maps.cgroups, 0, cgfd);
	if (cgfd < 0 || err) {
		fprintf(stderr, "failed to put cgroup %s in cgroups: %d\n", cgroup, err);
		return 1;
	}
	skel->links.count_getpgid = bpf_program__attach(skel->progs.count_getpgid);
	if (!skel->links.count_getpgid) {
		fprintf(stderr, "failed to attach: %d\n", -errno);
		return 1;
	}
	printf("ready\n");
	for (int tries = 0; tries < 1000; tries++) {
		handles_bpf__read_globals(skel);
		if (skel->bss->inside + skel->bss->outside >= calls)
			break;
		usleep(10000);
	}
	printf("cgroup filter: inside %llu, outside %llu\n", (unsigned long long)skel->bss->inside,
	       (unsigned long long)skel->bss->outside);
	close(cgfd);
	handles_bpf__destroy(skel);
	return 0;
}
