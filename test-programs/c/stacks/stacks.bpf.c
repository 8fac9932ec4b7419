// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The kernel and user stacks of one process's getppid() calls, as stack
 * ids in a stack-trace map (profile's way): stacks.c prints them with
 * ksyms__* and syms_cache__*. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "stacks.h"

#define MAX_STACK_DEPTH 127

const volatile __u32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_STACK_DEPTH * sizeof(__u64));
	__uint(max_entries, 64);
} stackmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int stacks_getppid(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if (tgid != target_tgid)
		return 0;
	struct stacks_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = tgid;
	e->kernel_stack_id = bpf_get_stackid(ctx, &stackmap, 0);
	e->user_stack_id = bpf_get_stackid(ctx, &stackmap, BPF_F_USER_STACK);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
