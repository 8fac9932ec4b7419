// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An object to configure before load (the set-* calls of bpf-object): a
 * tp_btf program to point at another raw tracepoint, which counts its
 * runs in .bss; an fentry program to retype; a socket filter to retype
 * into a type the default policy refuses; a map to reshape, one not to
 * create, and a data section to give an initial value. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Runs of count_runs since load. */
__u64 runs;
/* Given by set-initial-value of .data: read by report_initial. */
__u64 initial_a = 1;
__u64 initial_b = 2;

/* Reshaped before load. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} shaped SEC(".maps");

/* Left out with set-autocreate. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} spare SEC(".maps");

/* What report_initial saw. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

/* Declared on sys_exit; the cases point it elsewhere. */
SEC("tp_btf/sys_exit")
int count_runs(void *ctx)
{
	__sync_fetch_and_add(&runs, 1);
	return 0;
}

/* Not loaded unless a case turns autoload on (this kernel may refuse
 * fentry); retyped by the cases. */
SEC("?fentry/do_sys_openat2")
int on_open(void *ctx)
{
	return 0;
}

SEC("?socket")
int keep_nothing(struct __sk_buff *skb)
{
	return 0;
}

SEC("syscall")
int report_initial(void *ctx)
{
	__u32 a = 0, b = 1;

	bpf_map_update_elem(&seen, &a, &initial_a, BPF_ANY);
	bpf_map_update_elem(&seen, &b, &initial_b, BPF_ANY);
	return 0;
}
