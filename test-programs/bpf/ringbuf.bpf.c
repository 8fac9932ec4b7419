// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Every getpgid(seq) of the target thread becomes a record: even seqs go
 * to ring buffer `even`, odd ones to `odd`, all of them to perf buffer
 * `samples`. Failed submissions are counted, so the guest can prove that
 * nothing was lost on the kernel side either. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} even SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} odd SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} samples SEC(".maps");

/* Set before load: whether to also emit perf samples. */
const volatile __u32 use_perf = 0;

__u64 ring_drops = 0;
__u64 perf_drops = 0;

SEC("tp/syscalls/sys_enter_getpgid")
int wbt_ringbuf(struct trace_event_raw_sys_enter *ctx)
{
	struct seq_event e = {};
	long err;

	if (!is_target())
		return 0;
	e.seq = ctx->args[0];
	e.tid = target_tid;
	e.kind = e.seq & 1;
#pragma unroll
	for (int i = 0; i < 48; i++)
		e.payload[i] = (__u8)(e.seq + i);
	if (e.kind)
		err = bpf_ringbuf_output(&odd, &e, sizeof(e), 0);
	else
		err = bpf_ringbuf_output(&even, &e, sizeof(e), 0);
	if (err)
		__sync_fetch_and_add(&ring_drops, 1);
	if (use_perf && bpf_perf_event_output(ctx, &samples, BPF_F_CURRENT_CPU, &e, sizeof(e)))
		__sync_fetch_and_add(&perf_drops, 1);
	return 0;
}
