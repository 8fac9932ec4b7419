// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A CPU sampler: a perf_event program, on a CPU clock event per CPU,
 * counts each sample under its process and its user and kernel stacks. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "profile.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set before the load. */
const volatile __u32 target_tgid = 0;	/* 0: every process */
const volatile bool user_stacks_only = false;
const volatile bool kernel_stacks_only = false;
const volatile bool include_idle = false;

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_STACK_DEPTH * sizeof(__u64));
	__uint(max_entries, 10240);
} stackmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct key_t);
	__type(value, __u64);
	__uint(max_entries, 10240);
} counts SEC(".maps");

/* The sample's stack id, or -1 for none: the errors (a sample in user
 * space has no kernel stack: -EFAULT) would split one stack's count. */
static __always_inline __s32 stack_id(struct bpf_perf_event_data *ctx, __u64 flags)
{
	long id = bpf_get_stackid(&ctx->regs, &stackmap, flags);
	return id < 0 ? -1 : id;
}

SEC("perf_event")
int do_sample(struct bpf_perf_event_data *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32;
	__u64 zero = 0;
	struct key_t key = {};
	__u64 *count;

	/* The idle task is thread 0 of each CPU. */
	if (!include_idle && (__u32)id == 0)
		return 0;
	if (target_tgid && tgid != target_tgid)
		return 0;

	key.pid = tgid;
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	key.user_stack_id = kernel_stacks_only ? -1 : stack_id(ctx, BPF_F_USER_STACK);
	key.kernel_stack_id = user_stacks_only ? -1 : stack_id(ctx, 0);

	count = bpf_map_lookup_elem(&counts, &key);
	if (!count) {
		bpf_map_update_elem(&counts, &key, &zero, BPF_NOEXIST);
		count = bpf_map_lookup_elem(&counts, &key);
		if (!count)
			return 0;
	}
	__sync_fetch_and_add(count, 1);
	return 0;
}
