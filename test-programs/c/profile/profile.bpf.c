// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CPU samples of one process, by stack (libbpf-tools' profile's way): a
 * perf_event program on a CPU clock event per CPU counts each sample
 * under its user and kernel stack ids. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "profile.h"

#define MAX_STACK_DEPTH 127

const volatile __u32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_STACK_DEPTH * sizeof(__u64));
	__uint(max_entries, 1024);
} stackmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct profile_key);
	__type(value, __u64);
	__uint(max_entries, 1024);
} counts SEC(".maps");

SEC("perf_event")
int profile_sample(struct bpf_perf_event_data *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if (tgid != target_tgid)
		return 0;
	struct profile_key key = { .pid = tgid };
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	key.user_stack_id = bpf_get_stackid(&ctx->regs, &stackmap, BPF_F_USER_STACK);
	key.kernel_stack_id = bpf_get_stackid(&ctx->regs, &stackmap, 0);
	__u64 one = 1, *count = bpf_map_lookup_elem(&counts, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&counts, &key, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
