/* libbpf's perf_buffer over wasi:bpf: the host reads every CPU's buffer
 * (or one, for perf_buffer__consume_buffer) and returns the samples as
 * one packed batch with their CPUs and the count of samples the kernel
 * dropped. */
#include <limits.h>
#include <stdlib.h>

#include "records.h"

struct perf_buffer {
	wasi_bpf_ring_buffer_own_perf_buffer_t handle;
	perf_buffer_sample_fn sample_cb;
	perf_buffer_lost_fn lost_cb;
	void *ctx;
};

struct perf_buffer *perf_buffer__new(int map_fd, size_t page_cnt, perf_buffer_sample_fn sample_cb,
				     perf_buffer_lost_fn lost_cb, void *ctx, const struct perf_buffer_opts *opts)
{
	(void)opts;
	struct bpf_map *map = sdk_map_from_fd(map_fd);
	wasi_bpf_bpf_map_borrow_map_t self;
	if (!map)
		return NULL;
	if (!sample_cb || page_cnt == 0 || page_cnt > UINT32_MAX) {
		sdk_fail_with(EINVAL, "perf_buffer__new needs a sample callback and a page count");
		return NULL;
	}
	if (sdk_map_handle(map, &self))
		return NULL;
	struct perf_buffer *pb = calloc(1, sizeof(*pb));
	if (!pb) {
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_ring_buffer_static_perf_buffer_open(self, (uint32_t)page_cnt, &pb->handle, &err)) {
		sdk_fail_warn(&err, map->name);
		free(pb);
		return NULL;
	}
	pb->sample_cb = sample_cb;
	pb->lost_cb = lost_cb;
	pb->ctx = ctx;
	return pb;
}

/* Hands `batch`'s lost count (as `lost_cpu`'s) and samples to the
 * callbacks, then frees it; returns the number of samples. */
static size_t deliver(struct perf_buffer *pb, wasi_bpf_ring_buffer_perf_records_t *batch, int lost_cpu)
{
	if (batch->lost && pb->lost_cb)
		pb->lost_cb(pb->ctx, lost_cpu, batch->lost);
	size_t n = batch->records.ends.len;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		void *data = sdk_record(&batch->records, i, &len);
		pb->sample_cb(pb->ctx, (int)batch->cpus.ptr[i], data, (__u32)len);
	}
	wasi_bpf_ring_buffer_perf_records_free(batch);
	return n;
}

int perf_buffer__poll(struct perf_buffer *pb, int timeout_ms)
{
	if (!pb)
		return sdk_fail_with(EINVAL, "no perf buffer");
	wasi_bpf_ring_buffer_borrow_perf_buffer_t self = wasi_bpf_ring_buffer_borrow_perf_buffer(pb->handle);
	if (timeout_ms != 0 && sdk_termination_listening()) {
		/* A signal handler waits: so does the wait, as epoll_wait. */
		int ready = sdk_wait_one(wasi_bpf_ring_buffer_method_perf_buffer_subscribe(self), timeout_ms);
		if (ready < 0)
			return ready;
		timeout_ms = 0;
	}
	wasi_bpf_ring_buffer_perf_records_t batch;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_ring_buffer_method_perf_buffer_blocking_read(self, sdk_timeout(timeout_ms), &batch, &err))
		return sdk_fail(&err);
	/* A batch of every CPU's buffers does not say which CPU lost. */
	size_t n = deliver(pb, &batch, -1);
	return n > INT_MAX ? INT_MAX : (int)n;
}

size_t perf_buffer__buffer_cnt(const struct perf_buffer *pb)
{
	if (!pb)
		return 0;
	return wasi_bpf_ring_buffer_method_perf_buffer_buffer_count(wasi_bpf_ring_buffer_borrow_perf_buffer(pb->handle));
}

int perf_buffer__consume_buffer(struct perf_buffer *pb, size_t buf_idx)
{
	if (!pb)
		return sdk_fail_with(EINVAL, "no perf buffer");
	/* libbpf's EINVAL for an index past its buffers, before the host
	 * sees a number that a u32 would cut short. */
	size_t count = perf_buffer__buffer_cnt(pb);
	if (buf_idx >= count)
		return sdk_fail_with(EINVAL, "perf buffer index %zu is out of range: the perf buffer has %zu CPU buffers",
				     buf_idx, count);
	wasi_bpf_ring_buffer_perf_records_t batch;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_ring_buffer_method_perf_buffer_read_buffer(wasi_bpf_ring_buffer_borrow_perf_buffer(pb->handle),
								  (uint32_t)buf_idx, &batch, &err))
		return sdk_fail(&err);
	/* Buffer i is CPU i's (the host opens one per possible CPU). */
	deliver(pb, &batch, (int)buf_idx);
	return 0;
}

int perf_buffer__consume(struct perf_buffer *pb)
{
	int ret = perf_buffer__poll(pb, 0);
	return ret < 0 ? ret : 0;
}

void perf_buffer__free(struct perf_buffer *pb)
{
	if (!pb)
		return;
	wasi_bpf_ring_buffer_perf_buffer_drop_own(pb->handle);
	free(pb);
}
