// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Every openat of one thread, with its flags and its return value (a
 * negative errno from the kernel), for errnos.c to print as a native tool
 * does. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "errnos.h"

const volatile __u32 target_tid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} flags_of SEC(".maps");

/* For errnos.c's lookups: one entry, key 1. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} lookups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int errnos_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	if (tid != target_tid)
		return 0;
	__u32 flags = (__u32)ctx->args[2];
	bpf_map_update_elem(&flags_of, &tid, &flags, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int errnos_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	if (tid != target_tid)
		return 0;
	__u32 *flags = bpf_map_lookup_elem(&flags_of, &tid);
	if (!flags)
		return 0;
	struct errnos_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->ret = ctx->ret;
		e->flags = *flags;
		e->tid = tid;
		bpf_ringbuf_submit(e, 0);
	}
	bpf_map_delete_elem(&flags_of, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
