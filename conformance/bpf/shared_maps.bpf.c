// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Maps the guest makes outside the object (bpf_map_create) reach the
 * program two ways: `shared` is replaced by one (bpf_map__reuse_fd), and
 * `sm_outer` holds one (a map of maps). One XDP run writes through both.
 * Used by test-programs/c/shared_maps and the shared_maps_* conformance
 * cases. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The shape of the maps made outside: u32 keys, u64 values. */
struct inner {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
};

/* Replaced by the guest's own map before load. */
struct inner shared SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner);
} sm_outer SEC(".maps");

/* Key 1 of the map in sm_outer[0] and key 2 of `shared` get these. */
#define THROUGH_OUTER 0x1111
#define THROUGH_SHARED 0x2222

SEC("xdp")
int sm_fill(struct xdp_md *ctx)
{
	__u32 slot = 0, one = 1, two = 2;
	__u64 through_outer = THROUGH_OUTER, through_shared = THROUGH_SHARED;
	void *inner = bpf_map_lookup_elem(&sm_outer, &slot);
	if (inner)
		bpf_map_update_elem(inner, &one, &through_outer, BPF_ANY);
	bpf_map_update_elem(&shared, &two, &through_shared, BPF_ANY);
	return XDP_PASS;
}
