// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpf_buffer: one thread's getpgid() calls, sent with compat.bpf.h's
 * reserve_buf / submit_buf through whichever buffer the user side's
 * bpf_buffer__new picked. The kernel side of test-programs/c/bpf_buffer. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "compat.bpf.h"
#include "bpf_buffer.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 target_tid = 0;

SEC("tracepoint/syscalls/sys_enter_getpgid")
int getpgid_buffer(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e;

	if ((__u32)bpf_get_current_pid_tgid() != target_tid)
		return 0;
	e = reserve_buf(sizeof(*e));
	if (!e)
		return 0;
	e->tid = target_tid;
	e->arg = (__u32)ctx->args[0];
	submit_buf(ctx, e, sizeof(*e));
	return 0;
}
