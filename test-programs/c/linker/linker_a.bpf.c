// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The first of two objects test-programs/c/linker links into one: its
 * program counts getpgid(MAGIC) through bump() of linker_b.bpf.c, and
 * is_magic() here serves both (calls across the files, which only the
 * linked object resolves). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

/* [0]: the pid the test asks about (MAGIC), set after load. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} magic SEC(".maps");

extern int bump(__u32 slot);

__noinline int is_magic(long pid)
{
	__u32 zero = 0;
	__u32 *want = bpf_map_lookup_elem(&magic, &zero);
	return want && *want && pid == *want;
}

SEC("tp/syscalls/sys_enter_getpgid")
int count_getpgid(struct trace_event_raw_sys_enter *ctx)
{
	if (is_magic(ctx->args[0]))
		bump(0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
