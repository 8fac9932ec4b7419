// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Counts getpgid(event_pid) calls in .bss counters of both widths, which
 * the tool reads and resets each interval with __atomic_exchange_n, as
 * libbpf-tools' cachestat, numamove, softirqs and vfsstat do; a
 * getpgid(done_pid) call says the test made its last call. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile int event_pid = 0;
const volatile int done_pid = 0;

__u64 events = 0;
/* The middle one counts: the tool's reset of it is a 32-bit add at an
 * offset into the array. */
__u32 events32[3] = {};
int done = 0;

SEC("tracepoint/syscalls/sys_enter_getpgid")
int count_events(struct trace_event_raw_sys_enter *ctx)
{
	int pid = (int)ctx->args[0];
	if (pid == event_pid) {
		__sync_fetch_and_add(&events, 1);
		__sync_fetch_and_add(&events32[1], 1);
	} else if (pid == done_pid) {
		done = 1;
	}
	return 0;
}
