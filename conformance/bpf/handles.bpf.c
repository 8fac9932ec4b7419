// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Maps whose values name kernel objects (wasi:bpf/handle-maps), each used
 * the way tools use it: a program array an XDP dispatcher tail-calls
 * through, an array and a hash of maps a program reaches its counters
 * through, device maps XDP redirects to, and a cgroup array that a raw
 * tracepoint and a tracepoint filter by (libbpf-tools' `-c`). The first
 * byte of a test-run frame picks the slot or key. Also the C
 * handle_maps test guest's object (test-programs/c/Makefile) and the
 * soak's. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The getpgid() argument the handle_maps kernel test's calls pass (no
 * such process): count_getpgid counts only these. */
#define GETPGID_MAGIC 999999937

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} jmp_table SEC(".maps");

struct inner_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} devmap SEC(".maps");

/* Values with a program to run on what is redirected there. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} devmap_progs SEC(".maps");

/* A plain hash: the wrong kind of map for every handle-maps call. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} plain SEC(".maps");

/* count_getpgid's counts: calls from inside the cgroup in slot 0 of
 * cgroups, and from outside it. */
__u64 inside = 0;
__u64 outside = 0;

/* The frame's first byte, or -1 for an empty frame. */
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
int tail_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int tail_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

/* Adds one to slot 0 of inner map `inner` (NULL: none there): XDP_PASS,
 * or `missing`. */
static __always_inline int count_in(void *inner, int missing)
{
	__u32 zero = 0;
	__u64 *count = inner ? bpf_map_lookup_elem(inner, &zero) : NULL;
	if (!count)
		return missing;
	__sync_fetch_and_add(count, 1);
	return XDP_PASS;
}

/* Counts in the inner map outer holds; XDP_ABORTED when it holds none. */
SEC("xdp")
int count_inner(struct xdp_md *ctx)
{
	__u32 zero = 0;
	return count_in(bpf_map_lookup_elem(&outer, &zero), XDP_ABORTED);
}

/* Counts in the inner map outer_hash holds under the frame's first byte;
 * XDP_DROP when it holds none there. */
SEC("xdp")
int count_through_hash(struct xdp_md *ctx)
{
	int key = first_byte(ctx);
	if (key < 0)
		return XDP_ABORTED;
	return count_in(bpf_map_lookup_elem(&outer_hash, &key), XDP_DROP);
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

/* Run on packets redirected through devmap_progs. It uses devmap_progs
 * itself, so an entry holding it and the map it uses hold each other: the
 * reference cycle the host must break when the object goes. */
SEC("xdp/devmap")
int on_redirected(struct xdp_md *ctx)
{
	__u32 key = 3;
	return bpf_map_lookup_elem(&devmap_progs, &key) ? XDP_PASS : XDP_DROP;
}

/* 1 when the running task is under the cgroup in slot 0 of cgroups, 0
 * when not, 2 when the slot is empty (the helper's error). */
SEC("raw_tp")
int under_cgroup(void *ctx)
{
	long under = bpf_current_task_under_cgroup(&cgroups, 0);
	return under < 0 ? 2 : under;
}

SEC("tracepoint/syscalls/sys_enter_getpgid")
int count_getpgid(struct trace_event_raw_sys_enter *ctx)
{
	if ((int)ctx->args[0] != GETPGID_MAGIC)
		return 0;
	if (bpf_current_task_under_cgroup(&cgroups, 0) == 1)
		__sync_fetch_and_add(&inside, 1);
	else
		__sync_fetch_and_add(&outside, 1);
	return 0;
}
