// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* load_options IFINDEX: libbpf's load options on real programs and maps,
 * each checked by what the kernel then does: program flags (a sleepable
 * program loads only with BPF_F_SLEEPABLE), a bloom filter's hash count
 * (map_extra, read back from the kernel's map info), an inner map
 * prototype for a map of maps (a program counts through it), a
 * program's verifier log buffer, bpf_map_lookup_and_delete_batch, and
 * programs and maps for network device IFINDEX (bound, offloaded).
 * Built as a guest and natively; the kernel test compares the lines.
 * Lines under __wasi__ are the sandbox's own refusals. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "load_options.skel.h"

#ifndef BPF_F_XDP_DEV_BOUND_ONLY
#define BPF_F_XDP_DEV_BOUND_ONLY (1U << 6)
#endif

/* Opens the object with only the program `pick` gives (NULL: none) to
 * load, and without `outer` (which needs an inner map) and `offloaded`
 * (which needs a device) unless `all_maps`. */
static struct load_options_bpf *open_with(struct bpf_program *(*pick)(struct load_options_bpf *), bool all_maps)
{
	struct load_options_bpf *skel = load_options_bpf__open();
	if (!skel) {
		printf("open failed: %d\n", -errno);
		exit(1);
	}
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, pick && prog == pick(skel));
	bpf_map__set_autocreate(skel->maps.outer, all_maps);
	bpf_map__set_autocreate(skel->maps.offloaded, all_maps);
	return skel;
}

static struct bpf_program *sleepy(struct load_options_bpf *s) { return s->progs.sleepy; }
static struct bpf_program *count_inner(struct load_options_bpf *s) { return s->progs.count_inner; }
static struct bpf_program *on_device(struct load_options_bpf *s) { return s->progs.on_device; }
static struct bpf_program *count_typed(struct load_options_bpf *s) { return s->progs.count_typed; }

static void program_flags(void)
{
	struct load_options_bpf *skel = open_with(sleepy, false);
	printf("flags of uprobe: %#x\n", bpf_program__flags(skel->progs.sleepy));
	printf("sleepy without BPF_F_SLEEPABLE: load %d\n", load_options_bpf__load(skel));
	load_options_bpf__destroy(skel);

	skel = open_with(sleepy, false);
	printf("set_flags BPF_F_SLEEPABLE: %d\n", bpf_program__set_flags(skel->progs.sleepy, BPF_F_SLEEPABLE));
	printf("flags: %#x\n", bpf_program__flags(skel->progs.sleepy));
#ifdef __wasi__
	int ret = bpf_program__set_flags(skel->progs.sleepy, BPF_F_TEST_RND_HI32);
	printf("set_flags BPF_F_TEST_RND_HI32: %d (%s)\n", ret, libbpf_wasm_last_error());
#endif
	printf("sleepy with BPF_F_SLEEPABLE: load %d\n", load_options_bpf__load(skel));
	printf("set_flags after load: %d\n", bpf_program__set_flags(skel->progs.sleepy, 0));
	load_options_bpf__destroy(skel);
}

/* The inner map prototype: natively a map made for it, as libbpf's users
 * do; in a guest the handle of the object's own `proto` map. */
static int prototype_fd(struct load_options_bpf *skel)
{
#ifdef __wasi__
	return bpf_map__fd(skel->maps.proto);
#else
	(void)skel;
	return bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, sizeof(__u32), sizeof(__u64), 1, NULL);
#endif
}

/* The last line of the verifier's log that says how much it processed. */
static void print_processed(const char *log)
{
	const char *line = strstr(log, "processed ");
	if (!line) {
		printf("log: no 'processed' line in %zu bytes\n", strlen(log));
		return;
	}
	printf("log: %.*s\n", (int)strcspn(line, "\n"), line);
}

static int cmp_u32(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;
	return x < y ? -1 : x > y;
}

static void drain_pairs(struct load_options_bpf *skel)
{
	int fd = bpf_map__fd(skel->maps.pairs);
	for (__u32 k = 1; k <= 5; k++) {
		__u64 v = k * 100;
		bpf_map_update_elem(fd, &k, &v, BPF_ANY);
	}
	__u32 keys[8], all_keys[8];
	__u64 values[8], by_key[8] = { 0 };
	__u32 total = 0, cursor = 0;
	int pages = 0, ret = 0;
	DECLARE_LIBBPF_OPTS(bpf_map_batch_opts, opts);
	while (ret == 0 && pages < 8) {
		/* Room for all: the kernel fails a page (ENOSPC) that a hash
		 * bucket does not fit in, and buckets are random. */
		__u32 count = 5;
		ret = bpf_map_lookup_and_delete_batch(fd, pages ? &cursor : NULL, &cursor, keys, values, &count, &opts);
		pages++;
		if (ret && ret != -ENOENT) {
			printf("lookup_and_delete_batch: %d\n", ret);
			return;
		}
		for (__u32 i = 0; i < count && total < 8; i++) {
			all_keys[total++] = keys[i];
			if (keys[i] < 8)
				by_key[keys[i]] = values[i];
		}
	}
	qsort(all_keys, total, sizeof(all_keys[0]), cmp_u32);
	printf("drained %u entries:", total);
	for (__u32 i = 0; i < total; i++)
		printf(" %u=%llu", all_keys[i], all_keys[i] < 8 ? (unsigned long long)by_key[all_keys[i]] : 0ULL);
	printf("\n");
	__u32 next;
	printf("after: get_next_key %d\n", bpf_map_get_next_key(fd, NULL, &next));
}

static void maps_and_log(void)
{
	static char log[64 * 1024];
	int ret;
	struct load_options_bpf *skel = open_with(count_inner, false);
	printf("map_extra of bloom: %llu\n", (unsigned long long)bpf_map__map_extra(skel->maps.bloom));
	printf("set_map_extra 3: %d\n", bpf_map__set_map_extra(skel->maps.bloom, 3));
	printf("map_extra: %llu\n", (unsigned long long)bpf_map__map_extra(skel->maps.bloom));
	bpf_map__set_autocreate(skel->maps.outer, true);
	printf("set_inner_map_fd: %d\n", bpf_map__set_inner_map_fd(skel->maps.outer, prototype_fd(skel)));
#ifdef __wasi__
	ret = bpf_map__set_inner_map_fd(skel->maps.pairs, prototype_fd(skel));
	printf("set_inner_map_fd of a hash map: %d (%s)\n", ret, libbpf_wasm_last_error());
	ret = bpf_map__set_inner_map_fd(skel->maps.outer, 7);
	printf("set_inner_map_fd 7: %d (%s)\n", ret, libbpf_wasm_last_error());
#endif
	printf("set_log_level 1: %d\n", bpf_program__set_log_level(skel->progs.count_inner, 1));
	printf("set_log_buf: %d\n", bpf_program__set_log_buf(skel->progs.count_inner, log, sizeof(log)));
	size_t size = 0;
	const char *buf = bpf_program__log_buf(skel->progs.count_inner, &size);
	printf("log_buf is ours: %d, size %zu\n", buf == log, size);
	printf("load: %d\n", load_options_bpf__load(skel));
	print_processed(log);

	struct bpf_map_info info;
	__u32 len = sizeof(info);
	memset(&info, 0, sizeof(info));
	ret = bpf_obj_get_info_by_fd(bpf_map__fd(skel->maps.bloom), &info, &len);
	printf("bloom info: %d, map_extra %llu\n", ret, (unsigned long long)info.map_extra);
	printf("set_map_extra after load: %d\n", bpf_map__set_map_extra(skel->maps.bloom, 2));

	__u32 zero = 0;
	int inner_fd = bpf_map__fd(skel->maps.inner_a);
	printf("outer[0] = inner_a: %d\n", bpf_map_update_elem(bpf_map__fd(skel->maps.outer), &zero, &inner_fd, BPF_ANY));
	unsigned char packet[64] = { 0 };
	for (int i = 0; i < 3; i++) {
		DECLARE_LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = packet, .data_size_in = sizeof(packet));
		int ret = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.count_inner), &opts);
		printf("run %d: %d, verdict %u\n", i, ret, opts.retval);
	}
	__u64 n = 0;
	bpf_map_lookup_elem(inner_fd, &zero, &n);
	printf("counted in inner_a: %llu\n", (unsigned long long)n);
	drain_pairs(skel);
	load_options_bpf__destroy(skel);
}

/* Runs XDP program `prog` on an empty packet: its verdict. */
static unsigned xdp_verdict(struct bpf_program *prog)
{
	unsigned char packet[64] = { 0 };
	DECLARE_LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = packet, .data_size_in = sizeof(packet));
	int ret = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
	return ret ? (unsigned)ret : opts.retval;
}

/* A map of maps declared with its inner map: bpf_map__inner_map gives
 * the prototype, resized here before load (natively replaced, see
 * below); the kernel then takes only maps of the new size, and the
 * program counts in a slot only they have. */
static void inner_prototype(void)
{
	struct load_options_bpf *skel;
#ifdef __wasi__
	/* The policy judges the prototype's type at load, as the object's
	 * own maps' (a socket map needs sockops). */
	skel = open_with(count_typed, false);
	bpf_map__set_type(bpf_map__inner_map(skel->maps.typed_outer), BPF_MAP_TYPE_SOCKMAP);
	int ret = load_options_bpf__load(skel);
	printf("inner map of sockets: load %d (%s)\n", ret, libbpf_wasm_last_error());
	load_options_bpf__destroy(skel);
#endif
	skel = open_with(count_typed, false);
	printf("inner_map of outer: %s\n", bpf_map__inner_map(skel->maps.outer) ? "a map" : "NULL");
	struct bpf_map *inner = bpf_map__inner_map(skel->maps.typed_outer);
	if (!inner) {
		printf("inner_map of typed_outer: NULL (%d)\n", -errno);
		exit(1);
	}
	printf("inner map: %s, type %d, key %u, value %u, max_entries %u, fd %d\n", bpf_map__name(inner),
	       bpf_map__type(inner), bpf_map__key_size(inner), bpf_map__value_size(inner),
	       bpf_map__max_entries(inner), bpf_map__fd(inner));
	printf("same map again: %d\n", bpf_map__inner_map(skel->maps.typed_outer) == inner);
#ifdef __wasi__
	printf("inner set_max_entries 8: %d\n", bpf_map__set_max_entries(inner, 8));
	printf("inner max_entries: %u\n", bpf_map__max_entries(inner));
#else
	/* libbpf's setters crash on its prototype, which has no object
	 * (libbpf 1.1 to 1.7): natively a map of the new shape replaces it. */
	int prototype = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, sizeof(__u32), sizeof(__u64), 8, NULL);
	bpf_map__set_inner_map_fd(skel->maps.typed_outer, prototype);
#endif
	printf("load: %d\n", load_options_bpf__load(skel));
#ifndef __wasi__
	close(prototype);
#endif
	printf("inner_map after load: %s\n", bpf_map__inner_map(skel->maps.typed_outer) ? "a map" : "NULL");

	__u32 zero = 0, seven = 7;
	int outer = bpf_map__fd(skel->maps.typed_outer);
	int one = bpf_map_create(BPF_MAP_TYPE_ARRAY, "one", sizeof(__u32), sizeof(__u64), 1, NULL);
	int eight = bpf_map_create(BPF_MAP_TYPE_ARRAY, "eight", sizeof(__u32), sizeof(__u64), 8, NULL);
	printf("typed_outer[0] = a map of 1 entry: %d\n", bpf_map_update_elem(outer, &zero, &one, BPF_ANY));
	printf("typed_outer[0] = a map of 8 entries: %d\n", bpf_map_update_elem(outer, &zero, &eight, BPF_ANY));
	for (int i = 0; i < 2; i++)
		printf("run %d: verdict %u\n", i, xdp_verdict(skel->progs.count_typed));
	__u64 n = 0;
	bpf_map_lookup_elem(eight, &seven, &n);
	printf("counted in slot 7: %llu\n", (unsigned long long)n);
	close(one);
	close(eight);
	load_options_bpf__destroy(skel);
}

static void devices(unsigned ifindex)
{
	struct load_options_bpf *skel = open_with(on_device, false);
	bpf_program__set_flags(skel->progs.on_device, BPF_F_XDP_DEV_BOUND_ONLY);
	bpf_program__set_ifindex(skel->progs.on_device, ifindex);
	printf("bound to the device: load %d\n", load_options_bpf__load(skel));
	load_options_bpf__destroy(skel);

	skel = open_with(on_device, false);
	bpf_program__set_ifindex(skel->progs.on_device, ifindex);
	printf("offloaded to the device: load %d\n", load_options_bpf__load(skel));
	load_options_bpf__destroy(skel);

	skel = open_with(NULL, false);
	bpf_map__set_autocreate(skel->maps.offloaded, true);
	printf("map set_ifindex: %d\n", bpf_map__set_ifindex(skel->maps.offloaded, ifindex));
	printf("map ifindex is the device: %d\n", bpf_map__ifindex(skel->maps.offloaded) == ifindex);
	printf("offloaded map: load %d\n", load_options_bpf__load(skel));
	load_options_bpf__destroy(skel);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: load_options IFINDEX\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	program_flags();
	maps_and_log();
	inner_prototype();
	devices((unsigned)atoi(argv[1]));
	return 0;
}
