// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Maps whose values name kernel objects, each used the way tools use it:
 * a program array an XDP dispatcher tail-calls through, an array and a
 * hash of maps a program reaches its counters through, a device map XDP
 * redirects to, and a cgroup array a tracepoint filters its events by
 * (libbpf-tools' `-c`). The first byte of a test-run frame picks the
 * slot, key or interface. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "handle_maps.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* XDP verdicts (enum xdp_action). */
#define XDP_ABORTED 0
#define XDP_DROP 1
#define XDP_PASS 2
#define XDP_TX 3

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
} outer_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} devmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} devmap_progs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_map SEC(".maps");

/* The test's getpgid(GETPGID_MAGIC) calls, from inside the cgroup in
 * cgroup_map and from outside it. */
__u64 inside = 0;
__u64 outside = 0;

/* The frame's first byte, or -1 for an empty frame. */
static __always_inline int first_byte(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	return data + 1 > end ? -1 : data[0];
}

SEC("xdp")
int dispatch(struct xdp_md *ctx)
{
	int slot = first_byte(ctx);
	if (slot < 0)
		return XDP_ABORTED;
	bpf_tail_call(ctx, &jmp_table, slot);
	/* No program in that slot. */
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

/* Counts in slot 0 of whichever inner array outer_array holds. */
SEC("xdp")
int count_through_array(struct xdp_md *ctx)
{
	__u32 zero = 0;
	void *inner = bpf_map_lookup_elem(&outer_array, &zero);
	if (!inner)
		return XDP_ABORTED;
	__u64 *count = bpf_map_lookup_elem(inner, &zero);
	if (!count)
		return XDP_ABORTED;
	__sync_fetch_and_add(count, 1);
	return XDP_PASS;
}

/* Counts in the inner array outer_hash holds under the frame's first
 * byte; XDP_DROP when it holds none there. */
SEC("xdp")
int count_through_hash(struct xdp_md *ctx)
{
	__u32 zero = 0;
	int key = first_byte(ctx);
	if (key < 0)
		return XDP_ABORTED;
	void *inner = bpf_map_lookup_elem(&outer_hash, &key);
	if (!inner)
		return XDP_DROP;
	__u64 *count = bpf_map_lookup_elem(inner, &zero);
	if (!count)
		return XDP_ABORTED;
	__sync_fetch_and_add(count, 1);
	return XDP_PASS;
}

/* XDP_REDIRECT when devmap has an interface under the frame's first
 * byte, else XDP_PASS. */
SEC("xdp")
int redirect(struct xdp_md *ctx)
{
	int key = first_byte(ctx);
	if (key < 0)
		return XDP_ABORTED;
	return bpf_redirect_map(&devmap, key, XDP_PASS);
}

/* Run on packets redirected through devmap_progs. */
SEC("xdp/devmap")
int on_redirected(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("tracepoint/syscalls/sys_enter_getpgid")
int count_getpgid(struct trace_event_raw_sys_enter *ctx)
{
	if ((int)ctx->args[0] != GETPGID_MAGIC)
		return 0;
	if (bpf_current_task_under_cgroup(&cgroup_map, 0) == 1)
		__sync_fetch_and_add(&inside, 1);
	else
		__sync_fetch_and_add(&outside, 1);
	return 0;
}
