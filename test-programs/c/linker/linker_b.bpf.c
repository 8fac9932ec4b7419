// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The second of two objects test-programs/c/linker links into one: the
 * counts, bump() for linker_a.bpf.c's program, and a program counting
 * getsid(MAGIC) with linker_a.bpf.c's is_magic(). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

/* [0]: getpgid(MAGIC) calls, [1]: getsid(MAGIC) calls. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

extern int is_magic(long pid);

__noinline int bump(__u32 slot)
{
	__u64 *count = bpf_map_lookup_elem(&counts, &slot);
	if (count)
		__sync_fetch_and_add(count, 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_getsid")
int count_getsid(struct trace_event_raw_sys_enter *ctx)
{
	if (is_magic(ctx->args[0]))
		bump(1);
	return 0;
}
