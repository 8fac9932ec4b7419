// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Maps of every common type, for the bpf-map cases. Keys and values carry
 * BTF types (`__type`) wherever the kernel takes them, so that
 * `map.kernel-info` has names to report. The programs let a case see or
 * change a map from the BPF side; the guest runs them with
 * `program.test-run`. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* A value guarded by a spin lock: 16 bytes, the lock first. */
struct locked_value {
	struct bpf_spin_lock lock;
	__u32 a;
	__u64 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, __u64);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} array SEC(".maps");

/* 4-byte values: each CPU's slot is rounded up to 8 bytes in batches. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} percpu_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} percpu_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} lru_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 4);
	__type(value, __u32);
} queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 4);
	__type(value, __u32);
} stack SEC(".maps");

/* Zero seed: the same values hash the same way on every run. */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 256);
	__uint(map_flags, BPF_F_ZERO_SEED);
	__type(value, __u64);
} bloom SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct locked_value);
} locked SEC(".maps");

/* Values the kernel reads as file descriptors. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} progs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
} perf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} ring SEC(".maps");

/* What percpu_touch saw, by CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

/* args[0]: index, args[1]: value; sets array[index] = value. */
SEC("raw_tp")
int write_array(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 key = ctx->args[0];
	__u64 value = ctx->args[1];

	return bpf_map_update_elem(&array, &key, &value, BPF_ANY) ? 1 : 0;
}

/* args[0]: index. Records the running CPU's value of percpu_array[index]
 * in seen[cpu], then sets that CPU's value to 1000 * (cpu + 1) + index. */
SEC("raw_tp")
int percpu_touch(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 key = ctx->args[0];
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 *value = bpf_map_lookup_elem(&percpu_array, &key);

	if (!value)
		return 1;
	bpf_map_update_elem(&seen, &cpu, value, BPF_ANY);
	*value = 1000 * (__u64)(cpu + 1) + key;
	return 0;
}

struct locked_add_args {
	__u32 key;
	__u32 add;
};

/* Adds `add` to both fields of locked[key] while holding its lock; the
 * arguments follow a 14-byte Ethernet header in the test-run packet.
 * XDP_PASS when it added, XDP_DROP when the key is missing. An XDP program
 * rather than a syscall one: kernels before 6.2 refuse bpf_spin_lock in
 * sleepable programs, and syscall programs are always sleepable. */
SEC("xdp")
int locked_add(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct locked_add_args *args = data + 14;
	struct locked_value *value;
	__u32 key;

	if ((void *)(args + 1) > data_end)
		return XDP_ABORTED;
	key = args->key;
	value = bpf_map_lookup_elem(&locked, &key);
	if (!value)
		return XDP_DROP;
	bpf_spin_lock(&value->lock);
	value->a += args->add;
	value->b += args->add;
	bpf_spin_unlock(&value->lock);
	return XDP_PASS;
}
