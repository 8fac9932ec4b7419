// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bigstack: counts one thread's getpgid() calls by argument and sends each
 * call as an event. The kernel side of test-programs/c/bigstack. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bigstack.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 target_tid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpgid")
int bigstack_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u32 arg = (__u32)ctx->args[0];
	__u64 one = 1, *count;
	struct event *e;

	if (tid != target_tid)
		return 0;
	count = bpf_map_lookup_elem(&counts, &arg);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&counts, &arg, &one, BPF_NOEXIST);

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->tid = tid;
	e->arg = arg;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
