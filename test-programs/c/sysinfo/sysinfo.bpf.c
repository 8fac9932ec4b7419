// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Counts thread `target_tid`'s getpgid() calls and keeps the syscall
 * number the kernel gives them, which user space names with
 * syscall_name(). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "sysinfo.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 target_tid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct seen);
} seen SEC(".maps");

SEC("tp/syscalls/sys_enter_getpgid")
int count_getpgid(struct trace_event_raw_sys_enter *ctx)
{
	__u32 zero = 0;
	struct seen *s;

	if ((__u32)bpf_get_current_pid_tgid() != target_tid)
		return 0;
	s = bpf_map_lookup_elem(&seen, &zero);
	if (!s)
		return 0;
	s->id = ctx->id;
	__sync_fetch_and_add(&s->calls, 1);
	return 0;
}
