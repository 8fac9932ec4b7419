// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The soak test's object, loaded 10 000 times in a row: one program that
 * turns each syscall of the target thread into a ring-buffer record.
 * It reads nothing of the kernel's structures (no CO-RE relocation), so
 * libbpf needs no vmlinux BTF to load it and a load costs about what the
 * kernel takes.
 *
 * A raw tracepoint, because of what detaching costs in the kernel: a
 * tracepoint program's perf-event link waits for an RCU tasks-trace grace
 * period when it is released (15 to 40 ms here, whatever else is
 * attached), a raw tracepoint's does not, and its attach waits for a
 * grace period only when the tracepoint goes from no probe to one (the
 * guest keeps one object attached all along). */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

__u64 calls = 0;

SEC("raw_tp/sys_enter")
int wbt_soak(void *ctx)
{
	__u64 n;

	if (!is_target())
		return 0;
	n = __sync_fetch_and_add(&calls, 1);
	bpf_ringbuf_output(&events, &n, sizeof(n), 0);
	return 0;
}
