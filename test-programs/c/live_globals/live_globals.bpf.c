// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Counts getpgid() calls of the pid the tool names in .bss while the
 * program runs, as libbpf-tools write their filters and read their
 * counters through the skeleton's live globals. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "live_globals.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* .bss: the getpgid() argument to count (0: none), written by the tool
 * after attach; the count, which the tool also resets. */
int wanted_pid = 0;
__u64 calls = 0;
/* .data: the argument of the last call counted. */
__u64 last_counted = 1;

SEC("tracepoint/syscalls/sys_enter_getpgid")
int count_wanted(struct trace_event_raw_sys_enter *ctx)
{
	int pid = (int)ctx->args[0];
	if (!wanted_pid || pid != wanted_pid)
		return 0;
	if (__sync_fetch_and_add(&calls, 1) < MAX_CALLS)
		last_counted = pid;
	return 0;
}
