// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* feature_probes: one thread's getpgid() calls, seen by an fentry program
 * on do_getpgid or by the syscall tracepoint, whichever the user side
 * keeps after probing the kernel (libbpf-tools' fentry / tracepoint
 * fallback). The kernel side of test-programs/c/feature_probes. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "feature_probes.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 target_tid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

static int emit(__u32 arg, __u32 source)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct event *e;

	if (tid != target_tid)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->tid = tid;
	e->arg = arg;
	e->source = source;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpgid")
int getpgid_tp(struct trace_event_raw_sys_enter *ctx)
{
	return emit((__u32)ctx->args[0], SOURCE_TRACEPOINT);
}

SEC("fentry/do_getpgid")
int BPF_PROG(getpgid_fentry, pid_t pid)
{
	return emit((__u32)pid, SOURCE_FENTRY);
}
