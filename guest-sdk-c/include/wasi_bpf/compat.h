/* libbpf-tools' compat.h: one event buffer over a ring buffer where the
 * kernel has them, else a perf buffer, with the same calls either way.
 * Its BPF side is <compat.bpf.h> (guest-sdk-c/bpf/, on the BPF include
 * path of guest.mk): declare `events` and `heap` there and send with
 * reserve_buf / submit_buf.
 *
 * bpf_buffer__new picks the kind before load, as libbpf-tools' does (a
 * ring buffer when libbpf_probe_bpf_map_type says the kernel has them),
 * and tells the BPF side through its `wasi_bpf_buffer_ringbuf` global;
 * WASI_BPF_BUFFER=perf in the guest's environment forces the perf buffer
 * (`wasm-bpf run --env WASI_BPF_BUFFER=perf`), to test that path on a
 * kernel with ring buffers. */
#ifndef WASI_BPF_COMPAT_H
#define WASI_BPF_COMPAT_H

#include <stddef.h>
#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define POLL_TIMEOUT_MS 100

struct bpf_buffer;
struct bpf_map;

typedef int (*bpf_buffer_sample_fn)(void *ctx, void *data, size_t size);
typedef void (*bpf_buffer_lost_fn)(void *ctx, int cpu, __u64 cnt);

/* Before load: makes `events` a ring buffer (and leaves `heap` out) or a
 * perf event array of int keys and values. NULL and errno on failure. */
struct bpf_buffer *bpf_buffer__new(struct bpf_map *events, struct bpf_map *heap);
/* After load: opens the buffer; `lost_cb` only hears of perf buffers'
 * lost samples. */
int bpf_buffer__open(struct bpf_buffer *buffer, bpf_buffer_sample_fn sample_cb, bpf_buffer_lost_fn lost_cb,
		     void *ctx);
/* Waits up to `timeout_ms` and hands over what came: ring_buffer__poll's
 * or perf_buffer__poll's return. */
int bpf_buffer__poll(struct bpf_buffer *buffer, int timeout_ms);
void bpf_buffer__free(struct bpf_buffer *buffer);

#ifdef __cplusplus
}
#endif

#endif
