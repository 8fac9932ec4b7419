// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Records on demand, for the ring, perf and user ring buffer cases. The
 * guest runs the programs with `program.test-run` (no attachment, no
 * outside events): emit_ring and emit_perf send `count` records numbered
 * from `first` (raw tracepoint arguments 0 and 1); drain_requests consumes
 * the user ring buffer `requests` and echoes each record it finds into
 * the ring buffer `echoes`. */
#include "common.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} small_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} requests SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} echoes SEC(".maps");

struct emit_ctx {
	void *raw_ctx;
	__u64 first;
	void *map;
	int perf;
};

static long emit_one(__u64 i, struct emit_ctx *e)
{
	struct record r = { .seq = e->first + i };

	__builtin_memset(r.payload, 0xab, sizeof(r.payload));
	if (e->perf)
		bpf_perf_event_output(e->raw_ctx, &perf, BPF_F_CURRENT_CPU, &r, sizeof(r));
	else
		bpf_ringbuf_output(e->map, &r, sizeof(r), 0);
	return 0;
}

/* args[0]: first sequence number; args[1]: count; args[2]: 1 for small_ring. */
SEC("raw_tp")
int emit_ring(struct bpf_raw_tracepoint_args *ctx)
{
	struct emit_ctx e = { .raw_ctx = ctx, .first = ctx->args[0], .map = &ring };

	if (ctx->args[2])
		e.map = &small_ring;
	return bpf_loop(ctx->args[1], emit_one, &e, 0);
}

SEC("raw_tp")
int emit_perf(struct bpf_raw_tracepoint_args *ctx)
{
	struct emit_ctx e = { .raw_ctx = ctx, .first = ctx->args[0], .perf = 1 };

	return bpf_loop(ctx->args[1], emit_one, &e, 0);
}

static long echo(struct bpf_dynptr *dynptr, void *ctx)
{
	struct record r = {};

	/* A request is at least its 8-byte number; the echo also carries
	 * the request's next 8 bytes when it has them. */
	if (bpf_dynptr_read(&r.seq, sizeof(r.seq), dynptr, 0, 0))
		return 0;
	bpf_dynptr_read(r.payload, 8, dynptr, 8, 0);
	bpf_ringbuf_output(&echoes, &r, sizeof(r), 0);
	return 0;
}

/* Returns how many records bpf_user_ringbuf_drain consumed. */
SEC("syscall")
int drain_requests(void *ctx)
{
	return bpf_user_ringbuf_drain(&requests, echo, NULL, 0);
}
