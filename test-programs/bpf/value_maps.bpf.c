// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Maps of values without keys: on each getpgid of the target thread the
 * program pushes the call's number (1, 2, 3...) to a queue, a stack and a
 * bloom filter, and counts the calls in `frozen_counts` (which the guest
 * freezes: BPF programs may still write it). */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 8);
	__type(value, __u32);
} queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 8);
	__type(value, __u32);
} stack SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 64);
	__type(value, __u32);
} bloom SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} frozen_counts SEC(".maps");

/* One thread drives the calls: a plain increment is exact. */
__u32 calls = 0;

SEC("tp/syscalls/sys_enter_getpgid")
int wbt_value_maps(void *ctx)
{
	__u32 zero = 0;
	__u64 *count;
	__u32 n;

	if (!is_target())
		return 0;
	n = ++calls;
	bpf_map_push_elem(&queue, &n, 0);
	bpf_map_push_elem(&stack, &n, 0);
	bpf_map_push_elem(&bloom, &n, 0);
	count = bpf_map_lookup_elem(&frozen_counts, &zero);
	if (count)
		__sync_fetch_and_add(count, 1);
	return 0;
}
