/* libbpf's perf_buffer over wasi:bpf: the host reads every CPU's buffer
 * and returns the samples as one packed batch with their CPUs and the
 * count of samples the kernel dropped. */
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
	if (batch.lost && pb->lost_cb)
		pb->lost_cb(pb->ctx, -1, batch.lost);
	size_t n = batch.records.ends.len;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		void *data = sdk_record(&batch.records, i, &len);
		pb->sample_cb(pb->ctx, (int)batch.cpus.ptr[i], data, (__u32)len);
	}
	wasi_bpf_ring_buffer_perf_records_free(&batch);
	return n > INT_MAX ? INT_MAX : (int)n;
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
