/* <wasi_bpf/compat.h>: libbpf-tools' bpf_buffer over the SDK's ring and
 * perf buffers, written for the SDK. */
#include <stdlib.h>
#include <string.h>

#include <wasi_bpf/compat.h>
#include <wasi_bpf/trace_helpers.h>

#include "internal.h"

/* Pages per CPU of the perf buffer, as libbpf-tools. */
#define PERF_BUFFER_PAGES 64

struct bpf_buffer {
	struct bpf_map *events;
	void *inner;
	bpf_buffer_sample_fn fn;
	void *ctx;
	int type;
};

/* Whether the guest asked for the perf buffer whatever the kernel has. */
static bool perf_forced(void)
{
	const char *kind = getenv("WASI_BPF_BUFFER");
	return kind && !strcmp(kind, "perf");
}

struct bpf_buffer *bpf_buffer__new(struct bpf_map *events, struct bpf_map *heap)
{
	if (!events || !heap) {
		sdk_fail_with(EINVAL, "bpf_buffer__new needs the events and heap maps");
		return NULL;
	}
	bool ringbuf = !perf_forced() && probe_ringbuf();
	int err;
	if (ringbuf) {
		err = bpf_map__set_autocreate(heap, false);
	} else {
		err = bpf_map__set_type(events, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
		if (!err)
			err = bpf_map__set_key_size(events, sizeof(int));
		if (!err)
			err = bpf_map__set_value_size(events, sizeof(int));
	}
	/* The BPF side's choice (compat.bpf.h), written at load after the
	 * skeleton's copy of .rodata; an object built with libbpf-tools' own
	 * header has no such global and asks CO-RE. */
	if (!err) {
		int set = sdk_object_set_global_at_load(events->obj, "wasi_bpf_buffer_ringbuf", &ringbuf, sizeof(ringbuf));
		if (set && set != -ENOENT)
			err = set;
	}
	if (err) {
		errno = -err;
		return NULL;
	}
	struct bpf_buffer *buffer = calloc(1, sizeof(*buffer));
	if (!buffer) {
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	buffer->events = events;
	buffer->type = ringbuf ? BPF_MAP_TYPE_RINGBUF : BPF_MAP_TYPE_PERF_EVENT_ARRAY;
	return buffer;
}

static void perfbuf_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct bpf_buffer *buffer = ctx;
	buffer->fn(buffer->ctx, data, size);
}

int bpf_buffer__open(struct bpf_buffer *buffer, bpf_buffer_sample_fn sample_cb, bpf_buffer_lost_fn lost_cb,
		     void *ctx)
{
	if (!buffer || !sample_cb)
		return sdk_fail_with(EINVAL, "bpf_buffer__open needs a buffer and a sample callback");
	int fd = bpf_map__fd(buffer->events);
	if (buffer->type == BPF_MAP_TYPE_RINGBUF) {
		buffer->inner = ring_buffer__new(fd, sample_cb, ctx, NULL);
	} else {
		buffer->fn = sample_cb;
		buffer->ctx = ctx;
		buffer->inner = perf_buffer__new(fd, PERF_BUFFER_PAGES, perfbuf_sample, lost_cb, buffer, NULL);
	}
	return buffer->inner ? 0 : -errno;
}

int bpf_buffer__poll(struct bpf_buffer *buffer, int timeout_ms)
{
	if (!buffer || !buffer->inner)
		return sdk_fail_with(EINVAL, "bpf_buffer__poll needs an open buffer");
	if (buffer->type == BPF_MAP_TYPE_RINGBUF)
		return ring_buffer__poll(buffer->inner, timeout_ms);
	return perf_buffer__poll(buffer->inner, timeout_ms);
}

void bpf_buffer__free(struct bpf_buffer *buffer)
{
	if (!buffer)
		return;
	if (buffer->type == BPF_MAP_TYPE_RINGBUF)
		ring_buffer__free(buffer->inner);
	else
		perf_buffer__free(buffer->inner);
	free(buffer);
}
