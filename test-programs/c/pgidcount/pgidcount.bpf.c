// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* pgidcount: do_getpgid() calls asking for one pid, from inside one
 * cgroup, counted by an fentry program or a kprobe (whichever the user
 * side keeps: libbpf-tools' fentry / kprobe fallback, with dummy
 * sections it retargets), and by the syscall tracepoint beside it. The
 * kernel side of test-programs/c/pgidcount. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Set before load: whether only tasks under cgroup_map[0] count (-c). */
const volatile bool filter_cg = false;

/* .bss, written by the tool while the programs run: the pid argument to
 * count (0: none), and the counts, which it also resets. */
int wanted_pid = 0;
__u64 function_calls = 0;
__u64 tracepoint_calls = 0;

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_map SEC(".maps");

static __always_inline bool wanted(int pid)
{
	if (!wanted_pid || pid != wanted_pid)
		return false;
	return !filter_cg || bpf_current_task_under_cgroup(&cgroup_map, 0);
}

/* Retargeted to the traced function by bpf_program__set_attach_target. */
SEC("fentry/dummy_fentry")
int BPF_PROG(count_fentry, pid_t pid)
{
	if (wanted(pid))
		__sync_fetch_and_add(&function_calls, 1);
	return 0;
}

/* Attached to the traced function by bpf_program__attach_kprobe. */
SEC("kprobe/dummy_kprobe")
int BPF_KPROBE(count_kprobe, pid_t pid)
{
	if (wanted(pid))
		__sync_fetch_and_add(&function_calls, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpgid")
int count_tracepoint(struct trace_event_raw_sys_enter *ctx)
{
	if (wanted((int)ctx->args[0]))
		__sync_fetch_and_add(&tracepoint_calls, 1);
	return 0;
}
