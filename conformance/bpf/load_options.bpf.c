// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The programs and maps test-programs/c/load_options and the
 * load_options_* conformance cases configure before
 * load: a sleepable uprobe, a bloom filter, a map of maps declared
 * without its inner map and one declared with it, a hash map to drain,
 * and XDP programs and a map for a network device. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Loads only as a sleepable program (BPF_F_SLEEPABLE): bpf_copy_from_user
 * may fault pages in. */
SEC("uprobe")
int sleepy(void *ctx)
{
	char buf[8];
	bpf_copy_from_user(buf, sizeof(buf), (void *)0);
	return 0;
}

/* Its hash count comes from bpf_map__set_map_extra. */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__type(value, __u32);
	__uint(max_entries, 16);
} bloom SEC(".maps");

/* The shape of outer's inner maps, and one such map. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} proto SEC(".maps"), inner_a SEC(".maps");

/* A map of maps with no inner map declared: bpf_map__set_inner_map_fd
 * gives it one. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 1);
} outer SEC(".maps");

/* Counts in the map under outer[0]; XDP_ABORTED while there is none. */
SEC("xdp")
int count_inner(struct xdp_md *ctx)
{
	__u32 zero = 0;
	void *inner = bpf_map_lookup_elem(&outer, &zero);
	if (!inner)
		return XDP_ABORTED;
	__u64 *n = bpf_map_lookup_elem(inner, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return XDP_PASS;
}

/* A map of maps declared with its inner map, whose prototype
 * (`typed_outer.inner`, bpf_map__inner_map) a guest resizes before load:
 * maps put in it must then have the new size. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__type(key, __u32);
	__uint(max_entries, 1);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_ARRAY);
		__type(key, __u32);
		__type(value, __u64);
		__uint(max_entries, 1);
	});
} typed_outer SEC(".maps");

/* Counts in slot 7 of the map under typed_outer[0], which exists only in
 * an inner map of at least 8 entries; XDP_ABORTED when it does not. */
SEC("xdp")
int count_typed(struct xdp_md *ctx)
{
	__u32 zero = 0, seven = 7;
	void *inner = bpf_map_lookup_elem(&typed_outer, &zero);
	if (!inner)
		return XDP_ABORTED;
	__u64 *n = bpf_map_lookup_elem(inner, &seven);
	if (!n)
		return XDP_ABORTED;
	__sync_fetch_and_add(n, 1);
	return XDP_PASS;
}

/* Drained with bpf_map_lookup_and_delete_batch. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} pairs SEC(".maps");

/* Loaded for a device (bpf_program__set_ifindex). */
SEC("xdp")
int on_device(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* Created on a device (bpf_map__set_ifindex). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 4);
} offloaded SEC(".maps");
