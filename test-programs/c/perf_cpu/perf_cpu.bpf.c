// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A sample per getpgid() call of thread `target_tid`, on the CPU the call
 * ran on, saying that CPU and getpgid's argument; `calls` counts them
 * after the sample is out. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct cpu_sample {
	__u32 cpu;
	__u32 arg;
};

const volatile __u32 target_tid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} samples SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

SEC("tp/syscalls/sys_enter_getpgid")
int on_getpgid(struct trace_event_raw_sys_enter *ctx)
{
	__u32 zero = 0;
	__u64 *count;
	struct cpu_sample s;

	if ((__u32)bpf_get_current_pid_tgid() != target_tid)
		return 0;
	s.cpu = bpf_get_smp_processor_id();
	s.arg = (__u32)ctx->args[0];
	bpf_perf_event_output(ctx, &samples, BPF_F_CURRENT_CPU, &s, sizeof(s));
	count = bpf_map_lookup_elem(&calls, &zero);
	if (count)
		__sync_fetch_and_add(count, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
