// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The kernel side of the C SDK's API test: one map of each kind the SDK
 * treats differently, globals in every data section, a program for each
 * attach call that reacts to the target thread's getpgid() calls, one
 * the guest keeps from loading, and one the verifier rejects. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "sdk_api.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* .rodata, set by the guest before load. */
const volatile __u32 target_tid = 0;
const volatile __u32 records_per_call = 2;

/* .data: starts at 7 so that the guest can tell the initial value from
 * the kernel's zeroes. */
__u64 data_calls = 7;

/* .bss: `calls` counts the target's getpgid() calls, bumped after each
 * call's records are out so that the guest, seeing it, knows they all
 * are; `token` is written by the guest after load. */
__u64 calls = 0;
__u32 token = 0;

/* The syscall number the tracepoint saw, for the raw tracepoint's
 * counts; and what the probes counted. */
__u64 getpgid_nr = 0;
__u64 kprobe_hits = 0;
__u64 kretprobe_hits = 0;
__u64 uprobe_hits = 0;
__u64 uretprobe_hits = 0;
/* The BPF cookies sdk_api_urp's and sdk_api_kp's attach gave them. */
__u64 uretprobe_cookie = 0;
__u64 kprobe_cookie = 0;
/* Runs of the XDP program (BPF_PROG_TEST_RUN): bumped with no wait of
 * the guest in between, to check the guest's copy of .bss. */
__u64 xdp_runs = 0;

static __always_inline bool is_target(void)
{
	return (__u32)bpf_get_current_pid_tgid() == target_tid;
}

/* The guest's element and iteration checks. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} hash SEC(".maps");

/* The target's syscalls by number, as the raw tracepoint counts them. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} raw_counts SEC(".maps");

/* [0]: the token the program last saw; the rest is the guest's. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} array SEC(".maps");

/* [0]: the target's calls on each CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} pcpu_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct sdk_api_triple);
} pcpu_hash SEC(".maps");

/* Declared with room for one entry: the guest's batches need the 1024
 * it sets before load. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} big SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} ring_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} ring_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf SEC(".maps");

SEC("tp/syscalls/sys_enter_getpgid")
int sdk_api_tp(struct trace_event_raw_sys_enter *ctx)
{
	struct sdk_api_record r = {};
	__u32 zero = 0;
	__u64 tok = token, *count;

	if (!is_target())
		return 0;
	getpgid_nr = ctx->id;
	r.seq = calls;
	r.arg = ctx->args[0];
	bpf_map_update_elem(&array, &zero, &tok, BPF_ANY);
	count = bpf_map_lookup_elem(&pcpu_array, &zero);
	if (count)
		*count += 1;
	for (__u32 i = 0; i < SDK_API_MAX_RECORDS && i < records_per_call; i++) {
		r.idx = i;
		r.check = r.seq * 1000 + i;
		r.ring = 'a';
		bpf_ringbuf_output(&ring_a, &r, SDK_API_RECORD_A_SIZE, 0);
		r.ring = 'b';
		bpf_ringbuf_output(&ring_b, &r, sizeof(r), 0);
	}
	r.idx = 0;
	r.ring = 'p';
	r.check = r.seq * 1000;
	bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU, &r, sizeof(r));
	__sync_fetch_and_add(&data_calls, 1);
	__sync_fetch_and_add(&calls, 1);
	return 0;
}

/* The probes' sections name no target: the guest attaches each with
 * the SDK's call for its kind. */
SEC("raw_tp")
int sdk_api_raw(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 nr = ctx->args[1];
	__u64 one = 1, *count;

	if (!is_target())
		return 0;
	count = bpf_map_lookup_elem(&raw_counts, &nr);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&raw_counts, &nr, &one, BPF_NOEXIST);
	return 0;
}

SEC("kprobe")
int sdk_api_kp(void *ctx)
{
	if (is_target()) {
		__sync_fetch_and_add(&kprobe_hits, 1);
		kprobe_cookie = bpf_get_attach_cookie(ctx);
	}
	return 0;
}

SEC("kretprobe")
int sdk_api_krp(void *ctx)
{
	if (is_target())
		__sync_fetch_and_add(&kretprobe_hits, 1);
	return 0;
}

SEC("uprobe")
int sdk_api_up(void *ctx)
{
	if (is_target())
		__sync_fetch_and_add(&uprobe_hits, 1);
	return 0;
}

SEC("uretprobe")
int sdk_api_urp(void *ctx)
{
	if (is_target()) {
		__sync_fetch_and_add(&uretprobe_hits, 1);
		uretprobe_cookie = bpf_get_attach_cookie(ctx);
	}
	return 0;
}

/* Attached by name or path, and detached again, without traffic; run by
 * BPF_PROG_TEST_RUN. */
SEC("xdp")
int sdk_api_xdp(struct xdp_md *ctx)
{
	__sync_fetch_and_add(&xdp_runs, 1);
	return XDP_PASS;
}

SEC("socket")
int sdk_api_sock(struct __sk_buff *skb)
{
	return 0;
}

SEC("cgroup_skb/ingress")
int sdk_api_cg(struct __sk_buff *skb)
{
	return 1;
}

/* Loadable, but the guest turns its autoload off: it must never reach
 * the kernel. */
SEC("tp/syscalls/sys_enter_getpgid")
int sdk_api_idle(void *ctx)
{
	return 0;
}

/* Off by default ("?"): the verifier rejects it, as it reads a map value
 * without checking the lookup for NULL. */
SEC("?tp/syscalls/sys_enter_getpgid")
int sdk_api_bad(void *ctx)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&hash, &key);

	return *value;
}
