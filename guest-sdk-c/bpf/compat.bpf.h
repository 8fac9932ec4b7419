// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The BPF side of <wasi_bpf/compat.h> (libbpf-tools' compat.bpf.h): an
 * `events` map made a ring buffer or a perf event array by bpf_buffer__new,
 * and `heap`, room for one event per CPU on the perf path. The path is
 * chosen by `wasi_bpf_buffer_ringbuf`, which bpf_buffer__new sets before
 * load (libbpf-tools ask bpf_core_type_exists(struct bpf_ringbuf), which a
 * forced perf buffer could not change); the other path is dead code, which
 * the verifier drops. */
#ifndef WASI_BPF_COMPAT_BPF_H
#define WASI_BPF_COMPAT_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_helpers.h>

#define MAX_EVENT_SIZE 10240
#define RINGBUF_SIZE (1024 * 256)

const volatile bool wasi_bpf_buffer_ringbuf = true;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_EVENT_SIZE);
} heap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, RINGBUF_SIZE);
} events SEC(".maps");

static __always_inline void *reserve_buf(__u64 size)
{
	static const int zero = 0;

	if (wasi_bpf_buffer_ringbuf)
		return bpf_ringbuf_reserve(&events, size, 0);
	return bpf_map_lookup_elem(&heap, &zero);
}

static __always_inline long submit_buf(void *ctx, void *buf, __u64 size)
{
	if (wasi_bpf_buffer_ringbuf) {
		bpf_ringbuf_submit(buf, 0);
		return 0;
	}
	return bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, buf, size);
}

#endif
