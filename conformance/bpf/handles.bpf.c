// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Maps whose values name kernel objects (wasi:bpf/handle-maps): a program
 * array an XDP dispatcher tail-calls through, an array of maps, a cgroup
 * array and a device map. The first byte of a test-run frame picks the
 * slot or key. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} jmp_table SEC(".maps");

struct inner_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} devmap SEC(".maps");

/* A plain hash: the wrong kind of map for every handle-maps call. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} plain SEC(".maps");

static __always_inline int first_byte(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	return data + 1 > end ? -1 : data[0];
}

/* Tail-calls the slot the frame names; XDP_TX (3) when it is empty. */
SEC("xdp")
int dispatch(struct xdp_md *ctx)
{
	int slot = first_byte(ctx);
	if (slot < 0)
		return XDP_ABORTED;
	bpf_tail_call(ctx, &jmp_table, slot);
	return XDP_TX;
}

SEC("xdp")
int tail_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

/* Adds one to slot 0 of the inner map outer holds: XDP_PASS, or
 * XDP_ABORTED when it holds none. */
SEC("xdp")
int count_inner(struct xdp_md *ctx)
{
	__u32 zero = 0;
	void *map = bpf_map_lookup_elem(&outer, &zero);
	if (!map)
		return XDP_ABORTED;
	__u64 *count = bpf_map_lookup_elem(map, &zero);
	if (!count)
		return XDP_ABORTED;
	__sync_fetch_and_add(count, 1);
	return XDP_PASS;
}

/* XDP_REDIRECT (4) when devmap holds an interface under the frame's
 * first byte, else XDP_PASS (2). */
SEC("xdp")
int redirect(struct xdp_md *ctx)
{
	int key = first_byte(ctx);
	if (key < 0)
		return XDP_ABORTED;
	return bpf_redirect_map(&devmap, key, XDP_PASS);
}

/* 1 when the running task is under the cgroup in slot 0 of cgroups, 0
 * when not, 2 when the slot is empty (the helper's error). */
SEC("raw_tp")
int under_cgroup(void *ctx)
{
	long under = bpf_current_task_under_cgroup(&cgroups, 0);
	return under < 0 ? 2 : under;
}
