// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One map of each common kind for the map-operation tests, and a program
 * that writes into two of them from the kernel: it counts the target
 * thread's getpgid(arg) calls per arg, and all of them per CPU. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define U32_U64_MAP(kind, name, n)            \
	struct {                              \
		__uint(type, kind);           \
		__uint(max_entries, n);       \
		__type(key, __u32);           \
		__type(value, __u64);         \
	} name SEC(".maps")

U32_U64_MAP(BPF_MAP_TYPE_HASH, hash, 64);
U32_U64_MAP(BPF_MAP_TYPE_ARRAY, array, 16);
U32_U64_MAP(BPF_MAP_TYPE_PERCPU_HASH, percpu_hash, 64);
U32_U64_MAP(BPF_MAP_TYPE_PERCPU_ARRAY, percpu_array, 4);
U32_U64_MAP(BPF_MAP_TYPE_LRU_HASH, lru, 64);
U32_U64_MAP(BPF_MAP_TYPE_HASH, kernel_counts, 64);

/* Its values are program fds: guests may not write it. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} programs SEC(".maps");

/* A struct value with padding inside, as guests must mirror it. */
struct pair {
	__u8 tag;
	__u64 value;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct pair);
} pairs SEC(".maps");

SEC("tp/syscalls/sys_enter_getpgid")
int wbt_maps(struct trace_event_raw_sys_enter *ctx)
{
	__u32 key = ctx->args[0], zero = 0;
	__u64 one = 1, *count;
	struct pair p;

	if (!is_target())
		return 0;
	count = bpf_map_lookup_elem(&kernel_counts, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&kernel_counts, &key, &one, BPF_NOEXIST);
	count = bpf_map_lookup_elem(&percpu_array, &zero);
	if (count)
		*count += 1;
	/* Zero the padding too: it would carry kernel stack bytes. */
	__builtin_memset(&p, 0, sizeof(p));
	p.tag = (__u8)key;
	p.value = (__u64)key * 1000;
	bpf_map_update_elem(&pairs, &key, &p, BPF_ANY);
	return 0;
}
