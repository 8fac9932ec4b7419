// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* shared_maps: maps made outside an object and shared with one. A hash
 * map made by bpf_map_create is used from user space (update, lookup,
 * iteration, batch, delete), then replaces the object's `shared` map
 * (bpf_map__reuse_fd); a second one goes into the object's map of maps
 * and a third is bound to the program (bpf_prog_bind_map). One XDP test
 * run writes through both; the lines show what the kernel wrote, read
 * through the maps' own handles. Built as a guest and natively; the
 * kernel test compares the lines. Lines under __wasi__ are the
 * sandbox's own refusals. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "shared_maps.skel.h"

/* A number no map has: far above any fd of the native run, and a
 * handle number the SDK never gave out. */
#define NO_MAP ((1 << 20) + 999)

static int make_hash(const char *name)
{
	return bpf_map_create(BPF_MAP_TYPE_HASH, name, sizeof(__u32), sizeof(__u64), 16, NULL);
}

static void from_user_space(int fd)
{
	__u32 key = 7, next = 0;
	__u64 value = 0x77, got = 0;
	printf("update 7: %d\n", bpf_map_update_elem(fd, &key, &value, BPF_NOEXIST));
	printf("update 7 again, BPF_NOEXIST: %d\n", bpf_map_update_elem(fd, &key, &value, BPF_NOEXIST) ? -errno : 0);
	int ret = bpf_map_lookup_elem(fd, &key, &got);
	printf("lookup 7: %d, %#llx\n", ret, (unsigned long long)got);
	ret = bpf_map_get_next_key(fd, NULL, &next);
	printf("first key: %d, %u\n", ret, next);
	__u32 keys[3] = { 3, 4, 5 };
	__u64 values[3] = { 0x33, 0x44, 0x55 };
	__u32 count = 3;
	ret = bpf_map_update_batch(fd, keys, values, &count, NULL);
	printf("update_batch: %d, count %u\n", ret, count);
	unsigned n = 0;
	__u64 sum = 0;
	for (int err = bpf_map_get_next_key(fd, NULL, &next); !err; err = bpf_map_get_next_key(fd, &next, &next)) {
		bpf_map_lookup_elem(fd, &next, &got);
		sum += got;
		n++;
	}
	printf("keys: %u, sum of values %#llx\n", n, (unsigned long long)sum);
	for (unsigned i = 0; i < 3; i++)
		bpf_map_delete_elem(fd, &keys[i]);
	ret = bpf_map_delete_elem(fd, &key);
	printf("delete 7: %d, lookup after: %d\n", ret, bpf_map_lookup_elem(fd, &key, &got) ? -errno : 0);
}

static void print_value(const char *what, int fd, __u32 key)
{
	__u64 value = 0;
	int ret = bpf_map_lookup_elem(fd, &key, &value);
	printf("%s[%u]: %d, %#llx\n", what, key, ret ? -errno : 0, (unsigned long long)value);
}

int main(void)
{
	int own = make_hash("sm_own");
	printf("create: %s\n", own >= 0 ? "ok" : "failed");
	if (own < 0)
		return 1;
	from_user_space(own);
	int in_outer = make_hash("sm_inner");
	int bound = make_hash("sm_bound");
	printf("created two more: %s\n", in_outer >= 0 && bound >= 0 ? "ok" : "failed");
	printf("hash with key_size 0: %d\n",
	       bpf_map_create(BPF_MAP_TYPE_HASH, "bad", 0, sizeof(__u64), 16, NULL) < 0 ? -errno : 0);
	LIBBPF_OPTS(bpf_map_create_opts, no_inner, .inner_map_fd = NO_MAP);
	printf("map of maps with no inner map: %d\n",
	       bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "bad", 4, 4, 1, &no_inner) < 0 ? -errno : 0);
	LIBBPF_OPTS(bpf_map_create_opts, with_inner, .inner_map_fd = (__u32)in_outer);
	int outer_alone = bpf_map_create(BPF_MAP_TYPE_HASH_OF_MAPS, "sm_outer_alone", 4, 4, 2, &with_inner);
	printf("hash of maps with inner sm_inner: %s\n", outer_alone >= 0 ? "ok" : "failed");
	close(outer_alone);
#ifdef __wasi__
	printf("sockmap: %d (%s)\n", bpf_map_create(BPF_MAP_TYPE_SOCKMAP, "socks", 4, 4, 16, NULL),
	       libbpf_wasm_last_error());
	LIBBPF_OPTS(bpf_map_create_opts, token, .map_flags = BPF_F_TOKEN_FD);
	printf("BPF_F_TOKEN_FD: %d (%s)\n", bpf_map_create(BPF_MAP_TYPE_HASH, "token", 4, 8, 16, &token),
	       libbpf_wasm_last_error());
	LIBBPF_OPTS(bpf_map_create_opts, btf, .btf_fd = 3, .btf_key_type_id = 1);
	printf("btf_fd: %d\n", bpf_map_create(BPF_MAP_TYPE_HASH, "btf", 4, 8, 16, &btf));
	printf("over map-memory: %d (%s)\n",
	       bpf_map_create(BPF_MAP_TYPE_HASH, "huge", 4, 4096, 1 << 24, NULL), libbpf_wasm_last_error());
#endif

	struct shared_maps_bpf *skel = shared_maps_bpf__open();
	if (!skel)
		return 1;
	printf("reuse_fd of no map: %d\n", bpf_map__reuse_fd(skel->maps.shared, NO_MAP));
	printf("reuse_fd: %d\n", bpf_map__reuse_fd(skel->maps.shared, own));
	printf("renamed: %s, key %u value %u entries %u type %d\n", bpf_map__name(skel->maps.shared),
	       bpf_map__key_size(skel->maps.shared), bpf_map__value_size(skel->maps.shared),
	       bpf_map__max_entries(skel->maps.shared), bpf_map__type(skel->maps.shared));
	printf("load: %d\n", shared_maps_bpf__load(skel));
#ifdef __wasi__
	/* libbpf lets it through and changes nothing the kernel has. */
	printf("reuse_fd after load: %d\n", bpf_map__reuse_fd(skel->maps.shared, own));
#endif
	__u32 slot = 0;
	printf("sm_outer[0] = sm_inner: %d\n", bpf_map_update_elem(bpf_map__fd(skel->maps.sm_outer), &slot, &in_outer, BPF_ANY));
	int prog = bpf_program__fd(skel->progs.sm_fill);
	printf("bind_map: %d\n", bpf_prog_bind_map(prog, bound, NULL));
	LIBBPF_OPTS(bpf_prog_bind_opts, flagged, .flags = 1);
	printf("bind_map with flags: %d\n", bpf_prog_bind_map(prog, bound, &flagged));
	char packet[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, run, .data_in = packet, .data_size_in = sizeof(packet));
	int ret = bpf_prog_test_run_opts(prog, &run);
	printf("run: %d, verdict %u\n", ret, run.retval);
	print_value("sm_own", own, 2);
	print_value("shared through the object", bpf_map__fd(skel->maps.shared), 2);
	print_value("sm_inner", in_outer, 1);
	print_value("sm_bound", bound, 1);

	/* The object keeps what it took; the guest's handles go. */
	printf("close: %d %d %d\n", close(own), close(in_outer), close(bound));
	__u32 two = 2;
	__u64 value;
	printf("lookup after close: %d\n", bpf_map_lookup_elem(own, &two, &value) ? -errno : 0);
	print_value("shared after close", bpf_map__fd(skel->maps.shared), 2);
	ret = bpf_prog_test_run_opts(prog, &run);
	printf("run again: %d\n", ret);
	shared_maps_bpf__destroy(skel);
	return 0;
}
