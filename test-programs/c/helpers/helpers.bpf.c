// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Histograms of the arguments of one thread's getpgid() calls, a count of
 * each argument, and the errors of calls on pids that cannot exist: the
 * data helpers.c prints with the SDK's libbpf-tools helpers. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "helpers.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 target_tid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

/* Calls per argument, for dump_hash. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

/* The same counts under struct big_key. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct big_key);
	__type(value, __u64);
} big_calls SEC(".maps");

/* Failures per errno (positive), of calls on args >= NO_SUCH_PID. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
} errors SEC(".maps");

/* The argument of the call in progress. */
__u32 pending_arg = 0;

static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) r += 1;
	return r;
}

static __always_inline bool ours(void)
{
	return (__u32)bpf_get_current_pid_tgid() == target_tid;
}

SEC("tp/syscalls/sys_enter_getpgid")
int on_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u32 zero = 0, arg = (__u32)ctx->args[0], slot;
	__u64 one = 1, *n;
	struct hist *h;

	if (!ours())
		return 0;
	h = bpf_map_lookup_elem(&hists, &zero);
	if (!h)
		return 0;
	if (!h->calls)
		h->first_ns = bpf_ktime_get_ns();
	slot = log2_u64(arg);
	if (slot < LOG2_SLOTS)
		h->log2[slot]++;
	slot = log2_u64((__u64)arg << 16);
	if (slot < LOG2_SLOTS)
		h->wide[slot]++;
	if (arg >= LINEAR_BASE) {
		slot = (arg - LINEAR_BASE) / LINEAR_STEP;
		/* The check after the division, for the verifier. */
		barrier_var(slot);
		if (slot < LINEAR_SLOTS)
			h->linear[slot]++;
	}
	n = bpf_map_lookup_elem(&calls, &arg);
	if (n)
		(*n)++;
	else
		bpf_map_update_elem(&calls, &arg, &one, BPF_NOEXIST);
	struct big_key big = { .arg = arg };
	n = bpf_map_lookup_elem(&big_calls, &big);
	if (n)
		(*n)++;
	else
		bpf_map_update_elem(&big_calls, &big, &one, BPF_NOEXIST);
	pending_arg = arg;
	/* Last: user space reads the rest once `calls` says all are in. */
	__sync_fetch_and_add(&h->calls, 1);
	return 0;
}

SEC("tp/syscalls/sys_exit_getpgid")
int on_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u32 err, one = 1, *n;

	if (!ours() || pending_arg < NO_SUCH_PID || ctx->ret >= 0)
		return 0;
	err = (__u32)-ctx->ret;
	n = bpf_map_lookup_elem(&errors, &err);
	if (n)
		(*n)++;
	else
		bpf_map_update_elem(&errors, &err, &one, BPF_NOEXIST);
	return 0;
}
