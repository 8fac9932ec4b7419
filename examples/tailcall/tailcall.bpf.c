// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A syscall dispatcher: one program on raw_syscalls:sys_enter tail-calls
 * the handler its user space put in the prog array at the syscall's
 * number; a syscall without one is counted as "other". The handlers count
 * calls, and for read and write the bytes asked for. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tailcall.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The process traced (0: every process); set before the load. */
const volatile __u32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, __u32);
} handlers SEC(".maps");

struct callrec {
	__u64 calls;
	/* read and write: the bytes asked for (the count argument). */
	__u64 bytes;
};

/* Per CPU, so that counting needs no atomic operation. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SLOTS);
	__type(key, __u32);
	__type(value, struct callrec);
} counts SEC(".maps");

static __always_inline void count(__u32 slot, __u64 bytes)
{
	struct callrec *rec = bpf_map_lookup_elem(&counts, &slot);

	if (rec) {
		rec->calls++;
		rec->bytes += bytes;
	}
}

SEC("tp/raw_syscalls/sys_enter")
int dispatch(struct trace_event_raw_sys_enter *ctx)
{
	if (target_tgid && bpf_get_current_pid_tgid() >> 32 != target_tgid)
		return 0;
	/* Returns only where the slot is empty (or the number out of range:
	 * -1, for a syscall the kernel does not know, is too). */
	bpf_tail_call(ctx, &handlers, (__u32)ctx->id);
	count(OTHER_SLOT, 0);
	return 0;
}

/* The handlers run only by tail call: their user space turns their
 * autoattach off. */
SEC("tp/raw_syscalls/sys_enter")
int handle_read(struct trace_event_raw_sys_enter *ctx)
{
	count(READ_SLOT, ctx->args[2]);
	return 0;
}

SEC("tp/raw_syscalls/sys_enter")
int handle_write(struct trace_event_raw_sys_enter *ctx)
{
	count(WRITE_SLOT, ctx->args[2]);
	return 0;
}

SEC("tp/raw_syscalls/sys_enter")
int handle_openat(struct trace_event_raw_sys_enter *ctx)
{
	count(OPENAT_SLOT, 0);
	return 0;
}
