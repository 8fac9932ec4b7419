/* libbpf's ring_buffer: one callback per map, all drained by one poll.
 * The host hands over each ring's records as one packed batch; records a
 * callback did not take (it returned < 0) are delivered first next time,
 * as libbpf leaves them in the ring. */
#include <limits.h>
#include <stdlib.h>

#include "records.h"

/* Most bytes one host call returns per ring. */
#define BATCH_BYTES (1u << 20)

struct ring {
	wasi_bpf_ring_buffer_own_ring_buffer_t handle;
	wasi_io_poll_own_pollable_t pollable;
	ring_buffer_sample_fn sample_cb;
	void *ctx;
	bool has_pending;
	wasi_bpf_ring_buffer_records_t pending;
	size_t pending_from;
};

struct ring_buffer {
	struct ring *rings;
	wasi_io_poll_own_pollable_t *pollables;
	size_t nr_rings;
};

int ring_buffer__add(struct ring_buffer *rb, int map_fd, ring_buffer_sample_fn sample_cb, void *ctx)
{
	struct bpf_map *map = sdk_map_from_fd(map_fd);
	wasi_bpf_bpf_map_borrow_map_t self;
	int ret;
	if (!map)
		return -errno;
	if (!rb || !sample_cb)
		return sdk_fail_with(EINVAL, "ring_buffer__add needs a ring buffer and a callback");
	if ((ret = sdk_map_handle(map, &self)))
		return ret;
	struct ring *rings = realloc(rb->rings, (rb->nr_rings + 1) * sizeof(*rings));
	if (!rings)
		return sdk_fail_with(ENOMEM, "out of memory");
	rb->rings = rings;
	wasi_io_poll_own_pollable_t *pollables = realloc(rb->pollables, (rb->nr_rings + 1) * sizeof(*pollables));
	if (!pollables)
		return sdk_fail_with(ENOMEM, "out of memory");
	rb->pollables = pollables;
	struct ring *ring = &rb->rings[rb->nr_rings];
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_ring_buffer_static_ring_buffer_open(self, &ring->handle, &err))
		return sdk_fail_warn(&err, map->name);
	*ring = (struct ring){ .handle = ring->handle, .sample_cb = sample_cb, .ctx = ctx };
	ring->pollable =
		wasi_bpf_ring_buffer_method_ring_buffer_subscribe(wasi_bpf_ring_buffer_borrow_ring_buffer(ring->handle));
	rb->pollables[rb->nr_rings++] = ring->pollable;
	return 0;
}

struct ring_buffer *ring_buffer__new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx,
				     const struct ring_buffer_opts *opts)
{
	(void)opts;
	struct ring_buffer *rb = calloc(1, sizeof(*rb));
	if (!rb) {
		sdk_fail_with(ENOMEM, "out of memory");
		return NULL;
	}
	int ret = ring_buffer__add(rb, map_fd, sample_cb, ctx);
	if (ret) {
		ring_buffer__free(rb);
		errno = -ret;
		return NULL;
	}
	return rb;
}

/* Calls the ring's callback on records [from, end) of `batch`; keeps what
 * is left when a callback stops. Returns the records taken or its error. */
static int deliver(struct ring *ring, wasi_bpf_ring_buffer_records_t *batch, size_t from)
{
	int taken = 0;
	for (size_t i = from; i < batch->ends.len; i++) {
		size_t len;
		void *data = sdk_record(batch, i, &len);
		int ret = ring->sample_cb(ring->ctx, data, len);
		if (ret < 0) {
			if (i + 1 < batch->ends.len) {
				ring->pending = *batch;
				ring->pending_from = i + 1;
				ring->has_pending = true;
			} else {
				wasi_bpf_ring_buffer_records_free(batch);
			}
			return ret;
		}
		taken++;
	}
	wasi_bpf_ring_buffer_records_free(batch);
	return taken;
}

/* Waits up to `timeout_ms` on this ring alone (in the host), then drains. */
static int drain(struct ring *ring, int timeout_ms)
{
	int taken = 0;
	if (ring->has_pending) {
		ring->has_pending = false;
		taken = deliver(ring, &ring->pending, ring->pending_from);
		if (taken < 0)
			return taken;
		/* Records were waiting: libbpf's (level-triggered) epoll would
		 * not wait either, and with nothing more to come a timeout of
		 * -1 would never return. */
		timeout_ms = 0;
	}
	wasi_bpf_ring_buffer_records_t batch;
	wasi_bpf_types_error_t err;
	if (!wasi_bpf_ring_buffer_method_ring_buffer_blocking_read(wasi_bpf_ring_buffer_borrow_ring_buffer(ring->handle),
								   sdk_timeout(timeout_ms), BATCH_BYTES, &batch, &err))
		return sdk_fail(&err);
	int more = deliver(ring, &batch, 0);
	return more < 0 ? more : taken + more;
}

int ring_buffer__consume(struct ring_buffer *rb)
{
	if (!rb)
		return sdk_fail_with(EINVAL, "no ring buffer");
	int total = 0;
	for (size_t i = 0; i < rb->nr_rings; i++) {
		int ret = drain(&rb->rings[i], 0);
		if (ret < 0)
			return ret;
		total = total > INT_MAX - ret ? INT_MAX : total + ret;
	}
	return total;
}

int ring_buffer__poll(struct ring_buffer *rb, int timeout_ms)
{
	if (!rb || !rb->nr_rings)
		return sdk_fail_with(EINVAL, "no ring buffer");
	/* One ring: the host waits, one call in all (unless a signal
	 * handler waits too: the wait then watches for a request to end). */
	if (rb->nr_rings == 1 && !sdk_termination_listening())
		return drain(&rb->rings[0], timeout_ms);
	bool pending = false;
	for (size_t i = 0; i < rb->nr_rings; i++)
		pending |= rb->rings[i].has_pending;
	if (!pending) {
		int ready = sdk_wait_any(rb->pollables, rb->nr_rings, sdk_timeout(timeout_ms));
		if (ready <= 0)
			return ready;
	}
	return ring_buffer__consume(rb);
}

void ring_buffer__free(struct ring_buffer *rb)
{
	if (!rb)
		return;
	for (size_t i = 0; i < rb->nr_rings; i++) {
		struct ring *ring = &rb->rings[i];
		if (ring->has_pending)
			wasi_bpf_ring_buffer_records_free(&ring->pending);
		wasi_io_poll_pollable_drop_own(ring->pollable);
		wasi_bpf_ring_buffer_ring_buffer_drop_own(ring->handle);
	}
	free(rb->rings);
	free(rb->pollables);
	free(rb);
}
