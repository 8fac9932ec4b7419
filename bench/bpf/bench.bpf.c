// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The kernel side of every benchmark, shared by the native libbpf-rs
 * consumer and the wasi:bpf guest: one getpgid call of the configured
 * thread emits `records_per_call` records of `record_size` bytes into the
 * ring buffer or the perf buffer (with bpf_loop), and maps of 100k entries
 * serve the map benchmarks. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define MAX_RECORD 1024
#define MAP_ENTRIES 100000

/* Written by user space before each run (key 0). */
struct bench_config {
	__u32 target_tid;
	__u32 record_size;
	__u32 records_per_call;
	__u32 use_perf;
};

/* Read by user space after each run (key 0). */
struct bench_stats {
	__u64 produced;
	__u64 dropped;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bench_config);
} bench_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bench_stats);
} bench_stats SEC(".maps");

struct record_buf {
	__u8 data[MAX_RECORD];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct record_buf);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAP_ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAP_ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
} array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAP_ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
} percpu SEC(".maps");

struct emit_ctx {
	void *tp_ctx;
	__u8 *buf;
	__u32 size;
	__u32 use_perf;
	__u64 produced;
	__u64 dropped;
};

static long emit_one(__u64 i, struct emit_ctx *e)
{
	__u32 size = e->size;
	long err;

	/* The verifier needs the bound here, where the size is used. */
	if (size < 8 || size > MAX_RECORD)
		return 1;
	*(__u64 *)e->buf = i;
	if (e->use_perf)
		err = bpf_perf_event_output(e->tp_ctx, &perf, BPF_F_CURRENT_CPU, e->buf, size);
	else
		err = bpf_ringbuf_output(&rb, e->buf, size, 0);
	if (err)
		e->dropped++;
	else
		e->produced++;
	return 0;
}

SEC("tp/syscalls/sys_enter_getpgid")
int bench_emit(void *ctx)
{
	__u32 zero = 0;
	struct bench_config *cfg = bpf_map_lookup_elem(&bench_config, &zero);
	struct bench_stats *st = bpf_map_lookup_elem(&bench_stats, &zero);
	struct emit_ctx e = { .tp_ctx = ctx };
	__u32 size;

	if (!cfg || !st || (__u32)bpf_get_current_pid_tgid() != cfg->target_tid)
		return 0;
	e.buf = bpf_map_lookup_elem(&scratch, &zero);
	if (!e.buf)
		return 0;
	size = cfg->record_size;
	if (size < 8)
		size = 8;
	if (size > MAX_RECORD)
		size = MAX_RECORD;
	e.size = size;
	e.use_perf = cfg->use_perf;
	bpf_loop(cfg->records_per_call, emit_one, &e, 0);
	__sync_fetch_and_add(&st->produced, e.produced);
	__sync_fetch_and_add(&st->dropped, e.dropped);
	return 0;
}
